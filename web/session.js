/**
 * The session, and everything about it: the token, the signed-in supplier, sign-in and
 * sign-out. The rest of the page only uses this small interface:
 *   signIn(token) · signInAsDemo(siret) · signInWithProvider() · signOut() · restore() · token() · supplier() · onChange(fn)
 * With an `oidc` block in config.json the supplier signs in with OpenID Connect (web/auth.js:
 * the local provider on `npm start`, Cognito's managed login on AWS), and the ID token it brings
 * back is the bearer token. On the local stack a demo supplier or a pasted token also does.
 */
import { ApiError, request, useSession } from './api.js';
import * as auth from './auth.js';
import { signInReason } from './auth-errors.js';
import { loadConfig } from './config.js';

const STORAGE_KEY = 'segur.jeton';
/** 'oidc' when the token came from the OpenID provider: signing out then ends the provider's session too. */
const SOURCE_KEY = 'segur.source';
let current = null; // { token, source, fournisseur: { siret, raisonSociale, statutEnrolement, solutions } }
let notice = null;
const listeners = new Set();

const emit = () => listeners.forEach((fn) => fn(current?.fournisseur ?? null));

export const token = () => current?.token ?? null;
export const supplier = () => current?.fournisseur ?? null;
/** Why the last session ended, when it was not the supplier's choice (read once). */
export const takeNotice = () => [notice, (notice = null)][0];

/** Called with the new supplier (or null) each time the session changes. Returns the unsubscriber. */
export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** True when config.json names an OpenID provider: the page signs in with it. */
export async function usesProvider() {
  return Boolean((await loadConfig()).oidc?.authority);
}

/** True on the local stack (config.json's `local`): the demo suppliers and the pasted token are offered too. */
export async function isLocalStack() {
  return (await loadConfig()).local === true;
}

/** Signs in with a bearer token: the service tells who the supplier is. */
export async function signIn(bearer, source = 'jeton') {
  const { data } = await request('GET', '/referentiel/solutions', { token: bearer });
  current = { token: bearer, source, fournisseur: data };
  sessionStorage.setItem(STORAGE_KEY, bearer);
  sessionStorage.setItem(SOURCE_KEY, source);
  emit();
  return data;
}

/**
 * Sends the browser to the OpenID provider's sign-in page; it comes back to the page (restore()
 * ends it) at the route the supplier was going to (a bookmark opened signed out), if any.
 */
export function signInWithProvider() {
  const here = location.hash;
  return auth.startSignIn(here.startsWith('#/') && !here.startsWith('#/connexion') ? here : null);
}

/** The demo suppliers the local stack offers (none elsewhere: the route only exists there). */
export async function demoSuppliers() {
  const res = await fetch('./local/fournisseurs').catch(() => null);
  if (!res?.ok || !(res.headers.get('content-type') ?? '').includes('json')) return [];
  return res.json().catch(() => []);
}

/** Signs in as a demo supplier of the local stack. */
export async function signInAsDemo(siret) {
  const res = await fetch(`./local/jeton?siret=${encodeURIComponent(siret)}`).catch(() => null);
  if (!res) throw new ApiError(0, 'RESEAU', 'Le service est injoignable : vérifiez votre connexion, puis réessayez.');
  if (!res.ok) throw new ApiError(res.status, 'DEMO', await res.text());
  return signIn((await res.text()).trim());
}

/**
 * Ends the session. Chosen by the supplier (no reason) after an OpenID sign-in, it also ends the
 * provider's session (the browser goes to the provider's sign-out, then comes back). Ended by the
 * page (a 401: `reason` says why), the provider's session is left: signing in again asks nothing.
 */
export async function signOut(reason = null) {
  const fromProvider = current?.source === 'oidc' || sessionStorage.getItem(SOURCE_KEY) === 'oidc';
  current = null;
  notice = reason;
  sessionStorage.removeItem(STORAGE_KEY);
  sessionStorage.removeItem(SOURCE_KEY);
  emit();
  if (!fromProvider) return;
  // the page's session is over whatever the provider answers: a failure here changes nothing more
  await (reason ? auth.forget() : auth.signOut()).catch(() => {});
}

/**
 * Takes up the session at the page's load: the provider's answer when the address holds one (a
 * failed sign-in leaves its French reason as the notice), else the session of this tab before a reload.
 */
export async function restore() {
  if (await usesProvider()) {
    try {
      auth.completeSignOut();
      if (await auth.completeSignIn()) {
        const idToken = await auth.currentToken();
        if (idToken) {
          await signIn(idToken, 'oidc');
          // back where the supplier was going before signing in
          const route = auth.takeReturnRoute();
          if (route) history.replaceState(history.state, '', `${location.pathname}${route}`);
          return;
        }
      }
    } catch (error) {
      const reason = error instanceof ApiError ? null : signInReason(error);
      notice = reason === null ? `Connexion impossible : ${error.message}` : /^\p{Lu}/u.test(reason) ? reason : `Connexion impossible : ${reason}`;
      await auth.forget().catch(() => {});
      return;
    }
  }
  const saved = sessionStorage.getItem(STORAGE_KEY);
  if (!saved) return;
  try {
    await signIn(saved, sessionStorage.getItem(SOURCE_KEY) ?? 'jeton');
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
    sessionStorage.removeItem(SOURCE_KEY);
  }
}

useSession(token, () => {
  if (current) void signOut('Votre session a expiré ou n’est plus valable : reconnectez-vous.');
});
