/**
 * The page: model picker, parameter sliders generated from the built-ins' parameter specs, a
 * model-JSON box, headline numbers and four Vega-Lite plots. All computing happens in worker.ts;
 * this thread only sends requests (at most one in flight, the newest one queued) and draws.
 */
import embed, { type Result as EmbedResult } from 'vega-embed';
import type { ErrorInfo, ModelSource, ViewResult } from './view';

interface ParamSpec {
  default: number | null;
  unit: string;
  doc: string;
  nullable?: boolean;
}
interface BuiltinInfo {
  name: string;
  description: string;
  source: string;
  params: Record<string, ParamSpec>;
}
interface ReadyMessage {
  type: 'ready';
  version: string;
  backend: string;
  observables: string[];
  sweepObservables: string[];
  chiInt: boolean;
  builtins: BuiltinInfo[];
}
type WorkerMessage =
  | ReadyMessage
  | { type: 'fatal'; error: ErrorInfo }
  | { type: 'result'; seq: number; view: ViewResult }
  | { type: 'error'; seq: number; source: 'builtin' | 'json'; error: ErrorInfo }
  | { type: 'json'; seq: number; text: string };

/** State the browser test reads (window.orbitronicsPage). */
interface PageState {
  ready: ReadyMessage | null;
  source: ModelSource | null;
  last: ViewResult | null;
  lastError: ErrorInfo | null;
  seq: number;
  renderMs: number;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const state: PageState = { ready: null, source: null, last: null, lastError: null, seq: 0, renderMs: 0 };
(window as unknown as { orbitronicsPage: PageState }).orbitronicsPage = state;

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });

// ---------------------------------------------------------------- slider ranges
/** Slider [min, max] per parameter (model-specific first, then by name); the text box takes any value. */
const RANGES: Record<string, [number, number]> = {
  'haldane.t': [-2, 2], 'haldane.t2': [0, 0.5], 'haldane.delta': [-1.5, 1.5], 'haldane.strain': [-0.5, 0.5],
  'gapped-graphene.t': [-2, 2], 'gapped-graphene.delta': [-1.5, 1.5], 'gapped-graphene.strain': [-0.5, 0.5],
  'three-band.A': [0, 2], 'three-band.B': [0, 2], 'three-band.M': [-3, 3], 'three-band.vt': [-1, 1], 'three-band.lambda': [-1, 1], 'three-band.eps0': [-1, 1],
  'kagome.t': [-2, 2], 'kagome.breathing': [0, 2], 'kagome.eps': [-1, 1],
  'square-dirac.alpha': [0, 3], 'square-dirac.vt': [-1, 1], 'square-dirac.m': [-1, 1], 'square-dirac.w': [0, 2],
  'massive-dirac.v': [0.1, 3], 'massive-dirac.m': [-0.5, 0.5],
  'rashba.m': [0.05, 2], 'rashba.alpha': [0, 5],
  'tilted-dirac.alpha': [0.5, 8], 'tilted-dirac.m': [-0.1, 0.1], 'tilted-dirac.vt': [-4, 4],
  'tilted-dirac-000.t': [-1.5, 1.5], 'tilted-dirac-000.v0x': [1, 20], 'tilted-dirac-000.v0y': [1, 20], 'tilted-dirac-000.delta': [-0.1, 0.1],
  a: [0.5, 3], cutoff: [0.05, 2],
};

function rangeOf(model: string, key: string, p: ParamSpec): [number, number] {
  const r = RANGES[`${model}.${key}`] ?? RANGES[key];
  if (r) return r;
  if (p.unit === 'rad') return [-Math.PI, Math.PI];
  const d = p.default ?? 1;
  return d === 0 ? [-1, 1] : [-3 * Math.abs(d), 3 * Math.abs(d)];
}

/** A number, or a multiple/fraction of π: `-1`, `1.5e-3`, `pi/2`, `2*pi/3`, `π`. NaN otherwise. */
function parseValue(text: string): number {
  const t = text.trim().toLowerCase().replace(/π/g, 'pi').replace(/−/g, '-');
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(t)) return Number(t);
  const m = /^([-+])?\s*(?:(\d+\.?\d*|\.\d+)\s*\*?\s*)?pi(?:\s*\/\s*(\d+\.?\d*))?$/.exec(t);
  if (m) return ((m[1] === '-' ? -1 : 1) * (m[2] ? Number(m[2]) : 1) * Math.PI) / (m[3] ? Number(m[3]) : 1);
  return NaN;
}

