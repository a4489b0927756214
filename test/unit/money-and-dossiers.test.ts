import { describe, expect, it } from 'vitest';
import { dossierNumber, isDossierNumber, isDossierPrefix } from '../../shared/domain/dossier.js';
import { amountWithVat, decimalsOf } from '../../shared/domain/money.js';

describe('montantSegurTTC: HT × (1 + rate), rounded half up to the cent (SPEC §6)', () => {
  it.each([
    [1250, 20, 1500],
    [1250.5, 20, 1500.6],
    [0.05, 8.5, 0.05], // 0.05425
    [0.3, 8.5, 0.33], // 0.3255 → half up
    [10.1, 8.5, 10.96], // 10.9585
    [100, 0, 100],
    [0.01, 20, 0.01], // 0.012
    [0.03, 20, 0.04], // 0.036
    [1234567.89, 20, 1481481.47], // 1481481.468
    [2.5, 20, 3],
  ])('%s HT at %s %% is %s TTC', (ht, rate, ttc) => {
    expect(amountWithVat(ht, rate)).toBe(ttc);
  });

  it('rounds exact halves up, in cents rather than in binary fractions', () => {
    // 0.15 × 1.085 = 0.16275 ; 1.05 × 1.2 = 1.26 exactly
    expect(amountWithVat(0.15, 8.5)).toBe(0.16);
    expect(amountWithVat(1.05, 20)).toBe(1.26);
    // 0.25 × 1.2 = 0.3 ; 4.35 × 1.085 = 4.71975
    expect(amountWithVat(0.25, 20)).toBe(0.3);
    expect(amountWithVat(4.35, 8.5)).toBe(4.72);
  });

  it('counts decimals on the shortest form', () => {
    expect(decimalsOf(12.34)).toBe(2);
    expect(decimalsOf(0.015)).toBe(3);
    expect(decimalsOf(1e-7)).toBe(7);
    expect(decimalsOf(1e21)).toBe(0);
  });
});

describe('dossier numbers (SPEC §6)', () => {
  it('is FIN + HOP + a 6-digit sequence + M0', () => {
    expect(dossierNumber(12424)).toBe('FINHOP012424M0');
    expect(dossierNumber(1)).toBe('FINHOP000001M0');
    expect(isDossierNumber('FINHOP012424M0')).toBe(true);
    expect(isDossierNumber('FINHOP12424M0')).toBe(false);
    expect(isDossierPrefix('FINHOP01')).toBe(true);
    expect(isDossierPrefix('finhop')).toBe(false);
  });
});
