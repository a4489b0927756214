import { listAttachments } from '../../../shared/app/attachments/list-attachments.js';
import { json } from '../../../shared/http/responses.js';
import { callerImport, type Route } from '../request.js';
import { archiveView } from '../archive-view.js';

/** GET /imports/{id}/pieces-jointes: the expected documents, received or not, and the archives sent, newest first. */
export const listAttachmentsRoute: Route = async (event, { stores }) => {
  const attachments = await listAttachments(stores, await callerImport(event, stores));
  return json(200, { ...attachments, archives: attachments.archives.map(archiveView) });
};
