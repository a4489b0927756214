import type { DecimalText } from './decimal.js';
import { exactAmount, exactAmountWithVat } from './money.js';
import { readAttachmentName, type DocumentType } from './nomenclature.js';
import type { Logiciel, TauxTva, TypeDemande } from './settings.js';
import { numberAsWritten } from './strict-json.js';

/** A request's states (SPEC §6): INCOMPLETE at import, EN_COURS at Finish; the rest happen outside this service. */
export const DEMANDE_STATUSES = ['INCOMPLETE', 'EN_COURS', 'A_MODIFIER', 'VALIDEE', 'REJETEE', 'DECIDEE_ET_PAYEE'] as const;
export type DemandeStatus = (typeof DEMANDE_STATUSES)[number];

export const PAYMENT_STATUS_AT_CREATION = 'AUCUN_PAIEMENT_EN_COURS';

/** A document a request's line names. Whether it was received is read from the import's archives (received-documents.ts). */
export interface ExpectedDocument {
  type: DocumentType;
  nomFichier: string;
}

/** A funding request ("demande de financement"), created at import from one accepted line. */
export interface DemandeRecord {
  numeroDossier: string;
  identifiantImport: number;
  numLigne: number;
  numeroEditeur: string;
  siret: string;
  numeroAns: string;
  /** Shown as DPI_V2 / PFI_V2. */
  logiciel: `${Logiciel}_V2`;
  typeDemande: TypeDemande;
  tauxTva: TauxTva;
  /**
   * The declared amount, exactly as written in the file (SPEC §4.2), as its canonical decimal text
   * (decimal.ts: `1250.5`, `12345678901234567.89`, `1e+400`); the API writes it as a JSON number.
   */
  montantSegurHT: DecimalText;
  /** HT × (1 + tauxTva), rounded half up to the cent, computed exactly; canonical decimal text. */
  montantSegurTTC: DecimalText;
  FINESSPMSI: string;
  nomClient: string;
  /** The line's `commande`, its `montantSegurHT` being the request's (the exact text, not a double). */
  commande: Record<string, unknown>;
  beneficiaires: Record<string, unknown>;
  scenarioInstallation: Record<string, unknown>;
  piecesAttendues: ExpectedDocument[];
  /** The import's creation, ISO 8601 Paris time; and in UTC for sorting. */
  dateDepot: string;
  creeLe: string;
  statut: DemandeStatus;
  statutPaiement: string;
}

/** What the import needs of the import (not of the line) to create a request. */
export interface DemandeContext {
  identifiantImport: number;
  siret: string;
  numeroAns: string;
  logiciel: Logiciel;
  typeDemande: TypeDemande;
  tauxTva: TauxTva;
  dateDepot: string;
  creeLe: string;
}

/** The request a valid line becomes (the line passed every check, so its values have their types). */
export function demandeFromLine(line: Record<string, any>, numeroDossier: string, context: DemandeContext): DemandeRecord {
  const pieces = line.piecesJustificatives as { nomFichier: string }[];
  // the text the file wrote (the line passed DEM-11, so it is a positive number)
  const ht = exactAmount(numberAsWritten(line.commande, 'montantSegurHT')!);
  return {
    numeroDossier,
    identifiantImport: context.identifiantImport,
    numLigne: line.numLigne,
    numeroEditeur: line.numeroEditeur,
    siret: context.siret,
    numeroAns: context.numeroAns,
    logiciel: `${context.logiciel}_V2`,
    typeDemande: context.typeDemande,
    tauxTva: context.tauxTva,
    montantSegurHT: ht,
    montantSegurTTC: exactAmountWithVat(ht, context.tauxTva),
    FINESSPMSI: line.beneficiaires.FINESSPMSI,
    nomClient: line.beneficiaires.nomClient,
    commande: { ...line.commande, montantSegurHT: ht },
    beneficiaires: line.beneficiaires,
    scenarioInstallation: line.scenarioInstallation,
    piecesAttendues: pieces.map((p) => ({
      type: readAttachmentName(p.nomFichier, context.logiciel, line.numeroEditeur)!.type,
      nomFichier: p.nomFichier,
    })),
    dateDepot: context.dateDepot,
    creeLe: context.creeLe,
    statut: 'INCOMPLETE',
    statutPaiement: PAYMENT_STATUS_AT_CREATION,
  };
}
