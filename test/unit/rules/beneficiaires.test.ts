/** SPEC §4.2–4.3: the beneficiary, DEM-13, DEM-15..DEM-19, AVT-01. */
import { describe, expect, it } from 'vitest';
import { validFiness } from '../../fixtures/deposit-files.js';
import { expectOnlyLine, lineWarnings, luhnOk, oneLine, run, type Json } from './helpers.js';

const FINESS = 'beneficiaires.FINESSPMSI';

describe('DEM-13 — FINESSPMSI: 9 digits, or 2A/2B and 7 digits', () => {
  for (const v of ['00000001', '0000000180', '00000001A', '2C1234567', '2a1234562', '2b1234560', '2A123456', '2A12345678', 'AB1234567', '', ' 000000018', '000 000 018', '3A1234567', '２A1234562']) {
    it(`fires on "${v}", without AVT-01`, () => {
      const rf = run(oneLine((l) => (l.beneficiaires.FINESSPMSI = v)));
      expectOnlyLine(rf, [['DEM-13', FINESS]]);
      expect(lineWarnings(rf, 0)).toEqual([]);
    });
  }

  for (const v of [validFiness(1), validFiness(4242), '2A1234562', '2B1234560', '980000640']) {
    it(`does not fire on "${v}" (and no AVT-01: its check digit is right)`, () => {
      const rf = run(oneLine((l) => (l.beneficiaires.FINESSPMSI = v)));
      expectOnlyLine(rf, []);
      expect(lineWarnings(rf, 0)).toEqual([]);
    });
  }
});

describe('AVT-01 — FINESSPMSI check digit (Luhn after 2A→21, 2B→22), a warning', () => {
  for (const v of ['000000019', '640000240', '2A1234563', '2B1234561', '123456789']) {
    it(`fires on "${v}" without blocking the line`, () => {
      expect(luhnOk(v.replace('2A', '21').replace('2B', '22'))).toBe(false);
      const rf = run(oneLine((l) => (l.beneficiaires.FINESSPMSI = v)));
      expectOnlyLine(rf, []);
      expect(lineWarnings(rf, 0)).toEqual([`AVT-01 @ ${FINESS}`]);
      expect(rf.resultat.statut).toBe('VALIDE');
      expect(rf.lignesImport![0]!.libelleTraitement).toBe('Demande valide');
    });
  }

  it('is reported on a KO line too, and is not in libelleTraitement', () => {
    const rf = run(oneLine((l) => {
      l.beneficiaires.FINESSPMSI = '000000019';
      l.commande.typePrestation = 'V3';
    }));
    expectOnlyLine(rf, [['DEM-12', 'commande.typePrestation']]);
    expect(lineWarnings(rf, 0)).toEqual([`AVT-01 @ ${FINESS}`]);
    expect(rf.lignesImport![0]!.libelleTraitement).not.toContain('AVT-01');
  });

  it('does not fire on a FINESS with a right check digit', () => {
    const rf = run(oneLine((l) => (l.beneficiaires.FINESSPMSI = '000000018')));
    expect(lineWarnings(rf, 0)).toEqual([]);
  });

  it('does not fire on a FINESS of the wrong type (DEM-00)', () => {
    const rf = run(oneLine((l) => (l.beneficiaires.FINESSPMSI = 123456789)));
    expectOnlyLine(rf, [['DEM-00', FINESS]]);
    expect(lineWarnings(rf, 0)).toEqual([]);
  });

  it('is reported on each line concerned, not at file level', () => {
    const rf = run(oneLine((l) => (l.beneficiaires.FINESSPMSI = '000000019')));
    expect(rf.resultat.avertissements.map((w) => w.code)).not.toContain('AVT-01');
  });
});

