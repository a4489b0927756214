/**
 * How each state reads to a supplier: a French label and a tone (the colour of its DSFR badge),
 * for imports, archives, requests and payments. The web page (through GET /documentation) and the
 * CSV exports show these, never the raw codes alone.
 */
import { DEMANDE_STATUSES, PAYMENT_STATUS_AT_CREATION, type DemandeStatus } from './demande-record.js';
import { ARCHIVE_STATUSES, IMPORT_IN_PROGRESS, IMPORT_STATUSES, TAKEN_UP_AT_START, type ArchiveStatus, type ImportStatus } from './import-lifecycle.js';

/** A DSFR badge's colour: success, error, warning, info, new. */
export type Tonalite = 'succes' | 'erreur' | 'avertissement' | 'info' | 'nouveau';

interface Reading {
  readonly libelle: string;
  readonly tonalite: Tonalite;
}

/** One state as the supplier sees it; `final`: no further change is to be waited for (see each table). */
export interface StatusLabel extends Reading {
  code: string;
  final: boolean;
}

const IMPORT_READINGS: Record<ImportStatus, Reading> = {
  EN_ATTENTE_FICHIER: { libelle: 'En attente du fichier', tonalite: 'nouveau' },
  SIMULATION_EN_COURS: { libelle: 'Simulation en cours', tonalite: 'info' },
  FORMAT_INVALIDE: { libelle: 'Format invalide', tonalite: 'erreur' },
  SIMULATION_EN_ERREUR: { libelle: 'Simulation en erreur', tonalite: 'erreur' },
  SIMULATION_VALIDE: { libelle: 'Simulation valide', tonalite: 'succes' },
  IMPORT_EN_COURS: { libelle: 'Import en cours', tonalite: 'info' },
  IMPORTE: { libelle: 'Importé', tonalite: 'avertissement' },
  TERMINE: { libelle: 'Terminé', tonalite: 'succes' },
  ERREUR_TECHNIQUE: { libelle: 'Erreur technique', tonalite: 'erreur' },
};

const ARCHIVE_READINGS: Record<ArchiveStatus, Reading> = {
  EN_ATTENTE: { libelle: "En attente de l'archive", tonalite: 'nouveau' },
  EN_COURS: { libelle: 'En cours de traitement', tonalite: 'info' },
  TRAITEE: { libelle: 'Traitée', tonalite: 'succes' },
  REFUSEE: { libelle: 'Refusée', tonalite: 'erreur' },
};

const DEMANDE_READINGS: Record<DemandeStatus, Reading> = {
  INCOMPLETE: { libelle: 'Incomplète', tonalite: 'avertissement' },
  EN_COURS: { libelle: "En cours d'instruction", tonalite: 'info' },
  A_MODIFIER: { libelle: 'À modifier', tonalite: 'avertissement' },
  VALIDEE: { libelle: 'Validée', tonalite: 'succes' },
  REJETEE: { libelle: 'Rejetée', tonalite: 'erreur' },
  DECIDEE_ET_PAYEE: { libelle: 'Décidée et payée', tonalite: 'succes' },
};

/** A request's life ends here (SPEC §6): nothing happens to it afterwards. */
const DEMANDE_FINAL: readonly DemandeStatus[] = ['REJETEE', 'DECIDEE_ET_PAYEE'];

/** The payment states this service knows (SPEC §6: the one at creation; the others come from outside). */
const PAYMENT_READINGS: Record<string, Reading> = {
  [PAYMENT_STATUS_AT_CREATION]: { libelle: 'Aucun paiement en cours', tonalite: 'info' },
};

function table<S extends string>(codes: readonly S[], readings: Record<S, Reading>, isFinal: (code: S) => boolean): StatusLabel[] {
  return codes.map((code) => ({ code, ...readings[code], final: isFinal(code) }));
}

/**
 * Every state with its label, tone and finality. Imports and archives are final once no function
 * works on them any more (the page stops following them: the next move, if any, is the
 * supplier's); requests, once their life is over; payments, never here.
 */
export const STATUS_LABELS = {
  imports: table(IMPORT_STATUSES, IMPORT_READINGS, (s) => !IMPORT_IN_PROGRESS.includes(s)),
  archives: table(ARCHIVE_STATUSES, ARCHIVE_READINGS, (s) => !(TAKEN_UP_AT_START.archives as readonly ArchiveStatus[]).includes(s)),
  demandes: table(DEMANDE_STATUSES, DEMANDE_READINGS, (s) => DEMANDE_FINAL.includes(s)),
  paiements: table(Object.keys(PAYMENT_READINGS), PAYMENT_READINGS, () => false),
} as const;

/** An import's state in French. */
export function importStatusLabel(statut: ImportStatus): string {
  return IMPORT_READINGS[statut].libelle;
}

/** A request's state in French. */
export function demandeStatusLabel(statut: DemandeStatus): string {
  return DEMANDE_READINGS[statut].libelle;
}

/** A payment state in French; one this service does not know (set outside it) is shown as its code. */
export function paymentStatusLabel(statut: string): string {
  return PAYMENT_READINGS[statut]?.libelle ?? statut;
}
