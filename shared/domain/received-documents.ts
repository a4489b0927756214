import type { ArchiveRecord } from './archive-record.js';
import type { DemandeRecord, ExpectedDocument } from './demande-record.js';
import { ARCHIVE_VERDICT } from './import-lifecycle.js';

/** An expected document with whether it was received, and in which archive its copy is kept. */
export interface ExpectedDocumentReceipt extends ExpectedDocument {
  recue: boolean;
  /** The archive holding the copy kept (the latest one that brought it), or null. */
  archive: number | null;
}

/**
 * The documents an import has received (SPEC §7), read from its archives' verdicts alone. An
 * archive's verdict is the one write that commits what it brought: a document is received once
 * an archive that accepted it is TRAITEE, and an archive refused, given up or unpacked after
 * Finish brings nothing. A document received again replaces the earlier copy: the archive sent
 * last (the highest identifiant) holds the one kept.
 */
export class ReceivedDocuments {
  readonly #holder = new Map<string, number>();

  constructor(archives: readonly Pick<ArchiveRecord, 'identifiant' | 'statut' | 'fichiers'>[]) {
    const judged = archives.filter((a) => a.statut === ARCHIVE_VERDICT.judged).sort((a, b) => a.identifiant - b.identifiant);
    for (const archive of judged) {
      for (const file of archive.fichiers) {
        if (file.statut === 'ACCEPTE' && file.numeroDossier && file.nomFichier) this.#holder.set(keyOf(file.numeroDossier, file.nomFichier), archive.identifiant);
      }
    }
  }

  /** The archive whose copy of the document is kept, or undefined when it was not received. */
  holder(numeroDossier: string, nomFichier: string): number | undefined {
    return this.#holder.get(keyOf(numeroDossier, nomFichier));
  }

  /** A request's expected documents, each received or not. */
  of(request: Pick<DemandeRecord, 'numeroDossier' | 'piecesAttendues'>): ExpectedDocumentReceipt[] {
    return request.piecesAttendues.map((p) => {
      const archive = this.holder(request.numeroDossier, p.nomFichier);
      return { type: p.type, nomFichier: p.nomFichier, recue: archive !== undefined, archive: archive ?? null };
    });
  }

  /** The documents still expected from these requests, for Finish (SPEC §1 step 4). */
  missing(requests: readonly Pick<DemandeRecord, 'numeroDossier' | 'piecesAttendues'>[]): { numeroDossier: string; nomFichier: string }[] {
    return requests.flatMap((r) => r.piecesAttendues.filter((p) => this.holder(r.numeroDossier, p.nomFichier) === undefined).map((p) => ({ numeroDossier: r.numeroDossier, nomFichier: p.nomFichier })));
  }
}

const keyOf = (numeroDossier: string, nomFichier: string) => `${numeroDossier}\u0000${nomFichier}`;
