/** Self-registration: SignUp sends a confirmation code, ConfirmSignUp checks it. */
import { randomInt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { CognitoError } from '../errors.ts';
import { operation } from '../operation.ts';
import { attributes, username } from './shapes.ts';

function mask(email: string | undefined): string {
  if (!email) return '';
  const [local = '', domain = ''] = email.split('@');
  return `${local[0] ?? ''}***@${domain[0] ?? ''}***`;
}

export const signUpOperations = {
  SignUp: operation(
    z.object({ ClientId: z.string(), Username: username, Password: z.string().min(1), UserAttributes: attributes }),
    async (pool, input) => {
      pool.requireClient(input.ClientId);
      pool.checkPassword(input.Password);
      const user = await pool.createUser(input.Username, input.UserAttributes, 'UNCONFIRMED', input.Password);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      user.confirmation = { code, expiresAt: pool.now() + pool.config.codeLifetimeMs };
      await pool.save();
      pool.config.deliverCode(user.username, code);
      return {
        UserConfirmed: false,
        UserSub: user.sub,
        CodeDeliveryDetails: {
          Destination: mask(user.attributes.email),
          DeliveryMedium: 'EMAIL',
          AttributeName: 'email',
        },
      };
    },
  ),

  ConfirmSignUp: operation(
    z.object({ ClientId: z.string(), Username: username, ConfirmationCode: z.string().min(1) }),
    async (pool, input) => {
      pool.requireClient(input.ClientId);
      const user = pool.findUser(input.Username);
      if (!user)
        throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
      if (user.status === 'CONFIRMED')
        throw new CognitoError('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
      const c = user.confirmation;
      if (
        !c ||
        c.code.length !== input.ConfirmationCode.length ||
        !timingSafeEqual(Buffer.from(c.code), Buffer.from(input.ConfirmationCode))
      ) {
        throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
      }
      if (pool.now() > c.expiresAt)
        throw new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
      user.status = 'CONFIRMED';
      user.confirmation = undefined;
      if (user.attributes.email) user.attributes.email_verified = 'true';
      const group = pool.config.selfSignUpGroup;
      if (group && user.groups.length === 0) user.groups = [group];
      await pool.save();
      return {};
    },
  ),
};
