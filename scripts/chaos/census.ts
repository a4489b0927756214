/**
 * The count at the end of a chaos run, read through the API as the suppliers see it (every import,
 * every request, every archive of both demo suppliers) and, for the stored documents, through the
 * documents bucket with the local stack's credentials. Each figure must be 0.
 */
import { createHash } from 'node:crypto';
import { archiveDocumentsFolder } from '../../shared/app/object-keys.js';
import { mapLimit } from '../../shared/lib/map-limit.js';
import { importDocuments, receivedKeys, sleep, UnreadableObject, type ExpectedView, type LocalBuckets, type SupplierClient } from './client.js';
import type { Flow } from './flow.js';

/** SPEC §6: the states an import may end in; IMPORTE counts as settled (it waits for its supplier). */
export const SETTLED = ['FORMAT_INVALIDE', 'SIMULATION_EN_ERREUR', 'SIMULATION_VALIDE', 'ERREUR_TECHNIQUE', 'TERMINE', 'IMPORTE'];

export interface Figure {
  label: string;
  value: number;
  /** Which imports, requests or documents, for the report (a few). */
  details: string[];
}

export interface Census {
  figures: Figure[];
  imports: number;
  importsByState: Record<string, number>;
  /** Imports left waiting for a file never uploaded (a client that lost the answer of POST /imports): not in progress. */
  neverUploaded: number;
  requests: number;
  archivesByVerdict: Record<string, number>;
  /** Counted and shown, but not a fault by themselves (see the report). */
  notes: Figure[];
  /** TERMINE imports the run has no record of at TERMINE (a flow stopped before it could read them). */
  termineWithoutSnapshot: number;
}

interface ImportView {
  identifiant: number;
  statut: string;
  erreurTechnique?: string;
  compteRendu: { nombreLignes: number; nombreLignesImportees: number; nombreLignesRejetees: number } | null;
}

interface RequestView {
  numeroDossier: string;
  piecesAttendues: { nomFichier: string; recue: boolean }[];
  identifiantImport: number;
  numLigne: number;
  logiciel: string;
  FINESSPMSI: string;
  statut: string;
}

interface ArchiveView {
  identifiant: number;
  statut: string;
  code: string | null;
}

class Counter implements Figure {
  value = 0;
  details: string[] = [];
  constructor(readonly label: string) {}
  add(n: number, detail: string): void {
    if (n <= 0) return;
    this.value += n;
    if (this.details.length < 8) this.details.push(detail);
  }
}

