/**
 * One supplier's whole deposit, driven over HTTP as a client would while the service is killed
 * under it: a file of 50–200 valid lines (each line its own beneficiary and numéro éditeur, so no
 * line of the run can rightly be refused), its simulation, its import, its documents in one or two
 * archives, and Finish — sometimes with one more archive (new copies of a few documents) sent just
 * before Finish, so that Finish and an unpacking race. What the supplier sees is checked as it goes
 * (an answer no valid deposit should get is an anomaly), and at TERMINE the expected documents and
 * the stored copies are recorded, to be compared at the end.
 */
import { createHash } from 'node:crypto';
import { DPI_ANS, DPI_SIRET, PFI_ANS, PFI_SIRET, bytesOf, validLine } from '../../test/fixtures/deposit-files.js';
import { buildZip } from '../../test/fixtures/zip-builder.js';
import { importDocuments, receivedKeys, sleep, type ExpectedView, type LocalBuckets, type StoredObject, type SupplierClient, type Televersement } from './client.js';
import type { Random } from './random.js';

/** Where the client stands (what it is waiting for). */
export type ClientPhase = 'depot' | 'simulation' | 'import' | 'envoi-archive' | 'depaquetage' | 'fin' | 'fini';

export const SUPPLIERS = [
  { siret: DPI_SIRET, numeroAns: DPI_ANS, logiciel: 'DPI' as const },
  { siret: PFI_SIRET, numeroAns: PFI_ANS, logiciel: 'PFI' as const },
];

const POLL_MS = 50;
const SIMULATION_OVER = ['SIMULATION_VALIDE', 'SIMULATION_EN_ERREUR', 'FORMAT_INVALIDE', 'ERREUR_TECHNIQUE'];
const ARCHIVE_OVER = ['TRAITEE', 'REFUSEE'];
/** A deposit whose simulation failed for good (ERREUR_TECHNIQUE) is deposited again, this many times in all at most. */
const DEPOSITS = 3;
/** POST /importer sent again after `erreurTechnique`, and archives sent again, at most. */
const RETRIES = 6;

/** An archive the flow sent: its documents' contents (as MD5, the ETag S3 gives them), and what became of it. */
export interface SentArchive {
  importId: number;
  identifiant: number;
  /** nomFichier → MD5 of the content sent (each copy of a document is unique in the run). */
  documents: Map<string, string>;
  /** The upload was sent (answered or not): its object may be in the uploads bucket. */
  uploaded: boolean;
  /** The extra archive sent just before Finish. */
  racing: boolean;
  statut?: string;
  code?: string | null;
}

/** What the flow recorded when its import became TERMINE. */
export interface TermineSnapshot {
  importId: number;
  siret: string;
  dateFin: string;
  /** The expected documents, received or not. */
  recues: Map<string, boolean>;
  /** The stored documents of the import (documents bucket, `pieces/<siret>/<import>/`). */
  documents: Map<string, StoredObject>;
  /** Those the local S3 could not read then. */
  unreadable: string[];
}

export interface Flow {
  index: number;
  siret: string;
  numeroAns: string;
  logiciel: 'DPI' | 'PFI';
  lines: number;
  /** The run-wide number of its first line (beneficiary and numéro éditeur). */
  firstLine: number;
  phase: ClientPhase;
  phaseSince: number;
  /** Every import the flow created (some may have lost their answer: not here then). */
  imports: number[];
  /** The import being driven. */
  current?: number;
  /** Imports whose file upload was sent. */
  uploaded: Set<number>;
  archives: SentArchive[];
  /** A Finish is on its way. */
  finishing: boolean;
  snapshot?: TermineSnapshot;
  /** How it ended (the last state of its import, or why it stopped). */
  outcome?: string;
  redeposits: number;
  relaunchedImports: number;
  resentArchives: number;
  anomalies: string[];
}

export interface FlowContext {
  client: SupplierClient;
  buckets: LocalBuckets;
  rng: Random;
  signal: AbortSignal;
  /** Told each time a flow's phase changes (to learn how long phases last). */
  onPhase(flow: Flow, from: ClientPhase, ms: number): void;
  /** After the last restart: the flow sees its current step through, and starts no new one. */
  windingDown(): boolean;
}

