/** SIRET, FINESS and numéro ANS: their forms and check digits (SPEC §2, §4). */

const SIRET = /^[0-9]{14}$/;
const NUMERO_EDITEUR = /^[A-Za-z0-9-]{1,20}$/;
const NUMERO_ANS = /^[A-Za-z0-9]{10}$/;
const FINESS = /^(?:[0-9]{9}|2[AB][0-9]{7})$/;
const LA_POSTE_SIREN = '356000000';

export function isSiretFormat(value: unknown): value is string {
  return typeof value === 'string' && SIRET.test(value);
}

export function isNumeroAnsFormat(value: unknown): value is string {
  return typeof value === 'string' && NUMERO_ANS.test(value);
}

/** The supplier's own reference of a request: 1 to 20 characters of [A-Za-z0-9-]. */
export function isNumeroEditeur(value: unknown): value is string {
  return typeof value === 'string' && NUMERO_EDITEUR.test(value);
}

/** FINESS PMSI: 9 digits, or 2A / 2B (Corsica) followed by 7 digits. */
export function isFinessFormat(value: unknown): value is string {
  return typeof value === 'string' && FINESS.test(value);
}

/** The Luhn check over a string of digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A well-formed SIRET's check: Luhn, or for La Poste's establishments a digit sum that is a multiple of 5. */
export function siretChecksumOk(siret: string): boolean {
  if (passesLuhn(siret)) return true;
  if (!siret.startsWith(LA_POSTE_SIREN)) return false;
  let sum = 0;
  for (const ch of siret) sum += Number(ch);
  return sum % 5 === 0;
}

/** A well-formed FINESS's check: Luhn after replacing 2A by 21 and 2B by 22. */
export function finessChecksumOk(finess: string): boolean {
  return passesLuhn(finess.replace(/^2A/, '21').replace(/^2B/, '22'));
}
