/**
 * The suppliers' page in a real browser against the local stack: every screen walked as a supplier
 * would, axe-core run on each (no violation of any impact), nothing to scroll sideways. One test
 * file per width (supplier-page-1280, supplier-page-375), so that the two run side by side.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesOf, DPI_SIRET, PFI_SIRET, validFile, validFiness } from '../fixtures/deposit-files.js';
import { buildZip, fakePdf } from '../fixtures/zip-builder.js';
import { importThroughService, simulateThroughService } from '../integration/harness.js';
import {
  EXAMPLE, expectAccessible, expectGoodScreen, openPage, parseCsv, startPageFixture, visit, WAIT, writeFile, type PageFixture,
} from './page-fixture.js';

const WAITING_SIRET = '55210055400013';
const HOSTILE_NAME = '<img src=x onerror="window.__pirate=1">';

let f: PageFixture;

/** One local stack and one browser for the test file that walks the journey. */
function useFixture(): void {
  beforeAll(async () => {
    f = await startPageFixture();
    // Supplier PFI: 25 requests already imported (the lists' pages are of 20), the first with a hostile name.
    const token = await f.h.token(PFI_SIRET);
    const file = validFile(25, 'PFI');
    file.lignesImport[0].beneficiaires.nomClient = HOSTILE_NAME;
    const { id } = await simulateThroughService(f.h, token, 'CJMPFI0001', bytesOf(file), { nomFichier: 'lot-pfi.json' });
    await importThroughService(f.h, token, id);
  }, 90_000);
  afterAll(() => f?.stop());
}

/** The text of the first element matching, or null while there is none (never waits). */
async function text(page: Page, selector: string): Promise<string | null> {
  const node = page.locator(selector).first();
  return (await node.count()) > 0 ? node.textContent() : null;
}
const state = (page: Page) => page.locator('#statut').getAttribute('data-etat');
const focusedRole = (page: Page) => page.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('role'));
const focusedId = (page: Page) => page.evaluate(() => (globalThis as any).document.activeElement?.id);
/** True when focus is in (or on) the element `selector` names. */
const focusIn = (page: Page, selector: string) =>
  page.evaluate((s) => Boolean((globalThis as any).document.activeElement?.closest(s)), selector);
/** The page's text, with the narrow and no-break spaces of French numbers as plain spaces. */
const bodyText = async (page: Page) => (await page.locator('body').innerText()).replace(/[\u202f\u00a0]/g, ' ');

async function deposit(page: Page, path: string, { numeroAns }: { numeroAns?: string } = {}): Promise<void> {
  await visit(f, page, '#/depots/nouveau', 'Nouveau dépôt');
  if (numeroAns) await page.selectOption('#numeroAns', numeroAns);
  await page.setInputFiles('#fichier', path);
  await page.click('#form-depot button[type=submit]');
}

/** Waits until the deposit screen shows the import in state `expected`, summary drawn. */
async function waitForVerdict(page: Page, expected: string): Promise<void> {
  await expect.poll(async () => ((await page.locator('#resume').count()) > 0 ? state(page) : null), WAIT).toBe(expected);
}

