import type { CitedName } from './pieces.js';
import type { LineReport } from './line.js';

/** What each line holds that must be unique in the file; undefined where the value is itself in error. */
export interface LineKeys {
  numLigne: number | undefined;
  numeroEditeur: string | undefined;
  finess: string | undefined;
  cited: CitedName[];
}

/** DEM-02, DEM-04, DEM-14 and DEM-25: every line sharing a value gets the error. */
export function checkUniqueness(keys: readonly LineKeys[], reports: readonly LineReport[]): void {
  flagShared(keys.map((k) => k.numLigne), (value, count, report) =>
    report.error('DEM-02', 'numLigne', `Le numéro de ligne ${value} doit être unique dans le fichier ; il y apparaît ${count} fois`),
    reports,
  );
  flagShared(keys.map((k) => k.numeroEditeur), (value, count, report) =>
    report.error('DEM-04', 'numeroEditeur', `Le numéro éditeur « ${value} » doit être unique dans le fichier ; il y apparaît ${count} fois`),
    reports,
  );
  flagShared(keys.map((k) => k.finess), (value, count, report) =>
    report.error(
      'DEM-14',
      'beneficiaires.FINESSPMSI',
      `Le FINESS PMSI ${value} apparaît dans ${count} demandes du fichier : une seule demande par établissement et par solution`,
    ),
    reports,
  );

  const citations = new Map<string, number>();
  for (const k of keys) for (const c of k.cited) citations.set(c.nomFichier, (citations.get(c.nomFichier) ?? 0) + 1);
  keys.forEach((k, line) => {
    for (const c of k.cited) {
      const count = citations.get(c.nomFichier)!;
      if (count > 1) {
        reports[line]!.error(
          'DEM-25',
          `piecesJustificatives[${c.index}].nomFichier`,
          `Le nom de fichier « ${c.nomFichier} » doit être unique dans le fichier ; il y est cité ${count} fois`,
        );
      }
    }
  });
}

function flagShared<T>(
  values: readonly (T | undefined)[],
  flag: (value: T, count: number, report: LineReport) => void,
  reports: readonly LineReport[],
): void {
  const counts = new Map<T, number>();
  for (const v of values) if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  values.forEach((v, line) => {
    if (v === undefined) return;
    const count = counts.get(v)!;
    if (count > 1) flag(v, count, reports[line]!);
  });
}
