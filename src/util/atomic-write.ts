/**
 * Atomic file writes (docs/reliability.md): the content goes to a temporary file in the same
 * directory, is flushed to disk, and is renamed over the target. A reader (or a crash, or Ctrl-C)
 * sees either the old file or the complete new one, never a half-written file. On failure the
 * temporary file is removed and IO_ERROR is thrown.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { OrbitronicsError } from '../errors.js';

export interface AtomicWriteOptions {
  /** Create the parent directory (recursively) if it does not exist. Default true. */
  mkdir?: boolean;
  /** fsync the file before the rename (default true). */
  fsync?: boolean;
  /** Test hook: called after the temp file is written and before the rename. */
  beforeRename?: (tempPath: string) => void | Promise<void>;
}

/** Temporary names: `.<name>.<random>.tmp` next to the target. */
export const tempNameFor = (file: string): string => path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);

/** Writes `content` to `file` atomically (temp file in the same directory + rename). */
export async function writeFileAtomic(file: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(file);
  const tmp = tempNameFor(file);
  try {
    if (options.mkdir !== false) await mkdir(dir, { recursive: true });
    const fh = await open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(content);
      if (options.fsync !== false) await fh.sync();
    } finally {
      await fh.close();
    }
    if (options.beforeRename) await options.beforeRename(tmp);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    if (e instanceof OrbitronicsError) throw e;
    throw new OrbitronicsError('IO_ERROR', `cannot write ${file}: ${(e as Error).message}`, { where: file, cause: e });
  }
}
