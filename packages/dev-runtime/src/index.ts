export { startLocalPlatform, type LocalPlatform, type LocalPlatformOptions } from './local-platform.ts';
export { Registry, type Instance } from './registry.ts';
export { nextState, type InstanceState, type HealthEvent, type Thresholds } from './instance-state.ts';
export { renderTable, type PlatformStatus } from './status-table.ts';
export {
  STAND_INS,
  standInsFor,
  ONE_LOGIN_RP_ENV,
  SAML_SP_ENV,
  hmrcSandbox,
  nhsSandbox,
  notifySandbox,
  oneLoginSandbox,
  royalMailSandbox,
  samlIdpSandbox,
  s3StandIn,
  sqsStandIn,
  userPoolStandIn,
  type PlannedStandIn,
  type SelectableStandIn,
  type StandIn,
  type StandInContext,
} from './stand-ins/index.ts';
export { freePort } from './free-port.ts';
