/** What an administrator does to users (Admin*, with the pool's id): create, set a password, add to a group, read, confirm. */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CognitoError } from '../errors.ts';
import { NO_LOCKOUT } from '../lockout.ts';
import { mfaSettings } from '../mfa-challenge.ts';
import { operation } from '../operation.ts';
import { hashPassword } from '../pool-context.ts';
import { attributes, username } from './shapes.ts';

export const adminOperations = {
  AdminCreateUser: operation(
    z.object({
      UserPoolId: z.string(),
      Username: username,
      UserAttributes: attributes,
      TemporaryPassword: z.string().optional(),
      MessageAction: z.string().optional(),
    }),
    async (pool, input) => {
      pool.requirePool(input.UserPoolId);
      const temporary = input.TemporaryPassword ?? `Tmp-${randomBytes(9).toString('base64url')}1a!`;
      pool.checkPassword(temporary);
      const user = await pool.createUser(input.Username, input.UserAttributes, 'FORCE_CHANGE_PASSWORD', temporary);
      await pool.save();
      return {
        User: {
          Username: user.username,
          Attributes: pool.attributes(user),
          UserStatus: user.status,
          Enabled: true,
          UserCreateDate: Date.parse(user.createdAt) / 1000,
        },
      };
    },
  ),

  AdminSetUserPassword: operation(
    z.object({
      UserPoolId: z.string(),
      Username: username,
      Password: z.string(),
      Permanent: z.boolean().default(false),
    }),
    async (pool, input) => {
      pool.requirePool(input.UserPoolId);
      const user = pool.user(input.Username);
      pool.checkPassword(input.Password);
      user.passwordHash = await hashPassword(input.Password);
      user.status = input.Permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
      user.lockout = NO_LOCKOUT;
      await pool.save();
      return {};
    },
  ),

  AdminAddUserToGroup: operation(
    z.object({ UserPoolId: z.string(), Username: username, GroupName: z.string() }),
    async (pool, input) => {
      pool.requirePool(input.UserPoolId);
      if (!pool.config.groups.includes(input.GroupName))
        throw new CognitoError('ResourceNotFoundException', 'Group not found.');
      const user = pool.user(input.Username);
      if (!user.groups.includes(input.GroupName)) user.groups = [...user.groups, input.GroupName];
      await pool.save();
      return {};
    },
  ),

  AdminGetUser: operation(z.object({ UserPoolId: z.string(), Username: username }), async (pool, input) => {
    pool.requirePool(input.UserPoolId);
    const user = pool.user(input.Username);
    return {
      Username: user.username,
      UserAttributes: pool.attributes(user),
      UserStatus: user.status,
      Enabled: true,
      UserCreateDate: Date.parse(user.createdAt) / 1000,
      ...mfaSettings(user.softwareToken),
    };
  }),

  AdminConfirmSignUp: operation(z.object({ UserPoolId: z.string(), Username: username }), async (pool, input) => {
    pool.requirePool(input.UserPoolId);
    const user = pool.user(input.Username);
    user.status = 'CONFIRMED';
    user.confirmation = undefined;
    await pool.save();
    return {};
  }),
};