export function newFlow(index: number, supplier: (typeof SUPPLIERS)[number], lines: number, firstLine: number): Flow {
  return {
    index,
    ...supplier,
    lines,
    firstLine,
    phase: 'depot',
    phaseSince: performance.now(),
    imports: [],
    uploaded: new Set(),
    archives: [],
    finishing: false,
    redeposits: 0,
    relaunchedImports: 0,
    resentArchives: 0,
    anomalies: [],
  };
}

/** The deposit file: `lines` valid AVANCE lines numbered 1…, each with a beneficiary and numéro éditeur of its own in the run. */
export function depositFile(flow: Flow): Buffer {
  const lignesImport = Array.from({ length: flow.lines }, (_, i) => ({ ...validLine(flow.firstLine + i, flow.logiciel), numLigne: i + 1 }));
  return bytesOf({ numeroAns: flow.numeroAns, siret: flow.siret, lignesImport });
}

export async function runFlow(flow: Flow, ctx: FlowContext): Promise<void> {
  const { client, signal } = ctx;
  const enter = (phase: ClientPhase) => {
    const now = performance.now();
    ctx.onPhase(flow, flow.phase, now - flow.phaseSince);
    flow.phase = phase;
    flow.phaseSince = now;
  };
  const anomaly = (what: string) => flow.anomalies.push(`parcours ${flow.index} (import ${flow.current ?? '?'}) : ${what}`);
  const file = depositFile(flow);
  const wound = (statut: string) => ctx.windingDown() && (finish(flow, `arrêté à ${statut}`, enter), true);

  // ---- the deposit and its simulation
  let status: any;
  for (let deposit = 1; ; deposit++) {
    enter('depot');
    const created = await client.request('POST', '/imports', signal, { numeroAns: flow.numeroAns, typeDemande: 'AVANCE', tauxTva: 20, nomFichier: `chaos-${flow.index}.json` });
    if (created.status !== 201) return stop(flow, `POST /imports : ${created.status}`, anomaly);
    const id = created.body.identifiant as number;
    flow.imports.push(id);
    flow.current = id;
    flow.uploaded.add(id);
    const upload = await client.upload(created.body.televersement as Televersement, file, `chaos-${flow.index}.json`, 'application/json', signal);
    if (upload.status >= 300) return stop(flow, `téléversement du fichier refusé : ${upload.status} ${String(upload.body).slice(0, 200)}`, anomaly);
    enter('simulation');
    status = await pollImport(ctx, id, (s) => SIMULATION_OVER.includes(s.statut));
    if (status.statut !== 'ERREUR_TECHNIQUE' || deposit >= DEPOSITS || wound(status.statut)) break;
    flow.redeposits++; // SPEC §6: the supplier deposits again
  }
  if (status.statut !== 'SIMULATION_VALIDE') {
    if (status.statut !== 'ERREUR_TECHNIQUE') anomaly(`simulation d'un fichier valide : ${status.statut}`);
    return flow.outcome ? undefined : finish(flow, status.statut, enter);
  }
  const id = flow.current!;
  if (wound(status.statut)) return;

  // ---- the import (POST /importer again when the commit gave up: SPEC §6)
  for (let attempt = 1; ; attempt++) {
    const started = await client.request('POST', `/imports/${id}/importer`, signal);
    if (started.status !== 202 && started.status !== 200) return stop(flow, `POST /importer : ${started.status} ${JSON.stringify(started.body)}`, anomaly);
    enter('import');
    status = await pollImport(ctx, id, (s) => s.statut !== 'IMPORT_EN_COURS' || Boolean(s.erreurTechnique));
    if (status.statut !== 'IMPORT_EN_COURS' || attempt >= RETRIES) break;
    flow.relaunchedImports++;
  }
  if (status.statut !== 'IMPORTE') {
    anomaly(`import d'un fichier validé : ${status.statut}${status.erreurTechnique ? ` (${status.erreurTechnique})` : ''}`);
    return finish(flow, status.statut, enter);
  }
  if (status.compteRendu?.nombreLignesRejetees) anomaly(`${status.compteRendu.nombreLignesRejetees} ligne(s) valide(s) rejetée(s) à l'import`);
  if (wound('IMPORTE')) return;

  // ---- the documents, in one or two archives
  const attendues = (await attachments(ctx, id)).attendues as { nomFichier: string }[];
  const names = attendues.map((a) => a.nomFichier);
  const cut = ctx.rng.chance(0.5) ? ctx.rng.int(1, names.length - 1) : names.length;
  let version = 1;
  for (const group of [names.slice(0, cut), names.slice(cut)].filter((g) => g.length > 0)) {
    if (wound('IMPORTE')) return;
    if (!(await sendUntilReceived(flow, ctx, id, group, version++, enter, anomaly))) return finish(flow, ctx.windingDown() ? 'arrêté à IMPORTE' : 'IMPORTE', enter);
  }

  // ---- sometimes one more archive (new copies of a few documents), and Finish at once
  if (wound('IMPORTE')) return;
  let racing: SentArchive | undefined;
  if (ctx.rng.chance(0.5)) {
    const few = names.filter(() => ctx.rng.chance(0.1)).slice(0, 5);
    enter('envoi-archive');
    racing = await sendArchive(flow, ctx, id, few.length > 0 ? few : [names[0]!], version++, true);
    if (racing) enter('depaquetage');
  }

  // ---- Finish
  for (let attempt = 1; ; attempt++) {
    if (!racing) enter('fin');
    flow.finishing = true;
    const done = await client.request('POST', `/imports/${id}/terminer`, signal).finally(() => (flow.finishing = false));
    if (done.status === 200) {
      await recordTermine(flow, ctx, id, done.body.dateFin as string);
      break;
    }
    const code = done.body?.code as string | undefined;
    if (done.status === 409 && code === 'ARCHIVES_EN_COURS' && attempt < 2_000) {
      await sleep(POLL_MS, signal);
      continue;
    }
    if (done.status === 409 && code === 'PIECES_MANQUANTES' && attempt < RETRIES) {
      const manquantes = (done.body.manquantes as { nomFichier: string }[]).map((m) => m.nomFichier);
      anomaly(`Finish refusé PIECES_MANQUANTES alors que toutes étaient reçues (${manquantes.length})`);
      if (!(await sendUntilReceived(flow, ctx, id, manquantes, version++, enter, anomaly))) return finish(flow, ctx.windingDown() ? 'arrêté à IMPORTE' : 'IMPORTE', enter);
      continue;
    }
    return stop(flow, `POST /terminer : ${done.status} ${JSON.stringify(done.body)}`, anomaly);
  }
  // the racing archive's verdict: judged before Finish, or refused ETAT_INCOMPATIBLE after it
  if (racing) await pollArchive(ctx, racing);
  finish(flow, 'TERMINE', enter);
}

