/**
 * A supplier's client as one would write it against a service that may go away at any moment:
 * a request that fails because the service died (connection refused or reset) is sent again once
 * it is back; a 5xx is sent again a little later. POST /imports and POST …/pieces-jointes sent
 * again create a new import or archive (the first one, if it was created, is left unused), as a
 * real client that lost the answer would. Also the signed S3 client that reads the documents
 * bucket (with the local stack's credentials, at the endpoint the running stack publishes).
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/emulators.js';
import type { ServiceProcess } from './service.js';
import { attachmentKey } from '../../shared/app/object-keys.js';

const REQUEST_TIMEOUT_MS = 60_000;

export interface ClientStats {
  /** Requests that failed for want of a service (killed, restarting), and were sent again. */
  networkRetries: number;
  /** 5xx answers (sent again). */
  serverErrors: number;
  /** A few of them, for the report. */
  serverErrorSamples: string[];
}

export function newClientStats(): ClientStats {
  return { networkRetries: 0, serverErrors: 0, serverErrorSamples: [] };
}

export interface Answer {
  status: number;
  body: any;
}

export interface Televersement {
  url: string;
  champs: Record<string, string>;
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolveSleep, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolveSleep();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export class SupplierClient {
  constructor(
    private readonly service: ServiceProcess,
    readonly siret: string,
    private readonly token: string,
    private readonly stats: ClientStats,
  ) {}

  /** One API call, sent again until the service answers it (below 500). */
  request(method: string, path: string, signal: AbortSignal, body?: unknown): Promise<Answer> {
    return this.send(`${this.service.apiUrl}${path}`, signal, () => ({
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }));
  }

  /** The upload form, as a browser posts it (every field, then the file); the same form again after a failure. */
  upload(televersement: Televersement, bytes: Uint8Array, fileName: string, type: string, signal: AbortSignal): Promise<Answer> {
    return this.send(televersement.url, signal, () => {
      const form = new FormData();
      for (const [k, v] of Object.entries(televersement.champs)) form.append(k, v);
      form.append('file', new Blob([bytes], { type }), fileName);
      return { method: 'POST', body: form };
    });
  }

  /** Every element of a paged list (SPEC §8: `curseur`, `limite` ≤ 200). */
  async listAll(path: string, signal: AbortSignal): Promise<any[]> {
    const elements: any[] = [];
    let curseur: string | null = null;
    do {
      const query: string = `?limite=200${curseur ? `&curseur=${encodeURIComponent(curseur)}` : ''}`;
      const page = await this.request('GET', `${path}${query}`, signal);
      if (page.status !== 200) throw new Error(`chaos: GET ${path} answered ${page.status}: ${JSON.stringify(page.body)}`);
      elements.push(...(page.body.elements as any[]));
      curseur = page.body.curseur as string | null;
    } while (curseur);
    return elements;
  }

  private async send(url: string, signal: AbortSignal, init: () => RequestInit): Promise<Answer> {
    for (;;) {
      signal.throwIfAborted();
      await this.service.whenUp(signal);
      const generation = this.service.generation;
      let res: Response;
      let text: string;
      try {
        res = await fetch(url, { ...init(), redirect: 'manual', signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]) });
        text = await res.text();
      } catch (error) {
        if (signal.aborted) throw error;
        this.stats.networkRetries++;
        // a connection of the killed process, found dead in the pool of the new one: at once
        if (this.service.generation === generation && this.service.isUp()) await sleep(50, signal);
        continue;
      }
      if (res.status >= 500) {
        this.stats.serverErrors++;
        if (this.stats.serverErrorSamples.length < 5) this.stats.serverErrorSamples.push(`${init().method ?? 'GET'} ${url} → ${res.status} ${text.slice(0, 200)}`);
        await sleep(200, signal);
        continue;
      }
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // an S3 answer (XML) or an empty one
      }
      return { status: res.status, body };
    }
  }
}

/** A stored object as the documents bucket lists it. */
export interface StoredObject {
  etag: string;
  lastModified: string;
}

