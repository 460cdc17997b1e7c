/**
 * Every stand-in `npm start` knows, in the order it plans them; a platform gets those its
 * definition needs (standInsFor). Add a stand-in by listing it here.
 */
import type { Platform } from '@dwp/platform';
import { hmrcSandbox } from './hmrc-sandbox.ts';
import { nhsSandbox } from './nhs-sandbox.ts';
import { notifySandbox } from './notify-sandbox.ts';
import { oneLoginSandbox } from './one-login-sandbox.ts';
import { royalMailSandbox } from './royal-mail-sandbox.ts';
import { samlIdpSandbox } from './saml-idp-sandbox.ts';
import { s3StandIn } from './s3-stand-in.ts';
import { sqsStandIn } from './sqs-stand-in.ts';
import type { SelectableStandIn } from './stand-in.ts';
import { userPoolStandIn } from './user-pool-stand-in.ts';

export const STAND_INS: readonly SelectableStandIn[] = [
  userPoolStandIn,
  s3StandIn,
  sqsStandIn,
  royalMailSandbox,
  hmrcSandbox,
  nhsSandbox,
  samlIdpSandbox,
  oneLoginSandbox,
  notifySandbox,
];

/** The stand-ins a platform needs: those whose part (store, gateway, upstream) its definition declares. */
export function standInsFor(platform: Platform, known: readonly SelectableStandIn[] = STAND_INS): SelectableStandIn[] {
  return known.filter((s) => s.needed(platform));
}

export type { PlannedStandIn, SelectableStandIn, StandIn, StandInContext } from './stand-in.ts';
export {
  hmrcSandbox,
  nhsSandbox,
  notifySandbox,
  oneLoginSandbox,
  royalMailSandbox,
  samlIdpSandbox,
  s3StandIn,
  sqsStandIn,
  userPoolStandIn,
};
export { ONE_LOGIN_RP_ENV } from './one-login-sandbox.ts';
export { SAML_SP_ENV } from './saml-idp-sandbox.ts';