/** The supplier's whole journey at one width, with its own stack and browser. */
export function supplierJourneyAt(width: number): void {
  useFixture();
  describe(`the suppliers’ page at ${width} px`, () => {
    it('signs in, tells an EN_ATTENTE supplier why it cannot deposit, signs out, and shows nothing of the previous supplier', async () => {
      const { page, context, errors } = await openPage(f, width);
      await visit(f, page, '#/connexion', 'Connexion');
      await expectGoodScreen(page, 'connexion');
      await page.click('#autres-connexions-bouton'); // the local stack's other ways of signing in, folded away
      await page.selectOption('#demo', WAITING_SIRET);
      await page.click('#connexion-demo button[type=submit]');
      await expect.poll(() => text(page, 'h1'), WAIT).toBe('Mes dépôts');
      expect(await text(page, '#enrolement')).toContain("n'est pas validé");
      expect(await page.locator('a[href="#/depots/nouveau"].fr-btn').count()).toBe(0);
      await expectGoodScreen(page, 'mes dépôts, enrôlement en attente');
      await visit(f, page, '#/depots/nouveau', 'Nouveau dépôt');
      expect(await page.locator('#form-depot').count()).toBe(0);
      expect(await text(page, '#enrolement')).toContain('vous ne pouvez pas encore déposer');
      expect(await page.locator('#etape-suivante').count()).toBe(0); // no "Étape suivante : 1.2" for who may not deposit

      // sign out, then in as another supplier: nothing of the first remains
      if (width < 1024) {
        await page.click('#bouton-menu');
        await page.click('#deconnexion-mobile');
      } else await page.click('#deconnexion');
      await expect.poll(() => text(page, 'h1'), WAIT).toBe('Connexion');
      expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('segur.jeton'))).toBeNull();
      await page.click('#autres-connexions-bouton');
      await page.selectOption('#demo', PFI_SIRET);
      await page.click('#connexion-demo button[type=submit]');
      await expect.poll(() => page.locator('#table-depots tbody tr').count(), WAIT).toBeGreaterThan(0);
      const shown = await bodyText(page);
      expect(shown).not.toContain(WAITING_SIRET);
      expect(shown).not.toContain('Logiciels en Attente');
      expect(await page.locator('#enrolement').count()).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);

    it('shows each verdict summary first, file-level errors in reading order, errors grouped by request, 200 lines readable', async () => {
      const { page, context, errors } = await openPage(f, width, DPI_SIRET);

      // a 6 MB file is refused before anything is sent, the message next to the button, focused
      await deposit(page, writeFile(f, 'gros.json', Buffer.alloc(6 * 1024 * 1024, 0x20)));
      await expect.poll(() => text(page, '#form-depot [role=alert]'), WAIT).toContain('FMT-04');
      expect(await focusedRole(page)).toBe('alert');
      await expectGoodScreen(page, 'nouveau dépôt, fichier trop gros');

      // the network lost when creating the import: said in French
      await page.route('**/api/imports', (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
      await page.setInputFiles('#fichier', EXAMPLE);
      await page.click('#form-depot button[type=submit]');
      await expect.poll(() => text(page, '#form-depot [role=alert]'), WAIT).toContain('Le service est injoignable');
      await page.unroute('**/api/imports');

      // not JSON: FMT-01 with its position
      await deposit(page, writeFile(f, 'pas-du-json.json', 'ceci n’est pas du JSON'));
      await waitForVerdict(page, 'FORMAT_INVALIDE');
      expect(await text(page, '#erreurs-fichier')).toMatch(/FMT-01 — erreur, ligne 1, colonne 1/);
      expect(await text(page, '#resume')).toContain('refusé en entier');
      expect(await text(page, '#resume')).toContain("n'est pas un JSON valide");
      await expect.poll(() => focusedId(page), WAIT).toBe('resume'); // "Déposer et simuler": focus on its result
      expect(await text(page, '#etape-suivante')).toContain('Déposer un fichier corrigé');
      await expectGoodScreen(page, 'verdict FMT-01');

      // a wrong numéro ANS among other file-level errors: ENT-01 first, FMT-02 last
      const wrong = validFile(3) as any;
      wrong.numeroAns = 'MJCDPI0009';
      wrong.lignesImport[0].inattendu = true;
      wrong.lignesImport[1].commande.devise = 'EUR';
      await deposit(page, writeFile(f, 'mauvais-ans.json', bytesOf(wrong)));
      await waitForVerdict(page, 'FORMAT_INVALIDE');
      const codes = await page.locator('#erreurs-fichier .depot-code').allTextContents();
      expect(codes[0]).toBe('ENT-01');
      expect(codes.at(-1)).toBe('FMT-02');
      expect(codes.filter((c) => c === 'FMT-02').length).toBe(2);
      // the summary says what is wrong, the counts say of which kind
      const wrongSummary = await text(page, '#resume');
      expect(wrongSummary).toContain('le numéro ANS du fichier ne correspond pas au numéro ANS choisi (le fichier porte MJCDPI0009');
      expect(wrongSummary).not.toContain("format n'est pas conforme");
      expect(await text(page, '#comptes')).toMatch(/^Fichier refusé : 1 erreur d'identification \(ENT-01\), \d+ erreurs de format \(.*FMT-02\)\.$/);
      expect(await text(page, '#etape-suivante')).toContain('Déposer un fichier corrigé');

      // 200 lines in error, the service momentarily unreachable while the page follows the simulation
      const many = validFile(200);
      for (const line of many.lignesImport) line.commande.regimeTVA = 'HT';
      many.lignesImport[7].beneficiaires.nomClient = HOSTILE_NAME;
      let calls = 0;
      await page.route(/\/api\/imports\/\d+$/, (route) => {
        calls += 1;
        if (calls === 1) return route.fulfill({ status: 503, contentType: 'application/json', body: '{"message":"Service Unavailable"}' });
        if (calls === 2) return route.abort('internetdisconnected');
        return route.continue();
      });
      await deposit(page, writeFile(f, 'deux-cents.json', bytesOf(many)));
      await expect.poll(() => text(page, '#suivi-depot'), WAIT).toContain('Reconnexion…');
      expect(await text(page, '#suivi-depot')).toMatch(/depuis \d+ s/);
      await waitForVerdict(page, 'SIMULATION_EN_ERREUR');
      await page.unroute(/\/api\/imports\/\d+$/);
      const progress = await page.evaluate(() => (globalThis as any).__progression as number[]);
      expect(progress.at(-1)).toBe(100);
      expect(await text(page, '#resume')).toContain('200 demandes en erreur sur 200');
      const groups = page.locator('#groupes-lignes details.depot-groupe');
      expect(await groups.count()).toBe(200);
      expect(await page.locator('#groupes-lignes details[open]').count()).toBe(5);
      const eighth = groups.nth(7);
      expect(await eighth.locator('summary').textContent()).toBe(`Ligne 8 — n° éditeur ED00008 — FINESS ${many.lignesImport[7].beneficiaires.FINESSPMSI} — ${HOSTILE_NAME} : 1 erreur`);
      await eighth.locator('summary').click();
      expect(await eighth.locator('.depot-erreur').first().textContent()).toMatch(/DEM-10 — erreur, champ commande\.regimeTVA.*HT/);
      expect(await page.locator('#verdict-detail img').count()).toBe(0);
      expect(await page.evaluate(() => (globalThis as any).__pirate)).toBeUndefined();
      await expectGoodScreen(page, 'verdict de 200 lignes en erreur');

      // the filter: a file with one line in error out of three
      const one = validFile(3);
      one.lignesImport[1].commande.montantSegurHT = 0;
      await deposit(page, writeFile(f, 'une-erreur.json', bytesOf(one)));
      await waitForVerdict(page, 'SIMULATION_EN_ERREUR');
      await expect.poll(() => page.locator('#groupes-lignes details:visible').count(), WAIT).toBe(1);
      await page.locator('label[for=lignes-en-erreur]').click();
      expect(await page.locator('#groupes-lignes details:visible').count()).toBe(3);
      expect(await page.locator('#importer').count()).toBe(0);
      expect(await text(page, '#etape-suivante')).toContain('Déposer un fichier corrigé');
      expect(errors).toEqual([]);
      await context.close();
    }, 90_000);

    it('imports once, refuses Finish while documents are missing or an archive is checked, tells refused and accepted archives apart, finishes', async () => {
      const { page, context, errors } = await openPage(f, width, DPI_SIRET);
      const file = validFile(1);
      const line = file.lignesImport[0];
      line.numeroEditeur = `L${width}`;
      line.beneficiaires.FINESSPMSI = validFiness(width);
      line.piecesJustificatives = [{ nomFichier: `HOP-DPI-Va2-BDC-L${width}.pdf`, formatFichier: 'PDF' }];
      const path = writeFile(f, `valide-${width}.json`, bytesOf(file));
      await deposit(page, path);
      await waitForVerdict(page, 'SIMULATION_VALIDE');
      expect(await text(page, '#avertissements-fichier')).toContain('AVT-02');
      expect(await page.locator('#statut').textContent()).toBe('Simulation valide');
      expect(await page.locator('#statut').getAttribute('class')).toContain('fr-badge--success');
      expect(await page.locator('#entete-depot').textContent()).toMatch(/déposé le \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
      await expectGoodScreen(page, 'verdict valide');

      const imports: string[] = [];
      page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/importer') && imports.push(r.url()));
      await page.locator('#importer').dblclick();
      await waitForVerdict(page, 'IMPORTE');
      expect(imports).toHaveLength(1);
      await expect.poll(() => text(page, '[role=status].fr-alert--success'), WAIT).toContain('1 demande importée');
      expect(await text(page, '#compte-rendu')).toContain('1 importée');
      expect(await text(page, '#pieces-recues')).toContain('0 pièce reçue sur 1');
      await expectGoodScreen(page, 'importé');

      await page.click('#terminer');
      await expect.poll(() => text(page, '#terminer ~ .depot-retour-action'), WAIT).toContain(`HOP-DPI-Va2-BDC-L${width}.pdf`);
      expect(await focusedRole(page)).toBe('status');

      // an archive that is no ZIP: refused, in red, said in French
      await page.setInputFiles('#archive', writeFile(f, 'pas-un-zip.zip', 'pas un zip'));
      await page.click('#form-archive button[type=submit]');
      await expect.poll(() => text(page, '.fr-alert--error[role=alert]'), WAIT).toContain('refusée : PJ-02');
      const refused = await text(page, '.fr-alert--error[role=alert]');
      expect(refused).toContain("ce n'est pas un fichier ZIP");
      expect(refused).not.toMatch(/signature|not found|file is truncated/i);
      await expectGoodScreen(page, 'archive refusée');

      // an archive with the document and a stray file: accepted in part, in warning
      const zip = buildZip([{ name: `HOP-DPI-Va2-BDC-L${width}.pdf`, data: fakePdf() }, { name: 'autre.pdf', data: fakePdf() }]);
      await page.setInputFiles('#archive', writeFile(f, 'pieces.zip', zip));
      await page.click('#form-archive button[type=submit]');
      await expect.poll(() => text(page, '#pieces-recues'), WAIT).toContain('1 pièce reçue sur 1');
      expect(await text(page, '.fr-alert--warning[role=status]')).toContain('1 fichier accepté, 1 fichier refusé');
      expect(await text(page, '#archives')).toContain('PJ-06');
      const partly = page.locator('#archives .fr-badge[data-etat=TRAITEE]');
      expect(await partly.textContent()).toBe('Traitée, avec des fichiers refusés');
      expect(await partly.getAttribute('class')).toContain('fr-badge--warning');
      await expectGoodScreen(page, 'pièces reçues');

      // the service unavailable while the deposit opens: retried ("Reconnexion…"), then said, with "Réessayer"
      let opens = 0;
      await page.route(/\/api\/imports\/\d+$/, (route) =>
        ++opens <= 5 ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"message":"Service Unavailable"}' }) : route.continue());
      await page.reload();
      await expect.poll(() => text(page, '#chargement'), WAIT).toContain('Reconnexion…');
      await expect.poll(() => text(page, '#chargement [role=alert]'), WAIT).toContain("ne peut pas être affiché pour l'instant : Le service est momentanément indisponible");
      expect(opens).toBe(4);
      await expectGoodScreen(page, 'dépôt injoignable');
      await page.click('#reessayer'); // one more 503, then the service answers
      await waitForVerdict(page, 'IMPORTE');
      expect(opens).toBe(6);
      await page.unroute(/\/api\/imports\/\d+$/);

      // an archive still being unpacked holds Finish back
      await page.route('**/terminer', (route) =>
        route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ code: 'ARCHIVES_EN_COURS', message: 'Une archive est en cours de traitement' }) }));
      await page.click('#terminer');
      await expect.poll(() => text(page, '#terminer ~ .depot-retour-action'), WAIT).toContain('archive est en cours de contrôle');
      await page.unroute('**/terminer');
      await page.click('#terminer');
      await waitForVerdict(page, 'TERMINE');
      expect(await text(page, '#resume')).toContain('Dépôt terminé');
      await expectGoodScreen(page, 'dépôt terminé');

      // the same file again: its line would be rejected at import, and the page says so truthfully
      await deposit(page, path);
      await waitForVerdict(page, 'SIMULATION_VALIDE');
      expect(await text(page, '#groupes-lignes')).toContain('AVT-03');
      await page.click('#importer');
      await waitForVerdict(page, 'IMPORTE');
      expect(await text(page, '#resume')).toContain("Aucune demande n'a été importée");
      expect(await page.locator('#resume').getAttribute('class')).toContain('fr-alert--warning');
      expect(await page.locator('#form-archive').count()).toBe(0);
      expect(await text(page, '#resume')).toContain('ce dépôt ne contient aucune demande ; corrigez le fichier et déposez-le à nouveau');
      expect(await text(page, '#resume a')).toBe('Déposer un fichier corrigé');
      // Finish is allowed (nothing is expected), and the page still tells the truth
      await page.click('#terminer');
      await waitForVerdict(page, 'TERMINE');
      expect(await page.locator('#resume').getAttribute('class')).toContain('fr-alert--warning');
      expect(await text(page, '#resume')).toContain("Aucune demande n'a été importée");
      expect(await text(page, '#resume a')).toBe('Déposer un fichier corrigé');
      expect(await page.locator('.fr-alert--success').count()).toBe(0);
      const finished = await bodyText(page);
      expect(finished).not.toMatch(/passent « En cours »|en cours d.instruction|demande déposée/);
      expect(errors).toEqual([]);
      await context.close();
    }, 90_000);

    it('lists imports and requests with filters and pages, opens each, never inserts their text as markup', async () => {
      const { page, context, errors } = await openPage(f, width, PFI_SIRET);
      await visit(f, page, '#/depots', 'Mes dépôts');
      await expect.poll(() => page.locator('#table-depots tbody tr').count(), WAIT).toBe(1);
      expect(await text(page, '#table-depots tbody tr')).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
      await expectGoodScreen(page, 'mes dépôts');
      await page.selectOption('#filtres-depots select[name=typeDemande]', 'SOLDE');
      await page.click('#filtres-depots button[type=submit]');
      await expect.poll(() => text(page, '#resultats-depots'), WAIT).toContain('Aucun dépôt ne correspond');
      expect(page.url()).toContain('typeDemande=SOLDE');
      await expect.poll(() => focusIn(page, '#resultats-depots'), WAIT).toBe(true); // "Rechercher": focus on its result
      await page.click('text=Vider les critères');
      await expect.poll(() => page.locator('#table-depots tbody tr').count(), WAIT).toBe(1);
      const open = page.locator('#table-depots a', { hasText: /^Voir le dépôt \d+$/ });
      await open.click();
      await expect.poll(() => state(page), WAIT).toBe('IMPORTE');

      await visit(f, page, '#/demandes', 'Mes demandes de financement');
      await expect.poll(() => page.locator('#table-demandes tbody tr').count(), WAIT).toBe(20);
      expect(await page.locator('#table-demandes img').count()).toBe(0);
      await expectGoodScreen(page, 'mes demandes');
      await page.click('text=Mes demandes : page suivante');
      await expect.poll(() => page.locator('#table-demandes tbody tr').count(), WAIT).toBe(5);
      // following a page moves focus to the list's result, as "Rechercher" does, not to the heading
      await expect.poll(() => focusIn(page, '#resultats-demandes'), WAIT).toBe(true);
      expect(await bodyText(page)).toContain(HOSTILE_NAME); // the oldest request, on the second page
      expect(await page.locator('img').count()).toBe(0);
      expect(await text(page, '#page-courante')).toBe('Page 2');
      // the trail is in the address: a reload (or a bookmark) keeps "page précédente"
      await page.reload();
      await expect.poll(() => page.locator('#table-demandes tbody tr').count(), WAIT).toBe(5);
      expect(await text(page, '#page-courante')).toBe('Page 2');
      expect(await text(page, '#table-demandes caption')).toContain('page 2');
      await page.click('text=Mes demandes : page précédente');
      await expect.poll(() => page.locator('#table-demandes tbody tr').count(), WAIT).toBe(20);

      await page.selectOption('#filtres-demandes select[name=statut]', 'EN_COURS');
      await page.click('#filtres-demandes button[type=submit]');
      await expect.poll(() => text(page, '#resultats-demandes'), WAIT).toContain('Aucune demande ne correspond');
      await page.selectOption('#filtres-demandes select[name=statut]', 'INCOMPLETE');
      await page.fill('#filtres-demandes input[name=numero]', 'FINHOP');
      await page.selectOption('#filtres-demandes select[name=logiciel]', 'PFI');
      await page.click('#filtres-demandes button[type=submit]');
      await expect.poll(() => page.locator('#table-demandes tbody tr').count(), WAIT).toBe(20);
      await page.fill('#filtres-demandes input[name=numero]', 'pas-un-numero');
      await page.click('#filtres-demandes button[type=submit]');
      await expect.poll(() => text(page, '#resultats-demandes [role=alert]'), WAIT).toContain('numero doit être un numéro de dossier');
      await expect.poll(() => focusedRole(page), WAIT).toBe('alert'); // the refusal below the form gets focus, not the heading

      await visit(f, page, '#/demandes', 'Mes demandes de financement');
      await expect.poll(() => page.locator('#table-demandes tbody tr').count(), WAIT).toBe(20);
      await page.locator('#table-demandes tbody a').first().click();
      await expect.poll(() => text(page, 'h1'), WAIT).toMatch(/^Demande FINHOP\d{6}M0$/);
      const detail = await bodyText(page);
      expect(detail).toContain('1 250,50 €');
      expect(detail).toContain('1 500,60 €');
      expect(detail).toMatch(/HOP-PFI-Va2-BDC-ED\d{5}\.pdf/);
      expect(detail).toMatch(/manquante/i);
      await expectGoodScreen(page, 'détail d’une demande');
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);

    it('downloads the exports with the chosen filters and shows the documentation', async () => {
      const { page, context, errors } = await openPage(f, width, PFI_SIRET);
      await visit(f, page, '#/exports', 'Exports');
      await expectGoodScreen(page, 'exports');
      const csv = async (button: string) => {
        const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.click(`text=${button}`)]);
        return { name: download.suggestedFilename(), rows: parseCsv(readFileSync((await download.path())!, 'utf8')) };
      };
      const demandes = await csv('Télécharger les demandes (CSV)');
      expect(demandes.name).toMatch(/^demandes-40208090600010-\d{8}\.csv$/);
      expect(demandes.rows[0]).toContain('Numéro de dossier');
      expect(demandes.rows).toHaveLength(26);
      expect(demandes.rows.some((r) => r.includes(HOSTILE_NAME))).toBe(true);
      await expect.poll(() => text(page, '#export-demandes [role=status]'), WAIT).toContain(demandes.name);
      expect(await text(page, '#export-demandes [role=status]')).toMatch(/\(\d+(,\d)? Ko\)\.$/); // not "(0 Mo)"
      await page.selectOption('#export-demandes select[name=typeDemande]', 'SOLDE');
      expect((await csv('Télécharger les demandes (CSV)')).rows).toHaveLength(1);
      const imports = await csv('Télécharger les dépôts (CSV)');
      expect(imports.name).toMatch(/^imports-40208090600010-\d{8}\.csv$/);
      expect(imports.rows).toHaveLength(2);
      expect(imports.rows[1]).toContain('lot-pfi.json');

      // the criteria in the address: a link's apply to both forms, each form's changes are kept, a reload keeps them
      await visit(f, page, '#/exports?typeDemande=SOLDE', 'Exports');
      expect(await page.locator('#export-demandes select[name=typeDemande]').inputValue()).toBe('SOLDE');
      expect(await page.locator('#export-imports select[name=typeDemande]').inputValue()).toBe('SOLDE');
      expect((await csv('Télécharger les demandes (CSV)')).rows).toHaveLength(1);
      await page.selectOption('#export-imports select[name=typeDemande]', '');
      expect(page.url()).toContain('demandes.typeDemande=SOLDE');
      expect(page.url()).not.toContain('imports.typeDemande');
      await page.reload();
      await expect.poll(() => page.locator('#export-demandes select[name=typeDemande]').inputValue(), WAIT).toBe('SOLDE');
      expect(await page.locator('#export-imports select[name=typeDemande]').inputValue()).toBe('');
      expect((await csv('Télécharger les dépôts (CSV)')).rows).toHaveLength(2);

      await visit(f, page, '#/documentation', 'Documentation des contrôles');
      const doc = await bodyText(page);
      for (const code of ['FMT-01', 'ENT-01', 'DEM-27', 'AVT-02', 'IMP-01', 'PJ-10']) expect(doc).toContain(code);
      expect(doc).toContain('Taille maximale du fichier JSON : 5 Mo');
      expect(doc).toContain('HOP-<LOGICIEL>-Va2-<BDC|FAC|VA|MOM>-<numeroEditeur>');
      const example = page.locator('a', { hasText: 'dpi-avance-valide.json' });
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), example.click()]);
      expect(JSON.parse(readFileSync((await download.path())!, 'utf8')).numeroAns).toBe('MJCDPI0001');
      await expectGoodScreen(page, 'documentation');
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);
  });
}

