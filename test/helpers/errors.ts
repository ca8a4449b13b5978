import { expect } from 'vitest';
import { OrbitronicsError } from '../../src/errors.js';

/** Runs `f`, which must throw an OrbitronicsError, and returns it (for assertions on code, where, hint). */
export function err(f: () => unknown): OrbitronicsError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OrbitronicsError);
    return e as OrbitronicsError;
  }
  throw new Error('expected an OrbitronicsError');
}
