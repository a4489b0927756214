import type { ArchiveRecord } from '../../shared/domain/archive-record.js';

/** An archive as the API shows it (SPEC §8). */
export function archiveView(a: ArchiveRecord) {
  return {
    identifiant: a.identifiant,
    nomArchive: a.nomArchive,
    statut: a.statut,
    code: a.code ?? null,
    message: a.message ?? null,
    dateDepot: a.dateDepot,
    fichiers: a.fichiers,
  };
}
