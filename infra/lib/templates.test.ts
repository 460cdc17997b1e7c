/**
 * Whole-template checks for every stack of every environment: cdk-nag (AwsSolutions and NIST 800-53
 * rev 5) leaves no error and no warning, every suppression carries a written reason, the stacks
 * stay inside CloudFormation's quotas, and each environment matches its snapshot
 * (`node --test --test-update-snapshots infra/lib/templates.test.ts` after a reviewed change).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { synthesised } from './testing/synthesised.ts';

/** CloudFormation quotas (AWS CloudFormation User Guide, "Quotas"). */
export const CLOUDFORMATION_LIMITS = {
  resources: 500,
  outputs: 200,
  parameters: 200,
  /** Bytes of a template uploaded through S3, as CDK deploys it. */
  templateBytes: 1_000_000,
} as const;

const synth = synthesised();

interface NagRule {
  readonly id: string;
  readonly reason: string;
}

describe('cdk-nag', () => {
  for (const stack of synth.stacks) {
    it(`${stack.stackName} has no unsuppressed AwsSolutions or NIST 800-53 finding`, () => {
      const findings = stack.messages
        .filter((m) => m.level === 'error' || m.level === 'warning')
        .map((m) => `${m.level} ${m.id}: ${String(m.entry.data).slice(0, 160)}`);
      assert.deepEqual(findings, []);
    });
  }

  it('gives every suppression a specific reason of at least one sentence', () => {
    const short: string[] = [];
    let count = 0;
    for (const stack of synth.stacks) {
      for (const [id, resource] of Object.entries(
        stack.template.Resources as Record<string, { Metadata?: { cdk_nag?: { rules_to_suppress?: NagRule[] } } }>,
      )) {
        for (const rule of resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) {
          count += 1;
          if (rule.reason.trim().length < 60) short.push(`${stack.stackName}/${id} ${rule.id}: "${rule.reason}"`);
        }
      }
    }
    assert.ok(count > 0, 'expected suppressions to be recorded in template metadata');
    assert.deepEqual(short, []);
  });
});

describe('CloudFormation limits', () => {
  for (const stack of synth.stacks) {
    it(`${stack.stackName} stays inside the resource, output, parameter and size quotas`, () => {
      const t = stack.template as Record<string, Record<string, unknown> | undefined>;
      const resources = Object.keys(t.Resources ?? {}).length;
      const outputs = Object.keys(t.Outputs ?? {}).length;
      const parameters = Object.keys(t.Parameters ?? {}).length;
      const bytes = Buffer.byteLength(JSON.stringify(t));
      assert.ok(resources > 0 && resources <= CLOUDFORMATION_LIMITS.resources, `${resources} resources`);
      assert.ok(outputs <= CLOUDFORMATION_LIMITS.outputs, `${outputs} outputs`);
      assert.ok(parameters <= CLOUDFORMATION_LIMITS.parameters, `${parameters} parameters`);
      assert.ok(bytes <= CLOUDFORMATION_LIMITS.templateBytes, `${bytes} bytes`);
    });
  }
});

describe('snapshots', () => {
  for (const environment of dwp.environments) {
    it(`the ${environment.name} environment matches its snapshot`, (t) => {
      const templates = Object.fromEntries(
        synth.stacks
          .filter((s) => s.stackName.startsWith(`Dwp${environment.name[0]!.toUpperCase()}${environment.name.slice(1)}`))
          .map((s) => [s.stackName, s.template]),
      );
      assert.equal(Object.keys(templates).length, Object.keys(synth.built.environments.get(environment.name)!).length);
      t.assert.snapshot(templates);
    });
  }
});
