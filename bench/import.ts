/** The import on the local stack (issue 4): POST /imports/{id}/importer → IMPORTE for a 200-line file. */
import { issueLocalToken } from '../local/local-token.js';
import { bytesOf, DPI_SIRET, validFile, validLine } from '../test/fixtures/deposit-files.js';
import { startServiceProcess } from './local-service.js';
import { ms, percentile } from './measure.js';

const IMPORTS = 20;
const LINES = 200;

export async function benchImport(): Promise<void> {
  const service = await startServiceProcess();
  try {
    const token = await issueLocalToken(service.dataDir, DPI_SIRET);
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${service.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
    const statusOf = async (id: number) => ((await (await api(`/imports/${id}`)).json()) as { statut: string; erreurTechnique?: string });
    const waitFor = async (id: number, done: (s: string) => boolean) => {
      for (;;) {
        const s = await statusOf(id);
        if (done(s.statut) || s.erreurTechnique) return s;
        await new Promise((r) => setTimeout(r, 5));
      }
    };

    const durations: number[] = [];
    for (let n = 0; n < IMPORTS; n++) {
      const file = validFile(0);
      file.lignesImport = Array.from({ length: LINES }, (_, i) => ({ ...validLine(n * LINES + i + 1), numLigne: i + 1 }));
      const created = (await (
        await api('/imports', { method: 'POST', body: JSON.stringify({ numeroAns: 'MJCDPI0001', typeDemande: 'AVANCE', tauxTva: 20, nomFichier: `import-${n}.json` }) })
      ).json()) as { identifiant: number; televersement: { url: string; champs: Record<string, string> } };
      const form = new FormData();
      for (const [k, v] of Object.entries(created.televersement.champs)) form.append(k, v);
      form.append('file', new Blob([bytesOf(file)]), 'depot.json');
      await fetch(created.televersement.url, { method: 'POST', body: form });
      await waitFor(created.identifiant, (s) => s !== 'EN_ATTENTE_FICHIER' && s !== 'SIMULATION_EN_COURS');

      const start = performance.now();
      const res = await api(`/imports/${created.identifiant}/importer`, { method: 'POST' });
      if (res.status !== 202) throw new Error(`importer: ${res.status} ${await res.text()}`);
      const end = await waitFor(created.identifiant, (s) => s === 'IMPORTE');
      if (end.statut !== 'IMPORTE') throw new Error(`import ${created.identifiant}: ${JSON.stringify(end)}`);
      durations.push(performance.now() - start);
    }
    console.log(`import réel sur le service local (${IMPORTS} imports de ${LINES} demandes, l'un après l'autre)`);
    console.log(`  POST /importer → IMPORTE : p50 ${ms(percentile(durations, 50))}, p95 ${ms(percentile(durations, 95))}`);
  } finally {
    await service.stop();
  }
}