/** At small widths the navigation is in the closed menu: the "Menu" skip link opens it and moves focus into it. */
export function skipLinkToMenu(width: number): void {
  it('opens the menu from the "Menu" skip link and moves focus into the navigation', async () => {
    const { page, context, errors } = await openPage(f, width, DPI_SIRET);
    await visit(f, page, '#/depots', 'Mes dépôts');
    expect(await page.locator('#navigation').isVisible()).toBe(false);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.textContent)).toBe('Menu');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusIn(page, '#navigation'), WAIT).toBe(true);
    expect(await page.locator('#navigation').isVisible()).toBe(true);
    const focusedText = () => page.evaluate(() => (globalThis as any).document.activeElement?.textContent);
    expect(await focusedText()).toBe('Mes dépôts');
    await page.keyboard.press('Tab');
    expect(await focusedText()).toBe('Nouveau dépôt');
    expect(errors).toEqual([]);
    await context.close();
  }, 30_000);
}

/** The header navigation by keyboard (at 1280 px, in the same file). */
export function keyboardNavigation(): void {
  it('is reached from the header navigation by keyboard', async () => {
    const { page, context } = await openPage(f, 1280, DPI_SIRET);
    await visit(f, page, '#/depots', 'Mes dépôts');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.textContent)).toBe('Contenu');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('contenu');
    await page.focus('a.fr-nav__link[href="#/documentation"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => text(page, 'h1'), WAIT).toBe('Documentation des contrôles');
    // focus moves to the heading once the screen is drawn (its data may come after its title)
    await expect.poll(() => page.evaluate(() => (globalThis as any).document.activeElement?.tagName), WAIT).toBe('H1');
    expect(await page.locator('a.fr-nav__link[aria-current=page]').textContent()).toBe('Documentation');
    await expectAccessible(page, 'navigation');
    await context.close();
  }, 30_000);
}
