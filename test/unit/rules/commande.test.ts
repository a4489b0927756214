/** SPEC §4.2: the order, DEM-05..DEM-12, and their dependencies. */
import { describe, expect, it } from 'vitest';
import { validFile } from '../../fixtures/deposit-files.js';
import { expectOnlyLine, oneLine, run, runText, type Json } from './helpers.js';

const ED = 'commande.dateEditionCommande';
const SIG = 'commande.dateSignatureCommande';
const LIV = 'scenarioInstallation.datePrevisionnelleLivraison';

/** Bad date texts: not JJ/MM/AAAA, not a real day, or out of 2000..2099. */
const BAD_DATES = [
  '31/02/2024', // no such day
  '29/02/2023', // not a leap year
  '31/04/2024',
  '00/01/2024',
  '15/13/2023',
  '15/00/2023',
  '1/10/2023', // one digit
  '01/1/2023',
  '15/01/23', // two-digit year
  '2023-10-13', // ISO
  '13-10-2023',
  '13/10/2023 ', // trailing space
  ' 13/10/2023',
  '13/10/1999', // year before 2000
  '01/01/2100', // year after 2099
  '',
  '１３/10/2023', // full-width digits
];

describe('DEM-05 — dateEditionCommande is a real date JJ/MM/AAAA', () => {
  for (const d of BAD_DATES) {
    it(`fires on "${d}", without DEM-07`, () => {
      const rf = run(oneLine((l) => (l.commande.dateEditionCommande = d)));
      expectOnlyLine(rf, [['DEM-05', ED]]);
    });
  }

  for (const d of ['29/02/2000', '01/01/2000', '13/10/2023', '31/12/2023', '15/01/2024']) {
    it(`does not fire on "${d}"`, () => {
      expectOnlyLine(run(oneLine((l) => (l.commande.dateEditionCommande = d))), []);
    });
  }

  it('names what was found in its message', () => {
    const rf = run(oneLine((l) => (l.commande.dateEditionCommande = '31/02/2024')));
    expect(rf.lignesImport![0]!.erreurs[0]!.message).toContain('31/02/2024');
  });
});

describe('DEM-06 — dateSignatureCommande is a real date JJ/MM/AAAA', () => {
  for (const d of BAD_DATES) {
    it(`fires on "${d}", without DEM-07, DEM-08 or DEM-27`, () => {
      const rf = run(oneLine((l) => (l.commande.dateSignatureCommande = d)));
      expectOnlyLine(rf, [['DEM-06', SIG]]);
    });
  }

  it('does not fire on 29/02/2024 (leap year)', () => {
    const rf = run(oneLine((l) => (l.commande.dateSignatureCommande = '29/02/2024')));
    expectOnlyLine(rf, []);
  });

  it('is not reported on top of DEM-00, nor are DEM-07, DEM-08, DEM-27', () => {
    const rf = run(oneLine((l) => (l.commande.dateSignatureCommande = null)));
    expectOnlyLine(rf, [['DEM-00', SIG]]);
  });
});

describe('DEM-07 — dateSignatureCommande on or after dateEditionCommande', () => {
  it('fires when the signature is one day before the edition, on the signature field', () => {
    const rf = run(oneLine((l) => {
      l.commande.dateEditionCommande = '16/01/2024';
      l.commande.dateSignatureCommande = '15/01/2024';
    }));
    expectOnlyLine(rf, [['DEM-07', SIG]]);
  });

  it('fires when the signature is years before the edition (compares dates, not text)', () => {
    const rf = run(oneLine((l) => {
      l.commande.dateEditionCommande = '01/01/2024';
      l.commande.dateSignatureCommande = '02/12/2023';
    }));
    expectOnlyLine(rf, [['DEM-07', SIG]]);
  });

  it('does not fire on the same day', () => {
    const rf = run(oneLine((l) => {
      l.commande.dateEditionCommande = '15/01/2024';
      l.commande.dateSignatureCommande = '15/01/2024';
    }));
    expectOnlyLine(rf, []);
  });

  it('does not fire when the signature is after the edition though its text sorts before', () => {
    const rf = run(oneLine((l) => {
      l.commande.dateEditionCommande = '31/12/2023';
      l.commande.dateSignatureCommande = '01/01/2024';
    }));
    expectOnlyLine(rf, []);
  });

  it('needs a valid edition date (DEM-05)', () => {
    const rf = run(oneLine((l) => {
      l.commande.dateEditionCommande = '32/01/2024';
      l.commande.dateSignatureCommande = '15/01/2024';
    }));
    expectOnlyLine(rf, [['DEM-05', ED]]);
  });

  it('needs a valid edition date (DEM-00)', () => {
    const rf = run(oneLine((l) => (l.commande.dateEditionCommande = 20240116)));
    expectOnlyLine(rf, [['DEM-00', ED]]);
  });
});

