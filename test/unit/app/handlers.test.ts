/** The handlers: importing them reads no environment; middy maps the API's errors and sets the invocation's log keys. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, S3Event, SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler as api } from '../../../functions/api/handler.js';
import { handler as commit } from '../../../functions/commit/handler.js';
import { handler as failures } from '../../../functions/failures/handler.js';
import { handler as simulate } from '../../../functions/simulate/handler.js';
import { handler as unzip } from '../../../functions/unzip/handler.js';
import { logger } from '../../../shared/observability/logger.js';
import { encodeKeyLikeAws, localLambdaContext } from '../../../local/dispatcher.js';
import { DPI_SIRET, PFI_SIRET } from '../../fixtures/deposit-files.js';

afterEach(() => vi.restoreAllMocks());

function apiEvent(routeKey: string, pathParameters?: Record<string, string>, claims: Record<string, string> = { siret: DPI_SIRET }) {
  return {
    version: '2.0',
    routeKey,
    rawPath: '/',
    rawQueryString: '',
    headers: {},
    ...(pathParameters ? { pathParameters } : {}),
    requestContext: { authorizer: { jwt: { claims, scopes: [] } } },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const s3Event = (key: string): S3Event =>
  ({ Records: [{ s3: { bucket: { name: 'televersements' }, object: { key, size: 10 } } }] }) as unknown as S3Event;

describe('the API handler', () => {
  it('answers 404 INTROUVABLE for an unknown route, in French', async () => {
    const res = await api(apiEvent('GET /nulle-part'), localLambdaContext('api'));
    expect(res).toMatchObject({ statusCode: 404 });
    expect(JSON.parse(res.body as string)).toEqual({ code: 'INTROUVABLE', message: 'Route inconnue : GET /nulle-part' });
  });

  it('answers 500 ERREUR_INTERNE for anything unexpected (here: no configuration), logged with the route and the log keys', async () => {
    const appended = vi.spyOn(logger, 'appendKeys');
    const errors = vi.spyOn(logger, 'error');
    const res = await api(apiEvent('GET /imports/{id}', { id: '7647' }), localLambdaContext('api'));
    expect(res).toMatchObject({ statusCode: 500 });
    expect(JSON.parse(res.body as string)).toEqual({ code: 'ERREUR_INTERNE', message: 'Erreur interne du service ; réessayez dans quelques instants' });
    expect(appended).toHaveBeenCalledWith({ siret: DPI_SIRET, identifiant: 7647 });
    expect(errors).toHaveBeenCalledWith('unexpected API failure', expect.objectContaining({ routeKey: 'GET /imports/{id}' }));
  });

  it('works called with the event alone, as the local stack once did', async () => {
    const res = await (api as unknown as (event: unknown) => Promise<{ statusCode: number }>)(apiEvent('GET /nulle-part'));
    expect(res.statusCode).toBe(404);
  });
});

describe('the S3 handlers', () => {
  it('append the import and the SIRET of the object key as log keys, and rethrow a failure for a retry', async () => {
    const appended = vi.spyOn(logger, 'appendKeys');
    for (const [handler, key] of [
      [simulate, `depots/${DPI_SIRET}/12/fichier.json`],
      [commit, `imports/${DPI_SIRET}/12/fichier.json`],
      [unzip, `pieces/${DPI_SIRET}/12/3.zip`],
    ] as const) {
      // no configuration in unit tests: the composition fails, as a store would
      await expect(handler(s3Event(key), localLambdaContext('f'))).rejects.toThrow(/configuration/);
    }
    expect(appended.mock.calls).toEqual([[{ siret: DPI_SIRET, identifiant: 12 }], [{ siret: DPI_SIRET, identifiant: 12 }], [{ siret: DPI_SIRET, identifiant: 12 }]]);
  });
});

describe('the failure handler (SQS)', () => {
  /** The JSON lines the logger writes (standard output and error) while `work` runs, at INFO whatever the tests' level. */
  async function logLinesOf(work: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
    const written: string[] = [];
    const capture = (chunk: unknown) => (written.push(String(chunk)), true);
    const spies: { mockRestore(): void }[] = [
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
      // on a warm start, Powertools' middleware sets the level back to the one the logger started with (SILENT here)
      vi.spyOn(logger, 'refreshSampleRateCalculation').mockImplementation(() => undefined),
    ];
    const level = logger.getLevelName();
    logger.setLogLevel('INFO');
    try {
      await work();
    } finally {
      logger.setLogLevel(level);
      for (const spy of spies) spy.mockRestore();
    }
    return written.flatMap((chunk) => chunk.split('\n')).filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
  }
  const message = (messageId: string, body: string) => ({ messageId, body }) as SQSEvent['Records'][number];
  const s3Body = (key: string) => JSON.stringify({ Records: [{ s3: { object: { key: encodeKeyLikeAws(key), size: 1 } } }] });

  it('each message’s lines carry the import and the SIRET of its object key, and the next message’s lines only their own', async () => {
    const event = {
      Records: [
        message('m1', s3Body(`depots/${DPI_SIRET}/12/fichier.json`)),
        message('m2', 'pas du JSON'),
        message('m3', s3Body(`pieces/${PFI_SIRET}/34/5.zip`)),
        message('m4', s3Body('ailleurs/objet.json')),
      ],
    } as SQSEvent;
    let out: unknown;
    const lines = await logLinesOf(async () => (out = await failures(event, localLambdaContext('failures'))));
    // no configuration in unit tests: giving up fails, and the message is reported back
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm3' }, { itemIdentifier: 'm4' }] });
    const keysOf = (messageId: string) =>
      lines.filter((l) => l.messageId === messageId).map((l) => ({ message: l.message, identifiant: l.identifiant, siret: l.siret }));
    expect(keysOf('m1')).toEqual([{ message: 'failure: not given up yet', identifiant: 12, siret: DPI_SIRET }]);
    expect(keysOf('m2')).toEqual([{ message: 'failure: a message without an S3 object key, dropped', identifiant: undefined, siret: undefined }]);
    expect(keysOf('m3')).toEqual([{ message: 'failure: not given up yet', identifiant: 34, siret: PFI_SIRET }]);
    expect(keysOf('m4')).toEqual([{ message: 'failure: not given up yet', identifiant: undefined, siret: undefined }]);
  });
});
