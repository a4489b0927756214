/**
 * SPEC §8 exports and documentation over HTTP on the local stack: the CSV of requests and of
 * imports hold exactly the rows the list routes give for the same filters (every page), read back
 * by a CSV parser; no formula runs; no other supplier's row; GET /documentation and its files
 * without a token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIsoDate, nextDay, parisDate } from '../../shared/domain/dates.js';
import { bytesOf, DPI_SIRET, PFI_ANS, PFI_SIRET, validFile, validLine } from '../fixtures/deposit-files.js';
import { buildZip, fakePdf } from '../fixtures/zip-builder.js';
import { importThroughService, sendArchive, simulateThroughService, startHarness, type Harness } from './harness.js';

let h: Harness;
const tokens: Record<string, string> = {};

const HYPERLINK = '=HYPERLINK("http://malveillant.example","Cliquez")';
const QUOTED = 'Clinique "Les Pins"; site\r\nNord';

/** Simulates then imports a file through the service; its import id. */
async function deposit(siret: string, numeroAns: string, file: unknown, options: { typeDemande?: string; tauxTva?: number } = {}): Promise<number> {
  const { id, status } = await simulateThroughService(h, tokens[siret]!, numeroAns, bytesOf(file), options);
  expect(status.statut, JSON.stringify(status)).toBe('SIMULATION_VALIDE');
  expect((await importThroughService(h, tokens[siret]!, id)).statut).toBe('IMPORTE');
  return id;
}

beforeAll(async () => {
  h = await startHarness();
  tokens[DPI_SIRET] = await h.token(DPI_SIRET);
  tokens[PFI_SIRET] = await h.token(PFI_SIRET);
  // DPI: a 200-line import; a 3-line one with hostile text, finished (its requests EN_COURS); one SOLDE after line 1's AVANCE
  await deposit(DPI_SIRET, 'MJCDPI0001', validFile(200));
  const hostile = [validLine(201), validLine(202), validLine(203)];
  hostile[0]!.beneficiaires.nomClient = HYPERLINK;
  hostile[1]!.beneficiaires.nomClient = QUOTED;
  hostile[2]!.numeroEditeur = '-ED203';
  hostile[2]!.piecesJustificatives = [{ nomFichier: 'HOP-DPI-Va2-BDC--ED203.pdf', formatFichier: 'PDF' }];
  const finished = await deposit(DPI_SIRET, 'MJCDPI0001', { ...validFile(0), lignesImport: hostile });
  const names = hostile.map((l) => l.piecesJustificatives[0].nomFichier as string);
  expect((await sendArchive(h, tokens[DPI_SIRET]!, finished, buildZip(names.map((name) => ({ name, data: fakePdf() }))))).statut).toBe('TRAITEE');
  expect((await h.call('POST', `/imports/${finished}/terminer`, { token: tokens[DPI_SIRET] })).status).toBe(200);
  const solde = validLine(1);
  solde.piecesJustificatives = ['FAC', 'VA'].map((type) => ({ nomFichier: `HOP-DPI-Va2-${type}-${solde.numeroEditeur}.pdf`, formatFichier: 'PDF' }));
  await deposit(DPI_SIRET, 'MJCDPI0001', { ...validFile(0), lignesImport: [solde] }, { typeDemande: 'SOLDE' });
  // PFI: another supplier, two requests, and an import whose simulation failed
  await deposit(PFI_SIRET, PFI_ANS, validFile(2, 'PFI'), { tauxTva: 20 });
  await simulateThroughService(h, tokens[PFI_SIRET]!, PFI_ANS, bytesOf({ ...validFile(1, 'PFI'), siret: '123' }));
}, 120_000);
afterAll(() => h?.stop());

