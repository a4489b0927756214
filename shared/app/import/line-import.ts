/**
 * One line against stored data (SPEC §4.4): the forecast the simulation gives (AVT-03, reads
 * only) and the import itself (takes the line's uniqueness keys, or reports every IMP code that
 * refuses it).
 */
import { importIssue, importKeysOf, requestHoldsKey, type ImportCode, type LineIdentity } from '../../domain/import-checks.js';
import { isBeingImported } from '../../domain/import-lifecycle.js';
import type { Issue } from '../../domain/issue.js';
import type { Stores } from '../../ports/stores.js';
import type { Unicite, UniciteHolder } from '../../ports/unicite-store.js';

type KeyStores = Pick<Stores, 'unicites' | 'demandes' | 'imports'>;
/** What a key stands for: a beneficiary's AVANCE (IMP-01), or a request (IMP-02, and the AVANCE of IMP-03). */
type KeyKind = 'beneficiary' | 'request';

function isHeldBy(key: Unicite, holder: UniciteHolder): boolean {
  return key.identifiantImport === holder.identifiantImport && key.numLigne === holder.numLigne;
}

/**
 * Whether a key's holder still stands in the way: its request exists (and, for IMP-01, is not
 * REJETEE), or its import is being imported right now (the request is about to be written). A key
 * left by an import that did not go through (it fell back to FORMAT_INVALIDE, say) stands for nothing.
 */
async function stillStands(stores: KeyStores, holder: Unicite, kind: KeyKind): Promise<boolean> {
  const request = await stores.demandes.get(holder.numeroDossier);
  if (request) return requestHoldsKey(request.statut, kind);
  return isBeingImported((await stores.imports.get(holder.identifiantImport))?.statut);
}

/** What the import would say of each line given the data stored now (reads only, in a few batches). */
export async function forecastLines(stores: KeyStores, lines: readonly LineIdentity[]): Promise<Issue[][]> {
  const keys = lines.map(importKeysOf);
  const held = await stores.unicites.getMany(keys.flatMap((k) => [k.request, k.beneficiary, k.advance].filter((x): x is string => x !== undefined)));
  // the holders found (few: most keys are free) are checked one by one
  const standing = new Map<string, boolean>();
  for (const k of keys) {
    for (const [cle, kind] of [[k.beneficiary, 'beneficiary'], [k.request, 'request'], [k.advance, 'request']] as const) {
      const holder = cle ? held.get(cle) : undefined;
      if (holder && !standing.has(holder.cle)) standing.set(holder.cle, await stillStands(stores, holder, kind));
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
type KeyOutcome = { held: true; key: Unicite } | { held: false; holder: Unicite };

/**
 * Imports one line: takes its keys under the candidate dossier number, or finds them already its
 * own (a replay keeps the number first given). Refused, it gives back what it took.
 */
export async function importLine(stores: KeyStores, line: LineIdentity, holder: UniciteHolder, candidate: string): Promise<LineImport> {
  const keys = importKeysOf(line);
  const wanted = (cle: string, numeroDossier = candidate): Unicite => ({ cle, ...holder, numeroDossier, siret: line.siret, finess: line.finess });
  const codes: ImportCode[] = [];
  let ownDossier: string | undefined;

  // IMP-02: this supplier's request key; one left by an import that did not go through is taken over
  const request = await takeKey(stores, wanted(keys.request), 'request');
  const numeroDossier = request.held ? request.key.numeroDossier : candidate;
  if (!request.held) {
    codes.push('IMP-02');
    ownDossier = request.holder.numeroDossier;
  }

  // IMP-01: the beneficiary's AVANCE key, for any supplier; a REJETEE request no longer holds it
  let beneficiaryHeld = false;
  if (keys.beneficiary) {
    if (request.held) {
      beneficiaryHeld = (await takeKey(stores, wanted(keys.beneficiary, numeroDossier), 'beneficiary')).held;
      if (!beneficiaryHeld) codes.push('IMP-01');
    } else {
      const other = await stores.unicites.get(keys.beneficiary);
      if (other && !isHeldBy(other, holder) && (await stillStands(stores, other, 'beneficiary'))) codes.push('IMP-01');
    }
  }

  // IMP-03: a SOLDE follows this supplier's imported AVANCE of the same request and beneficiary
  if (keys.advance) {
    const advance = await stores.unicites.get(keys.advance);
    if (!advance || advance.finess !== line.finess || !(await stillStands(stores, advance, 'request'))) codes.push('IMP-03');
  }

  if (codes.length === 0) return { accepted: true, numeroDossier };
  if (request.held) await stores.unicites.deleteIfHeld(keys.request, holder);
  if (beneficiaryHeld && keys.beneficiary) await stores.unicites.deleteIfHeld(keys.beneficiary, holder);
  return { accepted: false, issues: codes.map((code) => importIssue(code, line, code === 'IMP-02' ? ownDossier : undefined)) };
}

/** Takes a key, or takes it over from a holder that no longer stands; otherwise tells who holds it. */
async function takeKey(stores: KeyStores, wanted: Unicite, kind: KeyKind): Promise<KeyOutcome> {
  const outcome = await putKey(stores, wanted);
  if (outcome.held || (await stillStands(stores, outcome.holder, kind))) return outcome;
  return (await stores.unicites.replaceIf(wanted, outcome.holder.numeroDossier)) ? { held: true, key: wanted } : outcome;
}

/** Writes the key for this line, or tells who holds it (the line itself on a replay: then held). */
async function putKey(stores: KeyStores, wanted: Unicite): Promise<KeyOutcome> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await stores.unicites.putIfAbsent(wanted)) return { held: true, key: wanted };
    const holder = await stores.unicites.get(wanted.cle);
    if (holder) return isHeldBy(holder, wanted) ? { held: true, key: holder } : { held: false, holder };
    // released between the two calls: try again
  }
  throw new Error(`uniqueness key ${wanted.cle}: contended`);
}
