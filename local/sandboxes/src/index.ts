/** Government API sandboxes; each runs as its own process (see README.md). */
export { SANDBOX_ENV } from './sandbox-env.ts';
export {
  CONTROL_PREFIX,
  DEFAULT_TRAFFIC_WINDOW_MS,
  createSandboxApp,
  type Sandbox,
  type SandboxAppOptions,
} from './kit/sandbox-app.ts';
export {
  FaultSwitch,
  NO_FAULT,
  faultSettingsSchema,
  type FaultDecision,
  type FaultSettings,
} from './kit/fault-switch.ts';
export { TrafficLog, maxInWindow, type TrafficSummary } from './kit/traffic-log.ts';
export { spawnSandbox, type RunningSandbox, type SpawnSandboxOptions } from './kit/spawn-sandbox.ts';
export {
  ADDRESSES,
  POSTCODES,
  addressByUprn,
  addressesAt,
  normalisePostcode,
  type DpaRecord,
} from './royal-mail/addresses.ts';
export { ROYAL_MAIL_API_KEY_HEADER, createRoyalMailSandbox, type RoyalMailSandboxOptions } from './royal-mail/app.ts';
export { HMRC_SCOPES, createHmrcSandbox, matchIdOf, type HmrcSandboxOptions } from './hmrc/app.ts';
export { UNKNOWN_NINO, testIndividuals, type TestIndividual } from './hmrc/individuals.ts';
export { SANDBOX_ENTRIES } from './sandbox-entries.ts';
export { NHS_TOKEN_PATH, NHS_TOKEN_TTL_S, PDS_BASE_PATH, createNhsSandbox, type NhsSandboxOptions } from './nhs/app.ts';
export {
  TEST_PATIENTS,
  UNKNOWN_NHS_NUMBER,
  isValidNhsNumber,
  patientByNhsNumber,
  type TestPatient,
} from './nhs/patients.ts';
export { TEST_CERT_DAYS, createSigningCertificate, createTestPki, type PemPair, type TestPki } from './pki/test-pki.ts';
export {
  ACCESS_TOKEN_TTL_S,
  ADDRESS_CLAIM,
  CORE_IDENTITY_CLAIM,
  IDENTITY_CREDENTIAL_TTL_S,
  IDENTITY_ISSUER_PATH,
  RETURN_CODE_CLAIM,
  createOneLoginSandbox,
  identityIssuerOf,
  parseVtr,
  type OneLoginClient,
  type OneLoginSandboxOptions,
} from './one-login/app.ts';
export { ONE_LOGIN_USERS, userByHint, type OneLoginUser } from './one-login/users.ts';
export {
  DEFAULT_SAML_USER,
  METADATA_PATH,
  SSO_PATH,
  createSamlIdpSandbox,
  verifyAttributes,
  type SamlIdpSandboxOptions,
} from './saml-idp/app.ts';
export { LEVEL_2_AUTHN_CONTEXT, parseAuthnRequest, signedResponse } from './saml-idp/saml-response.ts';
export { createNotifySandbox, type NotifySandbox, type NotifySandboxOptions } from './notify/app.ts';
export { NOTIFY_TEMPLATES, placeholdersOf, type NotifyTemplate } from './notify/templates.ts';
