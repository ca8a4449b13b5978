// Child process of resources.test.ts: one AHC integration on Haldane with one thread; prints peak RSS.
import { compute } from '../../src/integrate/index.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';

const n = Number(process.argv[2]);
const t0 = Date.now();
const r = await compute({ model: buildBuiltin('haldane'), observables: ['ahc'], grid: [n, n], mu: [0], T: 0, threads: 1 });
process.stdout.write(JSON.stringify({ n, ms: Date.now() - t0, maxRssMB: process.resourceUsage().maxRSS / 1024, ahc: r.get('ahc').data[0], kpoints: r.diagnostics.kpoints }) + '\n');
