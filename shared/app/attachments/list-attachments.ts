import type { ArchiveRecord } from '../../domain/archive-record.js';
import type { ImportRecord } from '../../domain/import-record.js';
import { ReceivedDocuments } from '../../domain/received-documents.js';
import type { Stores } from '../../ports/stores.js';

export interface ExpectedDocumentView {
  type: string;
  nomFichier: string;
  numeroDossier: string;
  recue: boolean;
  /** The archive whose copy is kept, or null while not received. */
  archive: number | null;
}

export interface Attachments {
  attendues: ExpectedDocumentView[];
  nombreAttendues: number;
  nombreRecues: number;
  /** Newest first. */
  archives: ArchiveRecord[];
}

/** `GET /imports/{id}/pieces-jointes`: the expected documents, received or not, by line, and the archives sent. */
export async function listAttachments(stores: Pick<Stores, 'demandes' | 'archives'>, record: ImportRecord): Promise<Attachments> {
  const [requests, archives] = await Promise.all([stores.demandes.getMany(record.dossiers ?? []), stores.archives.listOfImport(record.identifiant)]);
  const received = new ReceivedDocuments(archives);
  const attendues = [...requests]
    .sort((a, b) => a.numLigne - b.numLigne)
    .flatMap((r) => received.of(r).map((p) => ({ type: p.type, nomFichier: p.nomFichier, numeroDossier: r.numeroDossier, recue: p.recue, archive: p.archive })));
  return { attendues, nombreAttendues: attendues.length, nombreRecues: attendues.filter((a) => a.recue).length, archives };
}