/** RFC 4180 with `;`: quoted cells may hold `;`, `""` and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  expect(cell === '' && row.length === 0 && !quoted, 'the file ends with CRLF').toBe(true);
  return rows;
}

interface Csv {
  status: number;
  headers: Headers;
  header: string[];
  rows: string[][];
}

async function exported(path: string, siret = DPI_SIRET): Promise<Csv> {
  const res = await h.call('GET', path, { token: tokens[siret] });
  expect(res.status, await res.clone().text()).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)], 'UTF-8 BOM').toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
  for (const row of rows) expect(row).toHaveLength(header!.length);
  return { status: res.status, headers: res.headers, header: header!, rows };
}

/** Every element of a list route, walking its pages. */
async function listed(path: string, query: string, siret = DPI_SIRET): Promise<any[]> {
  const all: any[] = [];
  let cursor: string | null = null;
  do {
    const sep = query === '' ? '' : '&';
    const res = await h.call('GET', `${path}?${query}${sep}limite=200${cursor ? `&curseur=${encodeURIComponent(cursor)}` : ''}`, { token: tokens[siret] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { elements: any[]; curseur: string | null };
    all.push(...body.elements);
    cursor = body.curseur;
  } while (cursor);
  return all;
}

const today = formatIsoDate(parisDate(new Date()));
const tomorrow = formatIsoDate(nextDay(parisDate(new Date())));
const compactToday = today.replace(/-/g, '');

describe('GET /exports/demandes', () => {
  it('exports every request of the supplier, French headers and values, as a CSV attachment', async () => {
    const csv = await exported('/exports/demandes');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain(`filename="demandes-${DPI_SIRET}-${compactToday}.csv"`);
    expect(csv.header).toEqual([
      'Numéro de dossier', 'Type de demande', 'Numéro éditeur', 'Logiciel', 'Numéro ANS', 'Date de dépôt', 'Statut', 'État de paiement',
      'Dénomination sociale', 'FINESS PMSI', 'Montant Ségur HT (€)', 'Montant Ségur TTC (€)', "Identifiant de l'import", 'Numéro de ligne',
    ]);
    expect(csv.rows).toHaveLength(204);
    const all = await listed('/demandes', '');
    expect(csv.rows.map((r) => r[0])).toEqual(all.map((d) => d.numeroDossier));
    const first = all.find((d) => d.numLigne === 7 && d.typeDemande === 'AVANCE' && d.nomClient === 'Centre hospitalier n°7');
    expect(csv.rows.find((r) => r[0] === first.numeroDossier)).toEqual([
      first.numeroDossier, 'AVANCE', 'ED00007', 'DPI_V2', 'MJCDPI0001', `${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}`, 'Incomplète',
      'Aucun paiement en cours', 'Centre hospitalier n°7', validLine(7).beneficiaires.FINESSPMSI, '1250,50', '1500,60', String(first.identifiantImport), '7',
    ]);
  });

  it('exports a whole 200-line import, one row per request', async () => {
    const all = await listed('/demandes', '');
    const big = all.find((d) => d.numLigne === 200)!.identifiantImport;
    const rows = (await exported('/exports/demandes')).rows.filter((r) => r[12] === String(big));
    expect(rows.map((r) => Number(r[13])).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('has exactly the rows of GET /demandes for each of its filters', async () => {
    const all = await listed('/demandes', '');
    const queries = [
      'typeDemande=SOLDE',
      'typeDemande=AVANCE',
      'statut=EN_COURS',
      'statut=INCOMPLETE',
      'statut=REJETEE',
      'statutPaiement=AUCUN_PAIEMENT_EN_COURS',
      'statutPaiement=PAYE',
      'logiciel=DPI',
      'logiciel=PFI_V2',
      `numero=${all[0].numeroDossier}`,
      `numero=${all[0].numeroDossier.slice(0, 11)}`,
      `deposeDu=${today}&deposeAu=${today}`,
      `deposeDu=${tomorrow}`,
      'deposeAu=2020-01-01',
      'typeDemande=AVANCE&statut=INCOMPLETE&logiciel=DPI_V2',
    ];
    const sizes: Record<string, number> = {};
    for (const query of queries) {
      const rows = (await exported(`/exports/demandes?${query}`)).rows.map((r) => r[0]);
      expect(rows, query).toEqual((await listed('/demandes', query)).map((d) => d.numeroDossier));
      sizes[query] = rows.length;
    }
    expect(sizes).toMatchObject({ 'typeDemande=SOLDE': 1, 'typeDemande=AVANCE': 203, 'statut=EN_COURS': 3, 'statut=INCOMPLETE': 201, 'statut=REJETEE': 0, 'logiciel=PFI_V2': 0, 'statutPaiement=PAYE': 0 });
    expect(sizes[`numero=${all[0].numeroDossier}`]).toBe(1);
    expect(sizes[`deposeDu=${tomorrow}`]).toBe(0);
  });

  it('prefixes formula-like cells with an apostrophe and reads back quoted text exactly', async () => {
    const rows = (await exported('/exports/demandes?statut=EN_COURS')).rows;
    const byName = (name: string) => rows.find((r) => r[8] === name);
    expect(byName(`'${HYPERLINK}`)).toBeDefined();
    expect(byName(HYPERLINK)).toBeUndefined();
    expect(byName(QUOTED)).toBeDefined();
    expect(rows.find((r) => r[2] === "'-ED203")).toBeDefined();
    expect(rows.every((r) => r[6] === "En cours d'instruction")).toBe(true);
  });

  it('never holds another supplier’s request: each sees only its own', async () => {
    const pfi = await exported('/exports/demandes', PFI_SIRET);
    expect(pfi.rows).toHaveLength(2);
    expect(pfi.rows.every((r) => r[3] === 'PFI_V2' && r[4] === PFI_ANS)).toBe(true);
    expect(pfi.rows.map((r) => r[0])).toEqual((await listed('/demandes', '', PFI_SIRET)).map((d) => d.numeroDossier));
    const dpi = await exported('/exports/demandes');
    expect(dpi.rows.some((r) => pfi.rows.some((p) => p[0] === r[0]))).toBe(false);
    expect(dpi.rows.every((r) => r[3] === 'DPI_V2')).toBe(true);
    expect((await exported('/exports/demandes?logiciel=DPI', PFI_SIRET)).rows).toEqual([]);
  });
});

describe('GET /exports/imports', () => {
  it('exports every import with its date and time, counts and French status', async () => {
    const csv = await exported('/exports/imports');
    expect(csv.headers.get('content-disposition')).toContain(`filename="imports-${DPI_SIRET}-${compactToday}.csv"`);
    expect(csv.header).toEqual(['Identifiant', 'Date de dépôt', 'Numéro ANS', 'Type de demande', 'Nom du fichier', 'Nombre de demandes', 'Demandes retenues', 'Demandes rejetées', 'Statut']);
    const all = await listed('/imports', '');
    expect(csv.rows.map((r) => Number(r[0]))).toEqual(all.map((i) => i.identifiant));
    const big = all.find((i) => i.nombreDemandes === 200);
    expect(csv.rows.find((r) => r[0] === String(big.identifiant))).toEqual([
      String(big.identifiant), expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/), 'MJCDPI0001', 'AVANCE', 'depot.json', '200', '200', '0', 'Importé',
    ]);
    expect(csv.rows.map((r) => r[8]).sort()).toEqual(['Importé', 'Importé', 'Terminé']);
    const pfi = await exported('/exports/imports', PFI_SIRET);
    expect(pfi.rows.map((r) => r[8])).toEqual(['Format invalide', 'Importé']);
    expect(pfi.rows.some((r) => csv.rows.some((d) => d[0] === r[0]))).toBe(false);
  });

  it('has exactly the rows of GET /imports for each of its filters', async () => {
    for (const query of ['typeDemande=SOLDE', 'typeDemande=AVANCE', 'numeroAns=MJCDPI0001', 'numeroAns=CJMPFI0001', `deposeDu=${today}`, `deposeAu=${today}`, `deposeDu=${tomorrow}`, 'typeDemande=AVANCE&numeroAns=MJCDPI0001']) {
      const rows = (await exported(`/exports/imports?${query}`)).rows.map((r) => Number(r[0]));
      expect(rows, query).toEqual((await listed('/imports', query)).map((i) => i.identifiant));
    }
    expect((await exported('/exports/imports?typeDemande=SOLDE')).rows).toHaveLength(1);
    expect((await exported('/exports/imports?numeroAns=CJMPFI0001')).rows).toHaveLength(0);
  });
});

describe('exports: what is refused', () => {
  it('answers 401 without a token', async () => {
    for (const path of ['/exports/demandes', '/exports/imports']) expect((await h.call('GET', path)).status, path).toBe(401);
  });

  it('answers 400 FILTRE_INVALIDE for a bad filter, as the list routes do, and for paging', async () => {
    const bad: [string, string][] = [
      ['demandes', 'statut=FOO'],
      ['demandes', 'typeDemande=avance'],
      ['demandes', 'deposeDu=26/11/2026'],
      ['demandes', 'numero=fin-hop'],
      ['demandes', 'logiciel=LGC'],
      ['demandes', 'tri=date'],
      ['imports', 'numeroAns=ABC'],
      ['imports', 'deposeDu=2026-12-02&deposeAu=2026-12-01'],
      ['imports', 'statut=IMPORTE'],
    ];
    for (const [route, query] of bad) {
      const res = await h.call('GET', `/exports/${route}?${query}`, { token: tokens[DPI_SIRET] });
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as any;
      expect(body.code).toBe('FILTRE_INVALIDE');
      const list = await (await h.call('GET', `/${route}?${query}`, { token: tokens[DPI_SIRET] })).json();
      // the same answer as the list route's, but for an unknown filter (each route lists its own filters)
      if (!['tri=date', 'statut=IMPORTE'].includes(query)) expect(body, query).toEqual(list);
    }
    for (const query of ['limite=10', 'curseur=abc']) {
      const res = await h.call('GET', `/exports/demandes?${query}`, { token: tokens[DPI_SIRET] });
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as any).message).toContain('Filtre inconnu');
    }
  });
});

describe('GET /documentation', () => {
  it('answers without a token, the rules as data, whose links work without a token', async () => {
    const res = await h.call('GET', '/documentation');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as any;
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['regles', 'champs', 'nomenclature', 'limites', 'etats', 'schemas', 'exemples']));
    expect(doc.regles.find((r: any) => r.code === 'DEM-07')).toEqual({
      code: 'DEM-07',
      portee: 'ligne',
      libelle: "La date de signature ne peut pas précéder la date d'édition",
      champ: 'commande.dateSignatureCommande',
      dependance: "DEM-07 n'est jugée que si DEM-05 et DEM-06 passent",
    });
    expect(doc.limites).toMatchObject({ tailleMaxFichierOctets: 5242880, nombreMaxDemandes: 200 });
    for (const { url } of [...doc.schemas, ...doc.exemples]) expect((await h.call('GET', url)).status, url).toBe(200);
  });

  it('serves the two example files as JSON attachments, and nothing else under their path', async () => {
    const res = await h.call('GET', '/documentation/exemples/dpi-avance-valide.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('attachment; filename="dpi-avance-valide.json"');
    expect(((await res.json()) as any).numeroAns).toBe('MJCDPI0001');
    for (const name of ['autre.json', 'DPI-AVANCE-VALIDE.json', '..%2Fpackage.json']) {
      const other = await h.call('GET', `/documentation/exemples/${name}`);
      expect(other.status, name).toBe(404);
      expect(((await other.json()) as any).code).toBe('INTROUVABLE');
    }
  });
});
