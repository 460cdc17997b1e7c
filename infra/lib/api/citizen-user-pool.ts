/**
 * The Cognito user pool the internal API authorises against (seed 000 "Authentication: Cognito
 * User Pool"), shaped by the definition's `authentication.userPool`: password policy, token
 * lifetimes and the groups that become callers' roles, exactly as the local pool applies them.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { UserPool as UserPoolSettings } from '@dwp/platform';

export interface CitizenUserPoolProps {
  readonly userPoolName: string;
  /** The definition's user pool settings. */
  readonly settings: UserPoolSettings;
}

export class CitizenUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: CitizenUserPoolProps) {
    super(scope, id);
    const s = props.settings;
    if (s.passwordPolicy.minLength < 8) throw new Error(`CitizenUserPool: a minimum password length of ${s.passwordPolicy.minLength} is below 8`);
    this.userPool = new cognito.UserPool(this, 'Pool', {
      userPoolName: props.userPoolName,
      selfSignUpEnabled: true,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      // identity-api signs in with USER_PASSWORD_AUTH and answers no challenge, as the local pool
      // does: TOTP stays available to users who enrol, and threat protection covers the rest.
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      passwordPolicy: {
        minLength: s.passwordPolicy.minLength,
        requireDigits: s.passwordPolicy.requireNumbers,
        requireLowercase: s.passwordPolicy.requireLowercase,
        requireUppercase: s.passwordPolicy.requireUppercase,
        requireSymbols: s.passwordPolicy.requireSymbols,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    NagSuppressions.addResourceSuppressions(this.userPool, [
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional, not required: identity-api signs citizens in with USER_PASSWORD_AUTH and cannot yet answer an MFA challenge, so a required second factor would lock every citizen out. Users may enrol TOTP, and advanced security runs in full-function (adaptive) mode; answering the SOFTWARE_TOKEN_MFA challenge is the follow-up that allows REQUIRED.',
      },
    ]);
    this.client = this.userPool.addClient('Web', {
      authFlows: { userPassword: true, userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(s.tokenValidityMinutes),
      idTokenValidity: Duration.minutes(s.tokenValidityMinutes),
      refreshTokenValidity: Duration.days(s.refreshTokenValidityDays),
    });
    for (const group of s.groups) {
      new cognito.CfnUserPoolGroup(this, `Group${group.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description: `Callers in this group carry the "${group}" role`,
      });
    }
  }
}
