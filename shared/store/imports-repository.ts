import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.js';
import type { ImportRecord } from '../domain/import-record.js';
import type { ImportStatus } from '../domain/import-status.js';
import type { TypeDemande } from '../domain/settings.js';
import { dynamo } from './aws-clients.js';

/**
 * Imports in DynamoDB: key `identifiant`; the index `parFournisseur` (siret, cle) lists a
 * supplier's imports newest first, where cle = `<creeLe UTC>#<identifiant>`.
 */
export const SUPPLIER_INDEX = 'parFournisseur';

type StoredImport = ImportRecord & { cle: string };

export function listingKey(record: Pick<ImportRecord, 'creeLe' | 'identifiant'>): string {
  return `${record.creeLe}#${String(record.identifiant).padStart(12, '0')}`;
}

export async function createImport(record: ImportRecord): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: config().importsTable,
      Item: { ...record, cle: listingKey(record) } satisfies StoredImport,
      ConditionExpression: 'attribute_not_exists(identifiant)',
    }),
  );
}

export async function getImport(identifiant: number): Promise<ImportRecord | undefined> {
  const out = await dynamo().send(new GetCommand({ TableName: config().importsTable, Key: { identifiant }, ConsistentRead: true }));
  return out.Item ? withoutKey(out.Item as StoredImport) : undefined;
}

/** The import when it belongs to this supplier; undefined otherwise (never tells the two apart). */
export async function getSupplierImport(identifiant: number, siret: string): Promise<ImportRecord | undefined> {
  const record = await getImport(identifiant);
  return record && record.siret === siret ? record : undefined;
}

/**
 * Takes the simulation of an import for one worker until `until`: from EN_ATTENTE_FICHIER, or
 * from SIMULATION_EN_COURS whose previous holder's time is over. Returns the record, or undefined
 * when someone else holds it or it is already done.
 */
export async function claimSimulation(identifiant: number, siret: string, worker: string, now: Date, until: Date): Promise<ImportRecord | undefined> {
  try {
    const out = await dynamo().send(
      new UpdateCommand({
        TableName: config().importsTable,
        Key: { identifiant },
        UpdateExpression:
          'SET statut = :running, traitementPar = :worker, traitementJusqua = :until, tentativesSimulation = if_not_exists(tentativesSimulation, :zero) + :one',
        ConditionExpression: 'siret = :siret AND (statut = :waiting OR (statut = :running AND traitementJusqua < :now))',
        ExpressionAttributeValues: {
          ':running': 'SIMULATION_EN_COURS',
          ':waiting': 'EN_ATTENTE_FICHIER',
          ':worker': worker,
          ':until': until.toISOString(),
          ':now': now.toISOString(),
          ':siret': siret,
          ':zero': 0,
          ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return withoutKey(out.Attributes as StoredImport);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** Records the simulation's outcome, if this worker still holds it. Returns false when it does not. */
export async function completeSimulation(
  identifiant: number,
  worker: string,
  outcome: Pick<
    ImportRecord,
    | 'statut'
    | 'dateSimulation'
    | 'sha256'
    | 'tailleFichier'
    | 'nombreDemandes'
    | 'nombreDemandesValides'
    | 'nombreDemandesEnErreur'
    | 'cleFichier'
    | 'cleRetour'
  >,
): Promise<boolean> {
  return updateIfHeld(identifiant, worker, outcome);
}

/** Gives the simulation back for a retry (its holder failed), if this worker still holds it. */
export async function releaseSimulation(identifiant: number, worker: string, now: Date): Promise<boolean> {
  return updateIfHeld(identifiant, worker, { traitementJusqua: new Date(now.getTime() - 1).toISOString() }, false);
}

/** The simulation failed for good: ERREUR_TECHNIQUE with a French explanation. */
export async function failSimulation(identifiant: number, worker: string, erreurTechnique: string): Promise<boolean> {
  return updateIfHeld(identifiant, worker, { statut: 'ERREUR_TECHNIQUE' satisfies ImportStatus, erreurTechnique });
}

async function updateIfHeld(identifiant: number, worker: string, fields: Record<string, unknown>, release = true): Promise<boolean> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':worker': worker, ':running': 'SIMULATION_EN_COURS' };
  const sets = Object.entries(fields).map(([key, value], i) => {
    names[`#f${i}`] = key;
    values[`:v${i}`] = value;
    return `#f${i} = :v${i}`;
  });
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: config().importsTable,
        Key: { identifiant },
        UpdateExpression: `SET ${sets.join(', ')}${release ? ' REMOVE traitementPar, traitementJusqua' : ''}`,
        ConditionExpression: 'statut = :running AND traitementPar = :worker',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export interface ImportFilters {
  numeroAns?: string;
  typeDemande?: TypeDemande;
  /** UTC instants, inclusive start and exclusive end. */
  from?: Date;
  to?: Date;
}

export interface ImportsPage {
  elements: ImportRecord[];
  next: { cle: string; identifiant: number } | undefined;
}

/** A supplier's imports, newest first, `limit` at most, after `after` when paging. */
export async function listSupplierImports(
  siret: string,
  filters: ImportFilters,
  limit: number,
  after?: { cle: string; identifiant: number },
): Promise<ImportsPage> {
  const names: Record<string, string> = { '#s': 'siret' };
  const values: Record<string, unknown> = { ':siret': siret };
  let keyCondition = '#s = :siret';
  if (filters.from || filters.to) {
    names['#c'] = 'cle';
    values[':from'] = filters.from ? filters.from.toISOString() : '0';
    values[':to'] = filters.to ? filters.to.toISOString() : '~';
    keyCondition += ' AND #c BETWEEN :from AND :to';
  }
  const filter: string[] = [];
  if (filters.numeroAns) {
    names['#a'] = 'numeroAns';
    values[':ans'] = filters.numeroAns;
    filter.push('#a = :ans');
  }
  if (filters.typeDemande) {
    names['#t'] = 'typeDemande';
    values[':type'] = filters.typeDemande;
    filter.push('#t = :type');
  }

  const elements: ImportRecord[] = [];
  let start: Record<string, unknown> | undefined = after ? { siret, cle: after.cle, identifiant: after.identifiant } : undefined;
  for (;;) {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: config().importsTable,
        IndexName: SUPPLIER_INDEX,
        KeyConditionExpression: keyCondition,
        ...(filter.length > 0 ? { FilterExpression: filter.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        // one more than needed tells whether another page exists; filters read further
        Limit: filter.length > 0 ? 100 : limit - elements.length + 1,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      if (elements.length === limit) return page(elements, true);
      elements.push(withoutKey(item as StoredImport));
    }
    start = out.LastEvaluatedKey;
    if (!start) return page(elements, false);
  }
}

function page(elements: ImportRecord[], hasMore: boolean): ImportsPage {
  const last = elements[elements.length - 1];
  return { elements, next: hasMore && last ? { cle: listingKey(last), identifiant: last.identifiant } : undefined };
}

function withoutKey(item: StoredImport): ImportRecord {
  const { cle: _cle, ...record } = item;
  return record;
}
