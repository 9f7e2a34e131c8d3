import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pq from '../pkg/index.js';

test('the loader runs the build PQKIT_BACKEND asks for', () => {
  const wanted = process.env.PQKIT_BACKEND;
  assert.ok(wanted === 'portable' || wanted === 'simd128', 'run through cargo xtask test wasm');
  assert.equal(pq.backend, wanted);
});

test('without PQKIT_BACKEND, Node gets the simd128 build', async () => {
  const { execFileSync } = await import('node:child_process');
  const env = { ...process.env };
  delete env.PQKIT_BACKEND;
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', "import * as pq from '../pkg/index.js'; console.log(pq.backend)"],
    { env, cwd: import.meta.dirname, encoding: 'utf8' },
  );
  assert.equal(out.trim(), 'simd128');
});
