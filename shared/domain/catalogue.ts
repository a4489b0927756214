/**
 * The rule catalogue: every code of the specification with its level and its French label.
 * Global labels are the start of their messages (SPEC §4.1); the others name the rule. The level is
 * the rule's scope: the whole file, a line, a warning, a line at import, a whole archive or one of
 * its files (SPEC §7's scope column).
 */
export type RuleLevel = 'global' | 'ligne' | 'avertissement' | 'import' | 'archive' | 'piece';

interface RuleEntry {
  readonly level: RuleLevel;
  readonly label: string;
}

export const RULES = {
  'FMT-01': { level: 'global', label: "Le fichier n'est pas un JSON valide" },
  'FMT-02': { level: 'global', label: 'Balise manquante, inattendue ou de type incorrect' },
  'FMT-03': { level: 'global', label: 'Le fichier doit contenir entre 1 et 200 demandes' },
  'FMT-04': { level: 'global', label: 'Le fichier dépasse la taille maximale de 5 Mo' },
  'FMT-05': { level: 'global', label: 'Le SIRET doit comporter 14 chiffres' },
  'FMT-06': { level: 'global', label: 'Le numéro ANS est mal formé' },
  'ENT-01': { level: 'global', label: 'Le numéro ANS du fichier ne correspond pas au numéro ANS choisi' },
  'ENT-02': { level: 'global', label: 'Le SIRET du fichier ne correspond pas à celui du fournisseur' },
  'ENT-03': { level: 'global', label: 'Solution non référencée ou enrôlement non validé' },

  'DEM-00': { level: 'ligne', label: "Le champ n'a pas le type attendu" },
  'DEM-01': { level: 'ligne', label: 'Le numéro de ligne doit être un entier compris entre 1 et 9 007 199 254 740 991 (2^53 − 1), jugé sur sa valeur écrite' },
  'DEM-02': { level: 'ligne', label: 'Le numéro de ligne doit être unique dans le fichier' },
  'DEM-03': { level: 'ligne', label: 'Le numéro éditeur doit comporter de 1 à 20 caractères parmi A-Z, a-z, 0-9 et « - »' },
  'DEM-04': { level: 'ligne', label: 'Le numéro éditeur doit être unique dans le fichier' },
  'DEM-05': { level: 'ligne', label: "La date d'édition de la commande doit être une date réelle au format JJ/MM/AAAA" },
  'DEM-06': { level: 'ligne', label: 'La date de signature de la commande doit être une date réelle au format JJ/MM/AAAA' },
  'DEM-07': { level: 'ligne', label: "La date de signature ne peut pas précéder la date d'édition" },
  'DEM-08': { level: 'ligne', label: 'La date de signature ne peut pas être postérieure à la date du jour' },
  'DEM-09': { level: 'ligne', label: 'Le régime de TVA doit valoir TTC ou HT' },
  'DEM-10': { level: 'ligne', label: "Le régime de TVA HT n'est possible qu'avec un taux de TVA de 0 %" },
  'DEM-11': { level: 'ligne', label: 'Le montant Ségur HT doit être positif, avec au plus deux décimales, jugé sur sa valeur écrite' },
  'DEM-12': { level: 'ligne', label: 'Le type de prestation doit valoir V1V2 ou V2' },
  'DEM-13': { level: 'ligne', label: 'Le FINESS PMSI doit comporter 9 chiffres, ou 2A ou 2B suivi de 7 chiffres' },
  'DEM-14': { level: 'ligne', label: 'Le FINESS PMSI doit être unique dans le fichier : une demande par établissement et par solution' },
  'DEM-15': { level: 'ligne', label: 'Le nom du client est obligatoire et compte au plus 100 caractères' },
  'DEM-16': { level: 'ligne', label: "L'adresse e-mail du client doit être valide" },
  'DEM-17': { level: 'ligne', label: 'Le téléphone du client doit être au format international, sans espace' },
  'DEM-18': { level: 'ligne', label: 'Le nom, l’e-mail et le téléphone du représentant sont tous renseignés ou tous nuls' },
  'DEM-19': { level: 'ligne', label: 'Les coordonnées du représentant doivent être valides' },
  'DEM-20': { level: 'ligne', label: 'Au moins une pièce justificative est attendue' },
  'DEM-21': { level: 'ligne', label: "Le nom d'une pièce justificative compte au plus 100 caractères" },
  'DEM-22': { level: 'ligne', label: "Le nom d'une pièce justificative doit suivre la nomenclature" },
  'DEM-23': { level: 'ligne', label: "Le format d'une pièce justificative doit valoir PDF, JPG ou PNG et correspondre à son extension" },
  'DEM-24': { level: 'ligne', label: 'Les pièces requises pour ce type de demande doivent être présentes' },
  'DEM-25': { level: 'ligne', label: "Le nom d'une pièce justificative doit être unique dans le fichier" },
  'DEM-26': { level: 'ligne', label: 'La date prévisionnelle de livraison doit être une date réelle au format JJ/MM/AAAA' },
  'DEM-27': { level: 'ligne', label: 'La date prévisionnelle de livraison ne peut pas précéder la date de signature' },

  'AVT-01': { level: 'avertissement', label: 'La clé de contrôle du FINESS PMSI est incorrecte' },
  'AVT-02': { level: 'avertissement', label: 'La clé de contrôle du SIRET est incorrecte' },
  'AVT-03': { level: 'avertissement', label: "La demande serait rejetée à l'import" },

  'IMP-01': { level: 'import', label: 'Une demande d’avance existe déjà pour cet établissement et ce type de solution' },
  'IMP-02': { level: 'import', label: 'Vous avez déjà une demande de ce type pour ce numéro ANS et ce numéro éditeur' },
  'IMP-03': { level: 'import', label: "Aucune demande d'avance importée ne correspond à cette demande de solde" },

  'PJ-01': { level: 'archive', label: "L'archive dépasse la taille maximale de 20 Mo" },
  'PJ-02': { level: 'archive', label: "L'archive n'est pas un fichier ZIP lisible" },
  'PJ-03': { level: 'archive', label: "L'archive est trop volumineuse une fois décompressée" },
  'PJ-04': { level: 'piece', label: 'Le nom du fichier dépasse 100 caractères' },
  'PJ-05': { level: 'piece', label: "L'extension du fichier doit être .pdf, .jpg ou .png" },
  'PJ-06': { level: 'piece', label: "Ce fichier ne fait pas partie des pièces attendues pour cet import" },
  'PJ-07': { level: 'piece', label: 'Le fichier dépasse la taille maximale de 3 Mo' },
  'PJ-08': { level: 'piece', label: "Le contenu du fichier ne correspond pas à son extension" },
  'PJ-09': { level: 'piece', label: 'Le fichier est chiffré' },
  'PJ-10': { level: 'piece', label: 'Le chemin du fichier est dangereux' },
} as const satisfies Record<string, RuleEntry>;

export type RuleCode = keyof typeof RULES;

/** The French label of a rule code. */
export function labelOf(code: RuleCode): string {
  return RULES[code].label;
}
