import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { parseFrenchDate, parisDate, parisTimestamp } from '../shared/domain/dates.js';
import { isSiretFormat } from '../shared/domain/identifiers.js';
import { serializeReturnFile, type ReturnFile } from '../shared/domain/return-file.js';
import {
  LOGICIELS,
  TYPES_DEMANDE,
  logicielFromNumeroAns,
  type Logiciel,
  type SimulationSettings,
  type TauxTva,
  type TypeDemande,
} from '../shared/domain/settings.js';
import { simulate } from '../shared/domain/simulate.js';
import { UsageError } from './usage-error.js';

export const SIMULATE_USAGE =
  'usage : segur simulate <fichier.json> --ans <numeroAns> --type <avance|solde> --tva <20|8.5|0> ' +
  '[--siret <siret>] [--logiciel <DPI|PFI>] [--date <JJ/MM/AAAA>] [--out <retour.json>]';

const EXIT_BY_STATUS = { VALIDE: 0, EN_ERREUR: 1, FORMAT_INVALIDE: 2 } as const;

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** `segur simulate`: the offline simulation of SPEC §9. Returns the exit status. */
export async function simulateCommand(args: string[], io: CommandIo, now = new Date()): Promise<number> {
  const { path, out, settings } = readOptions(args, now);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(`impossible de lire le fichier ${path} (${(error as NodeJS.ErrnoException).code ?? 'erreur'})`);
  }
  const returnFile = simulate(bytes, settings);
  const output = serializeReturnFile(returnFile);
  if (out === undefined) io.stdout.write(output);
  else {
    try {
      await writeFile(out, output);
    } catch (error) {
      throw new UsageError(`impossible d'écrire le fichier de retour ${out} (${(error as NodeJS.ErrnoException).code ?? 'erreur'})`);
    }
  }
  io.stderr.write(summary(returnFile));
  return EXIT_BY_STATUS[returnFile.resultat.statut];
}

function readOptions(args: string[], now: Date): { path: string; out: string | undefined; settings: SimulationSettings } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        ans: { type: 'string' },
        type: { type: 'string' },
        tva: { type: 'string' },
        siret: { type: 'string' },
        logiciel: { type: 'string' },
        date: { type: 'string' },
        out: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('indiquez exactement un fichier JSON à simuler');
  const numeroAns = required(values.ans, '--ans');
  const typeDemande = readType(required(values.type, '--type'));
  const tauxTva = readRate(required(values.tva, '--tva'));
  const logiciel = readLogiciel(values.logiciel, numeroAns);
  if (values.siret !== undefined && !isSiretFormat(values.siret)) {
    throw new UsageError(`--siret attend 14 chiffres ; reçu « ${values.siret} »`);
  }
  let today = parisDate(now);
  if (values.date !== undefined) {
    const date = parseFrenchDate(values.date);
    if (!date) throw new UsageError(`--date attend une date réelle JJ/MM/AAAA ; reçu « ${values.date} »`);
    today = date;
  }
  const path = positionals[0]!;
  return {
    path,
    out: values.out,
    settings: {
      numeroAns,
      logiciel,
      typeDemande,
      tauxTva,
      ...(values.siret !== undefined ? { siret: values.siret } : {}),
      today,
      dateSimulation: parisTimestamp(now),
      identifiantFichier: null,
      nomFichier: basename(path),
    },
  };
}

function required(value: string | undefined, option: string): string {
  if (value === undefined || value === '') throw new UsageError(`l'option ${option} est obligatoire`);
  return value;
}

function readType(value: string): TypeDemande {
  const upper = value.toUpperCase();
  if ((TYPES_DEMANDE as readonly string[]).includes(upper)) return upper as TypeDemande;
  throw new UsageError(`--type attend avance ou solde ; reçu « ${value} »`);
}

function readRate(value: string): TauxTva {
  const rates: Record<string, TauxTva> = { '20': 20, '8.5': 8.5, '8,5': 8.5, '0': 0 };
  const rate = rates[value];
  if (rate === undefined) throw new UsageError(`--tva attend 20, 8.5 (ou 8,5) ou 0 ; reçu « ${value} »`);
  return rate;
}

function readLogiciel(value: string | undefined, numeroAns: string): Logiciel {
  if (value !== undefined) {
    const upper = value.toUpperCase();
    if ((LOGICIELS as readonly string[]).includes(upper)) return upper as Logiciel;
    throw new UsageError(`--logiciel attend DPI ou PFI ; reçu « ${value} »`);
  }
  const named = logicielFromNumeroAns(numeroAns);
  if (!named) {
    throw new UsageError(`le numéro ANS ${numeroAns} ne dit pas s'il s'agit d'un DPI ou d'une PFI : précisez --logiciel DPI ou --logiciel PFI`);
  }
  return named;
}

const SHOWN_LINES = 10;

/** A short French account of the verdict, for standard error. */
function summary(returnFile: ReturnFile): string {
  const r = returnFile.resultat;
  const out: string[] = [];
  const warnings = r.avertissements.length + (returnFile.lignesImport ?? []).reduce((n, l) => n + l.avertissements.length, 0);
  if (r.statut === 'FORMAT_INVALIDE') {
    out.push(`${r.nomFichier} : FORMAT_INVALIDE — le fichier est rejeté en entier (${plural(r.erreurs.length, 'erreur')}).`);
    for (const e of r.erreurs.slice(0, SHOWN_LINES)) out.push(`  ${e.code}${e.champ ? ` [${e.champ}]` : ''} : ${e.message}`);
    if (r.erreurs.length > SHOWN_LINES) out.push(`  … et ${r.erreurs.length - SHOWN_LINES} autres (voir le fichier de retour)`);
  } else {
    out.push(
      `${r.nomFichier} : ${r.statut} — ${plural(r.nombreDemandes, 'demande')}, ${plural(r.nombreDemandesValides, 'valide')}, ` +
        `${r.nombreDemandesEnErreur} en erreur, ${plural(warnings, 'avertissement')}.`,
    );
    const ko = (returnFile.lignesImport ?? []).filter((l) => l.codeTraitement === 'KO');
    for (const line of ko.slice(0, SHOWN_LINES)) out.push(`  numLigne ${JSON.stringify(line.numLigne)} : ${line.libelleTraitement}`);
    if (ko.length > SHOWN_LINES) out.push(`  … et ${ko.length - SHOWN_LINES} autres demandes en erreur (voir le fichier de retour)`);
    if (r.statut === 'VALIDE') out.push('  Le fichier peut être importé.');
  }
  return `${out.join('\n')}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n > 1 ? 's' : ''}`;
}
