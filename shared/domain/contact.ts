/** E-mail addresses and telephone numbers of beneficiaries and their representatives (DEM-16, DEM-17). */

const EMAIL_LOCAL = /^[A-Za-z0-9._%+-]+$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const TOP_LABEL = /^[A-Za-z]{2,}$/;

/** At most 254 characters, `local@domain` as SPEC §4.2 defines them. */
export function isEmail(value: string): boolean {
  if (value.length > 254) return false;
  const at = value.indexOf('@');
  if (at < 1 || at !== value.lastIndexOf('@')) return false;
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  if (!EMAIL_LOCAL.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) return false;
  return TOP_LABEL.test(labels[labels.length - 1]!);
}

const FRENCH_PHONE = /^\+33[1-9][0-9]{8}$/;
const INTERNATIONAL_PHONE = /^\+[1-9][0-9]{7,14}$/;

/** `+33` and 9 digits (the first not 0), or another `+` number of 8 to 15 digits; no spaces. */
export function isInternationalPhone(value: string): boolean {
  if (value.startsWith('+33')) return FRENCH_PHONE.test(value);
  return INTERNATIONAL_PHONE.test(value);
}
