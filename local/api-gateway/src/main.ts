import { userPoolGroupsOf } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { cognitoAuthorizer } from './authorizer/cognito-authorizer.ts';
import { runGateway } from './gateway.ts';

await runGateway({
  platform: dwp,
  authentication: (svc) =>
    cognitoAuthorizer({
      env: process.env,
      groups: userPoolGroupsOf(dwp),
      signOutPaths: ['/identity/sign-out'],
      onClose: (fn) => {
        svc.onClose(fn);
      },
    }),
});
