/**
 * The READMEs' curl walks, run as a person would paste them: the new citizen's walk in README.md
 * (sign-up, the emailed code, authenticator set-up, One Login to P2, sign-out) and the journey in
 * apps/claims-api/README.md (address, registration, P2, an estimate with HMRC income, a claim with
 * the sample evidence, the caseworker's steps, the award and its email). The commands are the
 * documents' own, taken from their `sh` blocks at test time; the only changes are where the
 * platform answers (this test's port instead of 8080) and its data folder (a temporary one instead
 * of `.data/`), which the tools find through `DATA_DIR`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LocalPlatform } from '@dwp/dev-runtime';
import { waitFor } from '@dwp/data-kit/testing/wait-for';
import { z } from 'zod';
import { ifAssigned } from './fixtures/hooks.ts';
import { ROOT, startTestPlatform, type TestPlatform } from './fixtures/test-platform.ts';

/** The `sh` blocks of a Markdown file's section (from its heading to the next of its level). */
async function shBlocksOf(file: string, heading: string): Promise<string[]> {
  const text = await readFile(join(ROOT, file), 'utf8');
  const at = text.indexOf(`\n${heading}\n`);
  assert.ok(at !== -1, `${file} has the heading "${heading}"`);
  const level = heading.split(' ')[0]!;
  const rest = text.slice(at + heading.length + 2);
  const next = rest.search(new RegExp(`^${level} `, 'm'));
  const section = next === -1 ? rest : rest.slice(0, next);
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert.ok(blocks.length > 0, `${file} has sh blocks under "${heading}"`);
  return blocks;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function bash(script: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      done({ code, stdout, stderr });
    });
  });
}

const sentEmail = z.object({ type: z.literal('email'), to: z.string(), subject: z.string(), body: z.string() });

describe("the READMEs' curl walks, as written", () => {
  let started: TestPlatform;
  let dataDir: string;
  let platform: LocalPlatform;
  let env: NodeJS.ProcessEnv;
  const asWritten = (script: string) =>
    script
      .replaceAll('localhost:8080', new URL(platform.entryUrl).host)
      .replaceAll('localhost:8090', new URL(platform.adminUrl).host)
      .replaceAll('.data/', `${dataDir}/`);

  before(async () => {
    started = await startTestPlatform('readme');
    ({ platform, dataDir } = started);
    env = { ...process.env, DATA_DIR: dataDir };
  });
  after(async () => {
    await ifAssigned(started)?.stop();
  });

  it("runs README.md's quick start: health, status, a seeded user's token and who they are", async () => {
    const [, tryIt] = await shBlocksOf('README.md', '## Quick start');
    const run = await bash(asWritten(tryIt!), env);
    const output = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
    assert.equal(run.code, 0, output);
    assert.ok(!run.stdout.includes('"error":'), output);
    assert.match(run.stdout, /"status":"ok"/, output);
    assert.match(run.stdout, /"standIns":\[/, output);
    assert.match(run.stdout, /"username":"test-citizen"/, output);
  });

  it("runs README.md's trace lookup: a page request's trace from the edge to the web tier", async () => {
    const [lookup] = await shBlocksOf('README.md', '## See a request cross the platform');
    const run = await bash(asWritten(lookup!), env);
    const output = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
    assert.equal(run.code, 0, output);
    assert.match(run.stdout, /"traceID":"4bf92f3577b34da6a3ce929d0e0e4736"/, output);
    assert.match(run.stdout, /"serviceName":"edge"/, output);
    assert.match(run.stdout, /"serviceName":"frontend-service"/, output);
    assert.match(run.stdout, /\{"data":\[[^\]]*"frontend-service"/, `the services list\n${output}`);
  });

  it("runs local/sandboxes/README.md's fault switch on the HMRC sandbox", async () => {
    const [faults] = await shBlocksOf('local/sandboxes/README.md', '## Fault switch (every sandbox)');
    const run = await bash(asWritten(faults!), env);
    const output = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
    assert.equal(run.code, 0, output);
    assert.match(run.stdout, /"errorRate":1[,}][\s\S]*"errorRate":0[,}]/, output);
  });

  it("walks README.md's new citizen from sign-up to P2 and sign-out", async () => {
    const [walk] = await shBlocksOf('README.md', '## Try it as a new citizen');
    const run = await bash(asWritten(walk!), env);
    const output = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
    assert.equal(run.code, 0, output);
    assert.ok(!run.stdout.includes('"error":'), output);
    assert.match(run.stdout, /"confirmed":true|"UserConfirmed"|"status":"CONFIRMED"|\{\}/, output);
    assert.match(run.stdout, /"confidence":"P2"/, output);
    assert.match(run.stdout, /"username":"sam"/, output);
  });

  it("walks apps/claims-api/README.md's journey to an award and its email", async () => {
    const [walk, outbox, ...others] = await shBlocksOf('apps/claims-api/README.md', '## The journey with curl');
    assert.equal(others.length, 0);
    const run = await bash(asWritten(walk!), env);
    const output = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
    assert.equal(run.code, 0, output);
    assert.ok(!run.stdout.includes('"error":'), output);
    assert.match(run.stdout, /"confidence":"P2"/, output);
    // The estimate tells one story with the award: eligible, for the amount then awarded.
    assert.match(run.stdout, /true\n/, `the estimate is eligible\n${output}`);
    const amount = /^(\d+)$/m.exec(run.stdout)?.[1];
    assert.ok(amount && Number(amount) > 0, `the estimate gives a monthly amount\n${output}`);
    assert.match(run.stdout, /"outcome":"awarded"/, output);
    assert.ok(run.stdout.includes(`"monthlyAmountPence":${amount}`), `the award is the estimate's amount\n${output}`);

    // "A moment later": the README's next block reads the Notify sandbox's outbox.
    const sentFile = join(dataDir, 'logs', 'notify-sandbox-sent.jsonl');
    await waitFor(
      `the award email in ${sentFile}`,
      async () => {
        const text = await readFile(sentFile, 'utf8').catch(() => '');
        return text.includes('amanda.rowe@example.com') && /decided/.test(text.trim().split('\n').at(-1) ?? '');
      },
      30_000,
    );
    const tail = await bash(asWritten(outbox!), env);
    assert.equal(tail.code, 0, tail.stderr);
    const email = sentEmail.parse(JSON.parse(tail.stdout.trim()));
    assert.equal(email.to, 'amanda.rowe@example.com');
    assert.equal(email.subject, 'We have decided your Universal Credit claim');
  });
});