function finish(flow: Flow, outcome: string, enter: (p: ClientPhase) => void): void {
  flow.outcome = outcome;
  enter('fini');
}

function stop(flow: Flow, why: string, anomaly: (what: string) => void): void {
  anomaly(why);
  flow.outcome = 'anomalie';
  flow.phase = 'fini';
}

async function pollImport(ctx: FlowContext, id: number, over: (s: any) => boolean): Promise<any> {
  for (;;) {
    const res = await ctx.client.request('GET', `/imports/${id}`, ctx.signal);
    if (res.status !== 200) throw new Error(`GET /imports/${id} : ${res.status}`);
    if (over(res.body)) return res.body;
    await sleep(POLL_MS, ctx.signal);
  }
}

async function attachments(ctx: FlowContext, id: number): Promise<any> {
  const res = await ctx.client.request('GET', `/imports/${id}/pieces-jointes`, ctx.signal);
  if (res.status !== 200) throw new Error(`GET /imports/${id}/pieces-jointes : ${res.status}`);
  return res.body;
}

/** A document's content: a PDF header, then bytes of its own (incompressible: no ratio refusal). */
function documentContent(flow: Flow, ctx: FlowContext, name: string, version: number): Buffer {
  const head = Buffer.from(`%PDF-1.4\n%chaos parcours ${flow.index} version ${version} ${name}\n`);
  return Buffer.concat([head, ctx.rng.bytes(ctx.rng.int(600, 2_400))]);
}

