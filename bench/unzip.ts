/**
 * Unpacking (issue 5): a 20 MB archive of 10 PDFs through unpackArchive (every SPEC §7 rule,
 * yauzl streams, byte counting) against plain zlib inflation of the same entries, same run.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { unpackArchive } from '../shared/attachments/unpack-archive.js';
import type { ExpectedAttachment } from '../shared/domain/attachments.js';
import { buildZip, fakePdf } from '../test/fixtures/zip-builder.js';
import { median, mib, ms } from './measure.js';

const FILES = 10;
const RUNS = 30;

export async function benchUnzip(): Promise<void> {
  const size = Math.floor((20 * 1024 * 1024 - 64 * 1024) / FILES);
  const names = Array.from({ length: FILES }, (_, i) => `HOP-DPI-Va2-BDC-ED${String(i).padStart(5, '0')}.pdf`);
  const contents = names.map((_, i) => {
    const pdf = fakePdf(size);
    pdf.writeUInt32LE(i, 16); // each file its own bytes
    return pdf;
  });
  const archive = buildZip(names.map((name, i) => ({ name, data: contents[i]! })));
  const deflated = contents.map((c) => deflateRawSync(c));
  const expected = new Map<string, ExpectedAttachment>(names.map((n) => [n, { numeroDossier: 'FINHOP000001M0', nomFichier: n }]));

  const check = await unpackArchive(archive, expected);
  if (check.refused || check.accepted.length !== FILES) throw new Error(`unexpected verdict: ${JSON.stringify(check.refused ?? check.files)}`);

  const ours: number[] = [];
  const base: number[] = [];
  const runOurs = async () => {
    const t = performance.now();
    await unpackArchive(archive, expected);
    ours.push(performance.now() - t);
  };
  const runBase = () => {
    const t = performance.now();
    for (const d of deflated) inflateRawSync(d);
    base.push(performance.now() - t);
  };
  // alternate which goes first, so that neither always inherits the other's garbage
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      await runOurs();
      runBase();
    } else {
      runBase();
      await runOurs();
    }
  }
  // What the function holds at its peak: the archive and the accepted files, kept until the verdict.
  const heldBytes = archive.length + check.accepted.reduce((n, f) => n + f.bytes.length, 0);

  const o = median(ours);
  const b = median(base);
  console.log(`décompression d'une archive de ${mib(archive.length)} (${FILES} PDF), médianes sur ${RUNS} passages`);
  console.log(
    `  unpackArchive ${ms(o)}, zlib.inflateRawSync des mêmes entrées ${ms(b)}, ratio ${(o / b).toFixed(2)} ; ` +
      `mémoire : ${mib(heldBytes)} tenus au plus fort (l'archive et les fichiers acceptés, gardés jusqu'au verdict), ` +
      `pic du processus de mesure ${mib(process.resourceUsage().maxRSS * 1024)}`,
  );
}
