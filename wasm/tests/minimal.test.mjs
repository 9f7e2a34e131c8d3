// The reduced build (`--no-default-features`), which `cargo xtask wasm`
// leaves in target/wasm-minimal/pkg: ML-KEM-768, X25519MLKEM768, X25519 ECDH
// and TLS negotiation work, everything else is absent rather than broken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { filled } from './helpers.mjs';

const dir = new URL('../../target/wasm-minimal/pkg/', import.meta.url);
const built = existsSync(new URL('pqkit_wasm.js', dir));

test('the minimal build has ML-KEM-768, X25519MLKEM768 and X25519 only', { skip: !built && 'not built' }, async () => {
  const glue = await import(new URL('pqkit_wasm.js', dir).href);
  glue.initSync({ module: readFileSync(new URL('pqkit_wasm_bg.wasm', dir)) });
  const names = Array.from({ length: 9 }, (_, id) => glue.kemName(id));
  assert.deepEqual(names, [undefined, 'ML-KEM-768', undefined, undefined, 'X25519MLKEM768', undefined, undefined, undefined, undefined]);
  assert.equal(glue.spkiEncode, undefined);
  assert.deepEqual([glue.ecdhName(0), glue.ecdhName(1)], ['X25519', undefined]);
  assert.throws(() => glue.ecdhPublicKey(1, new Uint8Array(32).fill(1)), /not in this build/);
  assert.equal(glue.ecdhPublicKey(0, new Uint8Array(32).fill(1)).length, 32);
  for (const id of [1, 4]) {
    const [, , ctLen, , seedLen] = glue.kemLengths(id);
    const seed = filled(seedLen, 5);
    const kp = glue.kemGenerateKeyPair(id, seed);
    const enc = glue.kemEncapsulate(id, kp.slice(0, kp.length - seedLen));
    assert.deepEqual(glue.kemDecapsulate(id, seed, enc.slice(0, ctLen)), enc.slice(ctLen));
  }
  assert.throws(() => glue.kemGenerateKeyPair(0), /not in this build/);
  assert.deepEqual([...glue.tlsNegotiate(new Uint16Array([0x11ec]), new Uint16Array([0x11ec]), new Uint16Array([0x11ec]), 0)], [0, 0x11ec]);
});
