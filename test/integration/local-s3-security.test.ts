/**
 * The local stack refuses what AWS refuses (issue 9): its S3 verifies browser-form uploads as S3
 * does (the policy's signature, expiry and every condition), wants SigV4 with the local
 * credentials for everything else, never writes outside its folder; its DynamoDB wants SigV4 too;
 * everything listens on the loopback only. Each forgery is shown refused AND without effect; the
 * legitimate flows still work. One stack for the whole file.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { DeleteTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/emulators.js';
import { startLocalStack } from '../../local/stack.js';
import { config } from '../../shared/config.js';
import { DEMO_REFERENTIEL } from '../../shared/domain/referentiel.js';
import { bytesOf, DPI_ANS, DPI_SIRET, PFI_ANS, PFI_SIRET, validFile } from '../fixtures/deposit-files.js';
import { createImport, importThroughService, startHarness, uploadForm, waitForSimulation, type CreatedImport, type Harness, type Televersement } from './harness.js';

let h: Harness;
let dpi: string;
let pfi: string;
let uploads: string;
let documents: string;
/** A DPI supplier's import waiting for its file: the key another supplier would like to write. */
let victim: CreatedImport;
/** The other supplier's own pending import, whose genuine form every forgery starts from. */
let attacker: CreatedImport;
/** An object in each bucket that anonymous callers must neither read nor change. */
let targets: { bucket: string; key: string; bytes: Buffer }[];

const s3 = (overrides: Partial<S3ClientConfig> = {}) =>
  new S3Client({
    endpoint: h.stack.s3Url,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
    ...overrides,
  });

/** Every object of both buckets with its ETag: what "nothing written" compares. */
async function snapshot(): Promise<string[]> {
  await h.stack.settle();
  const client = s3();
  const out: string[] = [];
  for (const bucket of [uploads, documents]) {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      for (const o of page.Contents ?? []) out.push(`${bucket}/${o.Key} ${o.ETag} ${o.Size}`);
      token = page.NextContinuationToken;
    } while (token);
  }
  return out.sort();
}

async function statut(id: number, token: string): Promise<string> {
  await h.stack.settle();
  return ((await (await h.call('GET', `/imports/${id}`, { token })).json()) as { statut: string }).statut;
}

/** A browser form with exactly these fields in this order, then the file (then `after`). */
function postFields(url: string, fields: [string, string][], bytes: Uint8Array, after: [string, string][] = []): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of fields) form.append(k, v);
  form.append('file', new Blob([bytes], { type: 'application/json' }), 'depot.json');
  for (const [k, v] of after) form.append(k, v);
  return fetch(url, { method: 'POST', body: form });
}

/** The genuine form's fields, with some changed, removed or added (before the file). */
function forged(t: Televersement, changes: { set?: Record<string, string>; drop?: string[]; add?: [string, string][] }): [string, string][] {
  const fields = Object.entries(t.champs)
    .filter(([k]) => !changes.drop?.includes(k))
    .map(([k, v]): [string, string] => [k, changes.set?.[k] ?? v]);
  return [...fields, ...(changes.add ?? [])];
}

/** Expects an S3 error document with this status and code; returns its message. */
async function expectS3Error(res: Response, status: number, code: string): Promise<string> {
  const text = await res.text();
  expect({ status: res.status, code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1] }, text).toEqual({ status, code });
  return /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? '';
}

/** An anonymous PUT of this exact path (no client-side resolution of dot segments); the S3 error. */
function rawPut(path: string): Promise<{ status: number; code: string | undefined }> {
  const { hostname, port } = new URL(h.stack.s3Url);
  return new Promise((resolveResponse, reject) => {
    const req = request({ host: hostname, port, path, method: 'PUT', headers: { 'content-length': 1 } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolveResponse({ status: res.statusCode!, code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1] }));
    });
    req.on('error', reject);
    req.end('x');
  });
}

/** The SDK error of a refused call: its name and HTTP status. */
async function sdkRefusal(call: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await call;
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('the call was accepted');
}

