/**
 * The local provider's interactions, the pages it sends a browser to during an authorization:
 * GET /oidc/interaction/{uid} shows the sign-in form, POST …/login checks the demo supplier and
 * password and resumes the authorization, POST …/abort ends it with access_denied.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { authenticate } from './demo-accounts.js';
import { errorPage, loginPage } from './pages.js';
import { OIDC_PREFIX } from './provider.js';

const ROUTE = new RegExp(`^${OIDC_PREFIX}/interaction/([A-Za-z0-9_-]+)(/login|/abort)?$`);
const MAX_FORM_BYTES = 8 * 1024;

export function isInteractionPath(pathname: string): boolean {
  return ROUTE.test(pathname);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-frame-options': 'DENY' }).end(html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > MAX_FORM_BYTES) throw new Error('form too large');
  }
  return new URLSearchParams(text);
}

export function createInteractions(provider: Provider) {
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const [, uid, action] = ROUTE.exec(url.pathname) ?? [];
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) throw new Error('interaction mismatch');
      if (req.method === 'GET' && !action) {
        if (details.prompt.name === 'login') return sendHtml(res, 200, loginPage(details.uid));
        // consent: the page is first-party; the provider's loadExistingGrant made its grant
        return await provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
      }
      if (req.method !== 'POST') return sendHtml(res, 405, errorPage({ erreur: 'Méthode non permise' }));
      const form = await readForm(req);
      if (action === '/abort') {
        const result = { error: 'access_denied', error_description: 'Connexion annulée par l’utilisateur' };
        return await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      }
      const siret = form.get('siret') ?? '';
      const account = authenticate(siret, form.get('password') ?? '');
      if (!account) return sendHtml(res, 401, loginPage(details.uid, { siret, error: 'Fournisseur ou mot de passe incorrect.' }));
      return await provider.interactionFinished(req, res, { login: { accountId: account.siret } }, { mergeWithLastSubmission: false });
    } catch {
      return sendHtml(res, 400, errorPage({ erreur: 'Cette demande de connexion a expiré ou n’existe pas : recommencez depuis la page du service.' }));
    }
  };
}
