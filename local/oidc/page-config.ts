/**
 * The page's runtime configuration on the local stack, `/config.json`: the same shape a deployed
 * stack writes next to the page (infra), with the local provider as its OpenID authority, and
 * `local: true`: the page then also offers the demo suppliers and a pasted token (this stack only).
 */
import type { LocalOidcProvider } from './provider.js';
import { LOCAL_SCOPE } from './provider.js';

export interface PageConfig {
  apiUrl: string;
  local: true;
  oidc: { authority: string; clientId: string; redirectUri: string; postLogoutRedirectUri: string; scope: string };
}

export function localPageConfig(apiUrl: string, oidc: LocalOidcProvider): PageConfig {
  return {
    apiUrl,
    local: true,
    oidc: { authority: oidc.issuer, clientId: oidc.clientId, redirectUri: oidc.redirectUri, postLogoutRedirectUri: oidc.redirectUri, scope: LOCAL_SCOPE },
  };
}
