/**
 * One line against stored data (SPEC §4.4): the forecast the simulation gives (AVT-03, reads
 * only) and the import itself (claims the line's keys, or reports every IMP code that refuses it).
 */
import { importIssue, importKeysOf, type ImportCode, type LineIdentity } from '../domain/import-checks.js';
import type { Issue } from '../domain/issue.js';
import { claim, peek, peekMany, release, takeOver, isHeldBy, type Claim, type ClaimHolder } from '../store/claims.js';
import { getRequest } from '../store/requests-repository.js';

/** A holder of an IMP-01 key whose request was rejected no longer stands in the way. */
async function stillStands(holder: Claim): Promise<boolean> {
  const request = await getRequest(holder.numeroDossier);
  return request?.statut !== 'REJETEE';
}

/** What the import would say of each line given the data stored now (reads only, in a few batches). */
export async function forecastLines(lines: readonly LineIdentity[]): Promise<Issue[][]> {
  const keys = lines.map(importKeysOf);
  const held = await peekMany(keys.flatMap((k) => [k.request, k.beneficiary, k.advance].filter((x): x is string => x !== undefined)));
  const standing = new Map<string, boolean>();
  for (const k of keys) {
    const holder = k.beneficiary ? held.get(k.beneficiary) : undefined;
    if (holder && !standing.has(holder.cle)) standing.set(holder.cle, await stillStands(holder));
  }
  return lines.map((line, i) => {
    const k = keys[i]!;
    const request = held.get(k.request);
    const advance = k.advance ? held.get(k.advance) : undefined;
    const codes: ImportCode[] = [];
    if (k.beneficiary && standing.get(k.beneficiary)) codes.push('IMP-01');
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
  const wanted = (cle: string): Claim => ({ cle, ...holder, numeroDossier: candidate, siret: line.siret, finess: line.finess });
  const codes: ImportCode[] = [];
  let ownDossier: string | undefined;

  const request = await claim(wanted(keys.request));
  const numeroDossier = request.held ? request.claim.numeroDossier : candidate;
  if (!request.held) {
    codes.push('IMP-02');
    ownDossier = request.holder.numeroDossier;
  }

  let beneficiaryHeld = false;
  if (keys.beneficiary) {
    if (request.held) {
      const wantedBeneficiary = { ...wanted(keys.beneficiary), numeroDossier };
      const outcome = await claim(wantedBeneficiary);
      beneficiaryHeld = outcome.held || (!(await stillStands(outcome.holder)) && (await takeOver(wantedBeneficiary, outcome.holder)));
      if (!beneficiaryHeld) codes.push('IMP-01');
    } else {
      const holderOfBeneficiary = await peek(keys.beneficiary);
      if (holderOfBeneficiary && !isHeldBy(holderOfBeneficiary, holder) && (await stillStands(holderOfBeneficiary))) codes.push('IMP-01');
    }
  }

  if (keys.advance) {
    const advance = await peek(keys.advance);
    if (!advance || advance.finess !== line.finess) codes.push('IMP-03');
  }

  if (codes.length === 0) return { accepted: true, numeroDossier };
  if (request.held) await release(keys.request, holder);
  if (beneficiaryHeld && keys.beneficiary) await release(keys.beneficiary, holder);
  return { accepted: false, issues: codes.map((code) => importIssue(code, line, code === 'IMP-02' ? ownDossier : undefined)) };
}