/** Shows π fractions as such (`pi/2`), other numbers with up to 6 significant digits. */
function showValue(v: number): string {
  for (const q of [1, 2, 3, 4, 6, 12]) {
    const p = (v * q) / Math.PI;
    const r = Math.round(p);
    if (r !== 0 && Math.abs(p - r) < 1e-12) {
      const num = r === 1 ? 'pi' : r === -1 ? '-pi' : `${r}*pi`;
      return q === 1 ? num : `${num}/${q}`;
    }
  }
  return String(Number(v.toPrecision(6)));
}

// ---------------------------------------------------------------- requests
let inFlight = false;
let queued: ModelSource | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

function setStatus(s: 'starting' | 'computing' | 'ready' | 'error' | 'fatal', text: string): void {
  const el = $('status');
  el.dataset.state = s;
  el.dataset.seq = String(state.seq);
  el.textContent = text;
}

function send(source: ModelSource): void {
  if (inFlight) {
    queued = source;
    return;
  }
  inFlight = true;
  state.seq++;
  state.source = source;
  setStatus('computing', `computing ${source.kind === 'builtin' ? source.name : 'pasted model'}…`);
  worker.postMessage({ type: 'compute', seq: state.seq, source, options: { gapAbove } });
}

function schedule(delayMs = 120): void {
  clearTimeout(timer);
  timer = setTimeout(() => send(currentBuiltin()), delayMs);
}

function finished(): void {
  inFlight = false;
  if (queued) {
    const q = queued;
    queued = null;
    send(q);
  }
}

// ---------------------------------------------------------------- controls
let params: Record<string, number | null> = {};
/** Which gap the headline numbers refer to (bands below it); undefined: the widest. */
let gapAbove: number | undefined;
let currentModel = 'haldane';

function currentBuiltin(): ModelSource {
  return { kind: 'builtin', name: currentModel, params: { ...params } };
}

function buildParamControls(b: BuiltinInfo): void {
  const box = $('params');
  box.replaceChildren();
  params = {};
  $('model-description').textContent = `${b.description}. Source: ${b.source}.`;
  for (const [key, p] of Object.entries(b.params)) {
    params[key] = p.default;
    const [min, max] = rangeOf(b.name, key, p);
    const row = document.createElement('label');
    row.className = 'row';
    row.title = p.doc;
    const name = document.createElement('span');
    name.innerHTML = `<span class="name"></span> <span class="unit"></span>`;
    (name.firstChild as HTMLElement).textContent = key;
    (name.lastChild as HTMLElement).textContent = `(${p.unit})`;
    const slider = document.createElement('input');
    slider.type = 'range';
    slider.id = `param-${key}`;
    slider.dataset.testid = `param-${key}`;
    slider.min = String(min);
    slider.max = String(max);
    slider.step = String(10 ** Math.floor(Math.log10((max - min) / 250)));
    const text = document.createElement('input');
    text.type = 'text';
    text.id = `param-${key}-value`;
    text.dataset.testid = `param-${key}-value`;
    text.setAttribute('aria-label', `${key} (${p.unit})`);
    const show = (v: number | null) => {
      text.value = v === null ? 'none' : showValue(v);
      text.classList.remove('bad');
      slider.disabled = v === null;
      if (v !== null) slider.value = String(v);
    };
    show(p.default);
    slider.addEventListener('input', () => {
      const v = Number(slider.value);
      params[key] = v;
      text.value = showValue(v);
      text.classList.remove('bad');
      schedule();
    });
    text.addEventListener('change', () => {
      const s = text.value.trim().toLowerCase();
      const v = p.nullable && (s === 'none' || s === 'null' || s === 'inf' || s === '∞') ? null : parseValue(s);
      if (v !== null && !Number.isFinite(v)) {
        text.classList.add('bad');
        showError({ code: 'PARAM_INVALID', message: `${key}: "${text.value}" is not a number (${p.unit}); write e.g. 0.25, -1e-3, pi/2${p.nullable ? ', or none' : ''}.`, where: `${b.name}:${key}` });
        return;
      }
      params[key] = v;
      show(v);
      schedule(0);
    });
    row.append(name, slider, text);
    box.append(row);
    if (p.nullable) {
      const nl = document.createElement('label');
      nl.className = 'row';
      const cb = document.createElement('input');
      cb.type = 'checkbox';
      cb.id = `param-${key}-none`;
      cb.checked = p.default === null;
      const span = document.createElement('span');
      span.className = 'null';
      span.append(cb, document.createTextNode(` ${key} = none (${key === 'cutoff' ? 'all of k-space' : 'null'})`));
      nl.append(document.createElement('span'), span);
      cb.addEventListener('change', () => {
        const v = cb.checked ? null : Number(slider.value);
        params[key] = v;
        show(v);
        schedule(0);
      });
      box.append(nl);
    }
  }
}

