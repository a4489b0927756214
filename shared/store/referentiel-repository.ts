import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.js';
import type { Solution, Supplier } from '../domain/referentiel.js';
import { dynamo } from './aws-clients.js';

/**
 * Reference data in DynamoDB: per supplier (partition `siret`), one `FOURNISSEUR` item and one
 * `SOLUTION#<numeroAns>` item per solution. Loading is an upsert by SIRET and numéro ANS.
 */
const PROFILE = 'FOURNISSEUR';
const SOLUTION = 'SOLUTION#';

export async function findSupplier(siret: string): Promise<Supplier | undefined> {
  const out = await dynamo().send(
    new QueryCommand({ TableName: config().referentielTable, KeyConditionExpression: 'siret = :s', ExpressionAttributeValues: { ':s': siret } }),
  );
  const items = out.Items ?? [];
  const profile = items.find((i) => i.cle === PROFILE);
  if (!profile) return undefined;
  const solutions = items
    .filter((i) => String(i.cle).startsWith(SOLUTION))
    .map((i): Solution => ({ numeroAns: i.numeroAns, logiciel: i.logiciel, libelle: i.libelle, couloir: 'HOP', vague: 'Va2' }))
    .sort((a, b) => a.numeroAns.localeCompare(b.numeroAns));
  return { siret, raisonSociale: profile.raisonSociale, statutEnrolement: profile.statutEnrolement, solutions };
}

/** Writes every supplier and solution (idempotent: the same file twice changes nothing). */
export async function upsertSuppliers(suppliers: readonly Supplier[]): Promise<void> {
  const items: Record<string, unknown>[] = [];
  for (const s of suppliers) {
    items.push({ siret: s.siret, cle: PROFILE, raisonSociale: s.raisonSociale, statutEnrolement: s.statutEnrolement });
    for (const sol of s.solutions) items.push({ siret: s.siret, cle: `${SOLUTION}${sol.numeroAns}`, ...sol });
  }
  for (let i = 0; i < items.length; i += 25) {
    let pending: Record<string, any>[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error("référentiel : DynamoDB n'a pas accepté toutes les écritures");
      const out = await dynamo().send(new BatchWriteCommand({ RequestItems: { [config().referentielTable]: pending } }));
      pending = out.UnprocessedItems?.[config().referentielTable] ?? [];
      if (pending.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
}
