/**
 * The page's OpenID Connect sign-in (oidc-client-ts): authorization code with PKCE, against the
 * provider `config.json` names in its `oidc` block — the local OpenID provider on `npm start`,
 * Cognito's managed login on AWS. The signed-in supplier's ID token (audience: the page's client
 * id; claim `siret` locally, `custom:siret` on Cognito) is the bearer token the API checks.
 * Sign-in state lives in sessionStorage: it ends with the tab.
 *
 * `config.json`'s `oidc`: {authority, clientId, redirectUri, postLogoutRedirectUri, scope}, and
 * `extraQueryParams` added to the sign-in request (Cognito's managed login: `{lang: 'fr'}`) and,
 * for a provider that publishes no end_session_endpoint (Cognito), `logoutEndpoint`
 * (https://<domain>/logout), called with client_id and logout_uri as Cognito expects.
 */
import { signInReason, SignInError } from './auth-errors.js';
import { loadConfig } from './config.js';

/** oidc-client-ts's browser build, served next to the page (locally from node_modules). */
const LIBRARY_URL = new URL('./vendor/oidc-client-ts/oidc-client-ts.min.js', import.meta.url).href;
/** A token this close to its expiry is not handed out: the page signs in again. */
const EXPIRY_MARGIN_S = 30;

let library;
let manager;

/** The library's browser build defines the global `oidc`; loaded once, by a script element (CSP: 'self'). */
function loadLibrary() {
  library ??= globalThis.oidc?.UserManager
    ? Promise.resolve(globalThis.oidc)
    : new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = LIBRARY_URL;
        script.onload = () => resolve(globalThis.oidc);
        script.onerror = () => reject(new SignInError('le module de connexion n’a pas pu être chargé ; rechargez la page, puis réessayez.'));
        document.head.append(script);
      });
  return library;
}

async function userManager() {
  manager ??= Promise.all([loadLibrary(), loadConfig()]).then(([oidc, config]) => {
    const settings = config.oidc;
    if (!settings?.authority || !settings.clientId) throw new SignInError('la connexion n’est pas configurée (config.json : oidc).');
    const store = new oidc.WebStorageStateStore({ store: sessionStorage });
    return new oidc.UserManager({
      authority: settings.authority,
      client_id: settings.clientId,
      redirect_uri: settings.redirectUri,
      post_logout_redirect_uri: settings.postLogoutRedirectUri ?? settings.redirectUri,
      scope: settings.scope ?? 'openid',
      response_type: 'code',
      userStore: store,
      stateStore: store,
      loadUserInfo: false,
      automaticSilentRenew: false,
      extraQueryParams: settings.extraQueryParams ?? {},
      ...(settings.logoutEndpoint ? { metadataSeed: { end_session_endpoint: settings.logoutEndpoint } } : {}),
    });
  });
  manager.catch(() => (manager = undefined));
  return manager;
}

/**
 * Sends the browser to the provider's sign-in page (PKCE: oidc-client-ts makes and keeps the
 * verifier). `route` (a hash route, "#/demandes?typeDemande=SOLDE") travels with the request as
 * its state and comes back with the answer: the supplier lands where they were going. From another
 * origin than the redirect URI's (localhost for 127.0.0.1), whose storage the answer could not
 * reach, it goes to the redirect URI's origin first. Fails with a French reason (SignInError).
 */
export async function startSignIn(route = null) {
  try {
    const users = await userManager();
    const home = new URL(users.settings.redirect_uri);
    if (location.origin !== home.origin) return location.assign(`${home.href}${route ?? ''}`);
    await users.signinRedirect({ state: { route } });
  } catch (error) {
    throw new SignInError(signInReason(error));
  }
}

/** True when the page's address is the provider's answer (a code or an error, with a state). */
function isSignInResponse() {
  const params = new URLSearchParams(location.search);
  return params.has('state') && (params.has('code') || params.has('error'));
}

/** The hash route the last completed sign-in carried (startSignIn's `route`), until taken. */
let returnRoute = null;

/** Where the supplier was going before signing in ("#/demandes?…"), or null; read once. */
export const takeReturnRoute = () => [returnRoute, (returnRoute = null)][0];

/**
 * On the page's load: completes a sign-in the provider redirected back to, and cleans the address.
 * Resolves to the supplier ({siret, nom}) when one signed in now (the route it was going to is then
 * takeReturnRoute()'s), null when the address held no answer; rejects with a French message
 * (never the library's or the browser's English) when signing in failed.
 */
export async function completeSignIn() {
  if (!isSignInResponse()) return null;
  const url = location.href;
  history.replaceState(history.state, '', location.pathname);
  try {
    const user = await (await userManager()).signinRedirectCallback(url);
    const route = user.state?.route;
    returnRoute = typeof route === 'string' && route.startsWith('#/') ? route : null;
    return supplierOf(user);
  } catch (error) {
    if (error?.error === 'access_denied') throw new SignInError('Connexion annulée.');
    throw new SignInError(`La connexion a échoué : ${signInReason(error)}`);
  }
}

/** Forgets the session here, then ends it at the provider (which returns to the page). */
export async function signOut() {
  const users = await userManager();
  const user = await users.getUser();
  await users.removeUser();
  const config = (await loadConfig()).oidc;
  // Cognito: GET https://<domain>/logout?client_id=…&logout_uri=… (oidc-client-ts adds client_id)
  if (config.logoutEndpoint) return users.signoutRedirect({ extraQueryParams: { logout_uri: users.settings.post_logout_redirect_uri } });
  const endSession = await users.metadataService.getEndSessionEndpoint().catch(() => undefined);
  if (endSession && user) await users.signoutRedirect({ id_token_hint: user.id_token });
}

/** Forgets the session here only (the provider's stays: signing in again may ask nothing). */
export async function forget() {
  await (await userManager()).removeUser();
}

/**
 * On the page's load: the provider's return after a sign-out carries only a `state` (locally) or
 * nothing (Cognito); the address is cleaned so that it is not taken for anything else.
 */
export function completeSignOut() {
  const params = new URLSearchParams(location.search);
  if (params.has('state') && !params.has('code') && !params.has('error')) history.replaceState(history.state, '', location.pathname);
}

/** The bearer token for the API: the ID token while it is valid for a while yet, else null (sign in again). */
export async function currentToken() {
  const user = await (await userManager()).getUser();
  const exp = user?.profile?.exp;
  if (!user?.id_token || typeof exp !== 'number' || exp - EXPIRY_MARGIN_S <= Date.now() / 1000) return null;
  return user.id_token;
}

/** The signed-in supplier as the token says: {siret, nom}, or null. */
export async function currentSupplier() {
  return (await currentToken()) ? supplierOf(await (await userManager()).getUser()) : null;
}

function supplierOf(user) {
  const profile = user?.profile ?? {};
  return { siret: profile.siret ?? profile['custom:siret'] ?? null, nom: profile.name ?? profile.email ?? null };
}
