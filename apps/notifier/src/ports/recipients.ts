/**
 * Who an event is for, and how they want to hear: citizen-api's record for the user. An answer of
 * the wrong shape is a 502 naming citizen-api (so the event is retried, then dead-lettered).
 */
import { foundOrNone, type ServiceClient } from '@dwp/service-kit';
import { z } from 'zod';
import type { Recipient } from '../domain/messages-for-event.ts';

export interface Recipients {
  /** The recipient, or undefined when the user has no citizen record. */
  forUser(sub: string): Promise<Recipient | undefined>;
}

const citizen = z.object({
  name: z.object({ given: z.string() }),
  contact: z.object({ email: z.string().optional(), mobile: z.string().optional() }),
  preferences: z.object({ channels: z.object({ email: z.boolean(), sms: z.boolean() }) }),
});

export class CitizenApiRecipients implements Recipients {
  readonly #services: ServiceClient;
  constructor(services: ServiceClient) {
    this.#services = services;
  }

  async forUser(sub: string): Promise<Recipient | undefined> {
    const res = await this.#services.call('citizen-api', { path: `/citizen/users/${encodeURIComponent(sub)}` });
    const c = await foundOrNone(res, citizen, 'citizen-api could not say who to notify');
    if (!c) return undefined;
    return {
      givenName: c.name.given,
      email: c.contact.email,
      mobile: c.contact.mobile,
      channels: c.preferences.channels,
    };
  }
}
