import { isNumeroAnsFormat, isSiretFormat } from './identifiers.js';
import { LOGICIELS, type Logiciel } from './settings.js';
import type { FournisseurStanding } from './settings.js';

/** Reference data (SPEC §2): suppliers and their referenced solutions. */
export interface Solution {
  numeroAns: string;
  logiciel: Logiciel;
  libelle: string;
  couloir: 'HOP';
  vague: 'Va2';
}

export interface Fournisseur {
  siret: string;
  raisonSociale: string;
  statutEnrolement: string;
  solutions: Solution[];
}

const ENROLMENT_STATUS = /^[A-Z][A-Z_]{0,39}$/;
const SUPPLIER_KEYS = ['siret', 'raisonSociale', 'statutEnrolement', 'solutions'];
const SOLUTION_KEYS = ['numeroAns', 'logiciel', 'libelle', 'couloir', 'vague'];

/** What ENT-03 needs of a supplier; null for a supplier the reference data does not know. */
export function standingOf(supplier: Fournisseur | undefined): FournisseurStanding | null {
  if (!supplier) return null;
  return { statutEnrolement: supplier.statutEnrolement, solutions: supplier.solutions.map((s) => s.numeroAns) };
}

/**
 * Reads a reference data file `{"fournisseurs": [...]}`. All or nothing: any fault refuses the
 * whole file, with every reason found, in French.
 */
export function readReferentielFile(text: string): { ok: true; fournisseurs: Fournisseur[] } | { ok: false; reasons: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, reasons: [`le fichier n'est pas un JSON valide (${(error as Error).message})`] };
  }
  const reasons: string[] = [];
  if (!isRecord(data) || !Array.isArray(data.fournisseurs)) {
    return { ok: false, reasons: ['le fichier doit être un objet {"fournisseurs": [...]}'] };
  }
  for (const key of Object.keys(data)) if (key !== 'fournisseurs') reasons.push(`clé inattendue à la racine : « ${key} »`);

  const sirets = new Set<string>();
  const numerosAns = new Set<string>();
  const fournisseurs: Fournisseur[] = [];
  data.fournisseurs.forEach((raw: unknown, i: number) => {
    const at = `fournisseurs[${i}]`;
    if (!isRecord(raw)) {
      reasons.push(`${at} doit être un objet`);
      return;
    }
    for (const key of Object.keys(raw)) if (!SUPPLIER_KEYS.includes(key)) reasons.push(`${at} : clé inattendue « ${key} »`);
    if (!isSiretFormat(raw.siret)) reasons.push(`${at}.siret doit compter 14 chiffres`);
    else if (sirets.has(raw.siret)) reasons.push(`${at}.siret : le SIRET ${raw.siret} apparaît deux fois`);
    else sirets.add(raw.siret);
    if (typeof raw.raisonSociale !== 'string' || raw.raisonSociale.trim() === '') reasons.push(`${at}.raisonSociale est obligatoire`);
    if (typeof raw.statutEnrolement !== 'string' || !ENROLMENT_STATUS.test(raw.statutEnrolement)) {
      reasons.push(`${at}.statutEnrolement doit être un statut en majuscules (VALIDE, EN_ATTENTE…)`);
    }
    if (!Array.isArray(raw.solutions)) {
      reasons.push(`${at}.solutions doit être un tableau`);
      return;
    }
    const solutions: Solution[] = [];
    raw.solutions.forEach((s: unknown, j: number) => {
      const sat = `${at}.solutions[${j}]`;
      if (!isRecord(s)) {
        reasons.push(`${sat} doit être un objet`);
        return;
      }
      for (const key of Object.keys(s)) if (!SOLUTION_KEYS.includes(key)) reasons.push(`${sat} : clé inattendue « ${key} »`);
      if (!isNumeroAnsFormat(s.numeroAns)) reasons.push(`${sat}.numeroAns doit compter 10 caractères parmi A-Z, a-z et 0-9`);
      else if (numerosAns.has(s.numeroAns)) reasons.push(`${sat}.numeroAns : le numéro ANS ${s.numeroAns} apparaît deux fois`);
      else numerosAns.add(s.numeroAns);
      if (!(LOGICIELS as readonly unknown[]).includes(s.logiciel)) reasons.push(`${sat}.logiciel doit valoir DPI ou PFI`);
      if (typeof s.libelle !== 'string' || s.libelle.trim() === '') reasons.push(`${sat}.libelle est obligatoire`);
      if (s.couloir !== undefined && s.couloir !== 'HOP') reasons.push(`${sat}.couloir doit valoir HOP (couloir Hôpital)`);
      if (s.vague !== undefined && s.vague !== 'Va2') reasons.push(`${sat}.vague doit valoir Va2`);
      solutions.push({ numeroAns: s.numeroAns as string, logiciel: s.logiciel as Logiciel, libelle: s.libelle as string, couloir: 'HOP', vague: 'Va2' });
    });
    fournisseurs.push({
      siret: raw.siret as string,
      raisonSociale: raw.raisonSociale as string,
      statutEnrolement: raw.statutEnrolement as string,
      solutions,
    });
  });
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, fournisseurs };
}

function isRecord(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The demonstration data the local stack starts with (SPEC §2). */
export const DEMO_REFERENTIEL = {
  fournisseurs: [
    {
      siret: '40308070600020',
      raisonSociale: 'Éditions Médicales du Centre (démo)',
      statutEnrolement: 'VALIDE',
      solutions: [{ numeroAns: 'MJCDPI0001', logiciel: 'DPI', libelle: 'MédiDossier Hôpital' }],
    },
    {
      siret: '40208090600010',
      raisonSociale: 'Plateformes Imagerie Conseil (démo)',
      statutEnrolement: 'VALIDE',
      solutions: [{ numeroAns: 'CJMPFI0001', logiciel: 'PFI', libelle: 'ImaPFI Hôpital' }],
    },
    {
      siret: '55210055400013',
      raisonSociale: 'Logiciels en Attente (démo)',
      statutEnrolement: 'EN_ATTENTE',
      solutions: [{ numeroAns: 'ZZZDPI0001', logiciel: 'DPI', libelle: 'AttenteDPI' }],
    },
  ],
};
