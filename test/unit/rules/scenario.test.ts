/** SPEC §4.2: the installation scenario, DEM-26, DEM-27. */
import { describe, it } from 'vitest';
import { expectOnlyLine, oneLine, run } from './helpers.js';

const ED = 'commande.dateEditionCommande';
const SIG = 'commande.dateSignatureCommande';
const LIV = 'scenarioInstallation.datePrevisionnelleLivraison';

describe('DEM-26 — datePrevisionnelleLivraison is a real date JJ/MM/AAAA', () => {
  for (const d of ['31/06/2024', '29/02/2025', '15/6/2024', '2024-06-15', '15/06/24', '15/06/2100', '', '15.06.2024', 'bientôt']) {
    it(`fires on "${d}", without DEM-27`, () => {
      expectOnlyLine(run(oneLine((l) => (l.scenarioInstallation.datePrevisionnelleLivraison = d))), [['DEM-26', LIV]]);
    });
  }

  for (const d of ['15/06/2024', '29/02/2028', '31/12/2099', '15/01/2024']) {
    it(`does not fire on "${d}"`, () => {
      expectOnlyLine(run(oneLine((l) => (l.scenarioInstallation.datePrevisionnelleLivraison = d))), []);
    });
  }

  it('does not fire in a PFI file', () => {
    expectOnlyLine(run(oneLine((l) => (l.scenarioInstallation.datePrevisionnelleLivraison = '01/03/2024'), 'PFI'), {}, 'PFI'), []);
  });
});

describe('DEM-27 — datePrevisionnelleLivraison on or after dateSignatureCommande', () => {
  it('fires on the day before the signature, on the delivery field', () => {
    expectOnlyLine(run(oneLine((l) => (l.scenarioInstallation.datePrevisionnelleLivraison = '14/01/2024'))), [['DEM-27', LIV]]);
  });

  it('fires on a delivery a year before the signature (compares dates, not text)', () => {
    expectOnlyLine(run(oneLine((l) => (l.scenarioInstallation.datePrevisionnelleLivraison = '16/01/2023'))), [['DEM-27', LIV]]);
  });

  it('does not fire on the signature day', () => {
    expectOnlyLine(run(oneLine((l) => (l.scenarioInstallation.datePrevisionnelleLivraison = '15/01/2024'))), []);
  });

  it('does not fire on a delivery after today (it is a forecast)', () => {
    expectOnlyLine(run(oneLine((l) => (l.scenarioInstallation.datePrevisionnelleLivraison = '01/01/2030'))), []);
  });

  it('needs DEM-06: an invalid signature date hides it', () => {
    const rf = run(oneLine((l) => {
      l.commande.dateSignatureCommande = '15/01/2O24';
      l.scenarioInstallation.datePrevisionnelleLivraison = '01/01/2001';
    }));
    expectOnlyLine(rf, [['DEM-06', SIG]]);
  });

  it('needs DEM-26: an invalid delivery date is DEM-26 only', () => {
    expectOnlyLine(run(oneLine((l) => (l.scenarioInstallation.datePrevisionnelleLivraison = '00/01/2024'))), [['DEM-26', LIV]]);
  });

  it('does not need the edition date: DEM-05 and DEM-27 together', () => {
    const rf = run(oneLine((l) => {
      l.commande.dateEditionCommande = '13/10/23';
      l.scenarioInstallation.datePrevisionnelleLivraison = '14/01/2024';
    }));
    expectOnlyLine(rf, [['DEM-05', ED], ['DEM-27', LIV]]);
  });

  it('is reported with DEM-08 when the signature is in the future', () => {
    const rf = run(oneLine((l) => {
      l.commande.dateSignatureCommande = '10/12/2026';
      l.scenarioInstallation.datePrevisionnelleLivraison = '09/12/2026';
    }));
    expectOnlyLine(rf, [['DEM-08', SIG], ['DEM-27', LIV]]);
  });

  it('does not fire when the delivery is before the edition but after the signature (only DEM-07)', () => {
    const rf = run(oneLine((l) => {
      l.commande.dateEditionCommande = '01/03/2024';
      l.commande.dateSignatureCommande = '15/01/2024';
      l.scenarioInstallation.datePrevisionnelleLivraison = '01/02/2024';
    }));
    expectOnlyLine(rf, [['DEM-07', SIG]]);
  });
});
