/** SPEC §3 and examples/README.md: the programme's published examples (copied verbatim). */
import { describe, expect, it } from 'vitest';
import { expectGlobal, expectLine, fileWarningCodes, globalIssues, lineWarnings, runText } from './helpers.js';

const DPI_EXAMPLE = `{
  "numeroAns": "MJCDPI0001",
  "siret": "40308070600020",
  "lignesImport": [
    {
      "numLigne": 1,
      "numeroEditeur": "00001",
      "commande": {
        "dateEditionCommande": "13/10/2023",
        "dateSignatureCommande": "15/01/2024",
        "regimeTVA": "TTC",
        "montantSegurHT": 1250.00,
        "typePrestation": "V1V2"
      },
      "beneficiaires": {
        "FINESSPMSI": "980000640",
        "nomClient": "QUERAL",
        "emailClient": "m.queral@hotmail.fr",
        "telephoneClient": "+33615597229",
        "nomRepresentant": "EVRARD",
        "emailRepresentant": "l.evrard@gmail.com",
        "telephoneRepresentant": "+33715698229"
      },
      "piecesJustificatives": [
        {
          "nomFichier": "HOP-DPI-Va2-BDC-00001.pdf",
          "formatFichier": "PDF"
        }
      ],
      "scenarioInstallation": {
        "datePrevisionnelleLivraison": "15/06/2024",
        "isProSanteConnectNeeded": true,
        "isFluxSortantDMPVersPFI": true,
        "isFluxSortantMSSVersPFI": false,
        "isFluxEntrantMSSDepuisPFI": false,
        "isFluxEntrantDepuisRI": false
      }
    }
  ]
}`;

const PFI_EXAMPLE = `{
  "numeroAns": "CJMPFI0001",
  "siret": "40208090600010",
  "lignesImport": [
    {
      "numLigne": 1,
      "numeroEditeur": "00001",
      "commande": {
        "dateEditionCommande": "13/10/2023",
        "dateSignatureCommande": "15/01/2024",
        "regimeTVA": "HT",
        "montantSegurHT": 1250.00,
        "typePrestation": "V2"
      },
      "beneficiaires": {
        "FINESSPMSI": "640000240",
        "nomClient": "DUPONT",
        "emailClient": "e.dupont@hotmail.fr",
        "telephoneClient": "+33614567329",
        "nomRepresentant": null,
        "emailRepresentant": null,
        "telephoneRepresentant": null
      },
      "piecesJustificatives": [
        {
          "nomFichier": "HOP-PFI-Va2-BDC-00001.pdf",
          "formatFichier": "PDF"
        }
      ],
      "scenarioInstallation": {
        "datePrevisionnelleLivraison": "15/06/2024",
        "isFluxEntrantDepuisDPI": false,
        "isFluxEntrantDepuisRIS": false,
        "isFluxEntrantDepuisSGL": false,
        "isFluxSortantVersDPI": false,
        "isFluxSortantVersRIS": false,
        "isFluxSortantVersDMP": false,
        "isFluxSortantParMSS": false
      }
    }
  ]
}`;

describe('published examples', () => {
  it('dpi-avance-valide.json, MJCDPI0001 AVANCE 20 % with the SIRET: VALIDE with AVT-02', () => {
    const rf = runText(DPI_EXAMPLE, { numeroAns: 'MJCDPI0001', logiciel: 'DPI', typeDemande: 'AVANCE', tauxTva: 20, siret: '40308070600020' });
    expect(rf.resultat.statut).toBe('VALIDE');
    expectLine(rf, 0, []);
    expect(lineWarnings(rf, 0)).toEqual([]);
    expect(fileWarningCodes(rf)).toEqual(['AVT-02']);
    expect(rf.lignesImport![0]!.commande).toEqual(JSON.parse(DPI_EXAMPLE).lignesImport[0].commande);
  });

  it('pfi-avance-valide.json, CJMPFI0001 AVANCE 0 % with the SIRET: VALIDE with AVT-01 (line 1) and AVT-02', () => {
    const rf = runText(PFI_EXAMPLE, { numeroAns: 'CJMPFI0001', logiciel: 'PFI', typeDemande: 'AVANCE', tauxTva: 0, siret: '40208090600010' }, 'PFI');
    expect(rf.resultat.statut).toBe('VALIDE');
    expectLine(rf, 0, []);
    expect(lineWarnings(rf, 0)).toEqual(['AVT-01 @ beneficiaires.FINESSPMSI']);
    expect(fileWarningCodes(rf)).toEqual(['AVT-02']);
  });

  it('pfi-avance-valide.json at 20 %, offline: EN_ERREUR, line 1 DEM-10', () => {
    const rf = runText(PFI_EXAMPLE, { numeroAns: 'CJMPFI0001', logiciel: 'PFI', typeDemande: 'AVANCE', tauxTva: 20, siret: undefined }, 'PFI');
    expect(rf.resultat.statut).toBe('EN_ERREUR');
    expectLine(rf, 0, [['DEM-10', 'commande.regimeTVA']]);
    expect(lineWarnings(rf, 0)).toEqual(['AVT-01 @ beneficiaires.FINESSPMSI']);
    expect(fileWarningCodes(rf)).toEqual(['AVT-02']);
  });

  it('dpi-avance-valide.json simulated as CJMPFI0001: FORMAT_INVALIDE, ENT-01 and FMT-02 for each flag; AVT-02', () => {
    const rf = runText(DPI_EXAMPLE, { numeroAns: 'CJMPFI0001', logiciel: 'PFI', typeDemande: 'AVANCE', tauxTva: 20, siret: undefined }, 'PFI');
    expectGlobal(rf, ['ENT-01', 'FMT-02']);
    const base = 'lignesImport[0].scenarioInstallation.';
    const flags = [
      'isProSanteConnectNeeded', 'isFluxSortantDMPVersPFI', 'isFluxSortantMSSVersPFI', 'isFluxEntrantMSSDepuisPFI', 'isFluxEntrantDepuisRI',
      'isFluxEntrantDepuisDPI', 'isFluxEntrantDepuisRIS', 'isFluxEntrantDepuisSGL', 'isFluxSortantVersDPI', 'isFluxSortantVersRIS',
      'isFluxSortantVersDMP', 'isFluxSortantParMSS',
    ];
    expect(globalIssues(rf)).toEqual([...flags.map((f) => `FMT-02 @ ${base}${f}`), 'ENT-01 @ numeroAns'].sort());
    expect(rf.resultat.nombreDemandes).toBe(1);
    expect(fileWarningCodes(rf)).toEqual(['AVT-02']);
  });
});
