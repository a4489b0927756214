/**
 * Nouveau dépôt, step 1.1 Simulation: solution, type, VAT (HT orders force 0 %), file; then the
 * upload with its progress bar and the simulation followed until its verdict.
 */
import { ApiError, poll, request, upload } from '../api.js';
import { fileSize } from '../format.js';
import { add, h } from '../h.js';
import { withStates } from '../documentation.js';
import { isWorking } from '../lifecycle.js';
import { whileBusy } from '../ui/busy.js';
import { canDeposit, enrolmentNotice } from '../ui/enrolment.js';
import { feedbackZone, say } from '../ui/feedback.js';
import { progressBar } from '../ui/progress.js';
import { stepper } from '../ui/stepper.js';
import { tracker } from '../ui/tracker.js';

const RATES = [['20', '20 %'], ['8.5', '8,5 %'], ['0', '0 %']];

function radios(name, legend, options, checked) {
  return h('fieldset', { class: 'fr-fieldset', id: `champ-${name}` },
    h('legend', { class: 'fr-fieldset__legend' }, legend),
    options.map(([value, label]) => h('div', { class: 'fr-fieldset__element fr-fieldset__element--inline' },
      h('div', { class: 'fr-radio-group' },
        h('input', { type: 'radio', id: `${name}-${value}`, name, value, checked: value === checked }),
        h('label', { class: 'fr-label', for: `${name}-${value}` }, label)))));
}

export async function render(ctx) {
  ctx.title('Nouveau dépôt');
  add(ctx.node, h('h1', { tabindex: '-1' }, 'Nouveau dépôt'), stepper(0, canDeposit(ctx.supplier) ? {} : { next: null }));
  if (!canDeposit(ctx.supplier)) {
    add(ctx.node, enrolmentNotice(ctx.supplier));
    return;
  }
  const limits = ctx.doc.limites ?? {};
  const maxBytes = limits.tailleMaxFichierOctets;
  const maxLines = limits.nombreMaxDemandes;
  const ht = h('input', { type: 'checkbox', id: 'regime-ht', name: 'regimeHT' });
  const zone = feedbackZone();
  const work = h('div', { id: 'suivi-depot' });
  const button = h('button', { class: 'fr-btn', type: 'submit' }, 'Déposer et simuler le fichier');
  const form = h('form', { id: 'form-depot', novalidate: true },
    h('div', { class: 'fr-select-group' },
      h('label', { class: 'fr-label', for: 'numeroAns' }, 'Solution référencée (numéro ANS)'),
      h('select', { class: 'fr-select', id: 'numeroAns', name: 'numeroAns' },
        ctx.supplier.solutions.map((s) => h('option', { value: s.numeroAns }, `${s.numeroAns} — ${s.logiciel} — ${s.libelle}`)))),
    radios('typeDemande', 'Type de demande', [['AVANCE', 'Avance'], ['SOLDE', 'Solde']], 'AVANCE'),
    h('div', { class: 'fr-checkbox-group fr-mb-2w' }, ht,
      h('label', { class: 'fr-label', for: 'regime-ht' }, 'Commandes hors taxes (régime HT)',
        h('span', { class: 'fr-hint-text' }, 'Le régime HT impose un taux de TVA de 0 %.'))),
    radios('tauxTva', 'Taux de TVA', RATES, '20'),
    h('div', { class: 'fr-upload-group fr-mb-3w' },
      h('label', { class: 'fr-label', for: 'fichier' }, 'Fichier JSON des demandes',
        h('span', { class: 'fr-hint-text' }, [maxLines ? `${maxLines} demandes` : null, maxBytes ? `${fileSize(maxBytes)}` : null].filter(Boolean).join(' et ') + (maxBytes || maxLines ? ' au plus. ' : '') + 'Format décrit dans la documentation.')),
      h('input', { class: 'fr-upload', type: 'file', id: 'fichier', name: 'fichier', accept: '.json,application/json' })),
    button, zone, work);

  ht.addEventListener('change', () => {
    for (const radio of form.querySelectorAll('input[name=tauxTva]')) {
      if (ht.checked) radio.checked = radio.value === '0';
      radio.disabled = ht.checked && radio.value !== '0';
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = form.elements.fichier.files[0];
    if (!file) return say(zone, 'error', 'Choisissez le fichier JSON à déposer.');
    if (maxBytes && file.size > maxBytes) {
      return say(zone, 'error', `FMT-04 : Le fichier dépasse la taille maximale de ${fileSize(maxBytes)} : « ${file.name} » fait ${fileSize(file.size)}. Allégez-le (au plus ${maxLines ?? 200} demandes) puis déposez-le.`);
    }
    const body = {
      numeroAns: form.elements.numeroAns.value,
      typeDemande: form.querySelector('input[name=typeDemande]:checked').value,
      tauxTva: Number(form.querySelector('input[name=tauxTva]:checked').value),
      nomFichier: file.name,
    };
    whileBusy(button, 'Dépôt en cours…', () => deposit(ctx, body, file, zone, work))
      .catch((error) => error?.name !== 'AbortError' && say(zone, 'error', error.message));
  });
  add(ctx.node, form);
}

async function deposit(ctx, body, file, zone, work) {
  zone.replaceChildren();
  const { data: created } = await request('POST', '/imports', { body, signal: ctx.signal });
  const bar = progressBar(`Envoi de « ${file.name} »`);
  work.replaceChildren(bar.node);
  await upload(created.televersement, file, bar.update);
  const follow = tracker(work, 'Fichier reçu : simulation en cours');
  try {
    const doc = await withStates(ctx.doc, 'imports');
    await poll(() => request('GET', `/imports/${created.identifiant}`, { signal: ctx.signal }).then((r) => r.data),
      (imp) => !isWorking(doc, imp), { signal: ctx.signal, onUpdate: follow.update });
  } catch (error) {
    if (error instanceof ApiError) throw new ApiError(error.status, error.code, `${error.message} Le dépôt n° ${created.identifiant} reste consultable dans « Mes dépôts ».`);
    throw error;
  } finally {
    follow.stop();
  }
  // the deposit's summary says what the simulation found: focus goes there
  ctx.navigate(`#/depots/${created.identifiant}`, { focus: '#resume' });
}