/** A client whose requests are changed after they were signed (as a man in the middle would). */
function tamperingClient(change: (request: { path: string; headers: Record<string, string>; body: unknown }) => void): S3Client {
  const client = s3();
  client.middlewareStack.add(
    (next) => async (args) => {
      change((args as unknown as { request: { path: string; headers: Record<string, string>; body: unknown } }).request);
      return next(args);
    },
    { step: 'deserialize', name: 'tamperAfterSigning' },
  );
  return client;
}

beforeAll(async () => {
  h = await startHarness();
  dpi = await h.token(DPI_SIRET);
  pfi = await h.token(PFI_SIRET);
  ({ uploadsBucket: uploads, documentsBucket: documents } = config());
  victim = await createImport(h, dpi, { numeroAns: DPI_ANS });
  attacker = await createImport(h, pfi, { numeroAns: PFI_ANS });
  const client = s3();
  targets = [
    { bucket: uploads, key: 'essais/objet.json', bytes: Buffer.from('{"a":1}') },
    { bucket: documents, key: `retours/${DPI_SIRET}/999/essai.json`, bytes: Buffer.from('{"retour":"authentique"}') },
  ];
  for (const t of targets) await client.send(new PutObjectCommand({ Bucket: t.bucket, Key: t.key, Body: t.bytes, ContentType: 'application/json' }));
}, 60_000);
afterAll(() => h?.stop());

