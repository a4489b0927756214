import { fileSchema } from '../../../shared/domain/file-format.js';
import { LOGICIELS, type Logiciel } from '../../../shared/domain/settings.js';
import { notFound } from '../../../shared/http/errors.js';
import { json } from '../../../shared/http/responses.js';
import type { Route } from '../request.js';

/** GET /schemas/{logiciel}: the JSON Schema of the file for DPI or PFI (no token needed). */
export const getSchemaRoute: Route = async (event) => {
  const logiciel = (event.pathParameters?.logiciel ?? '').toUpperCase();
  if (!(LOGICIELS as readonly string[]).includes(logiciel)) throw notFound('Schéma inconnu : DPI ou PFI attendu');
  return json(200, fileSchema(logiciel as Logiciel), { 'cache-control': 'public, max-age=3600' });
};
