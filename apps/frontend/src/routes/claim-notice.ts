/**
 * The success message a claim page shows once after a step (withdrawn, asked for a reconsideration,
 * uploaded a file): kept in the server-side session rather than the URL, so a link cannot show
 * a citizen a message about something that did not happen, and a reload does not show it again.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SignedIn, SignedInUsers } from '../session/signed-in.ts';

const JOURNEY = 'claimNotice';

export const claimNotice = z.object({
  claimId: z.string(),
  kind: z.enum(['withdrawn', 'reconsideration', 'uploaded']),
  fileName: z.string().optional(),
});
export type ClaimNotice = z.output<typeof claimNotice>;

export async function leaveNotice(users: SignedInUsers, session: SignedIn, notice: ClaimNotice): Promise<void> {
  await users.keep(session, JOURNEY, notice);
}

/** The notice left for this claim, if any, which is then gone. */
export async function takeNotice(
  users: SignedInUsers,
  request: FastifyRequest,
  session: SignedIn,
  claimId: string,
): Promise<ClaimNotice | undefined> {
  const parsed = claimNotice.safeParse(session.journeys?.[JOURNEY]);
  if (!parsed.success || parsed.data.claimId !== claimId) return undefined;
  request.session = await users.keep(session, JOURNEY, undefined);
  return parsed.data;
}
