/**
 * Integration tests drive the service as a supplier would: over HTTP, against the local stack
 * (the real handlers on the S3 and DynamoDB emulators), started in this process on free ports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context, S3Event } from 'aws-lambda';
import { expect } from 'vitest';
import { createAwsClients, type AwsClients } from '../../shared/adapters/aws/clients.js';
import { createAwsStores } from '../../shared/adapters/aws/stores.js';
import { config } from '../../shared/config.js';
import type { Stores } from '../../shared/ports/stores.js';
import { encodeKeyLikeAws, localLambdaContext, objectCreatedRecord } from '../../local/dispatcher.js';
import { issueLocalToken } from '../../local/local-token.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';

export interface Harness {
  stack: LocalStack;
  token(siret: string): Promise<string>;
  call(method: string, path: string, options?: { token?: string; body?: unknown; raw?: string }): Promise<Response>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'segur-it-'));
  const stack = await startLocalStack({ dataDir, port: 0, s3Port: 0, logLevel: process.env.SEGUR_TEST_LOG_LEVEL ?? 'SILENT' });
  return {
    stack,
    token: (siret) => issueLocalToken(dataDir, siret),
    call: (method, path, options = {}) =>
      fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.body !== undefined || options.raw !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(options.raw !== undefined ? { body: options.raw } : {}),
        redirect: 'manual',
      }),
    async stop() {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let clients: AwsClients | undefined;
let stores: Stores | undefined;

/** The SDK clients of the local stack's emulators (once the stack has set the environment). */
export function localClients(): AwsClients {
  clients ??= createAwsClients();
  return clients;
}

/** The stores over the local stack's emulators, to look at or arrange what the service keeps. */
export function localStores(): Stores {
  stores ??= createAwsStores(config(), localClients());
  return stores;
}

/** The Lambda context a test gives a handler it calls itself, as the local stack does. */
export function lambdaContext(functionId: string): Context {
  return localLambdaContext(functionId);
}

export interface Televersement {
  url: string;
  champs: Record<string, string>;
  expireLe: string;
  tailleMax: number;
}

/**
 * Puts an object into the uploads bucket with the service's own credentials, past the POST policy
 * (which the local S3 enforces as AWS does): for files that "got past the upload" (SPEC §8: the
 * functions check the size again).
 */
export async function putPastPolicy(key: string, bytes: Uint8Array): Promise<void> {
  await localClients().s3.send(new PutObjectCommand({ Bucket: config().uploadsBucket, Key: key, Body: bytes }));
}

/** Uploads as a browser form does: every field of `champs`, then the file as `file`. */
export async function uploadForm(televersement: Televersement, bytes: Uint8Array, fileName: string): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(televersement.champs)) form.append(k, v);
  form.append('file', new Blob([bytes], { type: 'application/json' }), fileName);
  return fetch(televersement.url, { method: 'POST', body: form });
}

export interface CreatedImport {
  identifiant: number;
  statut: string;
  televersement: Televersement;
}

/** POST /imports, expecting 201. */
export async function createImport(
  h: Harness,
  token: string,
  body: { numeroAns: string; typeDemande?: string; tauxTva?: number; nomFichier?: string },
): Promise<CreatedImport> {
  const res = await h.call('POST', '/imports', {
    token,
    body: { typeDemande: 'AVANCE', tauxTva: 20, nomFichier: 'depot.json', ...body },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as CreatedImport;
}

const FINAL = ['SIMULATION_VALIDE', 'SIMULATION_EN_ERREUR', 'FORMAT_INVALIDE', 'ERREUR_TECHNIQUE'];

/** Polls GET /imports/{id} until the simulation is over, as a supplier's client would. */
export async function waitForSimulation(h: Harness, token: string, id: number, timeoutMs = 10_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await h.call('GET', `/imports/${id}`, { token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { statut: string };
    if (FINAL.includes(body.statut)) return body;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${body.statut} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Create, upload and wait: the whole simulation as a supplier runs it. */
export async function simulateThroughService(
  h: Harness,
  token: string,
  numeroAns: string,
  bytes: Uint8Array,
  options: { typeDemande?: string; tauxTva?: number; nomFichier?: string } = {},
): Promise<{ id: number; status: any }> {
  const created = await createImport(h, token, { numeroAns, ...options });
  const upload = await uploadForm(created.televersement, bytes, options.nomFichier ?? 'depot.json');
  expect(upload.status).toBeLessThan(300);
  const status = await waitForSimulation(h, token, created.identifiant);
  return { id: created.identifiant, status };
}

const IMPORT_FINAL = ['IMPORTE', 'TERMINE', 'FORMAT_INVALIDE', 'SIMULATION_EN_ERREUR'];

/** POST /imports/{id}/importer, then polls until the import is over (or the commit failed for good). */
export async function importThroughService(h: Harness, token: string, id: number, timeoutMs = 20_000): Promise<any> {
  const res = await h.call('POST', `/imports/${id}/importer`, { token });
  expect(res.status, await res.clone().text()).toBe(202);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = (await (await h.call('GET', `/imports/${id}`, { token })).json()) as { statut: string; erreurTechnique?: string };
    if (IMPORT_FINAL.includes(body.statut) || body.erreurTechnique) return body;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${body.statut} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ARCHIVE_FINAL = ['TRAITEE', 'REFUSEE'];

/**
 * POST /imports/{id}/pieces-jointes, upload the archive (through the form, or `pastPolicy`), poll
 * until it is judged; returns its verdict.
 */
export async function sendArchive(
  h: Harness,
  token: string,
  importId: number,
  zip: Uint8Array,
  nomArchive = 'pieces.zip',
  { timeoutMs = 20_000, pastPolicy = false } = {},
): Promise<any> {
  const res = await h.call('POST', `/imports/${importId}/pieces-jointes`, { token, body: { nomArchive } });
  expect(res.status, await res.clone().text()).toBe(201);
  const created = (await res.json()) as { identifiant: number; statut: string; televersement: Televersement };
  expect(created.statut).toBe('EN_ATTENTE');
  if (pastPolicy) await putPastPolicy(created.televersement.champs.key!, zip);
  else {
    const form = new FormData();
    for (const [k, v] of Object.entries(created.televersement.champs)) form.append(k, v);
    form.append('file', new Blob([zip], { type: 'application/zip' }), nomArchive);
    const upload = await fetch(created.televersement.url, { method: 'POST', body: form });
    expect(upload.status).toBeLessThan(300);
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = (await (await h.call('GET', `/imports/${importId}/pieces-jointes`, { token })).json()) as { archives: any[] };
    const archive = list.archives.find((a) => a.identifiant === created.identifiant);
    if (archive && ARCHIVE_FINAL.includes(archive.statut)) return archive;
    if (Date.now() > deadline) throw new Error(`archive ${created.identifiant} still ${archive?.statut} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The S3 event AWS would deliver for an object of the uploads bucket (to deliver again, or several times at once). */
export function uploadEvent(key: string, size: number): S3Event {
  return { Records: [objectCreatedRecord(config().uploadsBucket, { key: encodeKeyLikeAws(key), size })] };
}
