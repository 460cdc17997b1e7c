import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInThisContext } from 'node:vm';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { userPoolSchema, type UserPool } from '@dwp/platform';
import { CitizenUserPool } from './citizen-user-pool.ts';
import { CONFIRM_SIGN_UP, GROUP_ENV, SELF_SIGN_UP_HANDLER_SOURCE } from './self-sign-up-group.ts';

/** Settings unlike Cognito's defaults and unlike dwp's, so a hard-coded value cannot pass. */
const UNUSUAL: UserPool = userPoolSchema.parse({
  name: 'pensioners',
  groups: ['pensioner', 'adviser'],
  selfSignUpGroup: 'pensioner',
  passwordPolicy: {
    minLength: 14,
    requireLowercase: false,
    requireUppercase: true,
    requireNumbers: false,
    requireSymbols: true,
  },
  tokenValidityMinutes: 30,
  refreshTokenValidityDays: 7,
  mfa: 'required',
});

function fixture(settings: UserPool) {
  const stack = new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'eu-west-2' } });
  const pool = new CitizenUserPool(stack, 'Citizens', {
    userPoolName: 'pensioners-test',
    settings,
    logRetention: logs.RetentionDays.ONE_MONTH,
    logKey: new kms.Key(stack, 'LogKey'),
  });
  return { stack, pool, t: Template.fromStack(stack) };
}

describe('CitizenUserPool', () => {
  it('takes its password policy and token lifetimes from the definition', () => {
    const { t } = fixture(UNUSUAL);
    const p = UNUSUAL.passwordPolicy;
    t.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolName: 'pensioners-test',
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: p.minLength,
          RequireLowercase: p.requireLowercase,
          RequireUppercase: p.requireUppercase,
          RequireNumbers: p.requireNumbers,
          RequireSymbols: p.requireSymbols,
        }),
      },
    });
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AccessTokenValidity: UNUSUAL.tokenValidityMinutes,
      IdTokenValidity: UNUSUAL.tokenValidityMinutes,
      RefreshTokenValidity: UNUSUAL.refreshTokenValidityDays * 24 * 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
  });

  it("applies the definition's MFA mode, with an authenticator app as the only second factor", () => {
    const expected = { off: 'OFF', optional: 'OPTIONAL', required: 'ON' } as const;
    for (const mfa of ['off', 'optional', 'required'] as const) {
      const { t } = fixture({ ...UNUSUAL, mfa });
      t.hasResourceProperties('AWS::Cognito::UserPool', {
        MfaConfiguration: expected[mfa],
        EnabledMfas: mfa === 'off' ? Match.absent() : ['SOFTWARE_TOKEN_MFA'],
      });
    }
  });

  it("makes exactly the definition's groups", () => {
    const { t } = fixture(UNUSUAL);
    t.resourceCountIs('AWS::Cognito::UserPoolGroup', UNUSUAL.groups.length);
    for (const group of UNUSUAL.groups) t.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
  });

  it("puts self-registered users into the definition's selfSignUpGroup with a post-confirmation trigger allowed only that", () => {
    const { t } = fixture(UNUSUAL);
    t.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: {
        PostConfirmation: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CitizensSelfSignUpHandler'), 'Arn'] },
      },
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { [GROUP_ENV]: UNUSUAL.selfSignUpGroup } },
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'cognito-idp:AdminAddUserToGroup',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CitizensPool'), 'Arn'] },
          },
        ],
      },
    });
  });

  it('has no trigger when the definition names no selfSignUpGroup', () => {
    const { selfSignUpGroup: _dropped, ...rest } = UNUSUAL;
    const { t } = fixture(rest);
    t.resourceCountIs('AWS::Lambda::Function', 0);
    const pool = Object.values(t.findResources('AWS::Cognito::UserPool'))[0]!;
    assert.equal((pool.Properties as Record<string, unknown>).LambdaConfig, undefined);
  });

  it('refuses a selfSignUpGroup that is not one of the groups', () => {
    assert.throws(
      () => fixture({ ...UNUSUAL, selfSignUpGroup: 'admin' }),
      /selfSignUpGroup "admin" is not one of the groups/,
    );
  });

  it('names the issuer the services verify tokens against', () => {
    const { stack, pool } = fixture(UNUSUAL);
    const issuer = JSON.stringify(stack.resolve(pool.issuer));
    assert.match(
      issuer,
      /^\{"Fn::Join":\["",\["https:\/\/cognito-idp\.eu-west-2\.",\{"Ref":"AWS::URLSuffix"\},"\/",\{"Ref":"CitizensPool[0-9A-F]{8}"\}\]\]\}$/,
    );
  });
});

describe('the self-sign-up trigger', () => {
  type Event = { triggerSource: string; userPoolId: string; userName: string };
  function load(): { handler: (e: Event) => Promise<Event>; sent: Array<Record<string, string>> } {
    const sent: Array<Record<string, string>> = [];
    const sdk = {
      CognitoIdentityProviderClient: class {
        async send(command: { input: Record<string, string> }): Promise<void> {
          sent.push(command.input);
        }
      },
      AdminAddUserToGroupCommand: class {
        readonly input: Record<string, string>;
        constructor(input: Record<string, string>) {
          this.input = input;
        }
      },
    };
    const exports: { handler?: (e: Event) => Promise<Event> } = {};
    const env = { [GROUP_ENV]: 'pensioner' };
    const wrapper = runInThisContext(`(function (exports, require, process) {\n${SELF_SIGN_UP_HANDLER_SOURCE}\n})`) as (
      ...args: unknown[]
    ) => void;
    wrapper(
      exports,
      (id: string) =>
        id === '@aws-sdk/client-cognito-identity-provider' ? sdk : assert.fail(`unexpected require ${id}`),
      { env },
    );
    return { handler: exports.handler!, sent };
  }

  it('adds a user who confirmed their own sign-up to the group and returns the event to Cognito', async () => {
    const { handler, sent } = load();
    const event = { triggerSource: CONFIRM_SIGN_UP, userPoolId: 'eu-west-2_abc', userName: 'amanda' };
    assert.deepEqual(await handler(event), event);
    assert.deepEqual(sent, [{ UserPoolId: 'eu-west-2_abc', Username: 'amanda', GroupName: 'pensioner' }]);
  });

  it('leaves a forgotten-password confirmation alone', async () => {
    const { handler, sent } = load();
    await handler({
      triggerSource: 'PostConfirmation_ConfirmForgotPassword',
      userPoolId: 'eu-west-2_abc',
      userName: 'amanda',
    });
    assert.deepEqual(sent, []);
  });
});
