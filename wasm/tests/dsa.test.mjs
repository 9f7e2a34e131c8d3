// ML-DSA (pq.mlDsa44/65/87): Wycheproof vectors, round trips, external mu,
// HashML-DSA, every error path, and interoperability with noble (with
// context) in both directions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pq from '../pkg/index.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { filled, hex, needsVectors, wycheproof } from './helpers.mjs';

const SETS = [
  ['44', pq.mlDsa44, ml_dsa44, [1312, 32, 2420, 64, 2560]],
  ['65', pq.mlDsa65, ml_dsa65, [1952, 32, 3309, 64, 4032]],
  ['87', pq.mlDsa87, ml_dsa87, [2592, 32, 4627, 64, 4896]],
];
const MSG = new TextEncoder().encode('pqkit signs this');
const CTX = new TextEncoder().encode('context');

for (const [k, dsa, noble, L] of SETS) {
  test(`ML-DSA-${k}: name, lengths, round trips`, () => {
    assert.equal(dsa.name, `ML-DSA-${k}`);
    const [publicKey, secretKey, signature, mu, expandedSecretKey] = L;
    assert.deepEqual({ ...dsa.lengths }, { publicKey, secretKey, signature, mu, seed: 32, expandedSecretKey });
    const kp = dsa.generateKeyPair();
    assert.equal(kp.publicKey.length, publicKey);
    assert.equal(kp.secretKey.length, 32);
    const expanded = dsa.expandSecretKey(kp.secretKey);
    assert.equal(expanded.length, expandedSecretKey);
    assert.deepEqual(dsa.expandSecretKey(expanded), expanded);
    for (const sk of [kp.secretKey, expanded]) {
      const sig = dsa.sign(sk, MSG, { context: CTX });
      assert.equal(sig.length, signature);
      assert.equal(dsa.verify(kp.publicKey, MSG, sig, { context: CTX }), true);
      assert.equal(dsa.verify(kp.publicKey, MSG, sig), false);
      assert.equal(dsa.verify(kp.publicKey, MSG.subarray(1), sig, { context: CTX }), false);
    }
    // Hedged by default, deterministic on request, or with given randomness.
    assert.notDeepEqual(dsa.sign(kp.secretKey, MSG), dsa.sign(kp.secretKey, MSG));
    const det = dsa.sign(kp.secretKey, MSG, { deterministic: true });
    assert.deepEqual(dsa.sign(expanded, MSG, { deterministic: true }), det);
    assert.deepEqual(dsa.sign(kp.secretKey, MSG, { randomness: new Uint8Array(32) }), det);
    const rnd = filled(32, 5);
    assert.deepEqual(dsa.sign(kp.secretKey, MSG, { randomness: rnd }), dsa.sign(kp.secretKey, MSG, { randomness: rnd }));
    // Inputs are never modified.
    const copies = [kp.publicKey, kp.secretKey, expanded, MSG, CTX, rnd].map((a) => a.slice());
    const s2 = dsa.sign(kp.secretKey, MSG, { context: CTX, randomness: rnd });
    dsa.sign(expanded, MSG, { context: CTX });
    dsa.verify(kp.publicKey, MSG, s2, { context: CTX });
    dsa.signMu(expanded, dsa.computeMu(kp.publicKey, MSG, { context: CTX }), { randomness: rnd });
    dsa.signPrehashed(kp.secretKey, MSG, { context: CTX });
    assert.deepEqual([kp.publicKey, kp.secretKey, expanded, MSG, CTX, rnd], copies);
    // Seeds are deterministic.
    const seed = filled(32, 6);
    assert.deepEqual(dsa.generateKeyPair(seed), dsa.generateKeyPair(seed));
    assert.deepEqual(dsa.generateKeyPair(seed).secretKey, seed);
  });

  test(`ML-DSA-${k}: external mu and the streaming hasher`, () => {
    const { publicKey, secretKey } = dsa.generateKeyPair(filled(32, 7));
    const mu = dsa.computeMu(publicKey, MSG, { context: CTX });
    assert.equal(mu.length, 64);
    const h = dsa.muHasher(publicKey, { context: CTX });
    assert.equal(h.update(MSG.subarray(0, 3)).update(MSG.subarray(3)), h);
    assert.deepEqual(h.finalize(), mu);
    assert.throws(() => h.finalize(), TypeError);
    assert.throws(() => h.update(MSG), TypeError);
    assert.deepEqual(dsa.muHasher(publicKey).update(MSG).finalize(), dsa.computeMu(publicKey, MSG));
    // Signing mu gives the signature of the message.
    const sig = dsa.signMu(secretKey, mu, { deterministic: true });
    assert.deepEqual(sig, dsa.sign(secretKey, MSG, { context: CTX, deterministic: true }));
    assert.equal(dsa.verifyMu(publicKey, mu, sig), true);
    assert.equal(dsa.verify(publicKey, MSG, sig, { context: CTX }), true);
    const other = mu.slice();
    other[0] ^= 1;
    assert.equal(dsa.verifyMu(publicKey, other, sig), false);
    assert.equal(dsa.verifyMu(publicKey, mu, dsa.signMu(secretKey, mu)), true);
    assert.throws(() => dsa.signMu(secretKey, mu.subarray(1)), (e) => e instanceof RangeError && e.message.includes('64'));
    assert.throws(() => dsa.verifyMu(publicKey, mu.subarray(1), sig), RangeError);
  });

  test(`ML-DSA-${k}: HashML-DSA with SHA-512`, () => {
    const { publicKey, secretKey } = dsa.generateKeyPair(filled(32, 8));
    const sig = dsa.signPrehashed(secretKey, MSG, { context: CTX });
    assert.equal(dsa.verifyPrehashed(publicKey, MSG, sig, { context: CTX }), true);
    assert.equal(dsa.verifyPrehashed(publicKey, MSG, sig), false);
    assert.equal(dsa.verify(publicKey, MSG, sig, { context: CTX }), false);
    // noble's prehash mode with SHA-512 agrees, both ways.
    const theirs = noble.prehash(sha512);
    assert.equal(theirs.verify(sig, MSG, publicKey, { context: CTX }), true);
    const nobleSig = theirs.sign(MSG, noble.keygen(filled(32, 8)).secretKey, { context: CTX });
    assert.equal(dsa.verifyPrehashed(publicKey, MSG, nobleSig, { context: CTX }), true);
    assert.deepEqual(
      dsa.signPrehashed(secretKey, MSG, { context: CTX, deterministic: true }),
      theirs.sign(MSG, noble.keygen(filled(32, 8)).secretKey, { context: CTX, extraEntropy: false }),
    );
  });

  test(`ML-DSA-${k}: interoperates with noble, with context`, () => {
    for (let i = 0; i < 3; i++) {
      const seed = filled(32, 20 + i);
      const ours = dsa.generateKeyPair(seed);
      const theirs = noble.keygen(seed);
      assert.deepEqual(ours.publicKey, theirs.publicKey);
      assert.deepEqual(dsa.expandSecretKey(seed), theirs.secretKey);
      const ctx = filled(i * 100, 30 + i);
      // pqkit signs, noble verifies; noble signs, pqkit verifies.
      const sig = dsa.sign(ours.secretKey, MSG, { context: ctx });
      assert.equal(noble.verify(sig, MSG, theirs.publicKey, { context: ctx }), true);
      const nsig = noble.sign(MSG, theirs.secretKey, { context: ctx });
      assert.equal(dsa.verify(ours.publicKey, MSG, nsig, { context: ctx }), true);
      assert.equal(dsa.verify(ours.publicKey, MSG, nsig, { context: ctx.subarray(1) }), ctx.length === 0);
      // Deterministic signatures are identical; noble's expanded key signs in pqkit.
      const det = dsa.sign(ours.secretKey, MSG, { context: ctx, deterministic: true });
      assert.deepEqual(det, noble.sign(MSG, theirs.secretKey, { context: ctx, extraEntropy: false }));
      assert.deepEqual(dsa.sign(theirs.secretKey, MSG, { context: ctx, deterministic: true }), det);
    }
  });

  test(`ML-DSA-${k}: errors`, () => {
    const { publicKey, secretKey } = dsa.generateKeyPair();
    const sig = dsa.sign(secretKey, MSG);
    for (const bad of [null, 'x', [1], new ArrayBuffer(4), {}]) {
      assert.throws(() => dsa.generateKeyPair(bad), TypeError);
      assert.throws(() => dsa.sign(bad, MSG), TypeError);
      assert.throws(() => dsa.sign(secretKey, bad), TypeError);
      assert.throws(() => dsa.verify(publicKey, MSG, bad), TypeError);
      assert.throws(() => dsa.verify(bad, MSG, sig), TypeError);
    }
    assert.throws(() => dsa.sign(secretKey, MSG, { ctx: CTX }), TypeError);
    assert.throws(() => dsa.sign(secretKey, MSG, { context: 'ctx' }), TypeError);
    assert.throws(() => dsa.sign(secretKey, MSG, { deterministic: 1 }), TypeError);
    assert.throws(() => dsa.sign(secretKey, MSG, { deterministic: true, randomness: new Uint8Array(32) }), TypeError);
    assert.throws(() => dsa.verify(publicKey, MSG, sig, { deterministic: true }), TypeError);
    assert.throws(() => dsa.signMu(secretKey, new Uint8Array(64), { context: CTX }), TypeError);
    assert.throws(() => dsa.generateKeyPair(new Uint8Array(31)), (e) => e instanceof RangeError && e.message.includes('32'));
    assert.throws(() => dsa.sign(new Uint8Array(33), MSG), (e) => e instanceof RangeError && e.message.includes(String(dsa.lengths.expandedSecretKey)));
    assert.throws(() => dsa.sign(secretKey, MSG, { randomness: new Uint8Array(31) }), RangeError);
    assert.throws(() => dsa.sign(secretKey, MSG, { context: new Uint8Array(256) }), (e) => e instanceof RangeError && e.message.includes('255'));
    assert.throws(() => dsa.verify(publicKey, MSG, sig, { context: new Uint8Array(256) }), RangeError);
    assert.throws(() => dsa.verify(publicKey.subarray(1), MSG, sig), (e) => e instanceof RangeError && e.message.includes(String(dsa.lengths.publicKey)));
    assert.throws(() => dsa.muHasher(publicKey.subarray(1)), RangeError);
    assert.throws(() => dsa.muHasher(publicKey, { context: new Uint8Array(256) }), RangeError);
    assert.throws(() => dsa.muHasher(publicKey, { ctx: CTX }), TypeError);
    assert.throws(() => dsa.muHasher(publicKey).update('text'), TypeError);
    assert.throws(() => dsa.computeMu(publicKey, MSG, { context: new Uint8Array(256) }), RangeError);
    // Any signature that does not verify gives false, whatever its length.
    for (const s of [new Uint8Array(0), sig.subarray(1), new Uint8Array([...sig, 0]), new Uint8Array(sig.length).fill(0xff)]) {
      assert.equal(dsa.verify(publicKey, MSG, s), false);
      assert.equal(dsa.verifyMu(publicKey, dsa.computeMu(publicKey, MSG), s), false);
      assert.equal(dsa.verifyPrehashed(publicKey, MSG, s), false);
    }
    // An expanded key with out-of-range contents.
    const expanded = dsa.expandSecretKey(secretKey);
    const bad = expanded.slice();
    bad.fill(0xff, 128, 128 + 64);
    assert.throws(() => dsa.sign(bad, MSG), pq.PqkitError);
    // Nothing traps.
    for (const n of [0, 1, 31, 32, 33, 64, dsa.lengths.expandedSecretKey - 1, dsa.lengths.expandedSecretKey]) {
      for (const fn of [() => dsa.sign(new Uint8Array(n).fill(0xa5), MSG), () => dsa.verify(new Uint8Array(n), MSG, sig), () => dsa.signMu(secretKey, new Uint8Array(n))]) {
        try {
          fn();
        } catch (e) {
          assert.ok(e instanceof TypeError || e instanceof RangeError || e instanceof pq.PqkitError, String(e));
        }
      }
    }
    assert.equal(dsa.verify(publicKey, MSG, dsa.sign(secretKey, MSG)), true);
  });

  test(`Wycheproof ML-DSA-${k} signing from seed and from expanded key`, needsVectors(), () => {
    let n = 0;
    for (const file of [`mldsa_${k}_sign_seed_test.json`, `mldsa_${k}_sign_noseed_test.json`]) {
      for (const [g, t] of wycheproof(`wycheproof/${file}`)) {
        const sk = hex(g.privateSeed ?? g.privateKey);
        const opts = t.rnd ? { randomness: hex(t.rnd) } : { deterministic: true };
        const ctx = t.ctx === undefined ? {} : { context: hex(t.ctx) };
        const sign = () => (t.msg !== undefined ? dsa.sign(sk, hex(t.msg), { ...ctx, ...opts }) : dsa.signMu(sk, hex(t.mu), opts));
        if (t.result === 'valid') {
          assert.deepEqual(sign(), hex(t.sig), `${file} tcId ${t.tcId}`);
          if (g.publicKey) {
            if (t.msg !== undefined) assert.deepEqual(dsa.computeMu(hex(g.publicKey), hex(t.msg), ctx), hex(t.mu), `${file} tcId ${t.tcId} mu`);
            assert.equal(dsa.verifyMu(hex(g.publicKey), hex(t.mu), hex(t.sig)), true);
          }
        } else if (t.flags.includes('InvalidPrivateKey')) {
          assert.throws(sign, pq.PqkitError, `${file} tcId ${t.tcId}`);
        } else {
          assert.throws(sign, RangeError, `${file} tcId ${t.tcId}`);
        }
        n++;
      }
    }
    assert.ok(n > 100);
  });

  test(`Wycheproof ML-DSA-${k} verification`, needsVectors(), () => {
    let n = 0;
    for (const [g, t] of wycheproof(`wycheproof/mldsa_${k}_verify_test.json`)) {
      const pk = hex(g.publicKey);
      const ctx = t.ctx === undefined ? {} : { context: hex(t.ctx) };
      const verify = () => dsa.verify(pk, hex(t.msg), hex(t.sig), ctx);
      if (t.flags.includes('IncorrectPublicKeyLength') || t.flags.includes('InvalidContext')) {
        assert.throws(verify, RangeError, `tcId ${t.tcId}`);
      } else {
        assert.equal(verify(), t.result === 'valid', `tcId ${t.tcId} ${t.comment}`);
      }
      n++;
    }
    assert.ok(n > 100);
  });
}