describe('browser-form uploads are verified as S3 verifies them', () => {
  it('accepts the form the API hands out, with CORS for the page, and the file is simulated', async () => {
    const created = await createImport(h, dpi, { numeroAns: DPI_ANS });
    const preflight = await fetch(created.televersement.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:3000', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');

    const form = new FormData();
    for (const [k, v] of Object.entries(created.televersement.champs)) form.append(k, v);
    form.append('file', new Blob([bytesOf(validFile(1))], { type: 'application/json' }), 'depot.json');
    const res = await fetch(created.televersement.url, { method: 'POST', body: form, headers: { origin: 'http://127.0.0.1:3000' } });
    expect(res.status, await res.clone().text()).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await waitForSimulation(h, dpi, created.identifiant)).statut).toBe('SIMULATION_VALIDE');
  });

  it('accepts x-ignore-* fields, which S3 exempts from the policy', async () => {
    const created = await createImport(h, dpi, { numeroAns: DPI_ANS });
    const res = await postFields(created.televersement.url, forged(created.televersement, { add: [['x-ignore-commentaire', 'libre']] }), bytesOf(validFile(1)));
    expect(res.status, await res.clone().text()).toBe(204);
    expect((await waitForSimulation(h, dpi, created.identifiant)).statut).toBe('SIMULATION_VALIDE');
  });

  it('refuses a tampered signature or policy, a foreign key or secret (403), writing nothing', async () => {
    const t = attacker.televersement;
    const before = await snapshot();
    const file = bytesOf(validFile(1));
    const signature = t.champs['X-Amz-Signature']!;
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    await expectS3Error(await postFields(t.url, forged(t, { set: { 'X-Amz-Signature': flipped } }), file), 403, 'SignatureDoesNotMatch');
    await expectS3Error(await postFields(t.url, forged(t, { set: { 'X-Amz-Signature': 'abc' } }), file), 403, 'SignatureDoesNotMatch');

    // a policy rewritten to allow the victim's key and any size, under the genuine signature
    const policy = JSON.parse(Buffer.from(t.champs.Policy!, 'base64').toString()) as { expiration: string; conditions: unknown[] };
    const widened = {
      ...policy,
      conditions: policy.conditions.map((c) =>
        Array.isArray(c) ? ['content-length-range', 0, 1e9] : 'key' in (c as object) ? { key: victim.televersement.champs.key } : c,
      ),
    };
    const rewritten = forged(t, { set: { Policy: Buffer.from(JSON.stringify(widened)).toString('base64'), key: victim.televersement.champs.key! } });
    await expectS3Error(await postFields(t.url, rewritten, file), 403, 'SignatureDoesNotMatch');

    // a policy signed with another secret, or under another access key
    const wrongSecret = await createPresignedPost(s3({ credentials: { ...LOCAL_CREDENTIALS, secretAccessKey: 'pas-le-bon-secret' } }), {
      Bucket: uploads,
      Key: victim.televersement.champs.key!,
      Conditions: [['content-length-range', 0, 1e9]],
      Expires: 600,
    });
    await expectS3Error(await postFields(wrongSecret.url, Object.entries(wrongSecret.fields), file), 403, 'SignatureDoesNotMatch');
    const otherKey = await createPresignedPost(s3({ credentials: { accessKeyId: 'AUTRECLE', secretAccessKey: 'x' } }), {
      Bucket: uploads,
      Key: victim.televersement.champs.key!,
      Expires: 600,
    });
    await expectS3Error(await postFields(otherKey.url, Object.entries(otherKey.fields), file), 403, 'InvalidAccessKeyId');

    // no policy at all: an anonymous upload
    await expectS3Error(await postFields(t.url, [['key', t.champs.key!]], file), 403, 'AccessDenied');

    expect(await snapshot()).toEqual(before);
    expect(await statut(attacker.identifiant, pfi)).toBe('EN_ATTENTE_FICHIER');
    expect(await statut(victim.identifiant, dpi)).toBe('EN_ATTENTE_FICHIER');
  });

  it('refuses an expired policy (403 AccessDenied), writing nothing', async () => {
    const before = await snapshot();
    // signed two hours ago for one minute, with the local credentials and the attacker's own key
    const expired = await createPresignedPost(s3({ systemClockOffset: -2 * 3600 * 1000 }), {
      Bucket: uploads,
      Key: attacker.televersement.champs.key!,
      Conditions: [['content-length-range', 0, 5 * 1024 * 1024]],
      Expires: 60,
    });
    const message = await expectS3Error(await postFields(expired.url, Object.entries(expired.fields), bytesOf(validFile(1))), 403, 'AccessDenied');
    expect(message).toContain('expiré');
    expect(await snapshot()).toEqual(before);
    expect(await statut(attacker.identifiant, pfi)).toBe('EN_ATTENTE_FICHIER');
  });

  it("refuses a key rewritten to another supplier's pending import (403); that import stays EN_ATTENTE_FICHIER", async () => {
    const before = await snapshot();
    const t = attacker.televersement;
    const res = await postFields(t.url, forged(t, { set: { key: victim.televersement.champs.key! } }), bytesOf(validFile(1)));
    const message = await expectS3Error(res, 403, 'AccessDenied');
    expect(message).toContain(`&quot;key&quot;:&quot;${t.champs.key}&quot;`); // the policy's condition that failed
    expect(await snapshot()).toEqual(before);
    expect(await statut(victim.identifiant, dpi)).toBe('EN_ATTENTE_FICHIER');
    // the same with the key repeated, the forged one last (s3rver would have kept the last)
    const twice = forged(t, { add: [['key', victim.televersement.champs.key!]] });
    await expectS3Error(await postFields(t.url, twice, bytesOf(validFile(1))), 400, 'InvalidArgument');
    expect(await snapshot()).toEqual(before);
    expect(await statut(victim.identifiant, dpi)).toBe('EN_ATTENTE_FICHIER');
  });

  it('refuses a file over the content-length-range (400 EntityTooLarge) or under it (400 EntityTooSmall), writing nothing', async () => {
    const before = await snapshot();
    const t = attacker.televersement;
    const tooLarge = await postFields(t.url, Object.entries(t.champs), Buffer.alloc(t.tailleMax + 1, 0x20));
    await expectS3Error(tooLarge, 400, 'EntityTooLarge');
    const bounded = await createPresignedPost(s3(), { Bucket: uploads, Key: t.champs.key!, Conditions: [['content-length-range', 10, 100]], Expires: 60 });
    await expectS3Error(await postFields(bounded.url, Object.entries(bounded.fields), Buffer.from('{}')), 400, 'EntityTooSmall');
    expect(await snapshot()).toEqual(before);
    expect(await statut(attacker.identifiant, pfi)).toBe('EN_ATTENTE_FICHIER');
  });

  it('refuses a field no condition covers (403), and a key given only after the file (400), writing nothing', async () => {
    const before = await snapshot();
    const t = attacker.televersement;
    const file = bytesOf(validFile(1));
    for (const extra of [
      ['x-amz-meta-origine', 'forge'],
      ['success_action_redirect', 'http://example.org/'],
      ['Content-Type', 'text/html'],
      ['acl', 'public-read'],
    ] as [string, string][]) {
      const message = await expectS3Error(await postFields(t.url, forged(t, { add: [extra] }), file), 403, 'AccessDenied');
      expect(message).toContain(extra[0].toLowerCase());
    }
    // S3 ignores fields after the file: a key there is no key
    await expectS3Error(await postFields(t.url, forged(t, { drop: ['key'] }), file, [['key', t.champs.key!]]), 400, 'InvalidArgument');
    expect(await snapshot()).toEqual(before);
    expect(await statut(attacker.identifiant, pfi)).toBe('EN_ATTENTE_FICHIER');
  });

  it('still takes the genuine form after all those refusals', async () => {
    const res = await uploadForm(attacker.televersement, bytesOf(validFile(1, 'PFI')), 'depot.json');
    expect(res.status, await res.clone().text()).toBe(204);
    expect(['SIMULATION_VALIDE', 'SIMULATION_EN_ERREUR']).toContain((await waitForSimulation(h, pfi, attacker.identifiant)).statut);
    expect(await statut(victim.identifiant, dpi)).toBe('EN_ATTENTE_FICHIER');
  });
});

