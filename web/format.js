/** How the page writes dates, amounts, sizes and states: French, Paris time. */
import { h } from './h.js';
import { stateOf } from './states.js';

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const DATE = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' });

const parts = (format, value) => Object.fromEntries(format.formatToParts(new Date(value)).map((p) => [p.type, p.value]));

/** JJ/MM/AAAA HH:MM, Paris time; an empty string for no date. */
export function dateTime(value) {
  if (!value) return '';
  const p = parts(DATE_TIME, value);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** JJ/MM/AAAA, Paris time. */
export function date(value) {
  if (!value) return '';
  const p = parts(DATE, value);
  return `${p.day}/${p.month}/${p.year}`;
}

const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** 1 234,50 € */
export function amount(value) {
  return value === null || value === undefined || value === '' ? '—' : EUROS.format(Number(value));
}

const decimal = (n) => n.toLocaleString('fr-FR', { maximumFractionDigits: 1 });

/** A size as a supplier reads it: "512 octets", "5,4 Ko", "5 Mo" (1 Ko = 1 024 octets). */
export function fileSize(bytes) {
  if (bytes < 1024) return `${bytes.toLocaleString('fr-FR')} octet${bytes > 1 ? 's' : ''}`;
  if (bytes < 1024 * 1024) return `${decimal(bytes / 1024)} Ko`;
  return `${decimal(bytes / (1024 * 1024))} Mo`;
}

export const rate = (tauxTva) => `${Number(tauxTva).toLocaleString('fr-FR')} %`;

/** "12 s", "2 min 05 s" */
export function elapsed(ms) {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** n and the noun, singular or plural: plural(2, 'demande') → "2 demandes". */
export const plural = (n, one, many = `${one}s`) => `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;

const BADGE = { succes: 'success', erreur: 'error', avertissement: 'warning', info: 'info', nouveau: 'new' };

/** A DSFR badge with the state's French label and colour, as the service's documentation gives them. */
export function badge(doc, kind, code, attrs = {}) {
  const state = stateOf(doc, kind, code);
  return h('span', { class: `fr-badge fr-badge--sm fr-badge--${BADGE[state.tonalite] ?? 'info'}`, dataset: { etat: code }, ...attrs }, state.libelle);
}

export const TYPES_DEMANDE = { AVANCE: 'Avance', SOLDE: 'Solde' };
export const LOGICIELS = { DPI_V2: 'DPI', PFI_V2: 'PFI', DPI: 'DPI', PFI: 'PFI' };