describe('DEM-15 — nomClient not blank, at most 100 characters', () => {
  for (const [name, v] of [
    ['an empty string', ''],
    ['spaces only', '   '],
    ['tabs and newlines only', '\t\n '],
    ['101 characters', 'N'.repeat(101)],
  ] as const) {
    it(`fires on ${name}`, () => {
      expectOnlyLine(run(oneLine((l) => (l.beneficiaires.nomClient = v))), [['DEM-15', 'beneficiaires.nomClient']]);
    });
  }

  for (const [name, v] of [
    ['one character', 'X'],
    ['100 characters', 'N'.repeat(100)],
    ['100 accented characters', 'é'.repeat(100)],
    ['a name surrounded by spaces', '  CH  '],
  ] as const) {
    it(`does not fire on ${name}`, () => {
      expectOnlyLine(run(oneLine((l) => (l.beneficiaires.nomClient = v))), []);
    });
  }
});

const email254 = `${'a'.repeat(60)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(10)}`;
const email255 = `${'a'.repeat(60)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(11)}`;
const BAD_EMAILS = [
  'contact',
  'contact@',
  '@ch-exemple.fr',
  'a@b',
  'a@b.f',
  'a@b.f1',
  'a@b.12',
  '.a@b.fr',
  'a.@b.fr',
  'a..b@c.fr',
  'a@-b.fr',
  'a@b-.fr',
  'a@b..fr',
  'a@.b.fr',
  'a@b.fr.',
  'a b@c.fr',
  'a@b c.fr',
  'a@@b.fr',
  'a@b@c.fr',
  'é@b.fr',
  'a@bé.fr',
  'a!b@c.fr',
  "a'b@c.fr",
  'a@b_c.fr',
  ' a@b.fr',
  '',
  email255,
];
const GOOD_EMAILS = ['a@b.fr', 'A.B_C%D+E-F@sous-domaine.exemple.fr', 'x@1-2.com', '123@456.org', 'a@b.co', 'a-@b.fr', '-a@b.fr', email254];

describe('DEM-16 — emailClient is a valid e-mail address', () => {
  for (const v of BAD_EMAILS) {
    it(`fires on "${v.length > 40 ? `${v.length} characters` : v}"`, () => {
      expectOnlyLine(run(oneLine((l) => (l.beneficiaires.emailClient = v))), [['DEM-16', 'beneficiaires.emailClient']]);
    });
  }
  for (const v of GOOD_EMAILS) {
    it(`does not fire on "${v.length > 40 ? `${v.length} characters` : v}"`, () => {
      expect(v.length).toBeLessThanOrEqual(254);
      expectOnlyLine(run(oneLine((l) => (l.beneficiaires.emailClient = v))), []);
    });
  }
});

const BAD_PHONES = [
  '0145678901',
  '33145678901',
  '+33 1 45 67 89 01',
  '+33-145678901',
  '+330145678901',
  '+33045678901',
  '+3314567890',
  '+3312345678901', // +33: exactly 9 digits, even though "+ then 8 to 15" would hold
  '+0123456789',
  '+1234567',
  '+1234567890123456',
  '+',
  '',
  '+33145678901 ',
  '+44 20 7946 0958',
  '+33A45678901',
];
const GOOD_PHONES = ['+33145678901', '+33612345678', '+12345678', '+123456789012345', '+442079460958', '+3212345678', '+262262123456'];

describe('DEM-17 — telephoneClient in international format', () => {
  for (const v of BAD_PHONES) {
    it(`fires on "${v}"`, () => {
      expectOnlyLine(run(oneLine((l) => (l.beneficiaires.telephoneClient = v))), [['DEM-17', 'beneficiaires.telephoneClient']]);
    });
  }
  for (const v of GOOD_PHONES) {
    it(`does not fire on "${v}"`, () => {
      expectOnlyLine(run(oneLine((l) => (l.beneficiaires.telephoneClient = v))), []);
    });
  }
});

const rep = (nom: unknown, email: unknown, tel: unknown) => (l: Json) =>
  Object.assign(l.beneficiaires, { nomRepresentant: nom, emailRepresentant: email, telephoneRepresentant: tel });

