/** What a signed-in user does with their access token: GetUser, and GlobalSignOut of every session. */
import { z } from 'zod';
import { mfaSettings } from '../mfa-challenge.ts';
import { operation } from '../operation.ts';

export const sessionOperations = {
  GetUser: operation(z.object({ AccessToken: z.string().min(1) }), async (pool, input) => {
    const { user } = await pool.liveSession(input.AccessToken);
    return { Username: user.username, UserAttributes: pool.attributes(user), ...mfaSettings(user.softwareToken) };
  }),

  GlobalSignOut: operation(z.object({ AccessToken: z.string().min(1) }), async (pool, input) => {
    const { user } = await pool.liveSession(input.AccessToken);
    for (const s of Object.values(pool.state.sessions)) if (s.sub === user.sub) s.revoked = true;
    await pool.save();
    return {};
  }),
};