export async function takeCensus(clients: readonly SupplierClient[], buckets: LocalBuckets, flows: readonly Flow[], signal: AbortSignal): Promise<Census> {
  const notSettled = new Counter('imports ni dans un état final ni IMPORTE');
  const pendingArchives = new Counter('archives téléversées restées sans verdict');
  const duplicates = new Counter('demandes en double');
  const lost = new Counter('numéros de dossier perdus');
  const changed = new Counter('documents modifiés après TERMINE');
  const rejected = new Counter("lignes valides rejetées à l'import");
  const incomplete = new Counter("demandes d'un import TERMINE restées INCOMPLETE");
  const keptFromRefused = new Counter("documents gardés d'une archive refusée");
  const corrupt = new Counter('pièces reçues illisibles ou altérées dans le stockage');
  const leftovers = new Counter('copies non reçues laissées illisibles ou altérées (par un traitement tué, remplacées)');
  const missing = new Counter('pièces reçues absentes du stockage');

  const census: Census = {
    figures: [],
    notes: [],
    imports: 0,
    importsByState: {},
    neverUploaded: 0,
    requests: 0,
    archivesByVerdict: {},
    termineWithoutSnapshot: 0,
  };
  const flowOfImport = new Map<number, Flow>();
  for (const flow of flows) for (const id of flow.imports) flowOfImport.set(id, flow);
  const snapshots = new Map(flows.flatMap((f) => (f.snapshot ? [[f.snapshot.importId, f.snapshot] as const] : [])));

  const allRequests: RequestView[] = [];
  for (const client of clients) {
    const imports = (await client.listAll('/imports', signal)) as ImportView[];
    const requests = (await client.listAll('/demandes', signal)) as RequestView[];
    allRequests.push(...requests);
    census.imports += imports.length;
    census.requests += requests.length;
    const requestsOf = new Map<number, RequestView[]>();
    for (const r of requests) requestsOf.set(r.identifiantImport, [...(requestsOf.get(r.identifiantImport) ?? []), r]);

    for (const listed of imports) {
      census.importsByState[listed.statut] = (census.importsByState[listed.statut] ?? 0) + 1;
      if (!SETTLED.includes(listed.statut)) {
        // an import whose file never came is waiting for its supplier, not for the service
        if (listed.statut === 'EN_ATTENTE_FICHIER' && !(await buckets.uploaded(`depots/${client.siret}/${listed.identifiant}/fichier.json`, signal))) {
          census.neverUploaded++;
        } else {
          const record = (await client.request('GET', `/imports/${listed.identifiant}`, signal)).body as ImportView;
          notSettled.add(1, `import ${listed.identifiant} : ${record.statut}${record.erreurTechnique ? ' (erreurTechnique)' : ''}`);
        }
        continue;
      }
      if (listed.statut !== 'IMPORTE' && listed.statut !== 'TERMINE') continue;

      const record = (await client.request('GET', `/imports/${listed.identifiant}`, signal)).body as ImportView;
      const own = requestsOf.get(listed.identifiant) ?? [];
      const imported = record.compteRendu?.nombreLignesImportees ?? 0;
      lost.add(imported - own.length, `import ${listed.identifiant} : ${imported} lignes importées, ${own.length} demandes trouvées`);
      rejected.add(record.compteRendu?.nombreLignesRejetees ?? 0, `import ${listed.identifiant} : ${record.compteRendu?.nombreLignesRejetees} rejetée(s)`);
      const flow = flowOfImport.get(listed.identifiant);
      if (flow && record.compteRendu && record.compteRendu.nombreLignes !== flow.lines) {
        lost.add(Math.max(0, flow.lines - record.compteRendu.nombreLignes), `import ${listed.identifiant} : ${record.compteRendu.nombreLignes} lignes comptées sur ${flow.lines}`);
      }
      if (listed.statut === 'TERMINE') {
        const left = own.filter((r) => r.statut === 'INCOMPLETE');
        incomplete.add(left.length, `import ${listed.identifiant} : ${left.length} demande(s) INCOMPLETE`);
      }

      const list = (await client.request('GET', `/imports/${listed.identifiant}/pieces-jointes`, signal)).body as {
        attendues: ExpectedView[];
        archives: ArchiveView[];
      };
      for (const archive of list.archives) {
        const verdict = archive.statut === 'REFUSEE' ? `REFUSEE ${archive.code}` : archive.statut;
        census.archivesByVerdict[verdict] = (census.archivesByVerdict[verdict] ?? 0) + 1;
        if (archive.statut === 'EN_COURS') pendingArchives.add(1, `archive ${archive.identifiant} de l'import ${listed.identifiant} : EN_COURS`);
        else if (archive.statut === 'EN_ATTENTE' && (await buckets.uploaded(`pieces/${client.siret}/${listed.identifiant}/${archive.identifiant}.zip`, signal))) {
          pendingArchives.add(1, `archive ${archive.identifiant} de l'import ${listed.identifiant} : EN_ATTENTE, téléversée`);
        }
      }

      // a received document is kept in the folder of the archive that brought it last (SPEC §7)
      const received = receivedKeys(client.siret, listed.identifiant, list.attendues);
      const { documents: stored, unreadable } = await importDocuments(buckets, client.siret, listed.identifiant, [...received], signal);
      for (const key of received) if (!stored.has(key) && !unreadable.includes(key)) missing.add(1, `${key} : reçue, mais absente`);
      // a received document must be whole; a copy not received may be what a killed unpacking left
      const damaged = (key: string, what: string) => (received.has(key) ? corrupt : leftovers).add(1, `${key} : ${what}`);
      for (const key of unreadable) damaged(key, 'illisible (le S3 local répond 500)');
      // each stored document is one of the copies sent, whole, under its own ETag
      const sentCopies = new Map<string, Set<string>>();
      for (const a of flow?.archives ?? []) {
        if (a.importId !== listed.identifiant) continue;
        for (const [name, md5] of a.documents) sentCopies.set(name, (sentCopies.get(name) ?? new Set()).add(md5));
      }
      await mapLimit([...stored], 16, async ([key, object]) => {
        let bytes: Buffer | undefined;
        try {
          bytes = await buckets.readDocument(key, signal);
        } catch (error) {
          if (!(error instanceof UnreadableObject)) throw error;
          return damaged(key, 'illisible (le S3 local répond 500)');
        }
        if (!bytes) return;
        const md5 = createHash('md5').update(bytes).digest('hex');
        const name = key.slice(key.lastIndexOf('/') + 1);
        if (object.etag.replaceAll('"', '') !== md5) damaged(key, `ETag ${object.etag} ≠ MD5 du contenu ${md5} (${bytes.length} octets)`);
        else if (flow && !sentCopies.get(name)?.has(md5)) damaged(key, `contenu (${bytes.length} octets) qui n'est aucune des copies envoyées`);
      });
      // SPEC §7: an archive refused (as a whole, or after Finish) keeps nothing of its documents
      for (const archive of list.archives.filter((a) => a.statut === 'REFUSEE')) {
        const folder = archiveDocumentsFolder(client.siret, listed.identifiant, archive.identifiant);
        for (const key of [...stored.keys(), ...unreadable].filter((k) => k.startsWith(folder))) {
          keptFromRefused.add(1, `import ${listed.identifiant}, archive ${archive.identifiant} (${archive.code}) : ${key} gardé`);
        }
      }

      if (listed.statut !== 'TERMINE') continue;
      const snapshot = snapshots.get(listed.identifiant);
      if (!snapshot) {
        census.termineWithoutSnapshot++;
        continue;
      }
      // SPEC §7: no document stored or replaced once TERMINE
      const finishedAt = Date.parse(snapshot.dateFin);
      const changedKeys = new Set<string>();
      for (const key of snapshot.unreadable) if (!unreadable.includes(key)) changedKeys.add(`${key} : illisible à TERMINE, lisible depuis`);
      for (const [key, before] of snapshot.documents) {
        const now = received.has(key) ? stored.get(key) : undefined;
        if (!now && unreadable.includes(key)) changedKeys.add(`${key} : devenu illisible après TERMINE`);
        else if (!now || now.etag !== before.etag || now.lastModified !== before.lastModified) changedKeys.add(`${key} : ${before.etag} → ${now?.etag ?? 'supprimé'}`);
      }
      for (const [key, now] of stored) {
        if (!received.has(key)) continue;
        if (!snapshot.documents.has(key) && snapshot.unreadable.includes(key)) continue;
        if (!snapshot.documents.has(key)) changedKeys.add(`${key} : ajouté après TERMINE`);
        else if (Date.parse(now.lastModified) > finishedAt) changedKeys.add(`${key} : écrit le ${now.lastModified}, après TERMINE (${snapshot.dateFin})`);
      }
      for (const a of list.attendues) {
        if (snapshot.recues.get(a.nomFichier) !== a.recue) changedKeys.add(`${a.nomFichier} : reçue ${snapshot.recues.get(a.nomFichier)} → ${a.recue}`);
      }
      for (const c of changedKeys) changed.add(1, `import ${listed.identifiant} : ${c}`);
    }
  }

  // the same line twice, or the same beneficiary and logiciel twice (every line of the run has its own)
  const extra = new Set<string>();
  const groupBy = (key: (r: RequestView) => string, what: string) => {
    const groups = new Map<string, RequestView[]>();
    for (const r of allRequests) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
    for (const [k, group] of groups) {
      if (group.length < 2) continue;
      for (const r of group.slice(1)) {
        if (!extra.has(r.numeroDossier)) duplicates.add(1, `${what} ${k} : ${group.map((g) => g.numeroDossier).join(', ')}`);
        extra.add(r.numeroDossier);
      }
    }
  };
  groupBy((r) => `${r.identifiantImport}/${r.numLigne}`, 'import/ligne');
  groupBy((r) => `${r.logiciel}/${r.FINESSPMSI}`, 'logiciel/FINESS');
  const numbers = new Map<string, number>();
  for (const r of allRequests) numbers.set(r.numeroDossier, (numbers.get(r.numeroDossier) ?? 0) + 1);
  for (const [numero, n] of numbers) lost.add(n - 1, `numéro ${numero} donné ${n} fois`);

  census.figures = [notSettled, duplicates, lost, changed, pendingArchives, rejected, incomplete, missing, corrupt, keptFromRefused];
  census.notes = [leftovers];
  return census;
}

/**
 * Waits until no import of either supplier is in progress (an import waiting for a file never
 * uploaded is not), or `deadline` (performance.now()) passes: the work nobody's client watches
 * any more (a flow that stopped) is given its time too. Returns how many are still in progress.
 */
export async function waitUntilSettled(clients: readonly SupplierClient[], buckets: LocalBuckets, deadline: number, signal: AbortSignal): Promise<number> {
  for (;;) {
    let inProgress = 0;
    for (const client of clients) {
      for (const listed of (await client.listAll('/imports', signal)) as ImportView[]) {
        if (SETTLED.includes(listed.statut)) continue;
        if (listed.statut === 'EN_ATTENTE_FICHIER' && !(await buckets.uploaded(`depots/${client.siret}/${listed.identifiant}/fichier.json`, signal))) continue;
        inProgress++;
      }
    }
    if (inProgress === 0 || performance.now() >= deadline) return inProgress;
    await sleep(500, signal);
  }
}
