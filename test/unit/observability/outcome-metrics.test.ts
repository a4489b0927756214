/** The business counts the functions emit from their use cases' outcomes: in Lambda only, as EMF lines. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { archiveMetrics, giveUpMetrics, importMetrics, simulationMetrics } from '../../../functions/outcome-metrics.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** The metrics written while `run` runs: name, value and dimensions of each EMF line. */
function emitted(run: () => void): { name: string; value: number; dimensions: Record<string, string> }[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  run();
  vi.restoreAllMocks();
  return lines.flatMap((line) => {
    const emf = JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] } };
    const [directive] = emf._aws.CloudWatchMetrics;
    expect(directive!.Namespace).toBe('Segur');
    const dimensions = Object.fromEntries(directive!.Dimensions[0]!.map((d) => [d, String(emf[d])]));
    return directive!.Metrics.map((m) => ({ name: m.Name, value: Number(emf[m.Name]), dimensions }));
  });
}

describe('in Lambda', () => {
  it('a simulated file counts once, with its valid lines and its lines in error', () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'simulate');
    expect(emitted(() => simulationMetrics({ kind: 'simulated', statut: 'EN_ERREUR', lignes: 5, valides: 3, enErreur: 2 }))).toEqual([
      { name: 'FilesSimulated', value: 1, dimensions: { service: 'segur-depot' } },
      { name: 'LinesValid', value: 3, dimensions: { service: 'segur-depot' } },
      { name: 'LinesInError', value: 2, dimensions: { service: 'segur-depot' } },
    ]);
  });

  it('an import committed; an archive refused, by its code; every ERREUR_TECHNIQUE', () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'f');
    expect(emitted(() => importMetrics({ kind: 'imported', importees: 2, rejetees: 0 }))).toEqual([{ name: 'ImportsCommitted', value: 1, dimensions: { service: 'segur-depot' } }]);
    const refused = { statut: 'REFUSEE', fichiers: [], code: 'ARCHIVE_ILLISIBLE', message: '' } as const;
    expect(emitted(() => archiveMetrics({ kind: 'judged', verdict: refused as never, acceptes: 0 }))).toEqual([
      { name: 'ArchivesRefused', value: 1, dimensions: { service: 'segur-depot', code: 'ARCHIVE_ILLISIBLE' } },
    ]);
    expect(emitted(() => archiveMetrics({ kind: 'judged', verdict: { statut: 'TRAITEE', fichiers: [] } as never, acceptes: 1 }))).toEqual([]);
    expect(emitted(() => importMetrics({ kind: 'gaveUp', attempts: 3, error: new Error('x') })).map((m) => m.name)).toEqual(['TechnicalErrors']);
    expect(emitted(() => giveUpMetrics({ kind: 'gaveUp', subject: 'archive' })).map((m) => `${m.name} ${m.dimensions.code ?? ''}`)).toEqual([
      'TechnicalErrors ',
      'ArchivesRefused ERREUR_TECHNIQUE',
    ]);
    expect(emitted(() => giveUpMetrics({ kind: 'settled' }))).toEqual([]);
  });
});

it('outside Lambda (the local stack, the tests) nothing is written', () => {
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', undefined as unknown as string);
  expect(emitted(() => simulationMetrics({ kind: 'simulated', statut: 'VALIDE', lignes: 1, valides: 1, enErreur: 0 }))).toEqual([]);
});