/** Creates an archive of `names` and uploads it; undefined if refused at creation (an anomaly). */
async function sendArchive(flow: Flow, ctx: FlowContext, id: number, names: readonly string[], version: number, racing: boolean): Promise<SentArchive | undefined> {
  const nomArchive = `chaos-${flow.index}-v${version}.zip`;
  const created = await ctx.client.request('POST', `/imports/${id}/pieces-jointes`, ctx.signal, { nomArchive });
  if (created.status !== 201) {
    flow.anomalies.push(`parcours ${flow.index} (import ${id}) : POST pieces-jointes : ${created.status} ${JSON.stringify(created.body)}`);
    return undefined;
  }
  const documents = new Map<string, string>();
  const entries = names.map((name) => {
    const data = documentContent(flow, ctx, name, version);
    documents.set(name, createHash('md5').update(data).digest('hex'));
    return { name, data };
  });
  const sent: SentArchive = { importId: id, identifiant: created.body.identifiant as number, documents, uploaded: true, racing };
  flow.archives.push(sent);
  const upload = await ctx.client.upload(created.body.televersement as Televersement, buildZip(entries), nomArchive, 'application/zip', ctx.signal);
  if (upload.status >= 300) {
    flow.anomalies.push(`parcours ${flow.index} (import ${id}) : téléversement d'archive refusé : ${upload.status}`);
    return undefined;
  }
  return sent;
}

async function pollArchive(ctx: FlowContext, sent: SentArchive): Promise<void> {
  for (;;) {
    const list = (await attachments(ctx, sent.importId)).archives as { identifiant: number; statut: string; code: string | null }[];
    const archive = list.find((a) => a.identifiant === sent.identifiant);
    if (archive && ARCHIVE_OVER.includes(archive.statut)) {
      sent.statut = archive.statut;
      sent.code = archive.code;
      return;
    }
    await sleep(POLL_MS, ctx.signal);
  }
}

/** Sends `names` until each is received: again after a technical failure; a file refused is an anomaly. */
async function sendUntilReceived(
  flow: Flow,
  ctx: FlowContext,
  id: number,
  names: readonly string[],
  version: number,
  enter: (p: ClientPhase) => void,
  anomaly: (what: string) => void,
): Promise<boolean> {
  let missing = [...names];
  for (let attempt = 1; attempt <= RETRIES; attempt++) {
    if (attempt > 1 && ctx.windingDown()) return false;
    enter('envoi-archive');
    const sent = await sendArchive(flow, ctx, id, missing, version * 100 + attempt, false);
    if (!sent) return false;
    enter('depaquetage');
    await pollArchive(ctx, sent);
    if (sent.statut === 'REFUSEE' && sent.code !== 'ERREUR_TECHNIQUE') {
      anomaly(`archive ${sent.identifiant} refusée : ${sent.code}`);
      return false;
    }
    const recues = new Map(((await attachments(ctx, id)).attendues as { nomFichier: string; recue: boolean }[]).map((a) => [a.nomFichier, a.recue]));
    const notReceived = missing.filter((n) => !recues.get(n));
    if (sent.statut === 'TRAITEE' && notReceived.length > 0) anomaly(`archive ${sent.identifiant} traitée mais ${notReceived.length} pièce(s) non reçue(s)`);
    if (notReceived.length === 0) return true;
    missing = notReceived;
    flow.resentArchives++;
  }
  anomaly(`pièces toujours manquantes après ${RETRIES} archives`);
  return false;
}

/** At TERMINE: the expected documents (received or not) and the stored copies, as they are now. */
async function recordTermine(flow: Flow, ctx: FlowContext, id: number, dateFin: string): Promise<void> {
  const attendues = (await attachments(ctx, id)).attendues as ExpectedView[];
  const received = receivedKeys(flow.siret, id, attendues);
  const stored = await importDocuments(ctx.buckets, flow.siret, id, [...received], ctx.signal);
  const recues = new Map(attendues.map((a) => [a.nomFichier, a.recue]));
  // the documents kept: the received ones (a refused archive's folder may still be emptied after)
  const documents = new Map([...stored.documents].filter(([key]) => received.has(key)));
  flow.snapshot = { importId: id, siret: flow.siret, dateFin, recues, documents, unreadable: stored.unreadable.filter((k) => received.has(k)) };
}
