import fs from 'node:fs';
import path from 'node:path';

/** The project's root: the nearest folder above this module holding package.json (works from src and dist). */
export const projectRoot: string = (() => {
  let dir = import.meta.dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + import.meta.dirname);
    dir = parent;
  }
  return dir;
})();

export const analyticsDir = path.join(projectRoot, 'analytics');
export const uiBuildDir = path.join(projectRoot, 'ui', 'build');

/** Where the running server tells local tools how to reach it (readable by its own user only). */
export function controlFile(dataDir: string): string {
  return path.join(dataDir, 'server.json');
}
