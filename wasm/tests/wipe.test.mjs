// Secrets do not stay in WebAssembly memory after a call: the module's own
// copies (argument buffers, keys, stack temporaries) are wiped. This loads a
// private instance of the build under test to look at its memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { filled } from './helpers.mjs';

const build = process.env.PQKIT_BACKEND ?? 'simd128';
const glue = await import(`../pkg/${build}/pqkit_wasm.js`);
const wasm = glue.initSync({
  module: readFileSync(new URL(`../pkg/${build}/pqkit_wasm_bg.wasm`, import.meta.url)),
});

/** Whether any 16-byte window of `secret` appears in the module's memory. */
function inMemory(secret) {
  const mem = Buffer.from(wasm.memory.buffer);
  for (let i = 0; i + 16 <= secret.length; i += 16) {
    if (mem.indexOf(Buffer.from(secret.subarray(i, i + 16))) >= 0) return true;
  }
  return false;
}

test('the memory scan finds what is there', () => {
  // A public key stays nowhere either, but a value written into the memory
  // must be found: the check would be vacuous otherwise.
  const probe = filled(32, 77);
  new Uint8Array(wasm.memory.buffer).set(probe, wasm.memory.buffer.byteLength - 64);
  assert.ok(inMemory(probe));
  new Uint8Array(wasm.memory.buffer).fill(0, wasm.memory.buffer.byteLength - 64);
  assert.ok(!inMemory(probe));
});

test('seeds, expanded keys and shared secrets are wiped after each KEM call', () => {
  for (let id = 0; id < 9; id++) {
    const name = glue.kemName(id);
    const [, , ctLen, ssLen, seedLen, randLen, expandedLen] = glue.kemLengths(id);
    const seed = filled(seedLen, 40 + id);
    const kp = glue.kemGenerateKeyPair(id, seed);
    assert.ok(!inMemory(seed), `${name}: seed after generateKeyPair`);
    const pk = kp.slice(0, kp.length - seedLen);
    const m = filled(randLen, 60 + id);
    const enc = glue.kemEncapsulate(id, pk, m);
    const ct = enc.slice(0, ctLen);
    const ss = enc.slice(ctLen);
    assert.equal(ss.length, ssLen);
    assert.ok(!inMemory(m), `${name}: randomness after encapsulate`);
    assert.ok(!inMemory(ss), `${name}: shared secret after encapsulate`);
    assert.deepEqual(glue.kemDecapsulate(id, seed, ct), ss);
    assert.ok(!inMemory(ss), `${name}: shared secret after decapsulate`);
    assert.ok(!inMemory(seed), `${name}: seed after decapsulate`);
    if (expandedLen) {
      const dk = glue.kemExpandSecretKey(id, seed);
      // dk_pke, the secret vector, is the first third.
      const dkPke = dk.subarray(0, (expandedLen - 96) / 2);
      assert.ok(!inMemory(dkPke), `${name}: expanded key after expandSecretKey`);
      assert.deepEqual(glue.kemDecapsulate(id, dk, ct), ss);
      assert.ok(!inMemory(dkPke), `${name}: expanded key after decapsulate`);
      assert.ok(!inMemory(ss), `${name}: shared secret after decapsulate (expanded)`);
    }
    // Failed calls wipe too.
    assert.throws(() => glue.kemDecapsulate(id, seed, ct.subarray(1)));
    assert.ok(!inMemory(seed), `${name}: seed after a failed call`);
  }
});

test('private keys are wiped after PKCS#8 encoding and decoding', () => {
  const seed = filled(64, 99);
  const der = glue.pkcs8Encode('ML-KEM-768', seed, 2);
  assert.ok(!inMemory(seed));
  const out = glue.pkcs8Decode(der);
  assert.ok(out.length > 64);
  assert.ok(!inMemory(seed));
  const text = glue.pemEncode('PRIVATE KEY', der);
  glue.pemDecode(text);
  assert.ok(!inMemory(seed));
});

