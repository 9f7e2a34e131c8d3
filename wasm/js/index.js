// The package entry point: picks the simd128 build when the engine supports
// WebAssembly SIMD, the portable build otherwise, and finishes initialising
// before the import resolves (top-level await), so every export is
// synchronous afterwards.
import * as simd128 from './simd128/pqkit_wasm.js';
import * as portable from './portable/pqkit_wasm.js';

// The smallest module that uses a v128 instruction: (func (result v128) v128.const 0).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

const isNode = typeof process !== 'undefined' && !!process.versions?.node;
const forced = isNode ? process.env.PQKIT_BACKEND : undefined;
if (forced !== undefined && forced !== 'portable' && forced !== 'simd128') {
  throw new TypeError(`PQKIT_BACKEND must be 'portable' or 'simd128', got '${forced}'`);
}
const simdSupported = WebAssembly.validate(SIMD_PROBE);
const chosen = forced ?? (simdSupported ? 'simd128' : 'portable');
const glue = chosen === 'simd128' ? simd128 : portable;
const url = new URL(`./${chosen}/pqkit_wasm_bg.wasm`, import.meta.url);

if (isNode) {
  const { readFile } = await import('node:fs/promises');
  glue.initSync({ module: await readFile(url) });
} else {
  await glue.default({ module_or_path: url });
}

/** Which WebAssembly build is running: `'simd128'` or `'portable'`. */
export const backend = glue.backendName();
