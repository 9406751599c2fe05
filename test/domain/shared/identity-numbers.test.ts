import { describe, expect, it } from 'vitest';
import { citizenIdCheckCharacter, isValidCitizenId, isValidCreditCode } from '../../../domain/shared/identity-numbers.js';

describe('citizen ID numbers (GB 11643)', () => {
  it('accepts a number whose check character matches', () => {
    expect(isValidCitizenId('11010519491231002X')).toBe(true);
    expect(isValidCitizenId('440524188001010014')).toBe(true);
  });
  it('refuses a wrong check character, a bad birth date and a wrong length', () => {
    expect(isValidCitizenId('110105194912310021')).toBe(false);
    expect(isValidCitizenId('110105194902300023')).toBe(false);
    expect(isValidCitizenId('11010519491231002')).toBe(false);
  });
  it('computes the check character from the first seventeen digits', () => {
    expect(citizenIdCheckCharacter('11010519491231002')).toBe('X');
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts a code whose check character matches', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91110000600037341L')).toBe(true);
  });
  it('refuses a wrong check character and letters the standard leaves out', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100I43')).toBe(false);
  });
});
