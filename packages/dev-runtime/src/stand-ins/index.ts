/** Every stand-in `npm start` runs, in the order it plans them. Add a stand-in by listing it here. */
import { hmrcSandbox } from './hmrc-sandbox.ts';
import { nhsSandbox } from './nhs-sandbox.ts';
import { notifySandbox } from './notify-sandbox.ts';
import { oneLoginSandbox } from './one-login-sandbox.ts';
import { royalMailSandbox } from './royal-mail-sandbox.ts';
import { samlIdpSandbox } from './saml-idp-sandbox.ts';
import { s3StandIn } from './s3-stand-in.ts';
import { sqsStandIn } from './sqs-stand-in.ts';
import type { StandIn } from './stand-in.ts';
import { userPoolStandIn } from './user-pool-stand-in.ts';

export const STAND_INS: readonly StandIn[] = [userPoolStandIn, s3StandIn, sqsStandIn, royalMailSandbox, hmrcSandbox, nhsSandbox, samlIdpSandbox, oneLoginSandbox, notifySandbox];

export type { PlannedStandIn, StandIn, StandInContext } from './stand-in.ts';
export { hmrcSandbox, nhsSandbox, notifySandbox, oneLoginSandbox, royalMailSandbox, samlIdpSandbox, s3StandIn, sqsStandIn, userPoolStandIn };
export { ONE_LOGIN_RP_ENV } from './one-login-sandbox.ts';
export { SAML_SP_ENV } from './saml-idp-sandbox.ts';
