/**
 * The service's configuration, read from the environment once, on first use. The CDK stack sets
 * these variables on each function; the local stack sets the same from the synthesized template.
 */
export interface ServiceConfig {
  importsTable: string;
  referentielTable: string;
  sequencesTable: string;
  demandesTable: string;
  unicitesTable: string;
  archivesTable: string;
  uploadsBucket: string;
  documentsBucket: string;
}

export const CONFIG_VARIABLES = {
  importsTable: 'IMPORTS_TABLE',
  referentielTable: 'REFERENTIEL_TABLE',
  sequencesTable: 'SEQUENCES_TABLE',
  demandesTable: 'DEMANDES_TABLE',
  unicitesTable: 'UNICITES_TABLE',
  archivesTable: 'ARCHIVES_TABLE',
  uploadsBucket: 'UPLOADS_BUCKET',
  documentsBucket: 'DOCUMENTS_BUCKET',
} as const satisfies Record<keyof ServiceConfig, string>;

let cached: ServiceConfig | undefined;

/** The configuration; throws naming the missing variable when the environment lacks one. */
export function config(): ServiceConfig {
  if (cached) return cached;
  const out = {} as ServiceConfig;
  for (const [key, variable] of Object.entries(CONFIG_VARIABLES) as [keyof ServiceConfig, string][]) {
    const value = process.env[variable];
    if (!value) throw new Error(`configuration: la variable d'environnement ${variable} est absente`);
    out[key] = value;
  }
  cached = out;
  return out;
}
