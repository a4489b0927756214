import type { ImportStatus } from '../../domain/import-lifecycle.js';
import type { ImportRecord } from '../../domain/import-record.js';

/**
 * What a supplier's action on an import did: it moved the import (`Done`: started, finished),
 * found it done or under way already and changed nothing (`unchanged`), or was refused in this
 * state (a French message naming the state).
 */
export type ActionOutcome<Done extends string> =
  | { kind: Done | 'unchanged'; record: ImportRecord }
  | { kind: 'refused'; message: string; statut: ImportStatus };
