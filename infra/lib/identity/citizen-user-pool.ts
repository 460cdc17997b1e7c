/**
 * The Cognito user pool the internal API authorises against and every service verifies callers'
 * access tokens with (seed 000 "Authentication: Cognito User Pool"), shaped by the definition's
 * `authentication.userPool`: password policy, MFA mode, token lifetimes, the groups that become
 * callers' roles and the group self-registered users join, exactly as the local pool applies them.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { UserPool as UserPoolSettings } from '@dwp/platform';
import { pascal } from '../naming.ts';
import { SelfSignUpGroup } from './self-sign-up-group.ts';

/**
 * The scope of every access token Cognito issues through its user APIs (InitiateAuth), which is
 * how identity-api signs citizens in. API Gateway's Cognito authorizer takes access tokens only
 * for methods that name a scope; without one it expects ID tokens.
 */
export const COGNITO_SIGN_IN_SCOPE = 'aws.cognito.signin.user.admin';
/** The definition's MFA modes as Cognito's: `required` is Cognito's MFA "ON". */
export const MFA_MODES: Readonly<Record<UserPoolSettings['mfa'], cognito.Mfa>> = {
  off: cognito.Mfa.OFF,
  optional: cognito.Mfa.OPTIONAL,
  required: cognito.Mfa.REQUIRED,
};
/** How long an administrator's temporary password lasts (ours: Cognito's default is 7 days). */
export const TEMPORARY_PASSWORD_VALIDITY = Duration.days(3);

export interface CitizenUserPoolProps {
  readonly userPoolName: string;
  /** The definition's user pool settings. */
  readonly settings: UserPoolSettings;
  /** Retention of the self-sign-up trigger's logs. */
  readonly logRetention: logs.RetentionDays;
  /** Encrypts the self-sign-up trigger's logs. */
  readonly logKey: kms.IKey;
  /** Trace the trigger with X-Ray. @default false */
  readonly tracing?: boolean;
}

export class CitizenUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly groups: readonly cognito.CfnUserPoolGroup[];

  constructor(scope: Construct, id: string, props: CitizenUserPoolProps) {
    super(scope, id);
    const s = props.settings;
    if (s.passwordPolicy.minLength < 8)
      throw new Error(`CitizenUserPool: a minimum password length of ${s.passwordPolicy.minLength} is below 8`);
    if (s.selfSignUpGroup !== undefined && !s.groups.includes(s.selfSignUpGroup)) {
      throw new Error(
        `CitizenUserPool: selfSignUpGroup "${s.selfSignUpGroup}" is not one of the groups (${s.groups.join(', ')})`,
      );
    }
    this.userPool = new cognito.UserPool(this, 'Pool', {
      userPoolName: props.userPoolName,
      selfSignUpEnabled: true,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      // The definition's MFA mode, with an authenticator app (TOTP) as the only second factor.
      mfa: MFA_MODES[s.mfa],
      ...(s.mfa === 'off' ? {} : { mfaSecondFactor: { sms: false, otp: true } }),
      passwordPolicy: {
        minLength: s.passwordPolicy.minLength,
        requireDigits: s.passwordPolicy.requireNumbers,
        requireLowercase: s.passwordPolicy.requireLowercase,
        requireUppercase: s.passwordPolicy.requireUppercase,
        requireSymbols: s.passwordPolicy.requireSymbols,
        tempPasswordValidity: TEMPORARY_PASSWORD_VALIDITY,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (s.mfa !== 'required') {
      NagSuppressions.addResourceSuppressions(this.userPool, [
        {
          id: 'AwsSolutions-COG2',
          reason: `The platform definition sets the pool's MFA to "${s.mfa}" (authentication.userPool.mfa); this construct applies it rather than overriding it. Advanced security runs in full-function (adaptive) mode, and setting the definition to "required" makes Cognito's MFA ON.`,
        },
      ]);
    }
    this.client = this.userPool.addClient('Web', {
      authFlows: { userPassword: true, userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(s.tokenValidityMinutes),
      idTokenValidity: Duration.minutes(s.tokenValidityMinutes),
      refreshTokenValidity: Duration.days(s.refreshTokenValidityDays),
    });
    this.groups = s.groups.map(
      (group) =>
        new cognito.CfnUserPoolGroup(this, `Group${pascal(group)}`, {
          userPoolId: this.userPool.userPoolId,
          groupName: group,
          description: `Callers in this group carry the "${group}" role`,
        }),
    );
    if (s.selfSignUpGroup !== undefined) {
      new SelfSignUpGroup(this, 'SelfSignUp', {
        userPool: this.userPool,
        group: s.selfSignUpGroup,
        logRetention: props.logRetention,
        logKey: props.logKey,
        ...(props.tracing !== undefined ? { tracing: props.tracing } : {}),
      });
    }
  }

  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>`: the `iss` of the pool's tokens and the base of its JWKS. */
  get issuer(): string {
    const stack = Stack.of(this);
    return `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
  }
}
