/** A request's dossier number (SPEC §6): `FIN` + `HOP` + a 6-digit sequence + `M0`, e.g. FINHOP012424M0. */
export function dossierNumber(sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) {
    throw new RangeError(`dossier numbers are exhausted: ${sequence} does not fit 6 digits`);
  }
  return `FINHOP${String(sequence).padStart(6, '0')}M0`;
}

const DOSSIER = /^FINHOP[0-9]{6}M0$/;

export function isDossierNumber(value: string): boolean {
  return DOSSIER.test(value);
}

/** A dossier number or its beginning, as the `numero` filter takes it. */
export function isDossierPrefix(value: string): boolean {
  return /^[A-Z0-9]{1,14}$/.test(value);
}
