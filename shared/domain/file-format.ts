import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Logiciel } from './settings.js';

/**
 * The file's format (SPEC §3) as a JSON Schema per logiciel: keys and JSON types only.
 * Structure errors it finds become FMT-02 (keys, containers) or DEM-00 (a line's values);
 * the rules on values live in the line checks. The same schema is served to suppliers.
 */

export const SCENARIO_FLAGS: Record<Logiciel, readonly string[]> = {
  DPI: [
    'isProSanteConnectNeeded',
    'isFluxSortantDMPVersPFI',
    'isFluxSortantMSSVersPFI',
    'isFluxEntrantMSSDepuisPFI',
    'isFluxEntrantDepuisRI',
  ],
  PFI: [
    'isFluxEntrantDepuisDPI',
    'isFluxEntrantDepuisRIS',
    'isFluxEntrantDepuisSGL',
    'isFluxSortantVersDPI',
    'isFluxSortantVersRIS',
    'isFluxSortantVersDMP',
    'isFluxSortantParMSS',
  ],
};

export type JsonSchema = Record<string, unknown>;

const text = (description: string): JsonSchema => ({ type: 'string', description });
const textOrNull = (description: string): JsonSchema => ({ type: ['string', 'null'], description });
const number = (description: string): JsonSchema => ({ type: 'number', description });
const flag = (): JsonSchema => ({ type: 'boolean' });

function object(properties: Record<string, JsonSchema>, description?: string): JsonSchema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  };
}

/** The JSON Schema of one line (one request) for one logiciel. */
function lineSchema(logiciel: Logiciel): JsonSchema {
  const scenario: Record<string, JsonSchema> = {
    datePrevisionnelleLivraison: text('JJ/MM/AAAA, au plus tôt la date de signature'),
  };
  for (const name of SCENARIO_FLAGS[logiciel]) scenario[name] = flag();

  return object({
    numLigne: number('entier ≥ 1, unique dans le fichier'),
    numeroEditeur: text('1 à 20 caractères [A-Za-z0-9-], unique dans le fichier'),
    commande: object({
      dateEditionCommande: text('JJ/MM/AAAA'),
      dateSignatureCommande: text("JJ/MM/AAAA, au plus tôt la date d'édition, au plus tard aujourd'hui"),
      regimeTVA: text('TTC ou HT (HT seulement avec un taux de TVA de 0 %)'),
      montantSegurHT: number('euros hors taxes, > 0, deux décimales au plus'),
      typePrestation: text('V1V2 ou V2'),
    }),
    beneficiaires: object({
      FINESSPMSI: text('9 chiffres, ou 2A/2B suivi de 7 chiffres ; unique dans le fichier'),
      nomClient: text('non vide, 100 caractères au plus'),
      emailClient: text('adresse e-mail'),
      telephoneClient: text('+33 suivi de 9 chiffres, ou + suivi de 8 à 15 chiffres'),
      nomRepresentant: textOrNull('les trois champs du représentant sont tous renseignés ou tous nuls'),
      emailRepresentant: textOrNull('adresse e-mail'),
      telephoneRepresentant: textOrNull('format international'),
    }),
    piecesJustificatives: {
      type: 'array',
      description: 'au moins une pièce',
      items: object({
        nomFichier: text(`HOP-${logiciel}-Va2-<BDC|FAC|VA|MOM>-<numeroEditeur>[-<n>].<pdf|jpg|png>, 100 caractères au plus`),
        formatFichier: text("PDF, JPG ou PNG, selon l'extension"),
      }),
    },
    scenarioInstallation: object(scenario),
  });
}

/** The file's top level; `lines` describes each element of lignesImport (absent: not looked into). */
function shellSchema(lines?: JsonSchema): JsonSchema {
  return object({
    numeroAns: text('10 caractères [A-Za-z0-9]'),
    siret: text('14 chiffres'),
    lignesImport: { type: 'array', description: '1 à 200 demandes', ...(lines ? { items: lines } : {}) },
  });
}

/** The JSON Schema of a deposit file for one logiciel, as served to suppliers. */
export function fileSchema(logiciel: Logiciel): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `Fichier de demandes de financement Ségur vague 2 — Hôpital, ${logiciel}`,
    ...shellSchema(lineSchema(logiciel)),
  };
}

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });

// The top level and each line are validated apart, so that a huge broken file can be stopped
// after enough errors instead of building millions of them.
const shell = ajv.compile(shellSchema());
const lineValidators: Record<Logiciel, ValidateFunction> = {
  DPI: ajv.compile(lineSchema('DPI')),
  PFI: ajv.compile(lineSchema('PFI')),
};

/**
 * The structure errors of a parsed file against the schema of a logiciel, lazily: the top
 * level's first, then each line's (with paths from the file's root). The caller stops when it has enough.
 */
export function* structureErrors(value: unknown, logiciel: Logiciel): Generator<ErrorObject> {
  if (!shell(value)) yield* shell.errors ?? [];
  const lines = (value as { lignesImport?: unknown } | null)?.lignesImport;
  if (!Array.isArray(lines)) return;
  const validate = lineValidators[logiciel];
  for (let i = 0; i < lines.length; i++) {
    if (validate(lines[i])) continue;
    for (const error of validate.errors ?? []) yield { ...error, instancePath: `/lignesImport/${i}${error.instancePath}` };
  }
}
