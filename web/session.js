/**
 * The session, and everything about it: the token, the signed-in supplier, sign-in and
 * sign-out. The rest of the page only uses this small interface:
 *   signIn(token) · signInAsDemo(siret) · signOut() · restore() · token() · supplier() · onChange(fn)
 * Today a token is pasted, or asked for a demo supplier from the local stack; another way to
 * sign in (OpenID Connect) only has to end in signIn(token).
 */
import { ApiError, request, useSession } from './api.js';

const STORAGE_KEY = 'segur.jeton';
let current = null; // { token, fournisseur: { siret, raisonSociale, statutEnrolement, solutions } }
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

/** Signs in with a bearer token: the service tells who the supplier is. */
export async function signIn(bearer) {
  const { data } = await request('GET', '/referentiel/solutions', { token: bearer });
  current = { token: bearer, fournisseur: data };
  sessionStorage.setItem(STORAGE_KEY, bearer);
  emit();
  return data;
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

export function signOut(reason = null) {
  current = null;
  notice = reason;
  sessionStorage.removeItem(STORAGE_KEY);
  emit();
}

/** Takes up the session of this tab after a reload. */
export async function restore() {
  const saved = sessionStorage.getItem(STORAGE_KEY);
  if (!saved) return;
  try {
    await signIn(saved);
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
  }
}

useSession(token, () => {
  if (current) signOut('Votre session a expiré : reconnectez-vous.');
});
