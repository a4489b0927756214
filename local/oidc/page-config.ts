/**
 * The page's runtime configuration on the local stack, `/config.json`: the same shape a deployed
 * stack writes next to the page (infra), with the local provider as its OpenID authority.
 */
import type { LocalOidcProvider } from './provider.js';
import { LOCAL_SCOPE } from './provider.js';

export interface PageConfig {
  apiUrl: string;
  oidc: { authority: string; clientId: string; redirectUri: string; postLogoutRedirectUri: string; scope: string };
}

export function localPageConfig(apiUrl: string, oidc: LocalOidcProvider): PageConfig {
  return {
    apiUrl,
    oidc: { authority: oidc.issuer, clientId: oidc.clientId, redirectUri: oidc.redirectUri, postLogoutRedirectUri: oidc.redirectUri, scope: LOCAL_SCOPE },
  };
}
