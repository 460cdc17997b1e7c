/**
 * Registration and profile changes: the rules of the domain, the address checked through
 * address-api, and the store's conditional writes (first registration wins; a stale version loses).
 */
import { systemClock, type Clock } from '@dwp/clock';
import { uuidv7 } from '@dwp/data-kit';
import { ValidationError, type TraceContext } from '@dwp/service-kit';
import {
  DEFAULT_PREFERENCES,
  preferenceProblems,
  type Address,
  type Citizen,
  type FoundAddress,
} from './domain/citizen-profile.ts';
import { AlreadyRegisteredError, VersionConflictError } from './errors.ts';
import type { AddressLookup } from './ports/address-lookup.ts';
import type { CitizensStore } from './store/citizens-store.ts';

type Context = { trace: TraceContext; id: string };

export interface Registration {
  readonly name: Citizen['name'];
  readonly dateOfBirth: string;
  readonly nino: string;
  readonly contact: Citizen['contact'];
  /** Found by postcode (a UPRN address-api knows), or typed in (already validated by the route's schema). */
  readonly address?: AddressInput | undefined;
  readonly preferences?: Citizen['preferences'] | undefined;
  readonly consents?: Partial<Record<'hmrcIncome', boolean>> | undefined;
}

export type AddressInput =
  | { readonly uprn: string }
  | { readonly lines: readonly string[]; readonly postTown: string; readonly postcode: string };

export type ProfileChange = Partial<Omit<Registration, 'address'>> & {
  readonly address?: AddressInput | null | undefined;
};

export class CitizenRegistry {
  readonly #store: CitizensStore;
  readonly #addresses: AddressLookup;
  readonly #clock: Clock;

  constructor(store: CitizensStore, addresses: AddressLookup, clock: Clock = systemClock) {
    this.#store = store;
    this.#addresses = addresses;
    this.#clock = clock;
  }

  #at(): string {
    return new Date(this.#clock.now()).toISOString();
  }

  /** A UPRN is checked at address-api; a typed-in address is kept as typed, marked as not found. */
  async #address(input: AddressInput, context?: Context): Promise<Address> {
    if (!('uprn' in input))
      return {
        lines: [...input.lines],
        postTown: input.postTown,
        postcode: input.postcode,
        enteredAt: this.#at(),
      };
    return this.#found(input.uprn, context);
  }

  async #found(uprn: string, context?: Context): Promise<FoundAddress> {
    const found = await this.#addresses.byUprn(uprn, context);
    if (!found)
      throw new ValidationError('Request validation failed', [
        { path: 'body.address.uprn', message: 'is not an address we can find; look it up by postcode first' },
      ]);
    return { ...found, lines: [...found.lines], validatedAt: this.#at() };
  }

  #consents(previous: Citizen['consents'], change: Registration['consents'], at: string): Citizen['consents'] {
    const out = { ...previous };
    for (const [name, granted] of Object.entries(change ?? {}) as Array<['hmrcIncome', boolean]>) {
      if (out[name]?.granted !== granted) out[name] = { granted, at };
    }
    return out;
  }

  async register(sub: string, input: Registration, context?: Context): Promise<Citizen> {
    const existing = await this.#store.getByUser(sub);
    if (existing) throw new AlreadyRegisteredError(existing.citizenId);
    const preferences = input.preferences ?? DEFAULT_PREFERENCES;
    const problems = preferenceProblems(input.contact, preferences);
    if (problems.length) throw new ValidationError('Request validation failed', problems);
    const address = input.address ? await this.#address(input.address, context) : null;
    const at = this.#at();
    // The pointer decides which registration wins; a retry after a crash reuses the id it names.
    const citizenId = await this.#store.claimUser(sub, uuidv7());
    const citizen: Citizen = {
      citizenId,
      sub,
      name: input.name,
      dateOfBirth: input.dateOfBirth,
      nino: input.nino,
      contact: input.contact,
      address,
      preferences,
      consents: this.#consents({}, input.consents, at),
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    if (!(await this.#store.create(citizen))) throw new AlreadyRegisteredError(citizenId);
    return citizen;
  }

  async change(current: Citizen, expectedVersion: number, change: ProfileChange, context?: Context): Promise<Citizen> {
    if (current.version !== expectedVersion) throw new VersionConflictError(expectedVersion, current.version);
    const at = this.#at();
    const contact = change.contact ? { ...current.contact, ...change.contact } : current.contact;
    const preferences = change.preferences ?? current.preferences;
    const problems = preferenceProblems(contact, preferences);
    if (problems.length) throw new ValidationError('Request validation failed', problems);
    const address =
      change.address === undefined
        ? current.address
        : change.address === null
          ? null
          : await this.#address(change.address, context);
    const next: Citizen = {
      ...current,
      ...(change.name ? { name: change.name } : {}),
      ...(change.dateOfBirth ? { dateOfBirth: change.dateOfBirth } : {}),
      ...(change.nino ? { nino: change.nino } : {}),
      contact,
      address,
      preferences,
      consents: this.#consents(current.consents, change.consents, at),
      version: current.version + 1,
      updatedAt: at,
    };
    const result = await this.#store.replace(next, expectedVersion);
    if (result.kind === 'stale') throw new VersionConflictError(expectedVersion, result.current);
    return next;
  }
}
