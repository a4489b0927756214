/**
 * The lines of a file against stored data (SPEC §4.4): the forecast the simulation gives (AVT-03,
 * reads only) and the import itself (takes each line's uniqueness keys, or reports every IMP code
 * that refuses it). Both read every key of the file at once first (a few BatchGets), and the
 * holders found in a few more: the import then writes only what the reads did not settle.
 */
import { importIssue, importKeysOf, requestHoldsKey, type ImportCode, type ImportKeys, type LineIdentity } from '../../domain/import-checks.js';
import { commitIsLive } from '../../domain/import-lifecycle.js';
import type { Issue } from '../../domain/issue.js';
import { mapLimit } from '../../lib/map-limit.js';
import type { Stores } from '../../ports/stores.js';
import type { Unicite, UniciteHolder } from '../../ports/unicite-store.js';

type KeyStores = Pick<Stores, 'unicites' | 'demandes' | 'imports'>;
/** What a key stands for: a beneficiary's AVANCE (IMP-01), or a request (IMP-02, and the AVANCE of IMP-03). */
type KeyKind = 'beneficiary' | 'request';

/**
 * Lines imported at once. Each waits on one or two conditional writes in turn (the beneficiary's
 * key is taken only once the request's is); the store bounds its own batches.
 */
const LINES_AT_ONCE = 32;
/** Imports read at once to judge the holders found (few: most keys are free, and one import holds many). */
const READS_AT_ONCE = 16;

function isHeldBy(key: Unicite, holder: UniciteHolder): boolean {
  return key.identifiantImport === holder.identifiantImport && key.numLigne === holder.numLigne;
}

/** A line's keys with what each stands for. */
function keysWithKind(keys: ImportKeys): [string, KeyKind][] {
  const out: [string, KeyKind][] = [[keys.request, 'request']];
  if (keys.beneficiary) out.push([keys.beneficiary, 'beneficiary']);
  if (keys.advance) out.push([keys.advance, 'request']);
  return out;
}

/**
 * Whether each holder still stands in the way, by key: its request exists (and, for IMP-01, is not
 * REJETEE), or its import's commit is at work right now (the request is about to be written; a commit
 * killed mid-way stops standing once its lease is over). A key
 * left by an import that did not go through (it fell back to FORMAT_INVALIDE, say) stands for
 * nothing. The requests are read at once (strongly consistent), then the imports of the holders
 * that have none.
 */
async function standingOf(stores: KeyStores, holders: ReadonlyMap<string, [Unicite, KeyKind]>, now: Date): Promise<Map<string, boolean>> {
  const standing = new Map<string, boolean>();
  if (holders.size === 0) return standing;
  const all = [...holders.values()];
  const requests = new Map((await stores.demandes.getMany(all.map(([h]) => h.numeroDossier))).map((r) => [r.numeroDossier, r.statut]));
  const orphans = [...new Set(all.filter(([h]) => !requests.has(h.numeroDossier)).map(([h]) => h.identifiantImport))];
  const imports = new Map(await mapLimit(orphans, READS_AT_ONCE, async (id) => [id, await stores.imports.get(id)] as const));
  for (const [cle, [holder, kind]] of holders) {
    const request = requests.get(holder.numeroDossier);
    const holderImport = imports.get(holder.identifiantImport);
    standing.set(cle, request ? requestHoldsKey(request, kind) : holderImport !== undefined && commitIsLive(holderImport, now));
  }
  return standing;
}

/** The one holder's standing, read now (a key found taken after the batch read). */
async function stillStands(stores: KeyStores, holder: Unicite, kind: KeyKind, now: Date): Promise<boolean> {
  return (await standingOf(stores, new Map([[holder.cle, [holder, kind]]]), now)).get(holder.cle)!;
}

/**
 * Every key of these lines read at once, and the standing of each holder found — but the lines'
 * own (`own(i)`: a replay finds its keys its own, and they need no answer).
 */
async function readKeys(stores: KeyStores, keys: readonly ImportKeys[], own: (index: number) => UniciteHolder | undefined, now: Date) {
  const held = await stores.unicites.getMany(keys.flatMap((k) => keysWithKind(k).map(([cle]) => cle)));
  const holders = new Map<string, [Unicite, KeyKind]>();
  keys.forEach((k, i) => {
    const mine = own(i);
    for (const [cle, kind] of keysWithKind(k)) {
      const holder = held.get(cle);
      if (holder && !(mine && isHeldBy(holder, mine))) holders.set(cle, [holder, kind]);
    }
  });
  return { held, standing: await standingOf(stores, holders, now) };
}