/** The local S3 answered 5xx for this object (or listing) every time it was asked. */
export class UnreadableObject extends Error {
  constructor(
    readonly what: string,
    cause: unknown,
  ) {
    super(`${what} : ${(cause as Error)?.name ?? ''} ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'UnreadableObject';
  }
}

const S3_ATTEMPTS = 10;

/** The buckets of the local stack, read with its credentials (what an operator's tool would use). */
export class LocalBuckets {
  private readonly s3: S3Client;
  readonly documents: string;
  readonly uploads: string;

  constructor(
    private readonly service: ServiceProcess,
    environment: Record<string, string>,
  ) {
    this.s3 = new S3Client({
      endpoint: environment.AWS_ENDPOINT_URL_S3,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
      maxAttempts: 1,
    });
    this.documents = environment.DOCUMENTS_BUCKET!;
    this.uploads = environment.UPLOADS_BUCKET!;
  }

  /** The objects under `prefix` in the documents bucket: key → ETag and LastModified. */
  listDocuments(prefix: string, signal: AbortSignal): Promise<Map<string, StoredObject>> {
    return this.retrying(`liste de ${this.documents}/${prefix}`, signal, async () => {
      const out = new Map<string, StoredObject>();
      let token: string | undefined;
      do {
        const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.documents, Prefix: prefix, ContinuationToken: token }), { abortSignal: signal });
        for (const o of page.Contents ?? []) out.set(o.Key!, { etag: o.ETag ?? '', lastModified: o.LastModified?.toISOString() ?? '' });
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return out;
    });
  }

  /** One document's ETag and LastModified; undefined when there is none. */
  headDocument(key: string, signal: AbortSignal): Promise<StoredObject | undefined> {
    return this.retrying(`${this.documents}/${key}`, signal, async () => {
      try {
        const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.documents, Key: key }), { abortSignal: signal });
        return { etag: head.ETag ?? '', lastModified: head.LastModified?.toISOString() ?? '' };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    });
  }

  /** One document's bytes; undefined when there is none. */
  readDocument(key: string, signal: AbortSignal): Promise<Buffer | undefined> {
    return this.retrying(`${this.documents}/${key}`, signal, async () => {
      try {
        const out = await this.s3.send(new GetObjectCommand({ Bucket: this.documents, Key: key }), { abortSignal: signal });
        return Buffer.from(await out.Body!.transformToByteArray());
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    });
  }

  /** Whether an object of the uploads bucket exists (an uploaded file or archive). */
  uploaded(key: string, signal: AbortSignal): Promise<boolean> {
    return this.retrying(`${this.uploads}/${key}`, signal, async () => {
      try {
        await this.s3.send(new HeadObjectCommand({ Bucket: this.uploads, Key: key }), { abortSignal: signal });
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    });
  }

  destroy(): void {
    this.s3.destroy();
  }

  /** Sent again while the service is away; an answer 5xx every time is UnreadableObject. */
  private async retrying<T>(what: string, signal: AbortSignal, read: () => Promise<T>): Promise<T> {
    for (let failures = 0; ; ) {
      signal.throwIfAborted();
      await this.service.whenUp(signal);
      const generation = this.service.generation;
      try {
        return await read();
      } catch (error) {
        if (signal.aborted) throw error;
        const answered = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== undefined;
        if (answered || (this.service.generation === generation && this.service.isUp())) failures++;
        if (failures >= S3_ATTEMPTS) throw new UnreadableObject(what, error);
        await sleep(100, signal);
      }
    }
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/** The stored documents of an import, and those the local S3 cannot read (a half-written object). */
export interface ImportDocuments {
  documents: Map<string, StoredObject>;
  unreadable: string[];
}

/**
 * The documents stored for an import (documents bucket, `pieces/<siret>/<import>/`): listed; if the
 * listing itself fails (one unreadable object fails it whole), each expected document on its own.
 */
export async function importDocuments(
  buckets: LocalBuckets,
  siret: string,
  importId: number,
  /** The keys to read one by one when the listing fails. */
  expected: readonly string[],
  signal: AbortSignal,
): Promise<ImportDocuments> {
  try {
    return { documents: await buckets.listDocuments(`pieces/${siret}/${importId}/`, signal), unreadable: [] };
  } catch (error) {
    if (!(error instanceof UnreadableObject)) throw error;
  }
  const documents = new Map<string, StoredObject>();
  const unreadable: string[] = [];
  for (const key of expected) {
    try {
      const head = await buckets.headDocument(key, signal);
      if (head) documents.set(key, head);
    } catch (error) {
      if (!(error instanceof UnreadableObject)) throw error;
      unreadable.push(key);
    }
  }
  return { documents, unreadable };
}

/** A document as `GET /imports/{id}/pieces-jointes` lists it. */
export interface ExpectedView {
  numeroDossier: string;
  nomFichier: string;
  recue: boolean;
  /** The archive whose copy is kept, null while not received. */
  archive: number | null;
}

/** Where the received documents of an import are kept: each in the folder of the archive holding it. */
export function receivedKeys(siret: string, importId: number, attendues: readonly ExpectedView[]): Set<string> {
  return new Set(attendues.flatMap((a) => (a.archive === null ? [] : [attachmentKey(siret, importId, a.archive, a.numeroDossier, a.nomFichier)])));
}