describe('DEM-18 — the three representative fields all null or all filled', () => {
  const cases: [string, unknown, unknown, unknown][] = [
    ['only the name filled', 'Jeanne Martin', null, null],
    ['only the e-mail filled', null, 'j.martin@ch-exemple.fr', null],
    ['only the phone filled', null, null, '+33612345678'],
    ['the phone missing', 'Jeanne Martin', 'j.martin@ch-exemple.fr', null],
    ['an empty name with the others null (an empty string counts as filled)', '', null, null],
    ['a bad e-mail with the others null (DEM-19 needs DEM-18)', null, 'pas-un-email', null],
    ['two empty strings and a null', '', '', null],
  ];
  for (const [name, n, e, t] of cases) {
    it(`fires on ${name}, with champ beneficiaires`, () => {
      expectOnlyLine(run(oneLine(rep(n, e, t))), [['DEM-18', 'beneficiaires']]);
    });
  }

  it('does not fire when all three are null', () => {
    expectOnlyLine(run(oneLine(rep(null, null, null))), []);
  });

  it('does not fire when all three are filled', () => {
    expectOnlyLine(run(oneLine(rep('Paul', 'paul@ch.fr', '+4412345678'))), []);
  });
});

describe('DEM-19 — filled representative fields as DEM-15, DEM-16, DEM-17', () => {
  const cases: [string, unknown, unknown, unknown, string[]][] = [
    ['an empty name', '', 'j.martin@ch-exemple.fr', '+33612345678', ['nomRepresentant']],
    ['a blank name', '  ', 'j.martin@ch-exemple.fr', '+33612345678', ['nomRepresentant']],
    ['a name of 101 characters', 'R'.repeat(101), 'j.martin@ch-exemple.fr', '+33612345678', ['nomRepresentant']],
    ['a bad e-mail', 'Jeanne Martin', 'j.martin@', '+33612345678', ['emailRepresentant']],
    ['a bad phone', 'Jeanne Martin', 'j.martin@ch-exemple.fr', '06 12 34 56 78', ['telephoneRepresentant']],
    ['three empty strings', '', '', '', ['nomRepresentant', 'emailRepresentant', 'telephoneRepresentant']],
    ['three bad values', ' ', 'a..b@c.fr', '+330612345678', ['nomRepresentant', 'emailRepresentant', 'telephoneRepresentant']],
  ];
  for (const [name, n, e, t, fields] of cases) {
    it(`fires on ${name}, on the failing field`, () => {
      expectOnlyLine(run(oneLine(rep(n, e, t))), fields.map((f) => ['DEM-19', `beneficiaires.${f}`] as [string, string]));
    });
  }

  it('does not fire on a valid representative (name of 100 characters, foreign phone)', () => {
    expectOnlyLine(run(oneLine(rep('R'.repeat(100), email254, '+4412345678'))), []);
  });

  it('uses DEM-19, not DEM-15/16/17, for the representative', () => {
    const rf = run(oneLine(rep('Jeanne', 'x', '+33612345678')));
    expect(rf.lignesImport![0]!.erreurs.map((e) => e.code)).toEqual(['DEM-19']);
  });

  it('client and representative errors are reported together', () => {
    const rf = run(oneLine((l) => {
      rep('Jeanne', 'x', '+33612345678')(l);
      l.beneficiaires.emailClient = 'x';
      l.beneficiaires.telephoneClient = '0145678901';
      l.beneficiaires.nomClient = '';
    }));
    expectOnlyLine(rf, [
      ['DEM-15', 'beneficiaires.nomClient'],
      ['DEM-16', 'beneficiaires.emailClient'],
      ['DEM-17', 'beneficiaires.telephoneClient'],
      ['DEM-19', 'beneficiaires.emailRepresentant'],
    ]);
  });
});
