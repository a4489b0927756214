/** SPEC §3 (nomenclature) and §4.2: attachments, DEM-20..DEM-25 (DEM-25 across lines: uniqueness.test.ts). */
import { describe, expect, it } from 'vitest';
import { expectOnlyLine, oneLine, run, type Json } from './helpers.js';

const P = 'piecesJustificatives';
const nom = (i: number) => `${P}[${i}].nomFichier`;
const fmt = (i: number) => `${P}[${i}].formatFichier`;
const doc = (nomFichier: string, formatFichier: string) => ({ nomFichier, formatFichier });
const withDocs = (...docs: { nomFichier: string; formatFichier: string }[]) => (l: Json) => (l.piecesJustificatives = docs);
const BDC = doc('HOP-DPI-Va2-BDC-ED00001.pdf', 'PDF');
const FAC = doc('HOP-DPI-Va2-FAC-ED00001.pdf', 'PDF');
const VA = doc('HOP-DPI-Va2-VA-ED00001.pdf', 'PDF');
const MOM = doc('HOP-DPI-Va2-MOM-ED00001.pdf', 'PDF');
const SOLDE = { typeDemande: 'SOLDE' as const };

describe('DEM-20 — piecesJustificatives has at least one entry', () => {
  it('fires on an empty array, without DEM-24', () => {
    expectOnlyLine(run(oneLine(withDocs())), [['DEM-20', P]]);
  });

  it('fires on an empty array in a SOLDE, without DEM-24', () => {
    expectOnlyLine(run(oneLine(withDocs()), SOLDE), [['DEM-20', P]]);
  });

  it('does not fire on one entry', () => {
    expectOnlyLine(run(oneLine(withDocs(BDC))), []);
  });
});

describe('DEM-21 — nomFichier at most 100 characters', () => {
  const long101 = `${'X'.repeat(97)}.pdf`;
  const long100 = `${'X'.repeat(96)}.pdf`;

  it('fires on 101 characters, without DEM-22 nor DEM-24', () => {
    expect(long101.length).toBe(101);
    expectOnlyLine(run(oneLine(withDocs(doc(long101, 'PDF')))), [['DEM-21', nom(0)]]);
  });

  it('fires on the second entry only, with its index', () => {
    expectOnlyLine(run(oneLine(withDocs(BDC, doc(long101, 'PDF')))), [['DEM-21', nom(1)]]);
  });

  it('hides DEM-24 even when the other names are valid', () => {
    expectOnlyLine(run(oneLine(withDocs(FAC, doc(long101, 'PDF')))), [['DEM-21', nom(1)]]);
  });

  it('does not fire on 100 characters (DEM-22 fires instead, and hides DEM-24)', () => {
    expect(long100.length).toBe(100);
    expectOnlyLine(run(oneLine(withDocs(doc(long100, 'PDF')))), [['DEM-22', nom(0)]]);
  });
});

