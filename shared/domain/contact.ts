/** E-mail addresses and telephone numbers of beneficiaries and their representatives (DEM-16, DEM-17). */

/**
 * `local@domain` (SPEC §4.2) in one expression: the local part of `A-Z a-z 0-9 . _ % + -`, not
 * starting or ending with `.` and without `..`; two or more domain labels of `A-Z a-z 0-9 -` not
 * starting or ending with `-`, the last of two letters or more.
 */
const EMAIL = /^(?!\.)(?!.*\.\.)[A-Za-z0-9._%+-]+(?<!\.)@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;

/** At most 254 characters, `local@domain` as SPEC §4.2 defines them. */
export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

const FRENCH_PHONE = /^\+33[1-9][0-9]{8}$/;
const INTERNATIONAL_PHONE = /^\+[1-9][0-9]{7,14}$/;

/** `+33` and 9 digits (the first not 0), or another `+` number of 8 to 15 digits; no spaces. */
export function isInternationalPhone(value: string): boolean {
  if (value.startsWith('+33')) return FRENCH_PHONE.test(value);
  return INTERNATIONAL_PHONE.test(value);
}
