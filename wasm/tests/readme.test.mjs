// Every code example of wasm/README.md, run as a user would: each fenced
// `js` block is a complete program, written into a scratch folder where
// `pqkit` resolves to the built package (through its package.json
// `exports`), and run with this Node; its `assert`s check what the comments
// promise. The `ts` blocks are type-checked by the pinned TypeScript with
// `--strict` under `moduleResolution` `bundler` and `node16`, then compiled
// and run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const PKG = fileURLToPath(new URL('../pkg/', import.meta.url));
const TSC = fileURLToPath(new URL('node_modules/typescript/bin/tsc', import.meta.url));

/** The fenced blocks of `lang`, each named after the section it is in. */
function examples(text) {
  const out = [];
  let heading = '(top)';
  const count = new Map();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const h = /^#{1,4} (.*)$/.exec(lines[i]);
    if (h) heading = h[1];
    // A paragraph led by a bold title ("**Key objects.**") names the blocks after it.
    const lead = /^\*\*(.+?)\.?\*\*/.exec(lines[i]);
    if (lead) heading = `${heading.split(' / ')[0]} / ${lead[1]}`;
    const fence = /^```(\w+)\s*$/.exec(lines[i]);
    if (!fence) continue;
    const body = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]);
    const lang = fence[1];
    if (lang !== 'js' && lang !== 'ts') continue;
    const n = (count.get(heading + lang) ?? 0) + 1;
    count.set(heading + lang, n);
    out.push({ lang, name: `${heading} (${lang} #${n})`, code: body.join('\n') + '\n' });
  }
  return out;
}

const blocks = examples(readFileSync(README, 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'pqkit-readme-'));
mkdirSync(join(dir, 'node_modules'));
symlinkSync(PKG, join(dir, 'node_modules', 'pqkit'), 'dir');
writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function run(args, what) {
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, `${what} failed:\n${r.stdout}\n${r.stderr}`);
  return r;
}

test('the README has runnable examples', () => {
  const js = blocks.filter((b) => b.lang === 'js').length;
  const ts = blocks.filter((b) => b.lang === 'ts').length;
  assert.ok(js >= 10 && ts >= 1, `found ${js} js and ${ts} ts blocks`);
  for (const b of blocks) {
    assert.match(b.code, /from 'pqkit(\/webcrypto)?'/, `${b.name} imports the package by name`);
  }
});

blocks
  .filter((b) => b.lang === 'js')
  .forEach((b, i) => {
    test(`README example: ${b.name}`, () => {
      const file = `example-${i}.mjs`;
      writeFileSync(join(dir, file), b.code);
      run([file], b.name);
    });
  });

const tsBlocks = blocks.filter((b) => b.lang === 'ts');
const tsFiles = tsBlocks.map((b, i) => {
  const file = `example-${i}.ts`;
  writeFileSync(join(dir, file), b.code);
  return file;
});
const common = {
  strict: true,
  target: 'es2022',
  lib: ['es2022', 'dom'],
  types: [],
  skipLibCheck: false,
  isolatedModules: true,
};

test(`README TypeScript examples (${tsBlocks.map((b) => b.name).join(', ')}): tsc --strict, moduleResolution bundler`, () => {
  writeFileSync(
    join(dir, 'tsconfig.bundler.json'),
    JSON.stringify({ compilerOptions: { ...common, module: 'esnext', moduleResolution: 'bundler', noEmit: true }, files: tsFiles }),
  );
  run([TSC, '-p', 'tsconfig.bundler.json'], 'tsc (bundler)');
});

test('README TypeScript examples: tsc --strict, moduleResolution node16, then run', () => {
  writeFileSync(
    join(dir, 'tsconfig.node16.json'),
    JSON.stringify({ compilerOptions: { ...common, module: 'node16', moduleResolution: 'node16', outDir: 'out' }, files: tsFiles }),
  );
  run([TSC, '-p', 'tsconfig.node16.json'], 'tsc (node16)');
  for (const [i, b] of tsBlocks.entries()) {
    run([join('out', `example-${i}.js`)], b.name);
  }
});

test('TypeScript sees the byte-string results as Uint8Array<ArrayBuffer> and refuses misuse', () => {
  // Lines that must type-check, and lines marked @ts-expect-error that must not.
  writeFileSync(
    join(dir, 'types.ts'),
    `import * as pq from 'pqkit';
import { subtle } from 'pqkit/webcrypto';
const kp = pq.mlKem768.generateKeyPair();
const pk: Uint8Array<ArrayBuffer> = kp.publicKey;
const shared: SharedArrayBuffer = new SharedArrayBuffer(64);
pq.mlKem768.encapsulate(new Uint8Array(shared, 0, 64)); // any Uint8Array goes in
const key = pq.mlDsa65.importVerifyingKey(pq.mlDsa65.generateKeyPair().publicKey);
const ok: boolean = key.verify(new Uint8Array(1), new Uint8Array(1), { context: new Uint8Array(1) });
key.free();
// @ts-expect-error a string is not bytes
pq.mlKem768.encapsulate('abc');
// @ts-expect-error unknown option
pq.mlDsa65.sign(kp.secretKey, pk, { salt: 1 });
// @ts-expect-error not a PQ algorithm
void subtle.generateKey('RSA-OAEP', true, ['sign']);
// @ts-expect-error no such usage
void subtle.generateKey('ML-KEM-768', true, ['encrypt']);
void ok;
`,
  );
  writeFileSync(
    join(dir, 'tsconfig.types.json'),
    JSON.stringify({ compilerOptions: { ...common, module: 'esnext', moduleResolution: 'bundler', noEmit: true }, files: ['types.ts'] }),
  );
  run([TSC, '-p', 'tsconfig.types.json'], 'tsc (types)');
});
