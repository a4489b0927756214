/** Named sequences (table `Sequences`): numbers never reused, gaps allowed (SPEC §6). */
export type SequenceName = 'imports' | 'archives' | 'dossiers';

export interface SequenceStore {
  /** Takes `count` consecutive numbers at once; returns the first. */
  next(name: SequenceName, count?: number): Promise<number>;
}
