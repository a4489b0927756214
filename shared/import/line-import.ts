/**
 * One line against stored data (SPEC §4.4): the forecast the simulation gives (AVT-03, reads
 * only) and the import itself (claims the line's keys, or reports every IMP code that refuses it).
 */
import { importIssue, importKeysOf, type ImportCode, type LineIdentity } from '../domain/import-checks.js';
import type { Issue } from '../domain/issue.js';
import { claim, peek, peekMany, release, takeOver, isHeldBy, type Claim, type ClaimHolder, type ClaimOutcome } from '../store/claims.js';
import { getImport } from '../store/imports-repository.js';
import { getRequest } from '../store/requests-repository.js';

/**
 * Whether a key's holder still stands in the way: its request exists (and, for IMP-01, is not
 * REJETEE), or its import is being imported right now (the request is about to be written). A key
 * left by an import that did not go through (it fell back to FORMAT_INVALIDE, say) stands for nothing.
 */
async function stillStands(holder: Claim, rejectedCounts: boolean): Promise<boolean> {
  const request = await getRequest(holder.numeroDossier);
  if (request) return rejectedCounts || request.statut !== 'REJETEE';
  return (await getImport(holder.identifiantImport))?.statut === 'IMPORT_EN_COURS';
}

/** What the import would say of each line given the data stored now (reads only, in a few batches). */
export async function forecastLines(lines: readonly LineIdentity[]): Promise<Issue[][]> {
  const keys = lines.map(importKeysOf);
  const held = await peekMany(keys.flatMap((k) => [k.request, k.beneficiary, k.advance].filter((x): x is string => x !== undefined)));
  // the holders found (few: most keys are free) are checked one by one
  const standing = new Map<string, boolean>();
  for (const k of keys) {
    for (const [cle, rejectedCounts] of [[k.beneficiary, false], [k.request, true], [k.advance, true]] as const) {
      const holder = cle ? held.get(cle) : undefined;
      if (holder && !standing.has(holder.cle)) standing.set(holder.cle, await stillStands(holder, rejectedCounts));
    }
  }
  const stands = (cle: string | undefined) => (cle ? standing.get(cle) === true : false);
  return lines.map((line, i) => {
    const k = keys[i]!;
    const request = stands(k.request) ? held.get(k.request) : undefined;
    const advance = stands(k.advance) ? held.get(k.advance!) : undefined;
    const codes: ImportCode[] = [];
    if (stands(k.beneficiary)) codes.push('IMP-01');
    if (request) codes.push('IMP-02');
    if (k.advance && (!advance || advance.finess !== line.finess)) codes.push('IMP-03');
    return codes.map((code) => importIssue(code, line, code === 'IMP-02' ? request?.numeroDossier : undefined));
  });
}

export type LineImport = { accepted: true; numeroDossier: string } | { accepted: false; issues: Issue[] };

/**
 * Imports one line: takes its keys under the candidate dossier number, or finds them already its
 * own (a replay keeps the number first given). Refused, it gives back what it took.
 */
export async function importLine(line: LineIdentity, holder: ClaimHolder, candidate: string): Promise<LineImport> {
  const keys = importKeysOf(line);
  const wanted = (cle: string, numeroDossier = candidate): Claim => ({ cle, ...holder, numeroDossier, siret: line.siret, finess: line.finess });
  const codes: ImportCode[] = [];
  let ownDossier: string | undefined;

  // IMP-02: this supplier's request key; one left by an import that did not go through is taken over
  const request = await takeKey(wanted(keys.request), true);
  const numeroDossier = request.held ? request.claim.numeroDossier : candidate;
  if (!request.held) {
    codes.push('IMP-02');
    ownDossier = request.holder.numeroDossier;
  }

  // IMP-01: the beneficiary's AVANCE key, for any supplier; a REJETEE request no longer holds it
  let beneficiaryHeld = false;
  if (keys.beneficiary) {
    if (request.held) {
      beneficiaryHeld = (await takeKey(wanted(keys.beneficiary, numeroDossier), false)).held;
      if (!beneficiaryHeld) codes.push('IMP-01');
    } else {
      const other = await peek(keys.beneficiary);
      if (other && !isHeldBy(other, holder) && (await stillStands(other, false))) codes.push('IMP-01');
    }
  }

  // IMP-03: a SOLDE follows this supplier's imported AVANCE of the same request and beneficiary
  if (keys.advance) {
    const advance = await peek(keys.advance);
    if (!advance || advance.finess !== line.finess || !(await stillStands(advance, true))) codes.push('IMP-03');
  }

  if (codes.length === 0) return { accepted: true, numeroDossier };
  if (request.held) await release(keys.request, holder);
  if (beneficiaryHeld && keys.beneficiary) await release(keys.beneficiary, holder);
  return { accepted: false, issues: codes.map((code) => importIssue(code, line, code === 'IMP-02' ? ownDossier : undefined)) };
}

/** Takes a key, or takes it over from a holder that no longer stands; otherwise tells who holds it. */
async function takeKey(wanted: Claim, rejectedCounts: boolean): Promise<ClaimOutcome> {
  const outcome = await claim(wanted);
  if (outcome.held || (await stillStands(outcome.holder, rejectedCounts))) return outcome;
  return (await takeOver(wanted, outcome.holder)) ? { held: true, claim: wanted } : outcome;
}
