/** The Cognito authorizer stage built from the environment (the user pool the runtime or AWS names). */
import { userTokenVerification } from '@dwp/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import { authorizerStage } from './authorizer-stage.ts';

export interface CognitoAuthorizerOptions {
  readonly env: NodeJS.ProcessEnv;
  /** The pool's groups (the definition's `userPool.groups`, `userPoolGroupsOf`): the roles a token can grant. */
  readonly groups: readonly string[];
  readonly signOutPaths: readonly string[];
  readonly onClose: (fn: () => void) => void;
}

export function cognitoAuthorizer(opts: CognitoAuthorizerOptions): FastifyPluginAsync {
  const verification = userTokenVerification('api-gateway authorizer', opts.env, opts.groups);
  opts.onClose(() => {
    verification.close();
  });
  return authorizerStage({ verification, signOutPaths: new Set(opts.signOutPaths) });
}
