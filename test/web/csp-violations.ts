/**
 * The page runs in the browser tests under the portal's Content-Security-Policy (the local stack
 * sends it, local/web-files.ts): whatever the policy refuses (an inline style or script, a call
 * or a form to an origin it does not name) is a failure of the test that saw it. Chromium reports
 * each refusal on the console ("Refused to … because it violates the following Content Security
 * Policy directive …"), for the page as for its workers.
 */
import type { Page } from 'playwright-core';
import { expect, onTestFinished } from 'vitest';

/** Every refusal of the policy in `page` from now on, as Chromium words it. */
export function recordCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(`${page.url()} : ${message.text()}`);
  });
  return violations;
}

/** The refusals of the policy seen in `page` until the end of the current test, where there must be none. */
export function failOnCspViolations(page: Page): string[] {
  const violations = recordCspViolations(page);
  onTestFinished(() => {
    expect(violations, 'refus de la politique de sécurité du contenu (CSP)').toEqual([]);
  });
  return violations;
}
