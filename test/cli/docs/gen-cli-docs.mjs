// Regenerates docs/cli.md from cli.md.template: every {{args}} is replaced by a real run of
// `node <cli.js> args` (in an empty scratch directory) with its stdout, stderr and exit status.
// Usage (after a build): node test/cli/docs/gen-cli-docs.mjs [dist/cli.js] [docs/cli.md]
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const cli = path.resolve(process.argv[2] ?? path.join(root, 'dist/cli.js'));
const out = path.resolve(process.argv[3] ?? path.join(root, 'docs/cli.md'));
const dir = '/tmp/orbitronics-docs';
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir);
let t = readFileSync(path.join(here, 'cli.md.template'), 'utf8');
t = t.replace(/\{\{([^}]*)\}\}/g, (_m, cmd) => {
  const args = cmd.trim().split(/\s+/);
  const r = spawnSync('node', [cli, ...args], { cwd: dir, encoding: 'utf8' });
  const shown = args.map((a) => (/[()'\s;&|<>*?]/.test(a) ? (a.includes("'") ? `"${a}"` : `'${a}'`) : a)).join(' ');
  let s = '```console\n$ orbitronics ' + shown + '\n';
  s += r.stdout;
  if (r.stderr) s += (r.stdout && !r.stdout.endsWith('\n') ? '\n' : '') + r.stderr;
  if (!s.endsWith('\n')) s += '\n';
  s += `$ echo $?\n${r.status}\n` + '```';
  return s;
});
writeFileSync(out, t);
console.log(`wrote ${out}`);
