import type { Logiciel } from '../../domain/settings.js';
import dpi from './exemples/dpi-avance-valide.json' with { type: 'json' };
import pfi from './exemples/pfi-avance-valide.json' with { type: 'json' };

/** The programme's own published example files (SPEC §3), bundled with the function that serves them. */
export const EXAMPLE_FILES: readonly { nom: string; logiciel: Logiciel; contenu: unknown }[] = [
  { nom: 'dpi-avance-valide.json', logiciel: 'DPI', contenu: dpi },
  { nom: 'pfi-avance-valide.json', logiciel: 'PFI', contenu: pfi },
];

/** An example file by its name, as downloaded (JSON indented by two spaces); undefined for any other name. */
export function exampleFile(nom: string): { nom: string; bytes: Buffer } | undefined {
  const example = EXAMPLE_FILES.find((e) => e.nom === nom);
  return example && { nom: example.nom, bytes: Buffer.from(`${JSON.stringify(example.contenu, null, 2)}\n`, 'utf8') };
}
