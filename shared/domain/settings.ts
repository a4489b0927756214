import type { CalendarDate } from './dates.js';

export const LOGICIELS = ['DPI', 'PFI'] as const;
export type Logiciel = (typeof LOGICIELS)[number];

export const TYPES_DEMANDE = ['AVANCE', 'SOLDE'] as const;
export type TypeDemande = (typeof TYPES_DEMANDE)[number];

export const TAUX_TVA = [20, 8.5, 0] as const;
export type TauxTva = (typeof TAUX_TVA)[number];

/** What the reference data says of the signed-in supplier (SPEC §2), for ENT-03. */
export interface FournisseurStanding {
  statutEnrolement: string;
  /** The numéros ANS of the solutions it owns. */
  solutions: readonly string[];
}

/** Everything a simulation needs besides the file's bytes. */
export interface SimulationSettings {
  /** The chosen referenced solution. */
  numeroAns: string;
  /** Its logiciel: decides the scenario flags and the attachment names. */
  logiciel: Logiciel;
  typeDemande: TypeDemande;
  tauxTva: TauxTva;
  /** The signed-in supplier's SIRET; absent offline without --siret, and then ENT-02 is not checked. */
  siret?: string;
  /** The supplier's standing in the reference data; absent offline (ENT-03 not checked), null when unknown. */
  fournisseur?: FournisseurStanding | null;
  /** "Today" for DEM-08, in Europe/Paris. */
  today: CalendarDate;
  /** When the simulation ran, already written as the return file shows it (ISO 8601, Paris offset). */
  dateSimulation: string;
  /** The import's identifier; null offline. */
  identifiantFichier: number | null;
  nomFichier: string;
}

/** The logiciel a numéro ANS names, when it names exactly one (offline use, SPEC §2). */
export function logicielFromNumeroAns(numeroAns: string): Logiciel | undefined {
  const named = LOGICIELS.filter((l) => numeroAns.includes(l));
  return named.length === 1 ? named[0] : undefined;
}
