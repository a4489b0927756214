/** Exact decimal amounts (SPEC §4.2 "kept exactly as written", §6 TTC rounded half up to the cent). */
import { describe, expect, it } from 'vitest';
import { decimalText, isBelow1e21, parseDecimal, roundedToCents, twoDecimalsText, withVat } from '../../shared/domain/decimal.js';
import { amountWithVat, exactAmount, exactAmountWithVat } from '../../shared/domain/money.js';

const canonical = (text: string) => decimalText(parseDecimal(text)!);

describe('the canonical text of an exact decimal', () => {
  it.each([
    ['1250.50', '1250.5'],
    ['12.340', '12.34'],
    ['0.05', '0.05'],
    ['1e2', '100'],
    ['100', '100'],
    ['-0', '0'],
    ['0.000', '0'],
    ['-1.5', '-1.5'],
    ['12345678901234567.89', '12345678901234567.89'],
    ['9007199254740993', '9007199254740993'], // 2^53 + 1, which a double rounds to …992
    ['12.3400000000000000001', '12.3400000000000000001'],
    ['123456789012345678901', '123456789012345678901'], // 21 digits: still plain
    ['1234567890123456789012', '1.234567890123456789012e+21'],
    ['999999999999999999999.99', '999999999999999999999.99'],
    ['1e21', '1e+21'],
    ['1e400', '1e+400'],
    ['1E400', '1e+400'],
    ['10e399', '1e+400'],
    ['1.0e+400', '1e+400'],
    ['0.1e401', '1e+400'],
    ['1.2e400', '1.2e+400'],
    ['0.000001', '0.000001'],
    ['0.0000001', '1e-7'],
    ['1.5e-400', '1.5e-400'],
    ['1e99999999999999999999999', '1e+99999999999999999999999'], // an exponent no double holds, kept
    ['1e-99999999999999999999999', '1e-99999999999999999999999'],
  ])('%s is %s', (written, text) => {
    expect(canonical(written)).toBe(text);
    expect(JSON.parse(text) === Number(written)).toBe(true); // always a valid JSON number, of the same value
  });

  it('is what String() writes for every double, since a double is the decimal its shortest form says', () => {
    const doubles = [0.1, 0.3, 1 / 3, 2 / 3, 1e-7, 123e-20, 5e-324, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, 2 ** 70, 1e21, 1e20, 4.35, 1250.5, -0.000001];
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      doubles.push((random() - 0.5) * 10 ** Math.floor(random() * 60 - 30));
      doubles.push(Math.round(random() * 10 ** (1 + (i % 20))) / 100);
    }
    for (const x of doubles) expect(canonical(String(x))).toBe(String(x));
  });

  it('refuses what is not a JSON number', () => {
    for (const text of ['', '01', '1.', '.5', '+1', '1e', 'NaN', 'Infinity', '-Infinity', ' 1', '1 ', '0x10', '1_000', '1,5']) {
      expect(parseDecimal(text), text).toBeUndefined();
    }
    expect(() => exactAmount('Infinity')).toThrow();
  });

  it('tells the values below 10^21, where plain digits are written', () => {
    expect(isBelow1e21(parseDecimal('999999999999999999999.99')!)).toBe(true);
    expect(isBelow1e21(parseDecimal('1e21')!)).toBe(false);
    expect(isBelow1e21(parseDecimal('0')!)).toBe(true);
  });
});

describe('rounding half up to the cent, exactly', () => {
  it.each([
    ['0.005', '0.01'],
    ['0.0049999999999999999999', '0'],
    ['2.675', '2.68'], // a double holds 2.67499999…: toFixed(2) gives 2.67
    ['1.005', '1.01'],
    ['-0.005', '-0.01'],
    ['0.0001', '0'],
    ['1e-400', '0'],
    ['12345678901234567.885', '12345678901234567.89'],
    ['1e400', '1e+400'],
  ])('%s is %s', (value, rounded) => {
    expect(decimalText(roundedToCents(parseDecimal(value)!))).toBe(rounded);
  });

  it('writes two decimals below 10^21 only', () => {
    const two = (text: string) => twoDecimalsText(parseDecimal(text)!);
    expect(two('1250.5')).toBe('1250.50');
    expect(two('0.05')).toBe('0.05');
    expect(two('5')).toBe('5.00');
    expect(two('0')).toBe('0.00');
    expect(two('2.675')).toBe('2.68');
    expect(two('12345678901234567.89')).toBe('12345678901234567.89');
    expect(two('1e20')).toBe('100000000000000000000.00');
    expect(() => two('1e21')).toThrow(RangeError);
  });
});

describe('montantSegurTTC = HT × (1 + rate), rounded half up to the cent (SPEC §6), on the amount as written', () => {
  it.each([
    // exact halves of a cent (only 8.5 % gives them on whole cents: 1.085, 3.255)
    ['1', 8.5, '1.09'],
    ['3', 8.5, '3.26'],
    ['1.00', 8.5, '1.09'],
    // 8.5 % on odd cents
    ['0.01', 8.5, '0.01'], // 0.01085
    ['0.03', 8.5, '0.03'], // 0.03255
    ['0.15', 8.5, '0.16'], // 0.16275
    ['0.99', 8.5, '1.07'], // 1.07415
    ['10.01', 8.5, '10.86'], // 10.86085
    ['4.35', 8.5, '4.72'], // 4.71975
    // 20 % and 0 %
    ['0.03', 20, '0.04'], // 0.036
    ['1250.50', 20, '1500.6'],
    ['12.340', 0, '12.34'],
    ['100', 0, '100'],
    // beyond a double
    ['12345678901234567.89', 20, '14814814681481481.47'], // …481.468
    ['9007199254740993.01', 8.5, '9772811191393977.42'], // …977.41585
    ['99999999999999999999.99', 8.5, '108499999999999999999.99'], // …999.98915
    ['999999999999999999999.99', 20, '1.19999999999999999999999e+21'], // 1199999999999999999999.988
    ['1e400', 20, '1.2e+400'],
    ['1e400', 8.5, '1.085e+400'],
    ['1e400', 0, '1e+400'],
    ['1e99999999999999999999', 20, '1.2e+99999999999999999999'],
  ])('%s at %s %% is %s', (ht, rate, ttc) => {
    expect(exactAmountWithVat(ht, rate)).toBe(ttc);
  });

  it('is computed on BigInt coefficients, never on 10^exponent: 1e999999999 costs what 1 does', () => {
    const started = performance.now();
    expect(exactAmountWithVat('1e999999999', 20)).toBe('1.2e+999999999');
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('refuses a rate with more than one decimal, and keeps the double form for doubles', () => {
    expect(() => withVat(parseDecimal('1')!, 8.55)).toThrow();
    expect(amountWithVat(1250.5, 20)).toBe(1500.6);
    expect(exactAmount('1250.50')).toBe('1250.5');
  });
});
