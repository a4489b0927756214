import { importForecast, lineIdentityOf, type LineIdentity } from '../domain/import-checks.js';
import type { ImportRecord } from '../domain/import-record.js';
import type { Issue } from '../domain/issue.js';
import { addLineWarnings, type ReturnFile } from '../domain/return-file.js';
import { forecastLines } from './line-import.js';

/** AVT-03 on every line the import would refuse given the data stored now (SPEC §4.3). */
export async function addImportForecast(returnFile: ReturnFile, record: ImportRecord): Promise<void> {
  const lines = returnFile.lignesImport;
  if (!lines) return;
  const context = { siret: record.siret, numeroAns: record.numeroAns, logiciel: record.logiciel, typeDemande: record.typeDemande };
  const judged: { index: number; identity: LineIdentity }[] = [];
  lines.forEach((line, index) => {
    const identity = lineIdentityOf(line, context);
    if (identity) judged.push({ index, identity });
  });
  const forecasts = await forecastLines(judged.map((j) => j.identity));
  const byLine = new Map<number, Issue[]>();
  forecasts.forEach((issues, i) => issues.length > 0 && byLine.set(judged[i]!.index, issues.map(importForecast)));
  addLineWarnings(returnFile, byLine);
}
