/**
 * Records for the store tests, each with identifiers no other test uses (the AWS adapters run on
 * tables shared by the whole suite).
 */
import type { ArchiveRecord } from '../../shared/domain/archive-record.js';
import type { ImportRecord } from '../../shared/domain/import-record.js';
import type { DemandeRecord } from '../../shared/domain/demande-record.js';
import type { Unicite } from '../../shared/ports/unicite-store.js';

let counter = (Date.now() % 10_000_000) * 1000 + Math.floor(Math.random() * 1000);

/** A number no other call of this process returns. */
export function unique(): number {
  return ++counter;
}

/** A SIRET of its own, so that a supplier's listing holds only this test's items. */
export function uniqueSiret(): string {
  return String(unique()).padStart(14, '9');
}

export function importRecord(overrides: Partial<ImportRecord> = {}): ImportRecord {
  return {
    identifiant: unique(),
    siret: '40308070600020',
    numeroAns: 'MJCDPI0001',
    logiciel: 'DPI',
    typeDemande: 'AVANCE',
    tauxTva: 20,
    nomFichier: 'depot.json',
    statut: 'EN_ATTENTE_FICHIER',
    dateDepot: '2025-03-01T11:00:00+01:00',
    creeLe: '2025-03-01T10:00:00.000Z',
    televersementExpireLe: '2025-03-01T10:15:00.000Z',
    ...overrides,
  };
}

export function demandeRecord(overrides: Partial<DemandeRecord> = {}): DemandeRecord {
  return {
    numeroDossier: `FINHOP${unique()}M0`,
    identifiantImport: 1,
    numLigne: 1,
    numeroEditeur: 'ED-1',
    siret: '40308070600020',
    numeroAns: 'MJCDPI0001',
    logiciel: 'DPI_V2',
    typeDemande: 'AVANCE',
    tauxTva: 20,
    montantSegurHT: '1250',
    montantSegurTTC: '1500',
    FINESSPMSI: '750712184',
    nomClient: 'Hôpital de démonstration',
    commande: { numeroBonCommande: 'BC-1', montantSegurHT: '1250', lignes: [{ code: 'A', quantite: 2 }] },
    beneficiaires: { FINESSPMSI: '750712184', nomClient: 'Hôpital de démonstration' },
    scenarioInstallation: { mutualise: false },
    piecesAttendues: [
      { type: 'BDC', nomFichier: 'a.pdf' },
      { type: 'FAC', nomFichier: 'b.pdf' },
      { type: 'VA', nomFichier: 'c.pdf' },
    ],
    dateDepot: '2025-03-01T11:00:00+01:00',
    creeLe: '2025-03-01T10:00:00.000Z',
    statut: 'INCOMPLETE',
    statutPaiement: 'AUCUN_PAIEMENT_EN_COURS',
    ...overrides,
  };
}

export function archiveRecord(overrides: Partial<ArchiveRecord> = {}): ArchiveRecord {
  return {
    identifiantImport: unique(),
    identifiant: unique(),
    siret: '40308070600020',
    nomArchive: 'pieces.zip',
    statut: 'EN_ATTENTE',
    dateDepot: '2025-03-01T11:00:00+01:00',
    creeLe: '2025-03-01T10:00:00.000Z',
    fichiers: [],
    ...overrides,
  };
}

export function unicite(overrides: Partial<Unicite> = {}): Unicite {
  return {
    cle: `FINESS#750712184#BC-${unique()}`,
    identifiantImport: unique(),
    numLigne: 1,
    numeroDossier: `FINHOP${unique()}M0`,
    siret: '40308070600020',
    finess: '750712184',
    ...overrides,
  };
}

/** `base` plus `minutes`, as an ISO instant. */
export function minutesAfter(base: string, minutes: number): string {
  return new Date(Date.parse(base) + minutes * 60_000).toISOString();
}
