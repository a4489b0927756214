import { fileSchema, type JsonSchema } from '../../domain/file-format.js';
import { LOGICIELS, type Logiciel } from '../../domain/settings.js';

/** One field of the deposit file, as GET /documentation describes it. */
export interface FileField {
  /** From the file's root for the top level, from the line for a line's fields (as the issues' `champ`). */
  chemin: string;
  niveau: 'fichier' | 'ligne';
  type: string;
  obligatoire: boolean;
  contrainte: string | null;
  logiciels: Logiciel[];
}

const TYPE_NAMES: Record<string, string> = {
  string: 'texte',
  number: 'nombre',
  boolean: 'booléen',
  object: 'objet',
  array: 'tableau',
  null: 'null',
};

function typeName(schema: JsonSchema): string {
  const types = ([] as string[]).concat(schema.type as string | string[]);
  const items = schema.items as JsonSchema | undefined;
  if (types[0] === 'array' && items?.type === 'object') return "tableau d'objets";
  return types.map((t) => TYPE_NAMES[t] ?? t).join(' ou ');
}

type Walked = Omit<FileField, 'logiciels'>;

/** Every key under an object schema, depth first, in the schema's order. */
function walk(schema: JsonSchema, prefix: string, niveau: FileField['niveau'], out: Walked[]): void {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  for (const [key, child] of Object.entries(properties)) {
    const chemin = prefix === '' ? key : `${prefix}.${key}`;
    out.push({ chemin, niveau, type: typeName(child), obligatoire: required.includes(key), contrainte: (child.description as string | undefined) ?? null });
    const items = child.items as JsonSchema | undefined;
    if (child.type === 'object') walk(child, chemin, niveau, out);
    else if (items?.type === 'object') walk(items, niveau === 'fichier' && key === 'lignesImport' ? '' : `${chemin}[i]`, niveau === 'fichier' && key === 'lignesImport' ? 'ligne' : niveau, out);
  }
}

/**
 * The fields of the file (SPEC §3), read from the JSON Schemas the checks validate against (and
 * GET /schemas/{logiciel} serves): the fields of both logiciels, each with the logiciels it belongs to.
 */
export function fileFields(): FileField[] {
  const fields = new Map<string, FileField>();
  for (const logiciel of LOGICIELS) {
    const walked: Walked[] = [];
    walk(fileSchema(logiciel), '', 'fichier', walked);
    for (const field of walked) {
      const known = fields.get(`${field.niveau}:${field.chemin}`);
      if (known) known.logiciels.push(logiciel);
      else fields.set(`${field.niveau}:${field.chemin}`, { ...field, logiciels: [logiciel] });
    }
  }
  return [...fields.values()];
}