describe('nothing is ever written outside the data folder', () => {
  const marker = `evasion-${process.pid}-${Date.now()}`;

  /** Every file under the data folder and next to it whose name has the marker. */
  function escaped(): string[] {
    const found: string[] = [];
    const walk = (dir: string, depth: number) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name.includes(marker)) found.push(join(dir, entry.name));
        if (entry.isDirectory() && depth > 0) walk(join(dir, entry.name), depth - 1);
      }
    };
    walk(h.stack.dataDir, 8);
    walk(resolve(h.stack.dataDir, '..'), 0);
    walk(resolve(h.stack.dataDir, '../..'), 0);
    return found;
  }

  it('refuses keys with .. segments, backslashes or a leading / (400), from a form, a signed form or a signed call', async () => {
    const before = await snapshot();
    const t = attacker.televersement;
    const file = bytesOf(validFile(1));
    const keys = [`depots/../../../${marker}.json`, `../../${marker}`, `depots\\..\\${marker}`, `/${marker}`, `depots/./${marker}`, `depots//${marker}`];
    for (const key of keys) {
      // the genuine form with its key changed
      await expectS3Error(await postFields(t.url, forged(t, { set: { key } }), file), 400, 'InvalidArgument');
      // a form signed for that very key: even a signer cannot send a file out
      const signed = await createPresignedPost(s3(), { Bucket: uploads, Key: key, Expires: 60 });
      await expectS3Error(await postFields(signed.url, Object.entries(signed.fields), file), 400, 'InvalidArgument');
    }
    const client = s3();
    expect(await sdkRefusal(client.send(new PutObjectCommand({ Bucket: uploads, Key: `../../${marker}`, Body: 'x' })))).toMatchObject({ status: 400 });
    expect(await sdkRefusal(client.send(new GetObjectCommand({ Bucket: uploads, Key: '../../jeton-local.json' })))).toMatchObject({ status: 400 });
    const copy = new CopyObjectCommand({ Bucket: documents, Key: `essais/${marker}`, CopySource: `${uploads}/../../jeton-local.json` });
    expect(await sdkRefusal(client.send(copy))).toMatchObject({ status: 400 });
    // percent-encoded slashes and dots, sent as they are (fetch would resolve %2E%2E itself)
    for (const path of [`/${uploads}/..%2F..%2F${marker}`, `/${uploads}/%2E%2E/%2E%2E/${marker}`, `/${uploads}/depots/..%5C${marker}`]) {
      expect(await rawPut(path)).toMatchObject({ status: 400, code: 'InvalidArgument' });
    }
    expect(await rawPut(`/..%2F${marker}`)).toMatchObject({ status: 400, code: 'InvalidBucketName' });
    expect(await rawPut(`/../${marker}`)).toMatchObject({ status: 400, code: 'InvalidBucketName' });
    expect(escaped()).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect(existsSync(join(h.stack.dataDir, 'jeton-local.json'))).toBe(true);
  });
});

