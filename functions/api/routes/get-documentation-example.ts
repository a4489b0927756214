import { exampleFile } from '../../../shared/app/documentation/examples.js';
import { contentDisposition } from '../../../shared/adapters/aws/content-disposition.js';
import { notFound } from '../../../shared/http/errors.js';
import { download } from '../../../shared/http/responses.js';
import type { Route } from '../request.js';

/** GET /documentation/exemples/{nom}: one of the programme's two example files, as an attachment (no token needed). */
export const getDocumentationExampleRoute: Route = async (event) => {
  const example = exampleFile(event.pathParameters?.nom ?? '');
  if (!example) throw notFound("Fichier d'exemple inconnu : dpi-avance-valide.json ou pfi-avance-valide.json attendu");
  return download(example.bytes, 'application/json; charset=utf-8', contentDisposition(example.nom));
};
