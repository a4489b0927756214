/** One funding request: amounts HT and TTC, the beneficiary, the expected documents, its import. */
import { request } from '../api.js';
import { amount, badge, dateTime, LOGICIELS, rate, TYPES_DEMANDE } from '../format.js';
import { add, h } from '../h.js';
import { table } from '../ui/table.js';

const row = (term, value) => [h('dt', { class: 'fr-text--bold' }, term), h('dd', { class: 'fr-mb-1w' }, value ?? '—')];

export async function render(ctx) {
  ctx.title(`Demande ${ctx.params.numero}`);
  const { data: d } = await request('GET', `/demandes/${encodeURIComponent(ctx.params.numero)}`, { signal: ctx.signal });
  const b = d.beneficiaires ?? {};
  const c = d.commande ?? {};
  add(ctx.node, 
    h('h1', { tabindex: '-1' }, `Demande ${d.numeroDossier}`),
    h('p', { class: 'depot-etat-ligne' }, badge(ctx.doc, 'demandes', d.statut, { id: 'statut-demande' }), badge(ctx.doc, 'paiements', d.statutPaiement)),
    h('section', { 'aria-labelledby': 'titre-financement', class: 'fr-mb-4w' },
      h('h2', { class: 'fr-h4', id: 'titre-financement' }, 'Financement'),
      h('dl', {},
        row('Type de demande', TYPES_DEMANDE[d.typeDemande] ?? d.typeDemande),
        row('Logiciel', `${LOGICIELS[d.logiciel] ?? d.logiciel} — solution ${d.numeroAns}`),
        row('Numéro éditeur', d.numeroEditeur),
        row('Montant Ségur HT (déclaré)', amount(d.montantSegurHT)),
        row(`Montant Ségur TTC (TVA ${rate(d.tauxTva ?? 0)})`, amount(d.montantSegurTTC)),
        row('Commande', [c.dateEditionCommande ? `éditée le ${c.dateEditionCommande}` : null, c.dateSignatureCommande ? `signée le ${c.dateSignatureCommande}` : null, c.typePrestation ? `prestation ${c.typePrestation}` : null].filter(Boolean).join(', ')),
        row('Date de dépôt', dateTime(d.dateDepot)),
        row('Dépôt', h('a', { class: 'fr-link', href: `#/depots/${d.identifiantImport}` }, `Voir le dépôt ${d.identifiantImport} (ligne ${d.numLigne})`)))),
    h('section', { 'aria-labelledby': 'titre-beneficiaire', class: 'fr-mb-4w' },
      h('h2', { class: 'fr-h4', id: 'titre-beneficiaire' }, 'Bénéficiaire'),
      h('dl', {},
        row('Dénomination sociale', d.nomClient),
        row('FINESS PMSI', d.FINESSPMSI),
        row('Courriel', b.emailClient),
        row('Téléphone', b.telephoneClient),
        b.nomRepresentant ? row('Représentant', `${b.nomRepresentant} — ${b.emailRepresentant ?? ''} — ${b.telephoneRepresentant ?? ''}`) : null)),
    h('section', { 'aria-labelledby': 'titre-pieces-demande' },
      h('h2', { class: 'fr-h4', id: 'titre-pieces-demande' }, 'Pièces justificatives'),
      table({
        caption: `Pièces attendues pour la demande ${d.numeroDossier}`,
        columns: [
          { label: 'Pièce', cell: (p) => p.nomFichier },
          { label: 'Type', cell: (p) => p.type },
          { label: 'Reçue', cell: (p) => h('span', { class: `fr-badge fr-badge--sm fr-badge--${p.recue ? 'success' : 'warning'}` }, p.recue ? 'Reçue' : 'Manquante') },
        ],
        rows: d.piecesAttendues ?? [],
      })),
    h('p', { class: 'fr-mt-4w' }, h('a', { class: 'fr-link fr-icon-arrow-left-line fr-link--icon-left', href: '#/demandes' }, 'Retour à mes demandes')));
}
