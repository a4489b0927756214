/**
 * The local HTTP API: requests under /api become API Gateway (HTTP API, payload 2.0) events for
 * the function the template routes them to, after the JWT check the authorizer makes in AWS.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import { localLambdaContext } from './dispatcher.js';
import type { LocalRoute } from './template.js';

export type ApiHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export const API_PREFIX = '/api';
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_DRAINED_BYTES = 64 * 1024 * 1024;

interface CompiledRoute extends LocalRoute {
  pattern: RegExp;
  names: string[];
}

function compile(route: LocalRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { ...route, pattern: new RegExp(`^${source.replace(/\\\{|\\\}/g, '')}$`), names };
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * The body, or undefined past MAX_BODY_BYTES. Past the limit the rest is read and dropped rather
 * than left in the socket (leaving the loop early would destroy it): the 413 then reaches the
 * client and its next request on the same connection is served.
 */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
    else if (size > MAX_DRAINED_BYTES) req.destroy(); // no one sends 64 MB to this API in good faith
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks);
}

export function createApiAdapter(
  routes: LocalRoute[],
  handlerOf: (functionId: string) => Promise<ApiHandler>,
  verify: (token: string) => Promise<JWTPayload>,
) {
  const compiled = routes.map(compile);

  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.slice(API_PREFIX.length) || '/';
    const method = req.method ?? 'GET';
    let params: Record<string, string> | undefined;
    const route = compiled.find((r) => {
      if (r.method !== method) return false;
      const m = r.pattern.exec(path);
      if (!m) return false;
      try {
        params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
      } catch {
        params = undefined; // a malformed %-escape: no such resource
        return false;
      }
      return true;
    });
    if (!route) return sendJson(res, 404, { code: 'INTROUVABLE', message: `Route inconnue : ${method} ${path}` });

    let claims: JWTPayload | undefined;
    if (route.authorization === 'JWT') {
      const header = req.headers.authorization ?? '';
      const token = /^Bearer (.+)$/i.exec(header)?.[1];
      try {
        if (!token) throw new Error('no token');
        claims = await verify(token);
      } catch {
        return sendJson(res, 401, { code: 'NON_AUTHENTIFIE', message: 'Authentification requise : jeton absent, invalide ou expiré' });
      }
    }

    const body = await readBody(req);
    if (body === undefined) return sendJson(res, 413, { code: 'TROP_VOLUMINEUX', message: 'Requête trop volumineuse (1 Mo au plus)' });
    const contentType = String(req.headers['content-type'] ?? '');
    const textual = body.length === 0 || /^(text\/|application\/json)/.test(contentType);

    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    const now = Date.now();

    const event: APIGatewayProxyEventV2WithJWTAuthorizer = {
      version: '2.0',
      routeKey: route.routeKey,
      rawPath: path,
      rawQueryString: url.search.slice(1),
      headers,
      ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
      ...(params && Object.keys(params).length > 0 ? { pathParameters: params } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: { method, path, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
        requestId: randomUUID(),
        routeKey: route.routeKey,
        stage: '$default',
        time: new Date(now).toISOString(),
        timeEpoch: now,
        authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: (claims ?? {}) as Record<string, string>, scopes: [] } },
      },
      ...(body.length > 0 ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: !textual,
    };

    const handler = await handlerOf(route.functionId);
    let result: APIGatewayProxyStructuredResultV2;
    try {
      result = await handler(event, localLambdaContext(route.functionId));
    } catch {
      return sendJson(res, 500, { code: 'ERREUR_INTERNE', message: 'Erreur interne du service' });
    }
    const payload = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
    res.writeHead(result.statusCode ?? 200, { ...(result.headers as Record<string, string>), 'content-length': String(payload.length) });
    res.end(payload);
  };
}