describe('DEM-22 — nomFichier follows the nomenclature', () => {
  const bad: [string, string][] = [
    ['HOP-PFI-Va2-BDC-ED00001.pdf', 'the other logiciel'],
    ['HOP-DPI-Va2-BDC-ED00002.pdf', 'another numeroEditeur'],
    ['HOP-DPI-Va2-BDC-ed00001.pdf', 'numeroEditeur in another case'],
    ['hop-DPI-Va2-BDC-ED00001.pdf', 'lower-case HOP'],
    ['HOP-dpi-Va2-BDC-ED00001.pdf', 'lower-case logiciel'],
    ['HOP-DPI-VA2-BDC-ED00001.pdf', 'VA2 instead of Va2'],
    ['HOP-DPI-Va1-BDC-ED00001.pdf', 'another vague'],
    ['HOP-DPI-Va2-bdc-ED00001.pdf', 'lower-case type'],
    ['HOP-DPI-Va2-XYZ-ED00001.pdf', 'an unknown type'],
    ['HOP-DPI-Va2-PV-ED00001.pdf', 'an unknown type (PV)'],
    ['HOP-DPI-Va2-BDC-ED00001-0.pdf', 'n = 0'],
    ['HOP-DPI-Va2-BDC-ED00001-01.pdf', 'a leading zero'],
    ['HOP-DPI-Va2-BDC-ED00001-100.pdf', 'n = 100'],
    ['HOP-DPI-Va2-BDC-ED00001-.pdf', 'an empty n'],
    ['HOP-DPI-Va2-BDC-ED00001_1.pdf', 'an underscore before n'],
    ['HOP-DPI-Va2-BDC-ED00001-1-2.pdf', 'two numbers'],
    ['HOP-DPI-Va2-BDC-ED00001.pdf.pdf', 'a double extension'],
    ['HOP-DPI-Va2-BDC-ED00001 .pdf', 'a space before the extension'],
    ['BDC-ED00001.pdf', 'no prefix'],
    ['dossier/HOP-DPI-Va2-BDC-ED00001.pdf', 'a folder'],
    ['HOP-DPI-Va2-BDC-.pdf', 'no numeroEditeur'],
    ['HOP-DPI-Va2-BDC-ED0000.pdf', 'a prefix of numeroEditeur'],
    ['HOP-DPI-Va2-BDC-ED000011.pdf', 'numeroEditeur followed by a digit'],
    ['', 'an empty name'],
  ];
  for (const [name, why] of bad) {
    it(`fires on "${name}" (${why}), without DEM-24`, () => {
      expectOnlyLine(run(oneLine(withDocs(doc(name, 'PDF')))), [['DEM-22', nom(0)]]);
    });
  }

  for (const [name, format] of [
    ['HOP-DPI-Va2-BDC-ED00001.jpeg', 'JPG'],
    ['HOP-DPI-Va2-BDC-ED00001.gif', 'PDF'],
    ['HOP-DPI-Va2-BDC-ED00001', 'PDF'],
    ['HOP-DPI-Va2-BDC-ED00001.pdf ', 'PDF'],
    ['HOP-DPI-Va2-BDC-ED00001.docx', 'PNG'],
  ] as const) {
    it(`fires on the extension of "${name}" without DEM-23 (formatFichier ${format} is allowed, the extension is not judged)`, () => {
      expectOnlyLine(run(oneLine(withDocs(doc(name, format)))), [['DEM-22', nom(0)]]);
    });
  }

  it('fires on a bad name next to a valid BDC, on that entry only', () => {
    expectOnlyLine(run(oneLine(withDocs(BDC, doc('facture.pdf', 'PDF')))), [['DEM-22', nom(1)]]);
  });

  it('hides DEM-24: a valid FAC and a badly named file in an AVANCE', () => {
    expectOnlyLine(run(oneLine(withDocs(FAC, doc('bon-de-commande.pdf', 'PDF')))), [['DEM-22', nom(1)]]);
  });

  it('fires on a DPI name in a PFI file', () => {
    const rf = run(oneLine(withDocs(doc('HOP-DPI-Va2-BDC-ED00001.pdf', 'PDF')), 'PFI'), {}, 'PFI');
    expectOnlyLine(rf, [['DEM-22', nom(0)]]);
  });

  const good: [string, string][] = [
    ['HOP-DPI-Va2-BDC-ED00001.pdf', 'PDF'],
    ['HOP-DPI-Va2-BDC-ED00001.PDF', 'PDF'],
    ['HOP-DPI-Va2-BDC-ED00001.Pdf', 'PDF'],
    ['HOP-DPI-Va2-BDC-ED00001.jpg', 'JPG'],
    ['HOP-DPI-Va2-BDC-ED00001.JPG', 'JPG'],
    ['HOP-DPI-Va2-BDC-ED00001.png', 'PNG'],
    ['HOP-DPI-Va2-BDC-ED00001.pNg', 'PNG'],
    ['HOP-DPI-Va2-BDC-ED00001-1.pdf', 'PDF'],
    ['HOP-DPI-Va2-BDC-ED00001-9.pdf', 'PDF'],
    ['HOP-DPI-Va2-BDC-ED00001-10.pdf', 'PDF'],
    ['HOP-DPI-Va2-BDC-ED00001-99.pdf', 'PDF'],
  ];
  for (const [name, format] of good) {
    it(`does not fire on "${name}"`, () => {
      expectOnlyLine(run(oneLine(withDocs(doc(name, format)))), []);
    });
  }

  it('does not fire on a PFI name in a PFI file', () => {
    expectOnlyLine(run(oneLine(withDocs(doc('HOP-PFI-Va2-BDC-ED00001.pdf', 'PDF')), 'PFI'), {}, 'PFI'), []);
  });

  it('does not fire on documents of another type than required (FAC, VA, MOM in an AVANCE)', () => {
    expectOnlyLine(run(oneLine(withDocs(BDC, FAC, VA, MOM))), []);
  });

  it('does not fire when numeroEditeur itself ends with -<n>', () => {
    const rf = run(oneLine((l) => {
      l.numeroEditeur = 'ED00001-1';
      l.piecesJustificatives = [doc('HOP-DPI-Va2-BDC-ED00001-1.pdf', 'PDF'), doc('HOP-DPI-Va2-BDC-ED00001-1-2.pdf', 'PDF')];
    }));
    expectOnlyLine(rf, []);
  });

  it('is not judged when numeroEditeur is invalid (DEM-03)', () => {
    const rf = run(oneLine((l) => {
      l.numeroEditeur = 'ED 1';
      l.piecesJustificatives = [doc('n-importe-quoi.pdf', 'PDF')];
    }));
    expectOnlyLine(rf, [['DEM-03', 'numeroEditeur']]);
  });
});

