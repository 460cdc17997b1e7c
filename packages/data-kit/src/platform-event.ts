/**
 * What services tell the notifier: one envelope for every event. `id` is the event's identity from
 * the moment it is committed; a consumer that sees the same id twice has seen the same event.
 */
import { z } from 'zod';
import { uuidv7 } from './uuidv7.ts';

export const platformEventSchema = z.object({
  id: z.uuid(),
  /** `<aggregate>.<what happened>`, e.g. `claim.awarded`. */
  type: z.string().regex(/^[a-z_]+\.[a-z_]+$/),
  occurredAt: z.iso.datetime(),
  /** The service that committed it. */
  source: z.string(),
  /** Whom it concerns: the signed-in user's `sub`. */
  subject: z.object({ userSub: z.string().min(1) }),
  data: z.record(z.string(), z.unknown()),
});
export type PlatformEvent = z.output<typeof platformEventSchema>;

export function newEvent(
  source: string,
  type: string,
  userSub: string,
  data: Record<string, unknown>,
  now: Date = new Date(),
): PlatformEvent {
  return {
    id: uuidv7({ now: () => now.getTime() }),
    type,
    occurredAt: now.toISOString(),
    source,
    subject: { userSub },
    data,
  };
}
