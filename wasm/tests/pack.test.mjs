// What `npm pack` puts in the tarball, and the package.json a resolver reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PKG = fileURLToPath(new URL('../pkg/', import.meta.url));
const manifest = JSON.parse(readFileSync(new URL('../pkg/package.json', import.meta.url), 'utf8'));

test('npm pack ships exactly the files the package needs', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: PKG,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [info] = JSON.parse(out);
  const files = info.files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    'README.md',
    'index.d.ts',
    'index.js',
    'package.json',
    'portable/pqkit_wasm.js',
    'portable/pqkit_wasm_bg.wasm',
    'simd128/pqkit_wasm.js',
    'simd128/pqkit_wasm_bg.wasm',
    'webcrypto.d.ts',
    'webcrypto.js',
  ]);
  // Each file the loader or the types refer to is in the list.
  const index = readFileSync(new URL('../pkg/index.js', import.meta.url), 'utf8');
  for (const m of index.matchAll(/'\.\/((?:portable|simd128)\/[^']+)'/g)) {
    assert.ok(files.includes(m[1]), `${m[1]} is imported by index.js but not packed`);
  }
});

test('exports: ".", "./webcrypto" and "./package.json", "types" first', () => {
  assert.deepEqual(Object.keys(manifest.exports), ['.', './webcrypto', './package.json']);
  for (const [path, target] of Object.entries(manifest.exports)) {
    if (typeof target === 'string') continue;
    const conditions = Object.keys(target);
    assert.equal(conditions[0], 'types', `${path}: "types" must come first`);
    assert.equal(conditions.at(-1), 'default', `${path}: "default" must come last`);
    for (const file of Object.values(target)) {
      assert.ok(readFileSync(new URL(`../pkg/${file}`, import.meta.url)).length > 0, file);
    }
  }
  assert.equal(manifest.exports['./package.json'], './package.json');
  assert.equal(manifest.type, 'module');
});

test('the type declarations use no `any` and document every export', () => {
  for (const file of ['index.d.ts', 'webcrypto.d.ts']) {
    const text = readFileSync(new URL(`../pkg/${file}`, import.meta.url), 'utf8');
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    assert.doesNotMatch(code, /\bany\b/, `${file} uses any`);
    // Every `export` is preceded by a doc comment.
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (!line.startsWith('export ')) return;
      let j = i - 1;
      while (j >= 0 && lines[j].trim() === '') j--;
      assert.ok(lines[j]?.trim().endsWith('*/'), `${file}:${i + 1} has no doc comment: ${line}`);
    });
  }
});
