import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesOf, DPI_SIRET, PFI_SIRET, validFile } from '../fixtures/deposit-files.js';
import { createImport, putPastPolicy, simulateThroughService, startHarness, uploadForm, waitForSimulation, type Harness } from './harness.js';

const EXAMPLES = 'test/fixtures/examples';
const example = (name: string) => readFileSync(new URL(`../../${EXAMPLES}/${name}`, import.meta.url));

let h: Harness;
let dpi: string;
let pfi: string;

beforeAll(async () => {
  h = await startHarness();
  dpi = await h.token(DPI_SIRET);
  pfi = await h.token(PFI_SIRET);
}, 60_000);
afterAll(() => h?.stop());

describe('a supplier simulates a file through the service', () => {
  it('simulates the programme example as VALIDE, serves the return file and the file as uploaded', async () => {
    const bytes = example('dpi-avance-valide.json');
    const { id, status } = await simulateThroughService(h, dpi, 'MJCDPI0001', bytes, { nomFichier: 'dpi-avance-valide.json' });
    expect(status).toMatchObject({
      identifiant: id,
      statut: 'SIMULATION_VALIDE',
      numeroAns: 'MJCDPI0001',
      typeDemande: 'AVANCE',
      tauxTva: 20,
      nomFichier: 'dpi-avance-valide.json',
      nombreDemandes: 1,
      nombreDemandesValides: 1,
      nombreDemandesEnErreur: 0,
      compteRendu: null,
    });

    const retour = await h.call('GET', `/imports/${id}/retour`, { token: dpi });
    expect(retour.status).toBe(200);
    expect(retour.headers.get('content-disposition')).toContain('filename="dpi-avance-valide-retour.json"');
    const text = await retour.text();
    expect(text.startsWith('{\n  "resultat": {\n')).toBe(true);
    const body = JSON.parse(text) as any;
    expect(body.resultat).toMatchObject({ identifiantFichier: id, nomFichier: 'dpi-avance-valide.json', statut: 'VALIDE' });
    expect(body.resultat.avertissements.map((a: { code: string }) => a.code)).toEqual(['AVT-02']);
    expect(body.lignesImport[0].codeTraitement).toBe('OK');

    const fichier = await h.call('GET', `/imports/${id}/fichier`, { token: dpi });
    expect(fichier.status).toBe(200);
    expect(Buffer.from(await fichier.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('reports line errors as SIMULATION_EN_ERREUR with the counts', async () => {
    const { id, status } = await simulateThroughService(h, pfi, 'CJMPFI0001', example('pfi-avance-valide.json'), { tauxTva: 20 });
    expect(status).toMatchObject({ statut: 'SIMULATION_EN_ERREUR', nombreDemandes: 1, nombreDemandesValides: 0, nombreDemandesEnErreur: 1 });
    const body = (await (await h.call('GET', `/imports/${id}/retour`, { token: pfi })).json()) as any;
    expect(body.resultat.statut).toBe('EN_ERREUR');
    expect(body.lignesImport[0].erreurs.map((e: { code: string }) => e.code)).toEqual(['DEM-10']);
  });

  it('rejects a file that is not JSON as FORMAT_INVALIDE, with FMT-01 and where', async () => {
    const { id, status } = await simulateThroughService(h, dpi, 'MJCDPI0001', Buffer.from('{\n  "numeroAns": \n}'));
    expect(status.statut).toBe('FORMAT_INVALIDE');
    const body = (await (await h.call('GET', `/imports/${id}/retour`, { token: dpi })).json()) as any;
    expect(Object.keys(body)).toEqual(['resultat']);
    expect(body.resultat.erreurs).toMatchObject([{ code: 'FMT-01', ligne: 3, colonne: 1 }]);
  });

  it('checks the file against the signed-in supplier (ENT-02) and the chosen solution (ENT-01)', async () => {
    const { id } = await simulateThroughService(h, dpi, 'MJCDPI0001', example('pfi-avance-valide.json'));
    const body = (await (await h.call('GET', `/imports/${id}/retour`, { token: dpi })).json()) as any;
    const codes = body.resultat.erreurs.map((e: { code: string }) => e.code);
    expect(codes).toContain('ENT-01');
    expect(codes).toContain('ENT-02');
  });

  it('simulates a 200-line file', async () => {
    const { status } = await simulateThroughService(h, dpi, 'MJCDPI0001', bytesOf(validFile(200)));
    expect(status).toMatchObject({ statut: 'SIMULATION_VALIDE', nombreDemandes: 200, nombreDemandesValides: 200 });
  });

  it('rejects a file over 5 MB that got past the upload policy (FMT-04) without keeping it', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0x20);
    // the upload policy refuses it (as S3 does): it gets past only with the service's own credentials
    const created = await createImport(h, dpi, { numeroAns: 'MJCDPI0001' });
    await putPastPolicy(created.televersement.champs.key!, big);
    const id = created.identifiant;
    const status = await waitForSimulation(h, dpi, id);
    expect(status.statut).toBe('FORMAT_INVALIDE');
    const body = (await (await h.call('GET', `/imports/${id}/retour`, { token: dpi })).json()) as any;
    expect(body.resultat.erreurs.map((e: { code: string }) => e.code)).toEqual(['FMT-04']);
    expect((await h.call('GET', `/imports/${id}/fichier`, { token: dpi })).status).toBe(404);
  });

  it('sends a file too large for a function response through a short-lived link to that one object', async () => {
    // a valid file padded with spaces to 4.5 MB: simulated, kept, and served by a 303 to S3
    const padded = Buffer.concat([bytesOf(validFile(2)), Buffer.alloc(4.5 * 1024 * 1024, 0x20)]);
    const { id, status } = await simulateThroughService(h, dpi, 'MJCDPI0001', padded, { nomFichier: 'gros fichier.json' });
    expect(status.statut).toBe('SIMULATION_VALIDE');
    const res = await h.call('GET', `/imports/${id}/fichier`, { token: dpi });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toContain('X-Amz-Expires=300');
    expect(location).toContain(`fichiers%2F${DPI_SIRET}%2F${id}%2F`.replace(/%2F/g, '/'));
    const download = await fetch(location);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''gros%20fichier.json");
    expect(Buffer.from(await download.arrayBuffer()).equals(padded)).toBe(true);
  });

  it('keeps a file name with spaces and accents, and names the return file after it', async () => {
    const nomFichier = 'Dépôt de l’hôpital n°2 (été).json';
    const { id, status } = await simulateThroughService(h, dpi, 'MJCDPI0001', example('dpi-avance-valide.json'), { nomFichier });
    expect(status.nomFichier).toBe(nomFichier);
    const retour = await h.call('GET', `/imports/${id}/retour`, { token: dpi });
    const disposition = retour.headers.get('content-disposition') ?? '';
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!)).toBe('Dépôt de l’hôpital n°2 (été)-retour.json');
    expect(((await retour.json()) as any).resultat.nomFichier).toBe(nomFichier);
  });

  it('answers 404 for the return file and the file until the simulation is done', async () => {
    const created = await createImport(h, dpi, { numeroAns: 'MJCDPI0001' });
    expect(created.statut).toBe('EN_ATTENTE_FICHIER');
    for (const path of ['retour', 'fichier']) {
      const res = await h.call('GET', `/imports/${created.identifiant}/${path}`, { token: dpi });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'INTROUVABLE' });
    }
  });

  it('hands out an upload pinned to one key, 5 MB and 15 minutes', async () => {
    const before = Date.now();
    const created = await createImport(h, dpi, { numeroAns: 'MJCDPI0001' });
    const { champs, expireLe, tailleMax } = created.televersement;
    expect(tailleMax).toBe(5 * 1024 * 1024);
    expect(champs.key).toBe(`depots/${DPI_SIRET}/${created.identifiant}/fichier.json`);
    const policy = JSON.parse(Buffer.from(champs.Policy!, 'base64').toString('utf8'));
    expect(policy.conditions).toContainEqual(['content-length-range', 0, 5 * 1024 * 1024]);
    expect(policy.conditions).toContainEqual({ key: champs.key });
    const expires = Date.parse(policy.expiration);
    expect(expires - before).toBeLessThanOrEqual(15 * 60 * 1000 + 1000);
    expect(Math.abs(Date.parse(expireLe) - expires)).toBeLessThan(2000);
  });
});

