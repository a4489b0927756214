/**
 * Sign-in on the local stack, in one piece: the OpenID provider under /oidc with its interaction
 * pages, the page's `/config.json`, and the API's token check (the provider's ID tokens and the
 * `segur jeton` tokens, each issuer with its own keys and audience, both by the JWT authorizer's rules).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWTPayload } from 'jose';
import { localTokenIssuer } from '../local-token.js';
import { createInteractions, isInteractionPath } from './interactions.js';
import { createJwtAuthorizer } from './jwt-authorizer.js';
import { localPageConfig } from './page-config.js';
import { createLocalOidcProvider, OIDC_PREFIX } from './provider.js';

export const PAGE_CONFIG_PATH = '/config.json';

export interface LocalSignIn {
  issuer: string;
  clientId: string;
  /** The check the API makes before any route that needs a token. */
  verify(token: string): Promise<JWTPayload>;
  /** True for the paths this module serves: /oidc/… and /config.json. */
  serves(pathname: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

export async function createLocalSignIn(dataDir: string, origin: string, apiUrl: string): Promise<LocalSignIn> {
  const oidc = await createLocalOidcProvider(dataDir, origin);
  const interactions = createInteractions(oidc.provider);
  const pageConfig = JSON.stringify(localPageConfig(apiUrl, oidc));
  const verify = createJwtAuthorizer([oidc.trusted, await localTokenIssuer(dataDir)]);
  return {
    issuer: oidc.issuer,
    clientId: oidc.clientId,
    verify,
    serves: (pathname) => pathname === PAGE_CONFIG_PATH || pathname === OIDC_PREFIX || pathname.startsWith(`${OIDC_PREFIX}/`),
    async handle(req, res, url) {
      if (url.pathname === PAGE_CONFIG_PATH) {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' }).end(pageConfig);
        return;
      }
      if (isInteractionPath(url.pathname)) return interactions(req, res, url);
      return oidc.handle(req, res);
    },
  };
}
