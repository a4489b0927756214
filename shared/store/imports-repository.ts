import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.js';
import type { ImportRecord } from '../domain/import-record.js';
import type { ImportStatus } from '../domain/import-lifecycle.js';
import type { TypeDemande } from '../domain/settings.js';
import { dynamo } from './aws-clients.js';
import { listingKey, listNewestFirst, type ListingPosition } from './supplier-listing.js';

/**
 * Imports in DynamoDB: key `identifiant`; the index `parFournisseur` (siret, cle) lists a
 * supplier's imports newest first, where cle = `<creeLe UTC>#<identifiant>`.
 */
type StoredImport = ImportRecord & { cle: string };

export async function createImport(record: ImportRecord): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: config().importsTable,
      Item: { ...record, cle: listingKey(record.creeLe, record.identifiant) } satisfies StoredImport,
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

/**
 * Moves an import from one state, with more fields; returns the updated record, or undefined
 * when it was no longer in that state (someone else moved it).
 */
export async function transition(
  identifiant: number,
  from: ImportStatus,
  set: Record<string, unknown>,
  options: { add?: Record<string, number>; remove?: string[] } = {},
): Promise<ImportRecord | undefined> {
  const names: Record<string, string> = { '#statut': 'statut' };
  const values: Record<string, unknown> = { ':from': from };
  const clauses: string[] = [];
  const sets = Object.entries(set).map(([key, value], i) => {
    names[`#s${i}`] = key;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  if (sets.length > 0) clauses.push(`SET ${sets.join(', ')}`);
  const adds = Object.entries(options.add ?? {}).map(([key, value], i) => {
    names[`#a${i}`] = key;
    values[`:a${i}`] = value;
    return `#a${i} :a${i}`;
  });
  if (adds.length > 0) clauses.push(`ADD ${adds.join(', ')}`);
  const removes = (options.remove ?? []).map((key, i) => {
    names[`#r${i}`] = key;
    return `#r${i}`;
  });
  if (removes.length > 0) clauses.push(`REMOVE ${removes.join(', ')}`);
  try {
    const out = await dynamo().send(
      new UpdateCommand({
        TableName: config().importsTable,
        Key: { identifiant },
        UpdateExpression: clauses.join(' '),
        ConditionExpression: '#statut = :from',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return withoutKey(out.Attributes as StoredImport);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
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

/** A supplier's imports, newest first, `limit` at most, after `after` when paging. */
export async function listSupplierImports(
  siret: string,
  filters: ImportFilters,
  limit: number,
  after?: ListingPosition,
): Promise<{ elements: ImportRecord[]; next: ListingPosition | undefined }> {
  const page = await listNewestFirst<StoredImport & Record<string, unknown>>({
    table: config().importsTable,
    primaryKey: 'identifiant',
    siret,
    from: filters.from,
    to: filters.to,
    filters: [
      ...(filters.numeroAns ? [{ attribute: 'numeroAns', value: filters.numeroAns, match: 'equals' as const }] : []),
      ...(filters.typeDemande ? [{ attribute: 'typeDemande', value: filters.typeDemande, match: 'equals' as const }] : []),
    ],
    limit,
    after,
  });
  return { elements: page.items.map(withoutKey), next: page.next };
}

function withoutKey(item: StoredImport): ImportRecord {
  const { cle: _cle, ...record } = item;
  return record;
}