describe('creating an import', () => {
  it('refuses a solution that is not the supplier’s, or a supplier whose enrolment is not VALIDE (ENT-03)', async () => {
    const notMine = await h.call('POST', '/imports', { token: dpi, body: { numeroAns: 'CJMPFI0001', typeDemande: 'AVANCE', tauxTva: 20, nomFichier: 'a.json' } });
    expect(notMine.status).toBe(400);
    expect(await notMine.json()).toMatchObject({ code: 'ENT-03' });

    const pending = await h.token('55210055400013');
    const refused = await h.call('POST', '/imports', { token: pending, body: { numeroAns: 'ZZZDPI0001', typeDemande: 'AVANCE', tauxTva: 20, nomFichier: 'a.json' } });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { code: string; message: string };
    expect(body.code).toBe('ENT-03');
    expect(body.message).toContain('EN_ATTENTE');

    const unknown = await h.token('73282932000074');
    const res = await h.call('POST', '/imports', { token: unknown, body: { numeroAns: 'MJCDPI0001', typeDemande: 'AVANCE', tauxTva: 20, nomFichier: 'a.json' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'ENT-03' });
  });

  it('answers 400 with a French message for a bad body', async () => {
    const cases: unknown[] = [
      {},
      { numeroAns: 'MJCDPI0001', typeDemande: 'avance', tauxTva: 20, nomFichier: 'a.json' },
      { numeroAns: 'MJCDPI0001', typeDemande: 'AVANCE', tauxTva: '20', nomFichier: 'a.json' },
      { numeroAns: 'MJCDPI0001', typeDemande: 'AVANCE', tauxTva: 19.6, nomFichier: 'a.json' },
      { numeroAns: 'MJCDPI0001', typeDemande: 'AVANCE', tauxTva: 20, nomFichier: 'a.txt' },
      { numeroAns: 'MJCDPI0001', typeDemande: 'AVANCE', tauxTva: 20, nomFichier: '../a.json' },
      { numeroAns: 'MJCDPI0001', typeDemande: 'AVANCE', tauxTva: 20, nomFichier: 'a.json', siret: DPI_SIRET },
      [],
    ];
    for (const body of cases) {
      const res = await h.call('POST', '/imports', { token: dpi, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = (await res.json()) as { code: string; message: string };
      expect(error.code).toBe('REQUETE_INVALIDE');
      expect(error.message).toMatch(/^Demande de dépôt invalide|^Le corps/);
    }
    const notJson = await h.call('POST', '/imports', { token: dpi, raw: '{numeroAns:' });
    expect(notJson.status).toBe(400);
  });
});

describe('who may see what', () => {
  it('answers 401 without a token, with a malformed one, or one signed by another key', async () => {
    expect((await h.call('GET', '/imports')).status).toBe(401);
    expect((await h.call('GET', '/imports', { token: 'abc.def.ghi' })).status).toBe(401);
    const [head, payload] = dpi.split('.');
    const forged = `${head}.${Buffer.from(JSON.stringify({ siret: PFI_SIRET, iss: 'segur-local', aud: 'segur-depot-local' })).toString('base64url')}.${dpi.split('.')[2]}`;
    expect((await h.call('GET', '/imports', { token: forged })).status).toBe(401);
    expect(payload).toBeTruthy();
    const res = await h.call('GET', '/referentiel/solutions');
    expect(await res.json()).toMatchObject({ code: 'NON_AUTHENTIFIE' });
  });

  it('serves the JSON Schemas without a token', async () => {
    const res = await h.call('GET', '/schemas/PFI');
    expect(res.status).toBe(200);
    const schema = (await res.json()) as any;
    expect(Object.keys(schema.properties.lignesImport.items.properties.scenarioInstallation.properties)).toContain('isFluxSortantParMSS');
    expect((await h.call('GET', '/schemas/XYZ')).status).toBe(404);
  });

  it('shows a supplier its own solutions and enrolment', async () => {
    const res = await h.call('GET', '/referentiel/solutions', { token: pfi });
    expect(await res.json()).toMatchObject({ siret: PFI_SIRET, statutEnrolement: 'VALIDE', solutions: [{ numeroAns: 'CJMPFI0001', logiciel: 'PFI' }] });
  });

  it('gives another supplier 404 on an import, its return file and its file, and leaves them out of its list', async () => {
    const { id } = await simulateThroughService(h, dpi, 'MJCDPI0001', example('dpi-avance-valide.json'));
    for (const path of [`/imports/${id}`, `/imports/${id}/retour`, `/imports/${id}/fichier`]) {
      const res = await h.call('GET', path, { token: pfi });
      expect(res.status, path).toBe(404);
      expect(JSON.stringify(await res.json())).not.toContain(DPI_SIRET);
    }
    const list = (await (await h.call('GET', '/imports?limite=200', { token: pfi })).json()) as any;
    expect(list.elements.map((e: { identifiant: number }) => e.identifiant)).not.toContain(id);
    expect((await h.call('GET', '/imports/999999', { token: dpi })).status).toBe(404);
    expect((await h.call('GET', '/imports/abc', { token: dpi })).status).toBe(404);
  });
});

describe('an upload arriving once the simulation is done', () => {
  it('does not change the simulated import (the upload link stays usable until it expires)', async () => {
    const created = await createImport(h, dpi, { numeroAns: 'MJCDPI0001' });
    const first = example('dpi-avance-valide.json');
    await uploadForm(created.televersement, first, 'depot.json');
    const done = await waitForSimulation(h, dpi, created.identifiant);
    await uploadForm(created.televersement, Buffer.from('not json'), 'depot.json');
    await h.stack.settle();
    const after = (await (await h.call('GET', `/imports/${created.identifiant}`, { token: dpi })).json()) as any;
    expect(after).toEqual(done);
    const fichier = await h.call('GET', `/imports/${created.identifiant}/fichier`, { token: dpi });
    expect(Buffer.from(await fichier.arrayBuffer()).equals(first)).toBe(true);
  });
});

describe('an empty upload', () => {
  it('is simulated as FORMAT_INVALIDE (FMT-01, empty file), not left in progress', async () => {
    const { id, status } = await simulateThroughService(h, dpi, 'MJCDPI0001', Buffer.alloc(0));
    expect(status.statut).toBe('FORMAT_INVALIDE');
    const body = (await (await h.call('GET', `/imports/${id}/retour`, { token: dpi })).json()) as any;
    expect(body.resultat.erreurs).toMatchObject([{ code: 'FMT-01', ligne: 1, colonne: 1 }]);
  });
});
