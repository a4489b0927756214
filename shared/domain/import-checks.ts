import { labelOf } from './catalogue.js';
import { isFinessFormat, isNumeroEditeur } from './identifiers.js';
import type { Issue } from './issue.js';
import type { DemandeStatus } from './demande-record.js';
import type { Logiciel, TypeDemande } from './settings.js';

/**
 * The import checks (SPEC §4.4) as uniqueness keys over stored data:
 * - IMP-01: one AVANCE per beneficiary (FINESS) and logiciel, any supplier — key `AVANCE#<logiciel>#<FINESS>`;
 * - IMP-02: one request per supplier, numéro ANS, numéro éditeur and type — key `DEMANDE#<siret>#<ans>#<numeroEditeur>#<type>`;
 * - IMP-03: a SOLDE needs this supplier's imported AVANCE of the same numéro ANS, numéro éditeur
 *   and FINESS — found under the AVANCE's own IMP-02 key.
 */
export interface LineIdentity {
  siret: string;
  numeroAns: string;
  logiciel: Logiciel;
  typeDemande: TypeDemande;
  numeroEditeur: string;
  finess: string;
}

export interface ImportKeys {
  /** IMP-01's key, for an AVANCE line. */
  beneficiary?: string;
  /** IMP-02's key. */
  request: string;
  /** For a SOLDE line: the IMP-02 key its AVANCE was imported under. */
  advance?: string;
}

export function importKeysOf(line: LineIdentity): ImportKeys {
  const requestKey = (type: TypeDemande) => `DEMANDE#${line.siret}#${line.numeroAns}#${line.numeroEditeur}#${type}`;
  return {
    request: requestKey(line.typeDemande),
    ...(line.typeDemande === 'AVANCE' ? { beneficiary: `AVANCE#${line.logiciel}#${line.finess}` } : { advance: requestKey('AVANCE') }),
  };
}

export type ImportCode = 'IMP-01' | 'IMP-02' | 'IMP-03';

/** The field each import check names (the request's line). */
export const IMPORT_CHECK_FIELDS: Record<ImportCode, string> = { 'IMP-01': 'beneficiaires.FINESSPMSI', 'IMP-02': 'numeroEditeur', 'IMP-03': 'numeroEditeur' };

/** An import refusal's message: never names another supplier nor its dossier. */
export function importIssue(code: ImportCode, line: LineIdentity, ownDossier?: string): Issue {
  let message: string;
  switch (code) {
    case 'IMP-01':
      message = `Une demande d'avance pour une solution ${line.logiciel} existe déjà pour l'établissement FINESS ${line.finess} : une seule avance par type de solution et par établissement`;
      break;
    case 'IMP-02':
      message = `Vous avez déjà une demande ${line.typeDemande} pour la solution ${line.numeroAns} et le numéro éditeur ${line.numeroEditeur}${ownDossier ? ` (dossier ${ownDossier})` : ''}`;
      break;
    case 'IMP-03':
      message = `Aucune demande d'avance importée de la solution ${line.numeroAns} ne porte le numéro éditeur ${line.numeroEditeur} et le FINESS ${line.finess} : une demande de solde suit son avance`;
      break;
  }
  return { code, champ: IMPORT_CHECK_FIELDS[code], message };
}

/**
 * Whether a request still stands in the way of a line by its key: any request holds its IMP-02
 * key (and the AVANCE a SOLDE follows), but a REJETEE request no longer holds its beneficiary (IMP-01).
 */
export function requestHoldsKey(statut: DemandeStatus, key: 'beneficiary' | 'request'): boolean {
  return key === 'request' || statut !== 'REJETEE';
}

/** AVT-03: the simulation's forecast that the import would refuse the line for this reason. */
export function importForecast(issue: Issue): Issue {
  return { code: 'AVT-03', champ: issue.champ, message: `${labelOf('AVT-03')} (${issue.code}) : ${issue.message}` };
}

/** The identity of a line whose numéro éditeur and FINESS are well formed; undefined otherwise. */
export function lineIdentityOf(
  line: Record<string, any>,
  context: Pick<LineIdentity, 'siret' | 'numeroAns' | 'logiciel' | 'typeDemande'>,
): LineIdentity | undefined {
  const numeroEditeur = line.numeroEditeur;
  const finess = line.beneficiaires?.FINESSPMSI;
  if (!isNumeroEditeur(numeroEditeur) || !isFinessFormat(finess)) return undefined;
  return { ...context, numeroEditeur, finess };
}
