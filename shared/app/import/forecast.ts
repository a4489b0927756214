import { importForecast, lineIdentityOf, type LineIdentity } from '../../domain/import-checks.js';
import type { ImportRecord } from '../../domain/import-record.js';
import type { Issue } from '../../domain/issue.js';
import type { Stores } from '../../ports/stores.js';
import { forecastLines } from './line-import.js';

/** What the import checks need of the import itself, besides each line's numéro éditeur and FINESS. */
export function lineContextOf(record: ImportRecord): Pick<LineIdentity, 'siret' | 'numeroAns' | 'logiciel' | 'typeDemande'> {
  return { siret: record.siret, numeroAns: record.numeroAns, logiciel: record.logiciel, typeDemande: record.typeDemande };
}

/**
 * AVT-03 (SPEC §4.3): by line index, the warnings that the import would refuse the line given the
 * data stored now; for every judged line whose numéro éditeur and FINESS are well formed.
 */
export async function importForecastWarnings(
  stores: Pick<Stores, 'unicites' | 'demandes' | 'imports'>,
  record: ImportRecord,
  lines: readonly Record<string, unknown>[],
  now: Date,
): Promise<Map<number, Issue[]>> {
  const context = lineContextOf(record);
  const judged: { index: number; identity: LineIdentity }[] = [];
  lines.forEach((line, index) => {
    const identity = lineIdentityOf(line, context);
    if (identity) judged.push({ index, identity });
  });
  const byLine = new Map<number, Issue[]>();
  if (judged.length === 0) return byLine;
  const forecasts = await forecastLines(stores, judged.map((j) => j.identity), now);
  forecasts.forEach((issues, i) => issues.length > 0 && byLine.set(judged[i]!.index, issues.map(importForecast)));
  return byLine;
}
