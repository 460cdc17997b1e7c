import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStaff, type Caller, type UserIdentity } from './caller.ts';

const user = (...roles: UserIdentity['roles']): UserIdentity => ({ sub: 's-1', username: 'sam', roles });
const STAFF = ['caseworker', 'admin'];

describe('isStaff', () => {
  it('is true for a signed-in user in any staff group, and for a service acting for one', () => {
    const callers: Caller[] = [
      { kind: 'user', user: user('caseworker') },
      { kind: 'user', user: user('citizen', 'admin') },
      { kind: 'service', service: 'claims-api', onBehalfOf: user('caseworker') },
    ];
    for (const c of callers) assert.equal(isStaff(c, STAFF), true, JSON.stringify(c));
  });

  it('is false for a citizen, an anonymous caller, a service acting for nobody, and when the definition names no staff', () => {
    const callers: Array<[Caller, readonly string[]]> = [
      [{ kind: 'user', user: user('citizen') }, STAFF],
      [{ kind: 'anonymous' }, STAFF],
      [{ kind: 'service', service: 'claims-api' }, STAFF],
      [{ kind: 'user', user: user('caseworker') }, []],
    ];
    for (const [c, staff] of callers) assert.equal(isStaff(c, staff), false, JSON.stringify(c));
  });
});
