/**
 * The secret scan of `npm run lint`: no credential, private key or path of a developer's machine
 * in a file git tracks (or would track). The runtime generates every key, certificate and password
 * on each run, so a match is a mistake. Tests may hold the fakes of their own fixtures (a Notify key
 * of made-up UUIDs, a JWT they build), never a private key or an AWS key id.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

interface Rule {
  readonly name: string;
  readonly pattern: RegExp;
  /** Whether a test file's fixtures may match it. */
  readonly inTests: boolean;
}

const RULES: readonly Rule[] = [
  { name: 'private key', pattern: /-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED) )?PRIVATE KEY-----/, inTests: false },
  { name: 'AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, inTests: false },
  {
    name: 'AWS secret access key',
    pattern: /aws_?secret_?access_?key\s*[:=]\s*['"]?[A-Za-z0-9/+]{40}\b/i,
    inTests: false,
  },
  { name: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36}\b/, inTests: false },
  { name: 'Slack token', pattern: /\bxox[baprs]-[0-9A-Za-z-]{10,}/, inTests: false },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/, inTests: false },
  {
    name: 'GOV.UK Notify API key',
    pattern: /\b[a-z_]+-[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}-[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}\b/,
    inTests: true,
  },
  {
    name: 'JSON Web Token',
    pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/,
    inTests: true,
  },
  {
    name: "a path of a developer's machine",
    pattern: /(?:^|['"`\s(])\/(?:root|home\/[a-z][\w-]*|Users\/[A-Za-z][\w-]*)\//,
    inTests: true,
  },
];

const isTest = (file: string) => /\.test\.[cm]?[jt]s$/.test(file) || file.startsWith('tests/');
const BINARY = /\.(png|jpe?g|gif|pdf|ico|woff2?|ttf|eot|zip|gz|br)$/i;

const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
  encoding: 'utf8',
})
  .split('\0')
  .filter((f) => f.length > 0 && !BINARY.test(f) && f !== 'package-lock.json');

const found: string[] = [];
for (const file of files) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // listed but deleted in the working tree
  }
  const lines = text.split('\n');
  for (const rule of RULES) {
    if (rule.inTests && isTest(file)) continue;
    lines.forEach((line, i) => {
      if (rule.pattern.test(line)) found.push(`${file}:${i + 1}: ${rule.name}`);
    });
  }
}

if (found.length > 0) {
  process.stderr.write(`secrets: ${found.length} found (generate them at run time instead):\n${found.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`secrets: ${files.length} files, none found\n`);
