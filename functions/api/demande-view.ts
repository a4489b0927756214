import type { DemandeWithReceipts } from '../../shared/app/demandes/queries.js';
import { jsonNumber } from '../../shared/http/json-number.js';

/** A request as the API shows it (SPEC §8); the amounts are JSON numbers written exactly as kept. */
export function demandeView(r: DemandeWithReceipts) {
  const ht = jsonNumber(r.montantSegurHT);
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
    montantSegurHT: ht,
    montantSegurTTC: jsonNumber(r.montantSegurTTC),
    tauxTva: r.tauxTva,
    FINESSPMSI: r.FINESSPMSI,
    nomClient: r.nomClient,
    piecesAttendues: r.piecesAttendues,
    commande: { ...r.commande, montantSegurHT: ht },
    beneficiaires: r.beneficiaires,
    scenarioInstallation: r.scenarioInstallation,
  };
}
