/**
 * Uniqueness keys ("unicités", table `Unicites`): the import checks' keys (SPEC §4.4). The first
 * line to write a key holds it, by a conditional write, so of two imports racing for it exactly
 * one wins. A key names the line that holds it, so replaying that line's import finds it its own.
 */
export interface UniciteHolder {
  identifiantImport: number;
  numLigne: number;
}

export interface Unicite extends UniciteHolder {
  cle: string;
  numeroDossier: string;
  siret: string;
  finess: string;
}

export interface UniciteStore {
  /** Writes the key if absent; false when it exists. */
  putIfAbsent(wanted: Unicite): Promise<boolean>;
  /** Replaces the key if it still names `previousDossier`; false otherwise. */
  replaceIf(wanted: Unicite, previousDossier: string): Promise<boolean>;
  /** Strongly consistent. */
  get(cle: string): Promise<Unicite | undefined>;
  /** The keys held among these, by key (absent keys are free). */
  getMany(cles: readonly string[]): Promise<Map<string, Unicite>>;
  /** Deletes the key if `holder` holds it. */
  deleteIfHeld(cle: string, holder: UniciteHolder): Promise<void>;
}
