import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { passwordRuleBroken, passwordRuleFromPool, type PasswordRule } from './password-rules.ts';

describe('password rules', () => {
  // password | first rule broken
  const cases: ReadonlyArray<readonly [string, PasswordRule | undefined]> = [
    ['', 'required'],
    ['Ab1!', 'tooShort'],
    ['A'.repeat(257), 'tooLong'],
    ['ABCDEFG1!', 'lowercase'],
    ['abcdefg1!', 'uppercase'],
    ['Abcdefgh!', 'number'],
    ['Abcdefgh1', 'symbol'],
    ['Abcdefg 1', undefined],
    ['Correct-horse-1', undefined],
  ];
  for (const [password, rule] of cases) {
    it(`finds ${String(rule)} first in ${JSON.stringify(password.slice(0, 12))}`, () => {
      assert.equal(passwordRuleBroken(password), rule);
    });
  }

  // the user pool's words | the rule they name
  const pool: ReadonlyArray<readonly [string, PasswordRule | undefined]> = [
    ['Password did not conform with policy: Password not long enough', 'tooShort'],
    ['Password did not conform with policy: Password must have lowercase characters', 'lowercase'],
    ['Password did not conform with policy: Password must have uppercase characters', 'uppercase'],
    ['Password did not conform with policy: Password must have numeric characters', 'number'],
    ['Password did not conform with policy: Password must have symbol characters', 'symbol'],
    ['Password did not conform with policy: Password is too long', 'tooLong'],
    ['Something else', undefined],
  ];
  for (const [message, rule] of pool) {
    it(`reads "${message.slice(39)}" as ${String(rule)}`, () => {
      assert.equal(passwordRuleFromPool(message), rule);
    });
  }
});