describe('DEM-23 — formatFichier is PDF, JPG or PNG and matches the extension', () => {
  const bad: [string, string][] = [
    ['HOP-DPI-Va2-BDC-ED00001.pdf', 'pdf'],
    ['HOP-DPI-Va2-BDC-ED00001.pdf', 'Pdf'],
    ['HOP-DPI-Va2-BDC-ED00001.pdf', 'JPG'],
    ['HOP-DPI-Va2-BDC-ED00001.pdf', 'PNG'],
    ['HOP-DPI-Va2-BDC-ED00001.jpg', 'PDF'],
    ['HOP-DPI-Va2-BDC-ED00001.jpg', 'JPEG'],
    ['HOP-DPI-Va2-BDC-ED00001.PNG', 'JPG'],
    ['HOP-DPI-Va2-BDC-ED00001.pdf', 'DOC'],
    ['HOP-DPI-Va2-BDC-ED00001.pdf', ''],
    ['HOP-DPI-Va2-BDC-ED00001.pdf', 'PDF '],
  ];
  for (const [name, format] of bad) {
    it(`fires on "${format}" for "${name}", on formatFichier, without DEM-24 (the BDC is still there)`, () => {
      expectOnlyLine(run(oneLine(withDocs(doc(name, format)))), [['DEM-23', fmt(0)]]);
    });
  }

  it('fires together with DEM-22 on a name with another extension and a format outside PDF/JPG/PNG', () => {
    expectOnlyLine(run(oneLine(withDocs(BDC, doc('HOP-DPI-Va2-FAC-ED00001.docx', 'DOC')))), [
      ['DEM-22', nom(1)],
      ['DEM-23', fmt(1)],
    ]);
  });

  it('fires together with DEM-22 on .jpeg and JPEG', () => {
    expectOnlyLine(run(oneLine(withDocs(doc('HOP-DPI-Va2-BDC-ED00001.jpeg', 'JPEG')))), [
      ['DEM-22', nom(0)],
      ['DEM-23', fmt(0)],
    ]);
  });

  it('fires on a name of more than 100 characters whose extension does not match', () => {
    expectOnlyLine(run(oneLine(withDocs(BDC, doc(`${'X'.repeat(97)}.png`, 'PDF')))), [
      ['DEM-21', nom(1)],
      ['DEM-23', fmt(1)],
    ]);
  });

  it('does not hide DEM-24: a FAC with a wrong format in an AVANCE', () => {
    expectOnlyLine(run(oneLine(withDocs(doc('HOP-DPI-Va2-FAC-ED00001.pdf', 'JPG')))), [
      ['DEM-23', fmt(0)],
      ['DEM-24', P],
    ]);
  });

  for (const [name, format] of [
    ['HOP-DPI-Va2-BDC-ED00001.PDF', 'PDF'],
    ['HOP-DPI-Va2-BDC-ED00001.jpg', 'JPG'],
    ['HOP-DPI-Va2-BDC-ED00001.Png', 'PNG'],
  ] as const) {
    it(`does not fire on ${format} for "${name}"`, () => {
      expectOnlyLine(run(oneLine(withDocs(doc(name, format)))), []);
    });
  }
});

