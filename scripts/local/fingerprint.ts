/** Content fingerprints that decide when a build or an import is stale. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from '../pipeline/paths.ts';

function* filesUnder(path: string): Generator<string> {
  if (!existsSync(path)) return;
  if (statSync(path).isFile()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    yield* filesUnder(join(path, entry.name));
  }
}

/** A SHA-256 over the names and bytes of every file under the given paths. */
export function fingerprint(paths: string[], extra = ''): string {
  const hash = createHash('sha256').update(extra);
  for (const path of paths) {
    for (const file of filesUnder(path)) hash.update(relative(root, file)).update(readFileSync(file));
  }
  return hash.digest('hex');
}
