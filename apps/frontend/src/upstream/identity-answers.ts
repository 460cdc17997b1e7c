/** The shapes of identity-api's answers the pages use (checked on every call). */
import { z } from 'zod';
import { tokensAnswer } from '../session/signed-in.ts';

export { tokensAnswer };

export const challengeAnswer = z.object({
  challenge: z.enum(['SOFTWARE_TOKEN_MFA', 'MFA_SETUP']),
  session: z.string().min(1),
});
export const signInAnswer = z.union([tokensAnswer, challengeAnswer]);
export const authenticatorSetupAnswer = z.object({
  secretCode: z.string().min(1),
  otpauthUri: z.string().startsWith('otpauth://'),
  session: z.string().min(1),
});

export const verifiedAddress = z.object({
  uprn: z.string().optional(),
  lines: z.array(z.string()),
  postcode: z.string(),
});
export const meAnswer = z.object({
  sub: z.string(),
  username: z.string(),
  // Group names, already drawn from the user pool's groups by identity-api.
  roles: z.array(z.string()),
  confidence: z.enum(['P0', 'P1', 'P2']),
  verifiedAt: z.string().optional(),
  method: z.enum(['one-login', 'saml']).optional(),
  identity: z
    .object({
      givenNames: z.array(z.string()),
      familyName: z.string(),
      birthDate: z.string(),
      address: verifiedAddress.optional(),
    })
    .optional(),
});
export type Me = z.output<typeof meAnswer>;

/** POST /identity/verify: where to send the browser (GOV.UK One Login's authorize endpoint). */
export const verifyStartAnswer = z.object({ authorizeUrl: z.url({ protocol: /^https?$/ }), expiresAt: z.string() });