describe('DEM-24 — required documents for the request type', () => {
  const avance: [string, Json[], boolean][] = [
    ['a FAC only', [FAC], true],
    ['FAC, VA and MOM but no BDC', [FAC, VA, MOM], true],
    ['a BDC', [BDC], false],
    ['a numbered BDC', [doc('HOP-DPI-Va2-BDC-ED00001-3.jpg', 'JPG')], false],
    ['a BDC and a FAC', [FAC, BDC], false],
    ['two BDC', [doc('HOP-DPI-Va2-BDC-ED00001-1.pdf', 'PDF'), doc('HOP-DPI-Va2-BDC-ED00001-2.png', 'PNG')], false],
  ];
  for (const [name, docs, fires] of avance) {
    it(`AVANCE with ${name}: ${fires ? 'fires on piecesJustificatives' : 'does not fire'}`, () => {
      expectOnlyLine(run(oneLine(withDocs(...docs))), fires ? [['DEM-24', P]] : []);
    });
  }

  const solde: [string, Json[], boolean][] = [
    ['a BDC only', [BDC], true],
    ['a FAC only', [FAC], true],
    ['a VA and a MOM but no FAC', [VA, MOM], true],
    ['a BDC and a VA', [BDC, VA], true],
    ['a FAC and a VA', [FAC, VA], false],
    ['a FAC and a MOM', [MOM, FAC], false],
    ['a FAC, a VA and a MOM', [FAC, VA, MOM], false],
    ['a BDC, a numbered FAC and a numbered MOM', [BDC, doc('HOP-DPI-Va2-FAC-ED00001-2.pdf', 'PDF'), doc('HOP-DPI-Va2-MOM-ED00001-1.jpg', 'JPG')], false],
  ];
  for (const [name, docs, fires] of solde) {
    it(`SOLDE with ${name}: ${fires ? 'fires on piecesJustificatives' : 'does not fire'}`, () => {
      expectOnlyLine(run(oneLine(withDocs(...docs)), SOLDE), fires ? [['DEM-24', P]] : []);
    });
  }

  it('PFI SOLDE with a FAC and a VA does not fire', () => {
    const rf = run(
      oneLine(withDocs(doc('HOP-PFI-Va2-FAC-ED00001.pdf', 'PDF'), doc('HOP-PFI-Va2-VA-ED00001.pdf', 'PDF')), 'PFI'),
      SOLDE,
      'PFI',
    );
    expectOnlyLine(rf, []);
  });

  it('counts only documents named for this line: a BDC of another line does not count (DEM-22, so no DEM-24)', () => {
    expectOnlyLine(run(oneLine(withDocs(FAC, doc('HOP-DPI-Va2-BDC-ED00002.pdf', 'PDF')))), [['DEM-22', nom(1)]]);
  });
});

describe('DEM-25 — nomFichier appears only once (within a line)', () => {
  it('fires when a line names the same file twice', () => {
    const rf = run(oneLine(withDocs(BDC, FAC, BDC)));
    const line = rf.lignesImport![0]!;
    expect(line.codeTraitement).toBe('KO');
    expect(new Set(line.erreurs.map((e) => e.code))).toEqual(new Set(['DEM-25']));
    // The spec does not say whether both entries or one carries it: every champ must be one of the two.
    for (const e of line.erreurs) expect([nom(0), nom(2)]).toContain(e.champ);
  });

  it('fires on a repeated badly named file too (every string nomFichier is compared)', () => {
    const rf = run(oneLine(withDocs(BDC, doc('x.pdf', 'PDF'), doc('x.pdf', 'PDF'))));
    const line = rf.lignesImport![0]!;
    expect(new Set(line.erreurs.map((e) => e.code))).toEqual(new Set(['DEM-22', 'DEM-25']));
    for (const e of line.erreurs.filter((x) => x.code === 'DEM-25')) expect([nom(1), nom(2)]).toContain(e.champ);
  });

  it('does not fire on two numbered files of the same type', () => {
    expectOnlyLine(run(oneLine(withDocs(doc('HOP-DPI-Va2-BDC-ED00001-1.pdf', 'PDF'), doc('HOP-DPI-Va2-BDC-ED00001-2.pdf', 'PDF')))), []);
  });
});
