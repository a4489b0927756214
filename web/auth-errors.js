/**
 * What the supplier is told when signing in fails: oidc-client-ts's and the browser's messages
 * are English, so they are never shown; known failures are told by their OAuth error code or by
 * what they are (network, stale answer), anything else by a French generic message.
 */

/** An error whose message is already French (written by the page): shown as it is. */
export class SignInError extends Error {}

/** The provider's answers (OAuth 2.0 / OpenID Connect error codes). */
const BY_CODE = {
  access_denied: 'connexion annulée.',
  login_required: 'le fournisseur d’identité demande de vous connecter à nouveau.',
  interaction_required: 'le fournisseur d’identité demande de vous connecter à nouveau.',
  consent_required: 'le fournisseur d’identité demande votre accord : connectez-vous à nouveau.',
  temporarily_unavailable: 'le fournisseur d’identité est momentanément indisponible ; réessayez dans un instant.',
  server_error: 'le fournisseur d’identité a rencontré une erreur ; réessayez dans un instant.',
  invalid_grant: 'la réponse du fournisseur d’identité a expiré ou a déjà servi ; cliquez de nouveau sur « Se connecter ».',
};

const NETWORK = 'le fournisseur d’identité est injoignable ; vérifiez votre connexion à Internet, puis réessayez.';
const STALE = 'cette réponse de connexion a expiré ou a déjà servi ; cliquez de nouveau sur « Se connecter ».';
const GENERIC = 'la connexion n’a pas pu aboutir ; réessayez, et si cela se reproduit, contactez l’assistance du programme.';

/** oidc-client-ts's messages for an answer that matches no sign-in started in this tab. */
const STALE_MESSAGES = [/no matching state/i, /no state in response/i, /state does not match/i];

/** The French reason (after "Connexion impossible : ") for a failure of signing in. */
export function signInReason(error) {
  if (error instanceof SignInError) return error.message;
  if (typeof error?.error === 'string') return BY_CODE[error.error] ?? GENERIC;
  if (error?.name === 'ErrorTimeout' || (error instanceof TypeError && /fetch|network|load failed/i.test(error.message))) return NETWORK;
  if (STALE_MESSAGES.some((pattern) => pattern.test(String(error?.message ?? '')))) return STALE;
  return GENERIC;
}
