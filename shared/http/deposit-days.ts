import { compareDates, nextDay, parisDayStart, parseIsoDate } from '../domain/dates.js';
import { badRequest } from './errors.js';

/** `deposeDu` / `deposeAu` (AAAA-MM-JJ, inclusive, Paris time) as UTC instants: start inclusive, end exclusive. */
export function readDepositDays(q: Record<string, string | undefined>): { from?: Date; to?: Date } {
  const du = readDay(q.deposeDu, 'deposeDu');
  const au = readDay(q.deposeAu, 'deposeAu');
  if (du && au && compareDates(du, au) > 0) {
    throw badRequest('FILTRE_INVALIDE', `deposeDu (${q.deposeDu}) doit précéder ou égaler deposeAu (${q.deposeAu})`);
  }
  return { ...(du ? { from: parisDayStart(du) } : {}), ...(au ? { to: parisDayStart(nextDay(au)) } : {}) };
}

function readDay(text: string | undefined, name: string) {
  if (text === undefined) return undefined;
  const day = parseIsoDate(text);
  if (!day) throw badRequest('FILTRE_INVALIDE', `${name} doit être une date AAAA-MM-JJ ; reçu « ${text} »`);
  return day;
}
