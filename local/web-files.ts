/**
 * The suppliers' page on the local stack: `web/` at `/`, the State design system (DSFR) at
 * `/dsfr/`, the OpenID client library (oidc-client-ts, browser build) at `/vendor/oidc-client-ts/`, and `/local/jeton?siret=` for the demo suppliers' sign-in (this stack only: a
 * deployed stack signs in with Cognito). The page hands out tokens for the demo suppliers only:
 * any other SIRET (a supplier loaded with `segur referentiel`) takes its token from the command.
 * Everything the stack serves outside the API carries the portal's security headers
 * (`pageSecurityHeaders`): the page runs here under the policy CloudFront sends on AWS.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { isSiretFormat } from '../shared/domain/identifiers.js';
import { DEMO_REFERENTIEL } from '../shared/domain/referentiel.js';
import { contentSecurityPolicy, PAGE_SECURITY_HEADERS } from '../shared/http/page-security.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const DEMO_SIRETS = new Set(DEMO_REFERENTIEL.fournisseurs.map((f) => f.siret));

const DEMO_SUPPLIERS = DEMO_REFERENTIEL.fournisseurs.map((f) => ({
  siret: f.siret,
  raisonSociale: f.raisonSociale,
  statutEnrolement: f.statutEnrolement,
  solutions: f.solutions.map((s) => ({ numeroAns: s.numeroAns, logiciel: s.logiciel, libelle: s.libelle })),
}));

/** Where the page goes on the local stack: its API, the local S3 it uploads to, the local OpenID provider. */
export interface LocalPageOrigins {
  apiUrl: string;
  s3Url: string;
  issuer: string;
}

/**
 * The portal's security headers for the local stack: the CSP built by the portal's own function,
 * with the local API and S3 as the origins the page calls and the local provider as where its
 * forms go (on AWS: the API, the buckets, Cognito and its managed login).
 */
export function pageSecurityHeaders({ apiUrl, s3Url, issuer }: LocalPageOrigins): Record<string, string> {
  const origin = (url: string) => new URL(url).origin;
  const connect = [...new Set([apiUrl, s3Url, issuer].map(origin))];
  return { 'content-security-policy': contentSecurityPolicy(connect, [origin(issuer)]), ...PAGE_SECURITY_HEADERS };
}

function sendJson(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' }).end(JSON.stringify(body));
}

export function createWebFiles(root: string, issueToken: (siret: string) => Promise<string>) {
  const web = resolve(root, 'web');
  const dsfr = resolve(root, 'node_modules/@gouvfr/dsfr/dist');
  const oidcClient = resolve(root, 'node_modules/oidc-client-ts/dist/browser');

  const send = async (res: ServerResponse, base: string, relative: string) => {
    const file = resolve(base, `.${relative}`);
    if (file !== base && !file.startsWith(base + sep)) return notFound(res); // no way out of the folder
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      notFound(res);
    }
  };

  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET') return notFound(res);
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return notFound(res);
    }
    if (path === '/local/fournisseurs') return sendJson(res, DEMO_SUPPLIERS);
    if (path === '/local/jeton') {
      const siret = url.searchParams.get('siret') ?? '';
      if (!isSiretFormat(siret)) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('siret : 14 chiffres attendus');
        return;
      }
      if (!DEMO_SIRETS.has(siret)) {
        res
          .writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
          .end(`Le SIRET ${siret} n'est pas celui d'un fournisseur de démonstration : cette page ne délivre de jeton qu'aux fournisseurs de démonstration`);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(await issueToken(siret));
      return;
    }
    if (path.startsWith('/dsfr/')) return send(res, dsfr, path.slice('/dsfr'.length));
    if (path.startsWith('/vendor/oidc-client-ts/')) return send(res, oidcClient, path.slice('/vendor/oidc-client-ts'.length));
    return send(res, web, path === '/' ? '/index.html' : path);
  };
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Introuvable');
}
