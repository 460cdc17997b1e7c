/** cdk-nag's AwsSolutions and NIST 800-53 rev 5 packs over the whole app. */
import { Aspects, Stack, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NagSuppressions, NIST80053R5Checks } from 'cdk-nag';

export function applyNagPacks(app: App): void {
  for (const stack of app.node.children.filter((c): c is Stack => Stack.isStack(c))) {
    NagSuppressions.addStackSuppressions(stack, [
      {
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason:
          'Every role gets its grants as a CDK AWS::IAM::Policy naming exact actions on exact ARNs (see the grant* methods); a customer-managed policy per role would hold the same statements with no reuse.',
      },
    ]);
  }
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  Aspects.of(app).add(new NIST80053R5Checks({ verbose: true }));
}
