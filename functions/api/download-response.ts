import type { Download } from '../../shared/app/import/download-file.js';
import { contentDisposition } from '../../shared/adapters/aws/content-disposition.js';
import { ApiError, notFound } from '../../shared/http/errors.js';
import { acceptsLink, download, linkResponse, seeOther, type ApiResponse } from '../../shared/http/responses.js';

/**
 * A file to download: in the body; past 4 MB, a 303 to a short-lived link, or the link as JSON
 * for a client whose Accept names it (the page: LINK_MEDIA_TYPE).
 */
export function downloadResponse(file: Download, accept?: string): ApiResponse {
  switch (file.kind) {
    case 'inline':
      return download(file.bytes, file.contentType, contentDisposition(file.fileName));
    case 'link':
      return acceptsLink(accept) ? linkResponse(file.url) : seeOther(file.url);
    case 'unavailable':
      throw notFound(file.message);
    case 'lost':
      throw new ApiError(500, 'ERREUR_INTERNE', 'Le document enregistré est introuvable ; contactez le support');
  }
}
