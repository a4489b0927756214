/**
 * The local provider's users: the demo suppliers (shared/domain/referentiel.ts), each signed in
 * by its SIRET and carrying it as the `siret` claim. One password for all of them, on this
 * machine's stack only: a deployed stack signs suppliers in with its Cognito user pool.
 */
import { timingSafeEqual } from 'node:crypto';
import { DEMO_REFERENTIEL } from '../../shared/domain/referentiel.js';

export const DEMO_PASSWORD = 'demo-segur';

export interface DemoAccount {
  siret: string;
  raisonSociale: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = DEMO_REFERENTIEL.fournisseurs.map(({ siret, raisonSociale }) => ({ siret, raisonSociale }));

export function findDemoAccount(siret: string): DemoAccount | undefined {
  return DEMO_ACCOUNTS.find((a) => a.siret === siret);
}

/** The account these credentials sign in, if any. */
export function authenticate(siret: string, password: string): DemoAccount | undefined {
  const expected = Buffer.from(DEMO_PASSWORD);
  const given = Buffer.from(password);
  const passwordOk = given.length === expected.length && timingSafeEqual(given, expected);
  return passwordOk ? findDemoAccount(siret) : undefined;
}
