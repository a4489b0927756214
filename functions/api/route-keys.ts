/** The HTTP API's routes: the stack declares them, the handler implements each one. */
export const ROUTE_KEYS = [
  'GET /referentiel/solutions',
  'POST /imports',
  'GET /imports',
  'GET /imports/{id}',
  'GET /imports/{id}/retour',
  'GET /imports/{id}/fichier',
  'POST /imports/{id}/importer',
  'POST /imports/{id}/pieces-jointes',
  'GET /imports/{id}/pieces-jointes',
  'POST /imports/{id}/terminer',
  'GET /demandes',
  'GET /demandes/{numeroDossier}',
  'GET /schemas/{logiciel}',
  'GET /exports/demandes',
  'GET /exports/imports',
  'GET /documentation',
  'GET /documentation/exemples/{nom}',
] as const;
export type RouteKey = (typeof ROUTE_KEYS)[number];

/** Routes open without a token (SPEC §8). */
export const PUBLIC_ROUTES: readonly RouteKey[] = ['GET /schemas/{logiciel}', 'GET /documentation', 'GET /documentation/exemples/{nom}'];