describe('everything but a verified form needs SigV4 with the local credentials', () => {
  it('refuses anonymous GET, HEAD, PUT, LIST and DELETE on both buckets (403), serving and changing nothing', async () => {
    const before = await snapshot();
    for (const { bucket, key, bytes } of targets) {
      const url = `${h.stack.s3Url}/${bucket}/${key}`;
      const get = await fetch(url);
      const body = await get.text();
      expect(get.status).toBe(403);
      expect(body).not.toContain(bytes.toString());
      expect((await fetch(url, { method: 'HEAD' })).status).toBe(403);
      await expectS3Error(await fetch(url, { method: 'PUT', body: '{"retour":"falsifie"}', headers: { 'content-type': 'application/json' } }), 403, 'AccessDenied');
      await expectS3Error(await fetch(url, { method: 'DELETE' }), 403, 'AccessDenied');
      await expectS3Error(await fetch(`${h.stack.s3Url}/${bucket}`), 403, 'AccessDenied');
      await expectS3Error(await fetch(`${h.stack.s3Url}/${bucket}?list-type=2&prefix=retours/`), 403, 'AccessDenied');
      const batch = `<Delete><Object><Key>${key}</Key></Object></Delete>`;
      await expectS3Error(await fetch(`${h.stack.s3Url}/${bucket}?delete`, { method: 'POST', body: batch }), 403, 'AccessDenied');
      // a supplier's bearer token is no S3 credential
      await expectS3Error(await fetch(url, { headers: { authorization: `Bearer ${dpi}` } }), 400, 'InvalidArgument');
      // nor is a SigV2 header, which eu-west-3 has never accepted
      await expectS3Error(await fetch(url, { headers: { authorization: 'AWS S3RVER:c2lnbmF0dXJl' } }), 400, 'InvalidRequest');
    }
    await expectS3Error(await fetch(`${h.stack.s3Url}/`), 403, 'AccessDenied');
    await expectS3Error(await fetch(`${h.stack.s3Url}/segur-nouveau-compartiment`, { method: 'PUT' }), 403, 'AccessDenied');
    expect(await snapshot()).toEqual(before);
    for (const { bucket, key, bytes } of targets) {
      const out = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      expect(Buffer.from(await out.Body!.transformToByteArray()).equals(bytes)).toBe(true);
    }
  });

  it('refuses a call signed with another secret or key, too old, or changed after signing', async () => {
    const before = await snapshot();
    const [target] = targets;
    const put = () => new PutObjectCommand({ Bucket: target!.bucket, Key: target!.key, Body: '{"falsifie":true}' });
    expect(await sdkRefusal(s3({ credentials: { ...LOCAL_CREDENTIALS, secretAccessKey: 'pas-le-bon-secret' } }).send(put()))).toEqual({
      name: 'SignatureDoesNotMatch',
      status: 403,
    });
    expect(await sdkRefusal(s3({ credentials: { accessKeyId: 'AUTRECLE', secretAccessKey: 'S3RVER' } }).send(put()))).toEqual({ name: 'InvalidAccessKeyId', status: 403 });
    expect(await sdkRefusal(s3({ systemClockOffset: -3600 * 1000 }).send(put()))).toEqual({ name: 'RequestTimeTooSkewed', status: 403 });
    expect(await sdkRefusal(s3({ region: 'us-east-1' }).send(put()))).toMatchObject({ status: 400 });
    // the body swapped after signing: S3 checks x-amz-content-sha256
    const swapBody = tamperingClient((r) => {
      r.body = Buffer.from('{"falsifie":1}!!!');
      r.headers['content-length'] = String(17);
    });
    expect(await sdkRefusal(swapBody.send(put()))).toEqual({ name: 'XAmzContentSHA256Mismatch', status: 400 });
    // the key changed after signing
    const otherPath = tamperingClient((r) => {
      r.path = r.path.replace('essais/objet.json', 'essais/autre.json');
    });
    expect(await sdkRefusal(otherPath.send(put()))).toEqual({ name: 'SignatureDoesNotMatch', status: 403 });
    // a header added after signing
    const extraHeader = tamperingClient((r) => {
      r.headers['x-amz-meta-ajout'] = 'non signé';
    });
    expect(await sdkRefusal(extraHeader.send(put()))).toEqual({ name: 'AccessDenied', status: 403 });
    expect(await snapshot()).toEqual(before);
  });

  it("keeps the functions' own signed reads and writes, the import's copy, and the API's 303 download link", async () => {
    // the SDK with the local credentials: put, get, copy, list, delete
    const client = s3();
    const key = 'essais/fonctions é (1).json';
    await client.send(new PutObjectCommand({ Bucket: documents, Key: key, Body: '{"ok":true}', ContentType: 'application/json' }));
    const source = `${documents}/${encodeURIComponent(key).replace(/%2F/g, '/')}`; // as shared/store/object-store.ts
    await client.send(new CopyObjectCommand({ Bucket: documents, Key: `${key}.copie`, CopySource: source }));
    const copied = await client.send(new GetObjectCommand({ Bucket: documents, Key: `${key}.copie`, Range: 'bytes=0-4' }));
    expect(await copied.Body!.transformToString()).toBe('{"ok"');
    const listed = await client.send(new ListObjectsV2Command({ Bucket: documents, Prefix: 'essais/' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(expect.arrayContaining([key, `${key}.copie`]));
    await client.send(new DeleteObjectCommand({ Bucket: documents, Key: `${key}.copie` }));

    // a file too big for a function response, simulated then imported (the commit copies it),
    // and downloaded through the 303 to its presigned URL
    const padded = Buffer.concat([bytesOf(validFile(1)), Buffer.alloc(4.5 * 1024 * 1024, 0x20)]);
    const created = await createImport(h, dpi, { numeroAns: DPI_ANS, nomFichier: 'gros dépôt.json' });
    expect((await uploadForm(created.televersement, padded, 'gros dépôt.json')).status).toBe(204);
    expect((await waitForSimulation(h, dpi, created.identifiant)).statut).toBe('SIMULATION_VALIDE');
    const res = await h.call('GET', `/imports/${created.identifiant}/fichier`, { token: dpi });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    const download = await fetch(location);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''gros%20d%C3%A9p%C3%B4t.json");
    expect(Buffer.from(await download.arrayBuffer()).equals(padded)).toBe(true);
    expect((await importThroughService(h, dpi, created.identifiant)).statut).toBe('IMPORTE');

    // the same link, tampered with: another object, a longer life, another file name, no or a bad signature
    const url = new URL(location);
    const tampered = (change: (u: URL) => void) => {
      const u = new URL(url);
      change(u);
      return fetch(u);
    };
    await expectS3Error(await tampered((u) => (u.pathname = `/${documents}/${targets[1]!.key}`)), 403, 'SignatureDoesNotMatch');
    await expectS3Error(await tampered((u) => u.searchParams.set('X-Amz-Expires', '604800')), 403, 'SignatureDoesNotMatch');
    await expectS3Error(await tampered((u) => u.searchParams.set('response-content-disposition', 'inline')), 403, 'SignatureDoesNotMatch');
    await expectS3Error(await tampered((u) => u.searchParams.set('X-Amz-Signature', '0'.repeat(64))), 403, 'SignatureDoesNotMatch');
    await expectS3Error(await tampered((u) => u.searchParams.delete('X-Amz-Signature')), 400, 'AuthorizationQueryParametersError');
    await expectS3Error(await tampered((u) => u.searchParams.set('X-Amz-Expires', '604801')), 400, 'AuthorizationQueryParametersError');
    // an expired link, and one whose life exceeds a week
    const old = await getSignedUrl(s3(), new GetObjectCommand({ Bucket: documents, Key: targets[1]!.key }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 3600 * 1000),
    });
    expect(await expectS3Error(await fetch(old), 403, 'AccessDenied')).toContain('expiré');
    const fresh = await getSignedUrl(s3(), new GetObjectCommand({ Bucket: documents, Key: targets[1]!.key }), { expiresIn: 60 });
    expect(await (await fetch(fresh)).text()).toBe(targets[1]!.bytes.toString());
  });
});

describe('the local DynamoDB and the listeners', () => {
  it('refuses an unsigned or forged DynamoDB call (400), changing nothing', async () => {
    const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB!;
    const signed = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
    const tables = (await signed.send(new ListTablesCommand({}))).TableNames;
    const table = config().importsTable;
    const deleteTable = (authorization?: string) =>
      fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.DeleteTable',
          'x-amz-date': new Date().toISOString().replace(/[-:]|\.\d+/g, ''),
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ TableName: table }),
      });
    const type = async (res: Response) => ({ status: res.status, type: ((await res.json()) as { __type: string }).__type.split('#')[1] });
    expect(await type(await deleteTable())).toEqual({ status: 400, type: 'MissingAuthenticationTokenException' });
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const bogus = `AWS4-HMAC-SHA256 Credential=S3RVER/${day}/${LOCAL_REGION}/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=${'0'.repeat(64)}`;
    expect(await type(await deleteTable(bogus))).toEqual({ status: 400, type: 'InvalidSignatureException' });
    const wrongSecret = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS, secretAccessKey: 'pas-le-bon-secret' }, maxAttempts: 1 });
    await expect(wrongSecret.send(new DeleteTableCommand({ TableName: table }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    expect((await signed.send(new ListTablesCommand({}))).TableNames).toEqual(tables);
    expect(await statut(victim.identifiant, dpi)).toBe('EN_ATTENTE_FICHIER');
    signed.destroy();
    wrongSecret.destroy();
  });

  it('listens on 127.0.0.1 only, and refuses to start on another address', async () => {
    for (const url of [h.stack.url, h.stack.s3Url, process.env.AWS_ENDPOINT_URL_DYNAMODB!]) expect(new URL(url).hostname).toBe('127.0.0.1');
    const dataDir = mkdtempSync(join(tmpdir(), 'segur-it-host-'));
    try {
      await expect(startLocalStack({ dataDir, port: 0, s3Port: 0, host: '0.0.0.0' })).rejects.toThrow(/boucle locale/);
      await expect(startLocalStack({ dataDir, port: 0, s3Port: 0, host: '::' })).rejects.toThrow(/boucle locale/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('GET /local/jeton issues tokens for the demo suppliers only (403 with a French message otherwise)', async () => {
    const demo = DEMO_REFERENTIEL.fournisseurs[0]!.siret;
    const ok = await fetch(`${h.stack.url}/local/jeton?siret=${demo}`);
    expect(ok.status).toBe(200);
    expect((await ok.text()).split('.')).toHaveLength(3);
    const other = await fetch(`${h.stack.url}/local/jeton?siret=73282932000074`);
    expect(other.status).toBe(403);
    expect(await other.text()).toContain("n'est pas celui d'un fournisseur de démonstration");
    expect((await fetch(`${h.stack.url}/local/jeton?siret=abc`)).status).toBe(400);
  });
});