describe('DEM-08 — dateSignatureCommande not after today (26/11/2026)', () => {
  const future = (sig: string) => (l: Json) => {
    l.commande.dateSignatureCommande = sig;
    l.scenarioInstallation.datePrevisionnelleLivraison = '31/12/2027';
  };

  it('fires on tomorrow, on the signature field', () => {
    expectOnlyLine(run(oneLine(future('27/11/2026'))), [['DEM-08', SIG]]);
  });

  it('fires on a date years ahead', () => {
    expectOnlyLine(run(oneLine(future('01/01/2027'))), [['DEM-08', SIG]]);
  });

  it('does not fire on today', () => {
    expectOnlyLine(run(oneLine(future('26/11/2026'))), []);
  });

  it('uses the simulation date: 27/11/2026 is fine when today is 27/11/2026', () => {
    const rf = run(oneLine(future('27/11/2026')), { today: { year: 2026, month: 11, day: 27 } });
    expectOnlyLine(rf, []);
  });

  it('uses the simulation date: 15/01/2024 is in the future when today is 14/01/2024', () => {
    const rf = run(oneLine(() => {}), { today: { year: 2024, month: 1, day: 14 } });
    expectOnlyLine(rf, [['DEM-08', SIG]]);
  });

  it('needs DEM-06 only: an invalid edition date does not hide it', () => {
    const rf = run(oneLine((l) => {
      future('27/11/2026')(l);
      l.commande.dateEditionCommande = '27-11-2026';
    }));
    expectOnlyLine(rf, [['DEM-05', ED], ['DEM-08', SIG]]);
  });

  it('is reported together with DEM-07 (both on the signature field)', () => {
    const rf = run(oneLine((l) => {
      future('27/11/2026')(l);
      l.commande.dateEditionCommande = '28/11/2026';
    }));
    expectOnlyLine(rf, [['DEM-07', SIG], ['DEM-08', SIG]]);
  });
});

describe('DEM-09 — regimeTVA is TTC or HT', () => {
  for (const v of ['ttc', 'ht', 'TVA', '', ' TTC', 'H.T.']) {
    it(`fires on "${v}", without DEM-10`, () => {
      expectOnlyLine(run(oneLine((l) => (l.commande.regimeTVA = v))), [['DEM-09', 'commande.regimeTVA']]);
    });
  }

  it('does not fire on TTC', () => {
    expectOnlyLine(run(oneLine((l) => (l.commande.regimeTVA = 'TTC'))), []);
  });

  it('does not fire on HT with a 0 % rate', () => {
    expectOnlyLine(run(oneLine((l) => (l.commande.regimeTVA = 'HT')), { tauxTva: 0 }), []);
  });
});

