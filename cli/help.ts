/**
 * `segur --help`, `segur <commande> --help` (or `-h`, or `segur help <commande>`): what each
 * command does, its usage and options, on standard output, exit status 0.
 */
import { JETON_USAGE } from './jeton-command.js';
import { REDRIVE_USAGE } from './redrive-command.js';
import { REFERENTIEL_USAGE } from './referentiel-command.js';
import { SIMULATE_USAGE } from './simulate-command.js';

const HELP_OPTIONS = new Set(['--help', '-h']);

/** True when the arguments ask for help: `--help` or `-h` before any `--`. */
export function asksForHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => HELP_OPTIONS.has(arg));
}

export const USAGE = [
  'usage : segur <commande> …',
  `  ${SIMULATE_USAGE.replace('usage : ', '')}`,
  `  ${JETON_USAGE}`,
  `  ${REFERENTIEL_USAGE}`,
  `  ${REDRIVE_USAGE}`,
].join('\n');

const COMMAND_HELP: Record<string, string> = {
  simulate: `${SIMULATE_USAGE}

Simule hors ligne le dépôt d'un fichier JSON de demandes : écrit le fichier de retour sur la sortie
standard (ou dans --out) et un résumé en français sur la sortie d'erreur.

Options :
  --ans <numeroAns>       numéro ANS de la solution (obligatoire)
  --type <avance|solde>   type des demandes, en majuscules ou minuscules (obligatoire)
  --tva <20|8.5|0>        taux de TVA ; 8,5 est accepté (obligatoire)
  --siret <siret>         SIRET du fournisseur, comparé à celui du fichier (ENT-02)
  --logiciel <DPI|PFI>    le logiciel, quand le numéro ANS ne contient ni DPI ni PFI, ou les deux
  --date <JJ/MM/AAAA>     la date du jour pour DEM-08 (par défaut : aujourd'hui, heure de Paris)
  --out <retour.json>     le fichier de retour à écrire
  -h, --help              cette aide

Statut de sortie : 0 VALIDE, 1 EN_ERREUR, 2 FORMAT_INVALIDE, 64 usage incorrect.`,

  jeton: `usage : ${JETON_USAGE}

Imprime, seul sur la sortie standard, un jeton que la pile locale (npm start) accepte pour ce
fournisseur, pour les scripts et curl. Jamais accepté par une pile déployée.

Statut de sortie : 0, ou 64 si le SIRET manque ou ne compte pas 14 chiffres.`,

  referentiel: `usage : ${REFERENTIEL_USAGE}

Charge les fournisseurs et leurs solutions (mise à jour par SIRET et numéro ANS) dans la table
du référentiel : la table déployée si REFERENTIEL_TABLE est définie (avec les droits AWS de
l'exploitant), sinon celle de la pile locale. Un fichier mal formé est refusé en entier.

Statut de sortie : 0 chargé, 1 fichier refusé (rien n'est enregistré), 64 usage incorrect.`,

  redrive: `usage : ${REDRIVE_USAGE}

Après une correction, rejoue les événements dont le traitement a échoué pour de bon, jusqu'à ce
que leur travail se termine, et dit ce qu'il a fait. Rejouer deux fois ne refait rien.

Options :
  --file-attente <url>              une file d'échecs (SQS) du service déployé, ou sa file de lettres mortes
  --configuration <variables.json>  les variables d'une fonction du service (JSON de Environment.Variables)
  --region <région>                 la région AWS de la file
  --local                           le journal des échecs de la pile locale
  --dossier-donnees <dossier>       le dossier de données de la pile locale (défaut : .local-data/ ou $SEGUR_DATA_DIR)
  --max <N>                         au plus N messages
  -h, --help                        cette aide

Statut de sortie : 0 tout est rejoué ou déjà terminé, 1 des messages sont gardés pour un prochain
rejeu, 64 usage incorrect.`,
};

/** The help of one command, or of `segur` itself (undefined for a command that does not exist). */
export function helpText(command?: string): string | undefined {
  if (command === undefined) {
    return `segur : les commandes du service de dépôt Ségur numérique (couloir Hôpital).

${USAGE}

Aide d'une commande : segur <commande> --help\n`;
  }
  const text = COMMAND_HELP[command];
  return text === undefined ? undefined : `${text}\n`;
}
