/**
 * The local OpenID provider (oidc-provider), mounted by the local stack under /oidc of its own
 * origin: issuer `<stack url>/oidc`. One public client, the suppliers' page: authorization code
 * with PKCE (S256, required), no implicit flow, redirected back to the page's origin. Its users
 * are the demo suppliers; the ID token carries `siret` and its audience is the client id, as a
 * Cognito ID token carries `custom:siret` for the app client: that is the token the page sends.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { createRemoteJWKSet } from 'jose';
import { findDemoAccount } from './demo-accounts.js';
import { memoryAdapterFactory } from './memory-adapter.js';
import { errorPage, loggedOutPage, logoutPage } from './pages.js';
import { loadOrCreateProviderKeys } from './provider-keys.js';
import type { TrustedIssuer } from './trusted-issuer.js';

export const OIDC_PREFIX = '/oidc';
export const LOCAL_CLIENT_ID = 'segur-depot-page-locale';
export const LOCAL_SCOPE = 'openid profile';

export interface LocalOidcProvider {
  issuer: string;
  clientId: string;
  /** The page's redirect URI (its origin) and post-logout redirect URI. */
  redirectUri: string;
  provider: Provider;
  /** The provider as the local API trusts it: its issuer, the page's client id as audience, its JWKS fetched over HTTP. */
  trusted: TrustedIssuer;
  /** Serves a request under /oidc (the interaction pages apart). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** The first-party page needs no consent: its grant is made for the scopes and claims it asked. */
async function loadOrGrant(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(oidc.client!.clientId);
  if (grantId) return oidc.provider.Grant.find(grantId);
  const grant = new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session!.accountId! });
  grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
  await grant.save();
  return grant;
}

export async function createLocalOidcProvider(dataDir: string, origin: string): Promise<LocalOidcProvider> {
  const keys = await loadOrCreateProviderKeys(dataDir);
  const issuer = `${origin}${OIDC_PREFIX}`;
  const redirectUri = `${origin}/`;
  const configuration: Configuration = {
    adapter: memoryAdapterFactory(),
    clients: [
      {
        client_id: LOCAL_CLIENT_ID,
        client_name: 'Service de dépôt Ségur (page des fournisseurs)',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [redirectUri],
        post_logout_redirect_uris: [redirectUri],
        id_token_signed_response_alg: 'RS256',
      },
    ],
    responseTypes: ['code'],
    pkce: { required: () => true },
    scopes: ['openid', 'profile'],
    claims: { openid: ['sub', 'siret'], profile: ['name'] },
    conformIdTokenClaims: false,
    jwks: { keys: [keys.signing as never] },
    cookies: { keys: keys.cookies },
    ttl: { IdToken: 3600, AccessToken: 3600, AuthorizationCode: 60, Interaction: 600, Session: 12 * 3600, Grant: 12 * 3600 },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => void (ctx.body = logoutPage(form)),
        postLogoutSuccessSource: (ctx) => void (ctx.body = loggedOutPage()),
      },
    },
    interactions: { url: (_ctx, interaction) => `${OIDC_PREFIX}/interaction/${interaction.uid}` },
    loadExistingGrant: loadOrGrant,
    findAccount: (_ctx, id) => {
      const account = findDemoAccount(id);
      return account && { accountId: id, claims: () => ({ sub: id, siret: account.siret, name: account.raisonSociale }) };
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  return {
    issuer,
    clientId: LOCAL_CLIENT_ID,
    redirectUri,
    provider,
    trusted: { issuer, audiences: [LOCAL_CLIENT_ID], keys: createRemoteJWKSet(new URL(`${issuer}/jwks`)) },
    async handle(req, res) {
      // mounted as express mounts it: the provider reads its mount path from originalUrl
      const mounted = req as IncomingMessage & { originalUrl?: string };
      mounted.originalUrl = req.url;
      req.url = req.url!.slice(OIDC_PREFIX.length) || '/';
      await callback(req, res);
    },
  };
}
