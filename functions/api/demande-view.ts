import type { DemandeWithReceipts } from '../../shared/app/demandes/queries.js';

/** A request as the API shows it (SPEC §8). */
export function demandeView(r: DemandeWithReceipts) {
  return {
    numeroDossier: r.numeroDossier,
    identifiantImport: r.identifiantImport,
    numLigne: r.numLigne,
    numeroEditeur: r.numeroEditeur,
    numeroAns: r.numeroAns,
    logiciel: r.logiciel,
    typeDemande: r.typeDemande,
    statut: r.statut,
    statutPaiement: r.statutPaiement,
    dateDepot: r.dateDepot,
    montantSegurHT: r.montantSegurHT,
    montantSegurTTC: r.montantSegurTTC,
    tauxTva: r.tauxTva,
    FINESSPMSI: r.FINESSPMSI,
    nomClient: r.nomClient,
    piecesAttendues: r.piecesAttendues,
    commande: r.commande,
    beneficiaires: r.beneficiaires,
    scenarioInstallation: r.scenarioInstallation,
  };
}
