/** The shapes of identity-api's account answers the create-account pages use (checked on every call). */
import { z } from 'zod';

/** `codeSentTo` is the masked address Cognito sent the code to (`a***@e***`); empty when it sent none. */
export const signUpAnswer = z.object({ userSub: z.string(), confirmed: z.boolean(), codeSentTo: z.string() });
export const confirmAnswer = z.object({ confirmed: z.literal(true) });
