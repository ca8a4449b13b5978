/** Allowed components from the group and the tensor character (docs/symmetry.md §3). */
import { describe, expect, it } from 'vitest';
import { buildBuiltin } from '../../src/model/index.js';
import type { TensorCharacter } from '../../src/observables/define.js';
import { getObservable } from '../../src/observables/registry.js';
import { PLANNED_CHARACTERS } from '../../src/symmetry/characters.js';
import { detectSymmetries } from '../../src/symmetry/detect.js';
import { I3, mirror, rotation } from '../../src/symmetry/linalg.js';
import { allowedComponents, characterSign, type PointPart } from '../../src/symmetry/tensor.js';

const planned = (n: string) => PLANNED_CHARACTERS.find((p) => p.name === n)!;
const status = (group: PointPart[], ch: TensorCharacter, comps: string[], dim = 2) =>
  Object.fromEntries(allowedComponents(group, ch, { dim, components: comps }).components.map((c) => [c.tensor, c.status]));
const groupOf = (spec: string) => detectSymmetries(buildBuiltin(spec)).group;

const torque = planned('torque').character; // rank 2 axial T-even (response z, field last)
const ome = planned('ome').character; // rank 2 axial T-odd
const chi = planned('chi-int').character; // rank 2 axial T-odd, response x, y, z
const P: PointPart = { R: I3.map((x) => -x), antiunitary: false };
const T: PointPart = { R: I3.slice(), antiunitary: true };
const PT: PointPart = { R: I3.map((x) => -x), antiunitary: true };

describe('allowed components', () => {
  it('character signs: axial picks up det R, T-odd a sign under antiunitary operations', () => {
    expect(characterSign({ rank: 1, kind: 'axial', time: 'odd' }, P)).toBe(-1);
    expect(characterSign({ rank: 1, kind: 'axial', time: 'odd' }, T)).toBe(-1);
    expect(characterSign({ rank: 1, kind: 'axial', time: 'odd' }, PT)).toBe(1);
    expect(characterSign({ rank: 1, kind: 'polar', time: 'even' }, PT)).toBe(1);
  });

  it('tilted Dirac (paper 000/001) and its lattice form: only κ_zx of the torque and only the E ∥ y intrinsic OME', () => {
    for (const spec of ['tilted-dirac', 'tilted-dirac-000', 'square-dirac']) {
      const G = groupOf(spec);
      expect(status(G, torque, ['z'])).toEqual({ zx: 'free', zy: 'forbidden' });
      expect(status(G, ome, ['z'])).toEqual({ zx: 'forbidden', zy: 'free' });
      // extrinsic OME (T-even): only E ∥ x (paper-checks 001 item 8)
      expect(status(G, planned('ome-extrinsic').character, ['z'])).toEqual({ zx: 'free', zy: 'forbidden' });
      // and the registered observables: M_z, σ_xy allowed (M_xT keeps them)
      expect(status(G, getObservable('orbital-magnetization').character, ['z'])).toEqual({ z: 'free' });
      expect(status(G, getObservable('ahc').character, ['xy'])).toEqual({ xy: 'free' });
    }
  });

  it('Haldane: C₃ forbids every in-plane field response of M_z, M_z forbids in-plane magnetisation: χ^int ≡ 0', () => {
    const G = groupOf('haldane');
    const s = status(G, chi, ['x', 'y', 'z']);
    expect(Object.values(s).every((x) => x === 'forbidden')).toBe(true);
    expect(Object.keys(s)).toHaveLength(6);
    expect(status(G, torque, ['z'])).toEqual({ zx: 'forbidden', zy: 'forbidden' });
    // M_z itself is allowed (it is a Chern insulator with a magnetisation)
    expect(status(G, getObservable('orbital-magnetization').character, ['x', 'y', 'z'], 3)).toEqual({ x: 'forbidden', y: 'forbidden', z: 'free' });
  });

  it('bond-strained Haldane keeps only the M_xT-allowed component χ_zy (paper 003 check: χ_x = 0, χ_y ≠ 0)', () => {
    const G = groupOf('haldane:strain=0.2,phi=pi/3');
    expect(status(G, chi, ['x', 'y', 'z'])).toEqual({ xx: 'forbidden', yx: 'forbidden', zx: 'forbidden', xy: 'forbidden', yy: 'forbidden', zy: 'free' });
    expect(status(G, ome, ['z'])).toEqual({ zx: 'forbidden', zy: 'free' });
  });

  it('paper 003 Table I: the intrinsic magnetoelectric tensor needs P and T broken; PT allows it', () => {
    const all = (G: PointPart[]) => Object.values(status(G, chi, ['x', 'y', 'z'], 3));
    expect(all([P]).every((x) => x === 'forbidden')).toBe(true);
    expect(all([T]).every((x) => x === 'forbidden')).toBe(true);
    expect(all([PT]).every((x) => x === 'free')).toBe(true);
    expect(all([]).every((x) => x === 'free')).toBe(true);
    // the models with P (Δ = 0) or T (t₂ = 0) restored: every component of χ^int, α^int and the OME vanishes
    for (const spec of ['haldane:t2=0', 'haldane:delta=0', 'haldane:t2=0,strain=0.2', 'haldane:delta=0,strain=0.2,phi=pi/3', 'gapped-graphene:strain=0.3']) {
      const G = groupOf(spec);
      for (const ch of [chi, planned('alpha-int').character])
        expect(Object.values(status(G, ch, ['x', 'y', 'z'])).every((x) => x === 'forbidden'), spec).toBe(true);
      expect(Object.values(status(G, ome, ['z'])).every((x) => x === 'forbidden'), spec).toBe(true);
    }
    // ... while the strained model with both broken has one
    expect(Object.values(status(groupOf('haldane:strain=0.2,phi=pi/3'), chi, ['x', 'y', 'z'])).filter((x) => x === 'free')).toHaveLength(1);
  });

  it('T forbids σ_xy and M_z; relations: C₄ makes a polar rank-2 tensor xx = yy, yx = −xy', () => {
    const G = groupOf('haldane:t2=0');
    expect(status(G, getObservable('ahc').character, ['xy'])).toEqual({ xy: 'forbidden' });
    expect(status(G, getObservable('orbital-magnetization').character, ['z'])).toEqual({ z: 'forbidden' });
    const C4: PointPart = { R: rotation([0, 0, 1], Math.PI / 2), antiunitary: false };
    const t = allowedComponents([C4], { rank: 2, kind: 'polar', time: 'even' }, { dim: 3 });
    const by = Object.fromEntries(t.components.map((c) => [c.tensor, c]));
    expect(t.free).toBe(3);
    expect(by.xx!.status).toBe('free');
    expect(by.yy!).toMatchObject({ status: 'related', text: '= xx' });
    expect(by.yx!).toMatchObject({ status: 'related', text: '= −xy' });
    expect(by.xz!.status).toBe('forbidden');
    expect(by.zz!.status).toBe('free');
    // a mirror forbids the odd components of an axial vector
    expect(status([{ R: mirror([1, 0, 0]), antiunitary: false }], { rank: 1, kind: 'axial', time: 'odd' }, ['x', 'y', 'z'], 3)).toEqual({ x: 'free', y: 'forbidden', z: 'forbidden' });
  });
});
