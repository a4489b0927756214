import { isEmail, isInternationalPhone } from '../contact.js';
import { finessChecksumOk, isFinessFormat } from '../identifiers.js';
import { shown } from '../issue.js';
import { charLength, type LineReport } from './line.js';
import type { RuleCode } from '../catalogue.js';

export const MAX_NAME_LENGTH = 100;
const REPRESENTATIVE = ['nomRepresentant', 'emailRepresentant', 'telephoneRepresentant'] as const;

/** The beneficiary's checks, DEM-13 and DEM-15 to DEM-19, and AVT-01. Returns the FINESS when well formed, for DEM-14. */
export function checkBeneficiaires(b: Record<string, unknown>, report: LineReport): string | undefined {
  const finess = checkFiness(b.FINESSPMSI, report);
  checkName(b.nomClient, 'DEM-15', 'beneficiaires.nomClient', 'Le nom du client', report);
  checkEmail(b.emailClient, 'DEM-16', 'beneficiaires.emailClient', "L'adresse e-mail du client", report);
  checkPhone(b.telephoneClient, 'DEM-17', 'beneficiaires.telephoneClient', 'Le téléphone du client', report);
  checkRepresentative(b, report);
  return finess;
}

/** DEM-13, then AVT-01 on a well-formed FINESS whose check digit is wrong. */
function checkFiness(value: unknown, report: LineReport): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!isFinessFormat(value)) {
    report.error(
      'DEM-13',
      'beneficiaires.FINESSPMSI',
      `Le FINESS PMSI (beneficiaires.FINESSPMSI) doit compter 9 caractères : 9 chiffres, ou 2A ou 2B suivi de 7 chiffres ; trouvé : ${shown(value)}`,
    );
    return undefined;
  }
  if (!finessChecksumOk(value)) {
    report.warn('AVT-01', 'beneficiaires.FINESSPMSI', `La clé de contrôle du FINESS PMSI ${value} est incorrecte ; vérifiez-le`);
  }
  return value;
}

function checkName(value: unknown, code: RuleCode, champ: string, name: string, report: LineReport): void {
  if (typeof value !== 'string') return;
  if (value.trim() === '') {
    report.error(code, champ, `${name} (${champ}) est obligatoire ; trouvé : ${shown(value)}`);
  } else if (charLength(value) > MAX_NAME_LENGTH) {
    report.error(code, champ, `${name} (${champ}) compte ${charLength(value)} caractères, ${MAX_NAME_LENGTH} au plus`);
  }
}

function checkEmail(value: unknown, code: RuleCode, champ: string, name: string, report: LineReport): void {
  if (typeof value !== 'string' || isEmail(value)) return;
  report.error(code, champ, `${name} (${champ}) doit être une adresse valide, de la forme nom@domaine.fr ; trouvé : ${shown(value)}`);
}

function checkPhone(value: unknown, code: RuleCode, champ: string, name: string, report: LineReport): void {
  if (typeof value !== 'string' || isInternationalPhone(value)) return;
  report.error(
    code,
    champ,
    `${name} (${champ}) doit être au format international sans espace : +33 suivi de 9 chiffres (le premier différent de 0), ou + suivi de 8 à 15 chiffres ; trouvé : ${shown(value)}`,
  );
}

/** DEM-18: the three representative fields go together; DEM-19: when filled, each is valid. */
function checkRepresentative(b: Record<string, unknown>, report: LineReport): void {
  const values = REPRESENTATIVE.map((key) => b[key]);
  if (!values.every((v) => v === null || typeof v === 'string')) return; // DEM-00 already said it
  const filled = REPRESENTATIVE.filter((_, i) => values[i] !== null);
  if (filled.length === 0) return;
  if (filled.length < REPRESENTATIVE.length) {
    const empty = REPRESENTATIVE.filter((_, i) => values[i] === null);
    report.error(
      'DEM-18',
      'beneficiaires',
      `Le nom, l'e-mail et le téléphone du représentant doivent être tous renseignés ou tous nuls ; renseignés : ${filled.join(', ')} ; nuls : ${empty.join(', ')}`,
    );
    return;
  }
  checkName(b.nomRepresentant, 'DEM-19', 'beneficiaires.nomRepresentant', 'Le nom du représentant', report);
  checkEmail(b.emailRepresentant, 'DEM-19', 'beneficiaires.emailRepresentant', "L'adresse e-mail du représentant", report);
  checkPhone(b.telephoneRepresentant, 'DEM-19', 'beneficiaires.telephoneRepresentant', 'Le téléphone du représentant', report);
}
