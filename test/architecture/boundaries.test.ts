import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const depcruise = path.join(root, 'node_modules/.bin/depcruise');

/** Runs the project's boundary check over a small tree; returns its exit code and output. */
function cruise(files: Record<string, string>): { code: number; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boundaries-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } }));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const folders = [...new Set(Object.keys(files).map((f) => f.split('/')[0]!))];
  try {
    const output = execFileSync(depcruise, ['--config', path.join(root, '.dependency-cruiser.cjs'), ...folders], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, output };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, output: e.stdout };
  }
}
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('the layering check', () => {
  it('passes a domain that imports only the domain', () => {
    const result = cruise({
      'domain/shared/x.ts': 'export const x = 1;\n',
      'domain/cases/y.ts': "import { x } from '../shared/x.js';\nexport const y = x;\n",
      'application/z.ts': "import { y } from '../domain/cases/y.js';\nexport const z = y;\n",
    });
    expect(result.code).toBe(0);
  });

  it('fails when the domain imports an adapter, a node module or a package', () => {
    const result = cruise({
      'infrastructure/adapter.ts': 'export const a = 1;\n',
      'domain/leaky.ts': "import { a } from '../infrastructure/adapter.js';\nimport fs from 'node:fs';\nexport const b = [a, fs];\n",
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('domain-is-pure');
    expect(result.output).toMatch(/domain\/leaky\.ts → infrastructure\/adapter\.ts/);
    expect(result.output).toMatch(/domain\/leaky\.ts → (node:)?fs/);
  });

  it('fails when the application imports infrastructure', () => {
    const result = cruise({
      'infrastructure/adapter.ts': 'export const a = 1;\n',
      'application/handler.ts': "import { a } from '../infrastructure/adapter.js';\nexport const h = a;\n",
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('application-not-infrastructure');
  });
});
