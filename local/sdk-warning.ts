/**
 * The AWS SDK warns once per process that it will soon need Node 22 (DESIGN.md); Lambda runs
 * Node 22, these machines Node 20. The local stack and the commands leave that one warning out.
 */
const emit = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
  const name = warning instanceof Error ? warning.name : type;
  const text = warning instanceof Error ? warning.message : warning;
  if (name === 'NodeVersionSupportWarning' || String(text).startsWith('NodeVersionSupportWarning')) return;
  (emit as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
