/**
 * The security headers of the suppliers' page, the same on AWS (CloudFront's response headers
 * policy, infra/portal.ts) and on the local stack (local/web-files.ts): the policy is built by
 * one function, so that the browser tests run the page under the policy the portal sends.
 */

/**
 * The Content-Security-Policy of every page: nothing inline, nothing from elsewhere, except the
 * calls the page makes (connect-src) and the sign-in form it submits (form-action).
 */
export function contentSecurityPolicy(connectOrigins: string[], formOrigins: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...connectOrigins].join(' ')}`,
    "object-src 'none'",
    "frame-ancestors 'none'",
    `form-action ${["'self'", ...formOrigins].join(' ')}`,
    "base-uri 'self'",
  ].join('; ');
}

/**
 * The portal's other security headers, as CloudFront sends them (infra/portal.ts: content type
 * options, frame options DENY, no referrer); HSTS apart, which only means something over HTTPS.
 */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};