test('ML-DSA seeds and expanded keys are wiped after signing', () => {
  for (let id = 0; id < 3; id++) {
    const name = glue.dsaName(id);
    const seed = filled(32, 120 + id);
    const kp = glue.dsaGenerateKeyPair(id, seed);
    assert.ok(!inMemory(seed), `${name}: seed after generateKeyPair`);
    const expanded = glue.dsaExpandSecretKey(id, seed);
    // s1 and s2 follow rho (32), K (32) and tr (64).
    const secret = expanded.subarray(128, 128 + 256);
    assert.ok(!inMemory(secret), `${name}: expanded key after expandSecretKey`);
    const msg = new Uint8Array([9, 9, 9]);
    const empty = new Uint8Array(0);
    for (const sk of [seed, expanded]) {
      glue.dsaSign(id, sk, msg, empty, 0);
      assert.ok(!inMemory(seed) && !inMemory(secret), `${name}: keys after sign`);
      glue.dsaSignMu(id, sk, new Uint8Array(64), 1);
      glue.dsaSignPrehashed(id, sk, msg, empty, 1);
      assert.ok(!inMemory(seed) && !inMemory(secret), `${name}: keys after signMu / signPrehashed`);
    }
    assert.ok(kp.length > 32);
  }
});

test('ECDH secret keys and shared secrets are wiped after each call', () => {
  for (let id = 0; id < 2; id++) {
    const name = glue.ecdhName(id);
    const [pkLen, skLen, ssLen] = glue.ecdhLengths(id);
    const sk = filled(skLen, 120 + id);
    const kp = glue.ecdhGenerateKeyPair(id, sk);
    assert.equal(kp.length, pkLen + skLen);
    assert.ok(!inMemory(sk), `${name}: secret key after generateKeyPair`);
    const pk = glue.ecdhPublicKey(id, sk);
    assert.ok(!inMemory(sk), `${name}: secret key after publicKey`);
    const peer = glue.ecdhGenerateKeyPair(id).slice(0, pkLen);
    const ss = glue.ecdhSharedSecret(id, sk, peer);
    assert.equal(ss.length, ssLen);
    assert.ok(!inMemory(sk), `${name}: secret key after sharedSecret`);
    assert.ok(!inMemory(ss), `${name}: shared secret after sharedSecret`);
    // A refused peer key wipes too.
    assert.throws(() => glue.ecdhSharedSecret(id, sk, pk.subarray(1)));
    assert.ok(!inMemory(sk), `${name}: secret key after a failed call`);
  }
});

test('key objects keep their key in memory until free() wipes it', () => {
  // ML-KEM-768: the key object keeps the seed next to the expanded key.
  const seed = filled(64, 140);
  const key = new glue.KemSecretKey(1, seed);
  assert.ok(inMemory(seed), 'the live key object holds its seed');
  const kp = glue.kemGenerateKeyPair(1, seed);
  const ct = glue.kemEncapsulate(1, kp.slice(0, kp.length - 64)).slice(0, 1088);
  const ss = key.decapsulate(ct);
  assert.ok(!inMemory(ss), 'shared secret after a key object decapsulate');
  key.free();
  assert.ok(!inMemory(seed), 'seed after free()');
  // A freed wasm-bindgen object refuses to be used (the JS layer turns this
  // into PqkitError KEY_FREED before it gets here).
  assert.throws(() => key.decapsulate(ct), Error);

  // X-Wing: the seed again.
  const xseed = filled(32, 141);
  const xkey = new glue.KemSecretKey(3, xseed);
  assert.ok(inMemory(xseed));
  xkey.free();
  assert.ok(!inMemory(xseed), 'X-Wing seed after free()');

  // ML-DSA-65: the signing key is kept prepared (s1, s2, t0 in the NTT
  // domain) with the 32-byte K of the expanded key (bytes 32..64); the
  // encoded key it was made from is wiped at import.
  const dseed = filled(32, 142);
  const expanded = glue.dsaExpandSecretKey(1, dseed);
  const k = expanded.subarray(32, 64);
  const s1 = expanded.subarray(128, 128 + 256);
  const signer = new glue.DsaSigningKey(1, dseed);
  assert.ok(inMemory(k), 'the live signing key holds K');
  assert.ok(!inMemory(s1), 'the encoded s1 is not left behind by the import');
  signer.sign(new Uint8Array([1]), new Uint8Array(0), 1);
  signer.free();
  assert.ok(!inMemory(k), 'K after free()');
  assert.ok(!inMemory(dseed), 'seed after free()');
});
