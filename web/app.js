// The suppliers' page: every action goes through the service's HTTP API with the bearer token.
// Text from files and the API is always set as text, never as HTML.
const API = globalThis.SEGUR_API ?? 'api';
const FINAL = ['FORMAT_INVALIDE', 'SIMULATION_EN_ERREUR', 'SIMULATION_VALIDE', 'IMPORTE', 'TERMINE', 'ERREUR_TECHNIQUE'];
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem('jeton') ?? '';
let current = null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return node;
}

function say(text, kind = 'info') {
  $('message').replaceChildren(el('div', { class: `fr-alert fr-alert--${kind} fr-alert--sm fr-mb-2w` }, el('p', {}, text)));
}

async function call(method, path, body) {
  const res = await fetch(`${API}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (!res.ok && res.status !== 409) throw new Error(data?.message ?? `Erreur ${res.status}`);
  return { status: res.status, data };
}

async function upload(televersement, file) {
  const form = new FormData();
  for (const [k, v] of Object.entries(televersement.champs)) form.append(k, v);
  form.append('file', file);
  const res = await fetch(televersement.url, { method: 'POST', body: form });
  if (!res.ok) throw new Error(`Le dépôt du fichier a été refusé (${res.status}) : vérifiez sa taille`);
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

async function signIn() {
  const { data } = await call('GET', '/referentiel/solutions');
  sessionStorage.setItem('jeton', token);
  $('fournisseur').textContent = `${data.raisonSociale} — SIRET ${data.siret} — enrôlement ${data.statutEnrolement}`;
  $('numeroAns').replaceChildren(...data.solutions.map((s) => el('option', { value: s.numeroAns }, `${s.numeroAns} — ${s.logiciel} — ${s.libelle}`)));
  for (const id of ['depot', 'liste']) $(id).hidden = false;
  await listImports();
}

async function listImports() {
  const { data } = await call('GET', '/imports?limite=50');
  $('imports').replaceChildren(
    ...data.elements.map((i) => {
      const open = el('button', { class: 'fr-btn fr-btn--sm fr-btn--tertiary', type: 'button' }, 'Voir');
      open.addEventListener('click', () => show(i.identifiant).catch((e) => say(e.message, 'error')));
      return el('tr', {}, ...[i.identifiant, i.dateDepot.slice(0, 16).replace('T', ' '), i.nomFichier, i.numeroAns, i.typeDemande,
        i.nombreDemandes ?? '—', i.nombreDemandesValides ?? '—', i.nombreDemandesEnErreur ?? '—', i.statut].map((v) => el('td', {}, v)), el('td', {}, open));
    }),
  );
}

async function follow(id) {
  for (let i = 0; i < 600; i++) {
    const { data } = await call('GET', `/imports/${id}`);
    if (FINAL.includes(data.statut)) return data;
    await wait(500);
  }
  throw new Error('Le traitement est plus long que prévu : revenez plus tard');
}

function issuesTable(title, rows) {
  if (rows.length === 0) return el('div');
  return el('div', { class: 'fr-table fr-mt-2w' }, el('table', {}, el('caption', {}, title),
    el('thead', {}, el('tr', {}, el('th', {}, 'Ligne'), el('th', {}, 'Code'), el('th', {}, 'Champ'), el('th', {}, 'Message'))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, el('td', {}, r.ligne), el('td', {}, r.code), el('td', {}, r.champ), el('td', {}, r.message))))));
}

async function show(id) {
  const { data: imp } = await call('GET', `/imports/${id}`);
  current = imp;
  $('detail').hidden = false;
  $('detail-titre').textContent = `Dépôt n° ${imp.identifiant} — ${imp.nomFichier}`;
  const counts = imp.nombreDemandes === null ? '' : ` — ${imp.nombreDemandes} demande(s), ${imp.nombreDemandesValides} valide(s) ou retenue(s), ${imp.nombreDemandesEnErreur} en erreur ou rejetée(s)`;
  $('detail-etat').replaceChildren(el('span', { class: 'fr-badge fr-badge--info', id: 'statut' }, imp.statut), counts, imp.erreurTechnique ? ` — ${imp.erreurTechnique}` : '');
  $('importer').hidden = imp.statut !== 'SIMULATION_VALIDE';
  $('terminer').hidden = imp.statut !== 'IMPORTE';
  $('telecharger-retour').hidden = !['FORMAT_INVALIDE', 'SIMULATION_EN_ERREUR', 'SIMULATION_VALIDE', 'IMPORT_EN_COURS', 'IMPORTE', 'TERMINE'].includes(imp.statut);
  $('detail-erreurs').replaceChildren();
  if (!$('telecharger-retour').hidden) {
    const { data: retour } = await call('GET', `/imports/${id}/retour`);
    const rows = [
      ...retour.resultat.erreurs.map((e) => ({ ligne: e.ligne ? `l. ${e.ligne}, col. ${e.colonne}` : 'fichier', ...e })),
      ...(retour.lignesImport ?? []).flatMap((l) => l.erreurs.map((e) => ({ ligne: l.numLigne, ...e }))),
    ];
    const warnings = [
      ...retour.resultat.avertissements.map((e) => ({ ligne: 'fichier', ...e })),
      ...(retour.lignesImport ?? []).flatMap((l) => l.avertissements.map((e) => ({ ligne: l.numLigne, ...e }))),
    ];
    $('detail-erreurs').append(issuesTable('Erreurs', rows), issuesTable('Avertissements', warnings));
  }
  const cr = imp.compteRendu;
  $('compte-rendu').replaceChildren(cr ? el('div', {}, el('p', {}, `Compte rendu : ${cr.nombreLignes} ligne(s), ${cr.nombreLignesImportees} importée(s), ${cr.nombreLignesRejetees} rejetée(s).`),
    issuesTable('Lignes rejetées à l’import', cr.rejets.map((r) => ({ ligne: r.numLigne, code: r.code, champ: '', message: r.message })))) : '');
  $('pieces').hidden = !['IMPORTE', 'TERMINE'].includes(imp.statut);
  $('form-archive').hidden = imp.statut !== 'IMPORTE';
  if (!$('pieces').hidden) await showPieces(id);
}

async function showPieces(id) {
  const { data } = await call('GET', `/imports/${id}/pieces-jointes`);
  $('attendues').replaceChildren(el('p', {}, `${data.nombreRecues} pièce(s) reçue(s) sur ${data.nombreAttendues}.`),
    el('ul', {}, ...data.attendues.map((a) => el('li', {}, `${a.recue ? '✓' : '✗'} ${a.nomFichier} (${a.type}, dossier ${a.numeroDossier})`))));
  $('archives').replaceChildren(...data.archives.map((a) => el('div', { class: 'fr-mt-2w' },
    el('p', {}, `Archive ${a.nomArchive} : ${a.statut}${a.message ? ` — ${a.code} : ${a.message}` : ''}`),
    el('ul', {}, ...a.fichiers.map((f) => el('li', {}, `${f.statut === 'ACCEPTE' ? '✓' : '✗'} ${f.nom}${f.code ? ` — ${f.code} : ${f.message}` : ''}`))))));
}

$('form-connexion').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const demo = $('demo').value;
    if (demo) token = (await (await fetch(`local/jeton?siret=${demo}`)).text()).trim();
    else token = $('jeton').value.trim();
    await signIn();
    say('Connecté.', 'success');
  } catch (error) {
    say(`Connexion impossible : ${error.message}`, 'error');
  }
});

$('form-depot').addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = $('fichier').files[0];
  try {
    if (file.size > 5 * 1024 * 1024) throw new Error('FMT-04 : Le fichier dépasse la taille maximale de 5 Mo');
    const { data } = await call('POST', '/imports', { numeroAns: $('numeroAns').value, typeDemande: $('typeDemande').value, tauxTva: Number($('tauxTva').value), nomFichier: file.name });
    await upload(data.televersement, file);
    say('Fichier reçu : simulation en cours…');
    const done = await follow(data.identifiant);
    await show(done.identifiant);
    await listImports();
    say(`Simulation terminée : ${done.statut}.`, done.statut === 'SIMULATION_VALIDE' ? 'success' : 'warning');
  } catch (error) {
    say(error.message, 'error');
  }
});

$('importer').addEventListener('click', async () => {
  try {
    await call('POST', `/imports/${current.identifiant}/importer`);
    say('Import en cours…');
    for (let i = 0; i < 600 && (await call('GET', `/imports/${current.identifiant}`)).data.statut === 'IMPORT_EN_COURS'; i++) await wait(500);
    await show(current.identifiant);
    await listImports();
    say('Import terminé : voyez le compte rendu, puis envoyez les pièces justificatives.', 'success');
  } catch (error) {
    say(error.message, 'error');
  }
});

$('form-archive').addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = $('archive').files[0];
  try {
    const { data } = await call('POST', `/imports/${current.identifiant}/pieces-jointes`, { nomArchive: file.name });
    await upload(data.televersement, file);
    say('Archive reçue : contrôle en cours…');
    for (let i = 0; i < 600; i++) {
      const { data: p } = await call('GET', `/imports/${current.identifiant}/pieces-jointes`);
      const a = p.archives.find((x) => x.identifiant === data.identifiant);
      if (a && ['TRAITEE', 'REFUSEE'].includes(a.statut)) break;
      await wait(500);
    }
    await showPieces(current.identifiant);
    say('Archive contrôlée.', 'success');
  } catch (error) {
    say(error.message, 'error');
  }
});

$('terminer').addEventListener('click', async () => {
  try {
    const { status, data } = await call('POST', `/imports/${current.identifiant}/terminer`);
    if (status === 409) return say(`${data.message} : ${(data.manquantes ?? []).map((m) => m.nomFichier).join(', ')}`, 'warning');
    await show(current.identifiant);
    await listImports();
    say('Dépôt terminé : les demandes sont déposées (EN_COURS).', 'success');
  } catch (error) {
    say(error.message, 'error');
  }
});

$('telecharger-retour').addEventListener('click', async () => {
  const res = await fetch(`${API}/imports/${current.identifiant}/retour`, { headers: { authorization: `Bearer ${token}` } });
  const link = el('a', { href: URL.createObjectURL(await res.blob()), download: current.nomFichier.replace(/\.json$/i, '') + '-retour.json' });
  link.click();
});

fetch('local/jeton').then((r) => { if (r.status !== 404) $('demo-groupe').hidden = false; }, () => {});
if (token) signIn().catch(() => sessionStorage.removeItem('jeton'));