function selectModel(name: string): void {
  const b = state.ready!.builtins.find((x) => x.name === name)!;
  currentModel = name;
  gapAbove = undefined;
  buildParamControls(b);
  clearError();
  schedule(0);
}

function showError(e: ErrorInfo): void {
  state.lastError = e;
  const box = $('model-error');
  box.hidden = false;
  box.replaceChildren();
  const head = document.createElement('div');
  head.innerHTML = `<strong></strong>: <span></span>`;
  (head.firstChild as HTMLElement).textContent = e.code;
  (head.lastChild as HTMLElement).textContent = e.message;
  box.append(head);
  if (e.where) {
    const w = document.createElement('div');
    const isPointer = e.where.startsWith('/') || e.where === '';
    w.append(document.createTextNode(isPointer ? 'JSON pointer: ' : 'where: '));
    const code = document.createElement('code');
    code.id = 'model-error-where';
    code.dataset.testid = 'model-error-where';
    code.textContent = isPointer ? e.where || '(document root)' : e.where;
    w.append(code);
    box.append(w);
  }
  if (e.hint) {
    const h = document.createElement('div');
    h.textContent = `hint: ${e.hint}`;
    box.append(h);
  }
  // put the cursor on the offending line:column of the pasted text
  const lc = /:(\d+):(\d+)/.exec(e.message);
  const ta = $<HTMLTextAreaElement>('model-json');
  if (lc && state.source?.kind === 'json') {
    const lines = ta.value.split('\n');
    const line = Number(lc[1]);
    const col = Number(lc[2]);
    let pos = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i]!.length + 1;
    pos += col - 1;
    ta.focus();
    ta.setSelectionRange(pos, Math.min(ta.value.length, pos + 1));
  }
}

function clearError(): void {
  state.lastError = null;
  $('model-error').hidden = true;
}

// ---------------------------------------------------------------- results
const views: Record<string, EmbedResult | undefined> = {};

async function draw(id: string, spec: unknown): Promise<void> {
  views[id]?.finalize();
  views[id] = await embed(`#${id}`, spec as Parameters<typeof embed>[1], { renderer: 'svg', actions: false });
}

/** Fixed-point with d decimals; tiny non-zero values in scientific notation (never "−0.000000"). */
function fmt(x: number, d = 6): string {
  if (!Number.isFinite(x)) return '—';
  if (x !== 0 && Math.abs(x) < 0.5 * 10 ** -d) return x.toExponential(3).replace('e', '×10^').replace(/-/g, '−');
  return (Math.abs(x) < 0.5 * 10 ** -d ? 0 : x).toFixed(d).replace('-', '−');
}
function setValue(id: string, text: string, value?: number): void {
  const el = $(id);
  el.textContent = text;
  if (value === undefined) delete el.dataset.value;
  else el.dataset.value = String(value);
}