/** What the import would say of each line given the data stored now (reads only, in a few batches). */
export async function forecastLines(stores: KeyStores, lines: readonly LineIdentity[], now: Date): Promise<Issue[][]> {
  const keys = lines.map(importKeysOf);
  const { held, standing } = await readKeys(stores, keys, () => undefined, now);
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

/** One line of an import: who it is, and the holder its keys name (its import and line number). */
export interface LineToImport {
  identity: LineIdentity;
  holder: UniciteHolder;
}

export type LineImport =
  /** `replayed`: its request key was already its own (an earlier attempt took it), so its request may exist. */
  | { accepted: true; numeroDossier: string; replayed: boolean }
  | { accepted: false; issues: Issue[] };
type KeyOutcome = { held: true; key: Unicite } | { held: false; holder: Unicite };

/** What the batch read tells of the lines' keys, for the writes that follow it. */
interface KeyView {
  stores: KeyStores;
  now: Date;
  held: ReadonlyMap<string, Unicite>;
  standing: ReadonlyMap<string, boolean>;
}

/**
 * Imports the lines: every key read at once, then for each line (a bounded number at a time) the
 * keys it must take, taken by conditional writes, or found its own on a replay (which keeps the
 * number first given); a refused line gives back what it took. `numbers(count)` takes dossier
 * numbers for the lines that may take their request key (neither theirs already nor held against
 * them by a holder that stands); `afterLine` is told of each line judged.
 */
export async function importLines(
  stores: KeyStores,
  now: Date,
  lines: readonly LineToImport[],
  numbers: (count: number) => Promise<(rank: number) => string>,
  afterLine?: (index: number) => void,
): Promise<LineImport[]> {
  const keys = lines.map((l) => importKeysOf(l.identity));
  const { held, standing } = await readKeys(stores, keys, (i) => lines[i]!.holder, now);
  // Dossier numbers, in line order, only for the lines that may take their request key: not those
  // that hold it already (a replay keeps its number), nor those it is held against by a holder
  // that stands (refused, IMP-02, without a write).
  const ranks = new Map<number, number>();
  keys.forEach((k, i) => {
    const holder = held.get(k.request);
    if (!holder || (!isHeldBy(holder, lines[i]!.holder) && standing.get(k.request) !== true)) ranks.set(i, ranks.size);
  });
  const numberOf = ranks.size > 0 ? await numbers(ranks.size) : () => '';
  const view: KeyView = { stores, now, held, standing };
  return mapLimit(lines, LINES_AT_ONCE, async (line, index) => {
    const rank = ranks.get(index);
    const outcome = await importLine(view, line, keys[index]!, rank === undefined ? undefined : numberOf(rank));
    afterLine?.(index);
    return outcome;
  });
}

/**
 * Imports one line: takes its keys under the candidate dossier number, or finds them already its
 * own (a replay keeps the number first given). Refused, it gives back what it took.
 */
async function importLine(view: KeyView, { identity: line, holder }: LineToImport, keys: ImportKeys, candidate: string | undefined): Promise<LineImport> {
  const { stores } = view;
  const wanted = (cle: string, numeroDossier: string): Unicite => ({ cle, ...holder, numeroDossier, siret: line.siret, finess: line.finess });
  const codes: ImportCode[] = [];
  let ownDossier: string | undefined;

  // IMP-02: this supplier's request key; one left by an import that did not go through is taken over
  const mine = view.held.get(keys.request);
  const replayed = mine !== undefined && isHeldBy(mine, holder);
  // (no candidate: the key is held against the line, which takeKey answers without writing)
  const request: KeyOutcome = replayed ? { held: true, key: mine } : await takeKey(view, wanted(keys.request, candidate ?? ''), 'request');
  const numeroDossier = request.held ? request.key.numeroDossier : '';
  if (!request.held) {
    codes.push('IMP-02');
    ownDossier = request.holder.numeroDossier;
  }

  // IMP-01: the beneficiary's AVANCE key, for any supplier; a REJETEE request no longer holds it
  let beneficiaryHeld = false;
  if (keys.beneficiary) {
    if (request.held) {
      beneficiaryHeld = (await takeKey(view, wanted(keys.beneficiary, numeroDossier), 'beneficiary')).held;
      if (!beneficiaryHeld) codes.push('IMP-01');
    } else {
      const other = view.held.get(keys.beneficiary);
      if (other && !isHeldBy(other, holder) && view.standing.get(keys.beneficiary) === true) codes.push('IMP-01');
    }
  }

  // IMP-03: a SOLDE follows this supplier's imported AVANCE of the same request and beneficiary
  if (keys.advance) {
    const advance = view.held.get(keys.advance);
    if (!advance || advance.finess !== line.finess || view.standing.get(keys.advance) !== true) codes.push('IMP-03');
  }

  if (codes.length === 0) return { accepted: true, numeroDossier, replayed };
  await Promise.all([
    request.held ? stores.unicites.deleteIfHeld(keys.request, holder) : undefined,
    beneficiaryHeld && keys.beneficiary ? stores.unicites.deleteIfHeld(keys.beneficiary, holder) : undefined,
  ]);
  return { accepted: false, issues: codes.map((code) => importIssue(code, line, code === 'IMP-02' ? ownDossier : undefined)) };
}

/**
 * Takes a key, or takes it over from a holder that no longer stands; otherwise tells who holds it.
 * What the batch read found decides without writing: the key already this line's (a replay), or
 * held by a holder that stands. Found held by one that no longer stands, it is taken over if it
 * still names that holder; found free, or moved since the read, it is written now.
 */
async function takeKey(view: KeyView, wanted: Unicite, kind: KeyKind): Promise<KeyOutcome> {
  const found = view.held.get(wanted.cle);
  if (found) {
    if (isHeldBy(found, wanted)) return { held: true, key: found };
    if (view.standing.get(wanted.cle) === true) return { held: false, holder: found };
  }
  // past this point the key is written: never without a dossier number
  if (!wanted.numeroDossier) throw new Error(`uniqueness key ${wanted.cle}: no dossier number to take it with`);
  if (found && (await view.stores.unicites.replaceIf(wanted, found.numeroDossier))) return { held: true, key: wanted };
  return takeKeyNow(view.stores, wanted, kind, view.now);
}

/** Takes a key as if nothing had been read: written if absent, else its holder read and judged now. */
async function takeKeyNow(stores: KeyStores, wanted: Unicite, kind: KeyKind, now: Date): Promise<KeyOutcome> {
  const outcome = await putKey(stores, wanted);
  if (outcome.held || (await stillStands(stores, outcome.holder, kind, now))) return outcome;
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