describe('DEM-10 — regimeTVA HT only when the chosen rate is 0 %', () => {
  it('fires on HT with a 20 % rate, on commande.regimeTVA', () => {
    expectOnlyLine(run(oneLine((l) => (l.commande.regimeTVA = 'HT')), { tauxTva: 20 }), [['DEM-10', 'commande.regimeTVA']]);
  });

  it('fires on HT with an 8.5 % rate', () => {
    expectOnlyLine(run(oneLine((l) => (l.commande.regimeTVA = 'HT')), { tauxTva: 8.5 }), [['DEM-10', 'commande.regimeTVA']]);
  });

  it('does not fire on TTC with 8.5 %', () => {
    expectOnlyLine(run(oneLine((l) => (l.commande.regimeTVA = 'TTC')), { tauxTva: 8.5 }), []);
  });

  it('does not fire on TTC with 0 % (HT only when 0 %, not the converse)', () => {
    expectOnlyLine(run(oneLine((l) => (l.commande.regimeTVA = 'TTC')), { tauxTva: 0 }), []);
  });

  it('needs DEM-09: a lower-case "ht" at 20 % is DEM-09 only', () => {
    expectOnlyLine(run(oneLine((l) => (l.commande.regimeTVA = 'ht')), { tauxTva: 20 }), [['DEM-09', 'commande.regimeTVA']]);
  });
});

describe('DEM-11 — montantSegurHT > 0 with at most two decimals', () => {
  for (const v of [0, -1, -0.01, 0.015, 12.345, 1.001, 1250.505]) {
    it(`fires on ${v}`, () => {
      expectOnlyLine(run(oneLine((l) => (l.commande.montantSegurHT = v))), [['DEM-11', 'commande.montantSegurHT']]);
    });
  }

  for (const v of [0.01, 1, 12.34, 1250.5, 999999.99, 0.1, 0.29, 1.1]) {
    it(`does not fire on ${v}`, () => {
      expectOnlyLine(run(oneLine((l) => (l.commande.montantSegurHT = v))), []);
    });
  }

  const withText = (literal: string) => JSON.stringify(validFile(1), null, 2).replace('"montantSegurHT": 1250.5', `"montantSegurHT": ${literal}`);

  for (const lit of ['12.340', '1250.00', '1.2e1', '1.5E+3', '1234.500000']) {
    it(`judges the shortest decimal form: ${lit} is fine`, () => {
      const text = withText(lit);
      expect(text).toContain(`"montantSegurHT": ${lit}`);
      expectOnlyLine(runText(text), []);
    });
  }

  for (const lit of ['0.0150', '1.23456e2', '-0', '0.000', '1e-3']) {
    it(`judges the shortest decimal form: ${lit} fails`, () => {
      expectOnlyLine(runText(withText(lit)), [['DEM-11', 'commande.montantSegurHT']]);
    });
  }
});

describe('DEM-12 — typePrestation is V1V2 or V2', () => {
  for (const v of ['V1', 'V3', 'v2', 'V1 V2', 'V2 ', '']) {
    it(`fires on "${v}"`, () => {
      expectOnlyLine(run(oneLine((l) => (l.commande.typePrestation = v))), [['DEM-12', 'commande.typePrestation']]);
    });
  }

  for (const v of ['V1V2', 'V2']) {
    it(`does not fire on ${v}`, () => {
      expectOnlyLine(run(oneLine((l) => (l.commande.typePrestation = v))), []);
    });
  }

  it('names what was found in its message', () => {
    const rf = run(oneLine((l) => (l.commande.typePrestation = 'V3')));
    expect(rf.lignesImport![0]!.erreurs[0]!.message).toContain('V3');
  });
});

describe('several order errors are reported together', () => {
  it('DEM-05, DEM-09, DEM-11 and DEM-12 on one line', () => {
    const rf = run(oneLine((l) => {
      l.commande.dateEditionCommande = 'hier';
      l.commande.regimeTVA = 'X';
      l.commande.montantSegurHT = 0;
      l.commande.typePrestation = 'V9';
    }));
    expectOnlyLine(rf, [
      ['DEM-05', ED],
      ['DEM-09', 'commande.regimeTVA'],
      ['DEM-11', 'commande.montantSegurHT'],
      ['DEM-12', 'commande.typePrestation'],
    ]);
  });

  it('DEM-07 and DEM-27 together', () => {
    const rf = run(oneLine((l) => {
      l.commande.dateEditionCommande = '20/01/2024';
      l.commande.dateSignatureCommande = '15/01/2024';
      l.scenarioInstallation.datePrevisionnelleLivraison = '14/01/2024';
    }));
    expectOnlyLine(rf, [['DEM-07', SIG], ['DEM-27', LIV]]);
  });
});