async function showResult(v: ViewResult): Promise<void> {
  const t0 = performance.now();
  state.last = v;
  setValue('backend', v.backend === 'wasm-simd' ? 'wasm-simd' : v.backend);
  $('backend').title = v.backend === 'wasm-simd' ? 'WebAssembly SIMD kernel' : 'fallback backend (WebAssembly SIMD unavailable in this browser)';
  setValue('model-info', `${v.model.name} — ${v.model.kind}, ${v.model.bands} bands`);
  setValue('grid', `${v.grid.join(' × ')} ${v.model.kind === 'tight-binding' ? 'Monkhorst–Pack' : 'polar (N_θ × N_r)'}, T = 0 K, ${v.mu.length} values of μ`);
  const g = v.gap;
  if (g) {
    const i = g.index;
    setValue('gap', `E_v = ${fmt(g.vbm, 4)} eV, E_c = ${fmt(g.cbm, 4)} eV: gap ${fmt(g.cbm - g.vbm, 4)} eV`, g.cbm - g.vbm);
    setValue('mu-gap', `μ = ${fmt(Math.abs(g.mu) < 1e-12 ? 0 : g.mu, 6)} eV`, g.mu);
    setValue('chern', `C = ${fmt(v.sweep.chern[i]!, 6)}`, v.sweep.chern[i]!);
    setValue('sigma-xy', `${fmt(v.sweep.ahc[i]!, 6)} e²/h`, v.sweep.ahc[i]!);
    setValue('sigma-xy-si', `${fmt(v.sweep.ahcS[i]! * 1e6, 4)} µS`, v.sweep.ahcS[i]!);
    setValue('mz-gap', `${fmt(v.sweep.mz[i]!, 6)} μ_B per cell`, v.sweep.mz[i]!);
  } else {
    for (const id of ['gap', 'mu-gap', 'chern', 'sigma-xy', 'sigma-xy-si', 'mz-gap']) setValue(id, id === 'gap' ? 'no gap (metal or semimetal)' : '—');
  }
  const sel = $<HTMLSelectElement>('gap-select');
  sel.replaceChildren(
    ...v.gaps.map((x) => {
      const o = document.createElement('option');
      o.value = String(x.below);
      o.textContent = `above band ${x.below - 1} (${fmt(x.cbm - x.vbm, 3)} eV)`;
      return o;
    }),
  );
  sel.disabled = v.gaps.length < 2;
  if (g) sel.value = String(g.below);
  setValue('chern-bands', v.sweep.chernBands.map((c) => fmt(c, 4)).join(', '));
  $('notes').textContent = v.notes.join('; ');
  await Promise.all([
    draw('plot-bands', v.specs.bands),
    draw('plot-map', v.specs.map),
    draw('plot-ahc', v.specs.ahc),
    draw('plot-mz', v.specs.mz),
    v.specs.chiInt ? draw('plot-chi', v.specs.chiInt) : Promise.resolve(),
  ]);
  $('plot-chi').hidden = !v.specs.chiInt;
  state.renderMs = performance.now() - t0;
  setValue('timing', `worker ${v.timing.totalMs.toFixed(0)} ms (compute() ${v.timing.computeMs.toFixed(0)} ms), plots ${state.renderMs.toFixed(0)} ms`, v.timing.totalMs + state.renderMs);
}

worker.onmessage = async (ev: MessageEvent<WorkerMessage>) => {
  const m = ev.data;
  switch (m.type) {
    case 'ready': {
      state.ready = m;
      const sel = $<HTMLSelectElement>('model-select');
      for (const b of m.builtins) {
        const o = document.createElement('option');
        o.value = b.name;
        o.textContent = b.name;
        sel.append(o);
      }
      sel.value = 'haldane';
      sel.addEventListener('change', () => selectModel(sel.value));
      selectModel('haldane');
      return;
    }
    case 'fatal':
      showError(m.error);
      setStatus('fatal', 'the worker could not start');
      return;
    case 'json':
      $<HTMLTextAreaElement>('model-json').value = m.text;
      return;
    case 'result':
      if (m.seq !== state.seq || queued) {
        finished();
        return;
      }
      clearError();
      try {
        await showResult(m.view);
        delete document.body.dataset.stale;
        setStatus('ready', `${m.view.model.name}: done in ${(m.view.timing.totalMs + state.renderMs).toFixed(0)} ms`);
      } catch (e) {
        showError({ code: 'PLOT_FAILED', message: (e as Error).message });
        setStatus('error', 'plotting failed');
      }
      finished();
      return;
    case 'error':
      showError(m.error);
      document.body.dataset.stale = 'true'; // the numbers and plots below are those of the last good model
      setStatus('error', m.source === 'json' ? 'the pasted model has an error' : 'error');
      finished();
      return;
  }
};
worker.onerror = (ev) => {
  showError({ code: 'WORKER_FAILED', message: ev.message || 'the worker failed to load' });
  setStatus('fatal', 'worker error');
};

$('gap-select').addEventListener('change', () => {
  gapAbove = Number($<HTMLSelectElement>('gap-select').value);
  if (state.source) send(state.source);
});
$('json-use').addEventListener('click', () => {
  gapAbove = undefined;
  clearError();
  send({ kind: 'json', text: $<HTMLTextAreaElement>('model-json').value, filename: 'pasted.json' });
});
$('json-load').addEventListener('click', () => {
  worker.postMessage({ type: 'to-json', seq: 0, name: currentModel, params: { ...params } });
});
