/**
 * The local OpenID provider's own pages, in French and in the State design system (served by the
 * local stack at /dsfr/): sign-in of a demo supplier, sign-out confirmation, errors. No script:
 * plain forms posted to the provider.
 */
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts.js';

export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr" data-fr-scheme="light">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} — Ségur numérique (pile locale)</title>
  <link rel="stylesheet" href="/dsfr/dsfr.min.css">
</head>
<body>
  <main class="fr-container fr-my-6w" role="main">
    <div class="fr-grid-row fr-grid-row--center"><div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
      <h1 class="fr-h3">${escapeHtml(title)}</h1>
${body}
    </div></div>
  </main>
</body>
</html>`;
}

/** The sign-in form of an interaction: the demo supplier and the demo password. */
export function loginPage(uid: string, options: { siret?: string; error?: string } = {}): string {
  const action = `/oidc/interaction/${encodeURIComponent(uid)}`;
  const choices = DEMO_ACCOUNTS.map(
    (a) => `<option value="${a.siret}"${a.siret === options.siret ? ' selected' : ''}>${escapeHtml(a.raisonSociale)} — ${a.siret}</option>`,
  ).join('');
  const error = options.error
    ? `<div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert"><p id="erreur-connexion">${escapeHtml(options.error)}</p></div>`
    : '';
  return layout(
    'Connexion d’un fournisseur',
    `${error}<form method="post" action="${action}/login" id="form-connexion">
        <div class="fr-select-group">
          <label class="fr-label" for="siret">Fournisseur de démonstration</label>
          <select class="fr-select" id="siret" name="siret" required>${choices}</select>
        </div>
        <div class="fr-input-group">
          <label class="fr-label" for="password">Mot de passe
            <span class="fr-hint-text">Pile locale seulement : le même pour tous les fournisseurs de démonstration, « ${DEMO_PASSWORD} ».</span>
          </label>
          <input class="fr-input" type="password" id="password" name="password" autocomplete="current-password" required>
        </div>
        <ul class="fr-btns-group fr-btns-group--inline">
          <li><button class="fr-btn" type="submit" id="se-connecter">Se connecter</button></li>
          <li><button class="fr-btn fr-btn--secondary" type="submit" formaction="${action}/abort" formnovalidate>Annuler</button></li>
        </ul>
      </form>`,
  );
}

/** RP-initiated logout: the provider's form (hidden fields) and the two choices. */
export function logoutPage(form: string): string {
  return layout(
    'Déconnexion',
    `<p>Voulez-vous vous déconnecter du service de dépôt ?</p>
      ${form}
      <ul class="fr-btns-group fr-btns-group--inline">
        <li><button class="fr-btn" type="submit" form="op.logoutForm" value="yes" name="logout" id="se-deconnecter">Se déconnecter</button></li>
        <li><button class="fr-btn fr-btn--secondary" type="submit" form="op.logoutForm">Rester connecté</button></li>
      </ul>`,
  );
}

export function loggedOutPage(): string {
  return layout('Déconnexion effectuée', '<p>Vous êtes déconnecté. <a href="/">Revenir au service de dépôt</a></p>');
}

export function errorPage(details: object): string {
  const lines = Object.entries(details).map(([k, v]) => `<li><strong>${escapeHtml(k)}</strong> : ${escapeHtml(v)}</li>`);
  return layout('La connexion a échoué', `<ul>${lines.join('')}</ul><p><a href="/">Revenir au service de dépôt</a></p>`);
}
