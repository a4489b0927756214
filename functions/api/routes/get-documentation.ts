import { documentation } from '../../../shared/app/documentation/documentation.js';
import { json } from '../../../shared/http/responses.js';
import type { Route } from '../request.js';

/** GET /documentation: the rules as data, from the catalogue the checks use (no token needed). */
export const getDocumentationRoute: Route = async () => json(200, documentation(), { 'cache-control': 'public, max-age=300' });
