// Key objects (`importSecretKey`, `importSigningKey`, `importVerifyingKey`):
// same results as the byte-string calls, the same argument errors, and a
// typed error once freed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pq from '../pkg/index.js';
import { spawnSync } from 'node:child_process';
import { filled } from './helpers.mjs';

const KEMS = [
  'mlKem512',
  'mlKem768',
  'mlKem1024',
  'xWing',
  'x25519MlKem768',
  'secp256r1MlKem768',
  'secp384r1MlKem1024',
  'mlKem768P256',
  'mlKem1024P384',
];

function freedError(e) {
  return e instanceof pq.PqkitError && e.code === 'KEY_FREED';
}

for (const k of KEMS) {
  const kem = pq[k];
  test(`${kem.name} secret key object decapsulates as the byte-string call does`, () => {
    const seed = filled(kem.lengths.seed, 11);
    const { publicKey, secretKey } = kem.generateKeyPair(seed);
    const key = kem.importSecretKey(secretKey);
    assert.equal(key.name, kem.name);
    assert.deepEqual(key.publicKey, publicKey);
    for (let i = 0; i < 3; i++) {
      const { ciphertext, sharedSecret } = kem.encapsulate(publicKey);
      assert.deepEqual(key.decapsulate(ciphertext), sharedSecret);
      assert.deepEqual(key.decapsulate(ciphertext), kem.decapsulate(secretKey, ciphertext));
    }
    assert.throws(() => key.decapsulate(new Uint8Array(kem.lengths.ciphertext - 1)), RangeError);
    assert.throws(() => key.decapsulate('ct'), TypeError);
    assert.equal(key.freed, false);
    key.free();
    assert.equal(key.freed, true);
    key.free(); // a second free does nothing
    assert.throws(() => key.decapsulate(kem.encapsulate(publicKey).ciphertext), freedError);
    assert.throws(() => key.publicKey, freedError);
  });

  test(`${kem.name} importSecretKey refuses what decapsulate refuses`, () => {
    assert.throws(() => kem.importSecretKey(new Uint8Array(kem.lengths.seed + 1)), RangeError);
    assert.throws(() => kem.importSecretKey([1, 2, 3]), TypeError);
  });
}

test('an ML-KEM key object takes the expanded key too, and checks it', () => {
  const kem = pq.mlKem768;
  const { publicKey, secretKey } = kem.generateKeyPair(filled(64, 3));
  const dk = kem.expandSecretKey(secretKey);
  const key = kem.importSecretKey(dk);
  const { ciphertext, sharedSecret } = kem.encapsulate(publicKey);
  assert.deepEqual(key.decapsulate(ciphertext), sharedSecret);
  assert.deepEqual(key.publicKey, publicKey);
  key.free();
  dk[dk.length - 40] ^= 1; // inside the embedded H(ek)
  assert.throws(
    () => kem.importSecretKey(dk),
    (e) => e instanceof pq.PqkitError && e.code === 'DECAPSULATION_KEY_HASH_MISMATCH',
  );
});

for (const d of ['mlDsa44', 'mlDsa65', 'mlDsa87']) {
  const dsa = pq[d];
  test(`${dsa.name} signing and verifying key objects match the byte-string calls`, () => {
    const { publicKey, secretKey } = dsa.generateKeyPair(filled(32, 21));
    const message = filled(100, 22);
    const context = new TextEncoder().encode('ctx');
    const rnd = filled(32, 23);
    const signer = dsa.importSigningKey(secretKey);
    const verifier = dsa.importVerifyingKey(publicKey);
    assert.deepEqual(signer.publicKey, publicKey);
    assert.deepEqual(verifier.publicKey, publicKey);

    const sig = signer.sign(message, { context, randomness: rnd });
    assert.deepEqual(sig, dsa.sign(secretKey, message, { context, randomness: rnd }));
    assert.deepEqual(
      signer.sign(message, { deterministic: true }),
      dsa.sign(secretKey, message, { deterministic: true }),
    );
    assert.equal(verifier.verify(message, sig, { context }), true);
    assert.equal(verifier.verify(message, sig), false);
    assert.equal(verifier.verify(message, sig.subarray(1), { context }), false);

    const mu = dsa.computeMu(publicKey, message, { context });
    assert.deepEqual(signer.signMu(mu, { randomness: rnd }), sig);
    assert.equal(verifier.verifyMu(mu, sig), true);

    const pre = signer.signPrehashed(message, { context, deterministic: true });
    assert.deepEqual(pre, dsa.signPrehashed(secretKey, message, { context, deterministic: true }));
    assert.equal(verifier.verifyPrehashed(message, pre, { context }), true);
    assert.equal(verifier.verify(message, pre, { context }), false);

    // The expanded key gives the same signer.
    const fromExpanded = dsa.importSigningKey(dsa.expandSecretKey(secretKey));
    assert.deepEqual(fromExpanded.sign(message, { context, randomness: rnd }), sig);
    fromExpanded.free();

    assert.throws(() => signer.sign(message, { context: new Uint8Array(256) }), RangeError);
    assert.throws(() => signer.sign(message, { salt: 1 }), TypeError);
    assert.throws(() => signer.signMu(new Uint8Array(63)), RangeError);
    signer.free();
    verifier.free();
    assert.throws(() => signer.sign(message), freedError);
    assert.throws(() => verifier.verify(message, sig), freedError);
    assert.throws(() => verifier.verifyMu(mu, sig), freedError);
  });

  test(`${dsa.name} key imports refuse bad keys`, () => {
    assert.throws(() => dsa.importSigningKey(new Uint8Array(31)), RangeError);
    assert.throws(() => dsa.importVerifyingKey(new Uint8Array(dsa.lengths.publicKey - 1)), RangeError);
    const bad = dsa.expandSecretKey(filled(32, 5));
    bad[bad.length - 10] ^= 1; // inside t0, which the import recomputes
    assert.throws(() => dsa.importSigningKey(bad), pq.PqkitError);
  });
}

test('a key object that is garbage collected without free() is wiped', () => {
  // In a child Node with --expose-gc: the key's seed is in WebAssembly memory
  // while the object lives, and gone after a collection.
  const build = pq.backend;
  const script = `
    import * as pq from ${JSON.stringify(new URL('../pkg/index.js', import.meta.url).href)};
    import { readFileSync } from 'node:fs';
    const glue = await import(${JSON.stringify(new URL('../pkg/', import.meta.url).href)} + '${build}/pqkit_wasm.js');
    const wasm = glue.initSync({ module: readFileSync(new URL('../pkg/${build}/pqkit_wasm_bg.wasm', ${JSON.stringify(import.meta.url)})) });
    const seed = new Uint8Array(64).map((_, i) => (i * 37 + 11) & 255);
    const present = () => Buffer.from(wasm.memory.buffer).indexOf(Buffer.from(seed)) >= 0;
    (() => { pq.mlKem768.importSecretKey(seed); })();
    if (!present()) { console.log('not-held'); process.exit(0); }
    for (let i = 0; i < 50 && present(); i++) {
      globalThis.gc();
      await new Promise((r) => setTimeout(r, 20));
    }
    console.log(present() ? 'still-there' : 'wiped');
  `;
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'wiped');
});
