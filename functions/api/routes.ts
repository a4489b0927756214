import type { Route } from './request.js';
import type { RouteKey } from './route-keys.js';
import { createArchiveRoute } from './routes/create-archive.js';
import { createImportRoute } from './routes/create-import.js';
import { getReturnFileRoute, getUploadedFileRoute } from './routes/download-file.js';
import { exportDemandesRoute } from './routes/export-demandes.js';
import { exportImportsRoute } from './routes/export-imports.js';
import { finishImportRoute } from './routes/finish-import.js';
import { getDocumentationExampleRoute } from './routes/get-documentation-example.js';
import { getDocumentationRoute } from './routes/get-documentation.js';
import { getImportRoute } from './routes/get-import.js';
import { getDemandeRoute } from './routes/get-demande.js';
import { getSchemaRoute } from './routes/get-schema.js';
import { listAttachmentsRoute } from './routes/list-attachments.js';
import { listImportsRoute } from './routes/list-imports.js';
import { listDemandesRoute } from './routes/list-demandes.js';
import { referentielSolutions } from './routes/referentiel-solutions.js';
import { startImportRoute } from './routes/start-import.js';

/** Each route's implementation (the stack declares the same keys; the local stack reads them from its template). */
export const ROUTES: Record<RouteKey, Route> = {
  'GET /referentiel/solutions': referentielSolutions,
  'POST /imports': createImportRoute,
  'GET /imports': listImportsRoute,
  'GET /imports/{id}': getImportRoute,
  'GET /imports/{id}/retour': getReturnFileRoute,
  'GET /imports/{id}/fichier': getUploadedFileRoute,
  'POST /imports/{id}/importer': startImportRoute,
  'POST /imports/{id}/pieces-jointes': createArchiveRoute,
  'GET /imports/{id}/pieces-jointes': listAttachmentsRoute,
  'POST /imports/{id}/terminer': finishImportRoute,
  'GET /demandes': listDemandesRoute,
  'GET /demandes/{numeroDossier}': getDemandeRoute,
  'GET /schemas/{logiciel}': getSchemaRoute,
  'GET /exports/demandes': exportDemandesRoute,
  'GET /exports/imports': exportImportsRoute,
  'GET /documentation': getDocumentationRoute,
  'GET /documentation/exemples/{nom}': getDocumentationExampleRoute,
};
