import { downloadReturnFile, downloadUploadedFile } from '../../../shared/app/import/download-file.js';
import { downloadResponse } from '../download-response.js';
import { callerImport, type Route } from '../request.js';

/** GET /imports/{id}/retour: the return file, once simulated (404 until then). */
export const getReturnFileRoute: Route = async (event, { stores }) => downloadResponse(await downloadReturnFile(stores, await callerImport(event, stores)), event.headers?.accept);

/** GET /imports/{id}/fichier: the JSON file as uploaded (and simulated). */
export const getUploadedFileRoute: Route = async (event, { stores }) => downloadResponse(await downloadUploadedFile(stores, await callerImport(event, stores)), event.headers?.accept);
