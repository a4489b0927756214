import type { ErrorObject } from 'ajv';
import { structureErrors } from './file-format.js';
import { globalIssue, jsonTypeName, toChamp, type Issue } from './issue.js';
import type { Logiciel } from './settings.js';
import { numberAsWritten } from './strict-json.js';

/** The file's structure judged: FMT-02 for keys and containers, DEM-00 for a line's values. */
export interface StructureVerdict {
  /** FMT-02 issues, at most MAX_STRUCTURE_ISSUES plus one that says there are more. */
  global: Issue[];
  /** DEM-00 issues by line index. */
  lineTypeErrors: Map<number, Issue[]>;
}

/** SPEC: "every FMT-02 path it finds (at least the first 100)"; past this many, one issue says there are more. */
export const MAX_STRUCTURE_ISSUES = 1000;

const TOP_LEVEL_VALUES = new Set(['numeroAns', 'siret']); // their type is judged by FMT-05 / FMT-06

export function judgeStructure(
  value: unknown,
  logiciel: Logiciel,
  repeatedKeys: readonly (string | number)[][],
): StructureVerdict {
  const global: Issue[] = [];
  const lineTypeErrors = new Map<number, Issue[]>();

  let more = false;
  for (const path of repeatedKeys) {
    if (global.length === MAX_STRUCTURE_ISSUES) {
      more = true;
      break;
    }
    global.push(globalIssue('FMT-02', toChamp(path), `la balise ${quoted(path[path.length - 1])} est répétée`));
  }
  for (const error of more ? [] : structureErrors(value, logiciel)) {
    if (global.length === MAX_STRUCTURE_ISSUES) {
      more = true;
      break;
    }
    const path = pointerToPath(error.instancePath, value);
    if (error.keyword === 'required') {
      const key = String(error.params.missingProperty);
      global.push(globalIssue('FMT-02', toChamp([...path, key]), `la balise ${quoted(key)} est manquante${where(path)}`));
    } else if (error.keyword === 'additionalProperties') {
      const key = String(error.params.additionalProperty);
      global.push(globalIssue('FMT-02', toChamp([...path, key]), `la balise ${quoted(key)} n'est pas attendue${where(path)}`));
    } else if (error.keyword === 'type') {
      // The schema's numbers are finite doubles; a JSON number is a number however large (SPEC §4.2: 1e400 is never DEM-00).
      if (typeof error.data === 'number' && expectsNumber(error)) continue;
      const expected = expectedType(error);
      const found = foundType(error.data, value, path);
      if (isContainer(error)) {
        const name = path.length === 0 ? 'le fichier' : toChamp(path);
        global.push(globalIssue('FMT-02', toChamp(path), `${name} doit être ${expected} ; trouvé : ${found}`));
      } else if (path[0] === 'lignesImport' && typeof path[1] === 'number') {
        const champ = toChamp(path.slice(2));
        const list = lineTypeErrors.get(path[1]) ?? [];
        list.push({ code: 'DEM-00', champ, message: `Le champ ${champ} doit être ${expected} ; trouvé : ${found}` });
        lineTypeErrors.set(path[1], list);
      } else if (!(path.length === 1 && TOP_LEVEL_VALUES.has(String(path[0])))) {
        global.push(globalIssue('FMT-02', toChamp(path), `${toChamp(path)} doit être ${expected} ; trouvé : ${found}`));
      }
    }
  }

  if (more) {
    global.push(globalIssue('FMT-02', '', `le fichier compte d'autres balises en anomalie, non détaillées au-delà des ${MAX_STRUCTURE_ISSUES} premières`));
  }
  return { global, lineTypeErrors };
}

function quoted(key: unknown): string {
  return `« ${String(key)} »`;
}

function where(path: readonly (string | number)[]): string {
  return path.length === 0 ? ' à la racine du fichier' : ` dans ${toChamp(path)}`;
}

function expectsNumber(error: ErrorObject): boolean {
  return ([] as string[]).concat(error.params.type as string | string[]).includes('number');
}

/** The JSON type found, in French; a number as the file wrote it (`1e400`, not its double). */
function foundType(data: unknown, root: unknown, path: readonly (string | number)[]): string {
  if (typeof data !== 'number' || path.length === 0) return jsonTypeName(data);
  let parent: unknown = root;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown> | undefined)?.[key];
  const written = numberAsWritten(parent, path[path.length - 1]!);
  return written === undefined ? jsonTypeName(data) : `un nombre (${written.length > 120 ? `${written.slice(0, 117)}…` : written})`;
}

function isContainer(error: ErrorObject): boolean {
  return error.params.type === 'object' || error.params.type === 'array';
}

const TYPE_NAMES: Record<string, string> = {
  string: 'un texte',
  number: 'un nombre',
  boolean: 'un booléen (true ou false)',
  object: 'un objet',
  array: 'un tableau',
  null: 'null',
};

function expectedType(error: ErrorObject): string {
  const types = ([] as string[]).concat(error.params.type as string | string[]);
  return types.map((t) => TYPE_NAMES[t] ?? t).join(' ou ');
}

/** A JSON pointer turned into keys and indices, walking the value to tell indices from keys. */
function pointerToPath(pointer: string, root: unknown): (string | number)[] {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(key);
      path.push(index);
      node = node[index];
    } else {
      path.push(key);
      node = (node as Record<string, unknown> | undefined)?.[key];
    }
  }
  return path;
}
