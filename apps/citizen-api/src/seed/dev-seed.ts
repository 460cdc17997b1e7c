/** The seed citizens (see data-kit's dev-seed), written once: an existing record is left alone. */
import { SEED_CITIZENS } from '@dwp/data-kit';
import type { Citizen } from '../domain/citizen-profile.ts';
import type { CitizensStore } from '../store/citizens-store.ts';

/** Returns how many records it wrote. */
export async function seedDevCitizens(store: CitizensStore, now = new Date()): Promise<number> {
  let written = 0;
  const at = now.toISOString();
  for (const [i, s] of SEED_CITIZENS.entries()) {
    if (await store.idOfUser(s.sub)) continue;
    const citizenId = await store.claimUser(s.sub, `0191a000-0000-7000-9000-00000000000${i + 1}`);
    const citizen: Citizen = {
      citizenId,
      sub: s.sub,
      name: { given: s.givenName, family: s.familyName },
      dateOfBirth: s.dateOfBirth,
      nino: s.nino,
      contact: { email: s.email, mobile: s.mobile },
      address: { uprn: s.uprn, lines: s.addressLines, postTown: s.postTown, postcode: s.postcode, validatedAt: at },
      preferences: { channels: { email: true, sms: i === 1 }, language: i === 2 ? 'cy' : 'en' },
      consents: { hmrcIncome: { granted: true, at } },
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    if (await store.create(citizen)) written++;
  }
  return written;
}
