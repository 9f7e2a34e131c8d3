// Known-answer tests from ../shared/vectors: Wycheproof ML-KEM, CCTV ML-KEM,
// the X-Wing draft's vectors and the hpke-pq KEM vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pq from '../pkg/index.js';
import { hex, needsVectors, vectorJson, vectorText, wycheproof } from './helpers.mjs';

const ML_KEM = { 512: pq.mlKem512, 768: pq.mlKem768, 1024: pq.mlKem1024 };
const refused = (e) => e instanceof RangeError || e instanceof pq.PqkitError;

for (const [k, kem] of Object.entries(ML_KEM)) {
  test(`Wycheproof ML-KEM-${k} key generation from seed`, needsVectors(), () => {
    let n = 0;
    for (const [, t] of wycheproof(`wycheproof/mlkem_${k}_keygen_seed_test.json`)) {
      const seed = hex(t.seed);
      assert.deepEqual(kem.generateKeyPair(seed).publicKey, hex(t.ek), `tcId ${t.tcId}`);
      assert.deepEqual(kem.expandSecretKey(seed), hex(t.dk), `tcId ${t.tcId}`);
      n++;
    }
    assert.ok(n > 0);
  });

  test(`Wycheproof ML-KEM-${k} decapsulation from seed`, needsVectors(), () => {
    let valid = 0;
    let invalid = 0;
    for (const [, t] of wycheproof(`wycheproof/mlkem_${k}_test.json`)) {
      const seed = hex(t.seed);
      const c = hex(t.c);
      if (t.result === 'valid') {
        assert.deepEqual(kem.generateKeyPair(seed).publicKey, hex(t.ek), `tcId ${t.tcId}`);
        assert.deepEqual(kem.decapsulate(seed, c), hex(t.K), `tcId ${t.tcId}`);
        valid++;
      } else {
        assert.throws(() => kem.decapsulate(seed, c), refused, `tcId ${t.tcId} ${t.comment}`);
        invalid++;
      }
    }
    assert.ok(valid > 0 && invalid > 0);
  });

  test(`Wycheproof ML-KEM-${k} encapsulation`, needsVectors(), () => {
    let n = 0;
    for (const [, t] of wycheproof(`wycheproof/mlkem_${k}_encaps_test.json`)) {
      const ek = hex(t.ek);
      const m = hex(t.m);
      if (t.result === 'valid') {
        const { ciphertext, sharedSecret } = kem.encapsulate(ek, m);
        assert.deepEqual(ciphertext, hex(t.c), `tcId ${t.tcId}`);
        assert.deepEqual(sharedSecret, hex(t.K), `tcId ${t.tcId}`);
      } else if (ek.length === kem.lengths.publicKey) {
        assert.throws(
          () => kem.encapsulate(ek, m),
          (e) => e instanceof pq.PqkitError && e.code === 'ENCAPSULATION_KEY_NOT_REDUCED',
          `tcId ${t.tcId}`,
        );
      } else {
        assert.throws(() => kem.encapsulate(ek, m), RangeError, `tcId ${t.tcId}`);
      }
      n++;
    }
    assert.ok(n > 0);
  });

  test(`Wycheproof ML-KEM-${k} decapsulation from the expanded key`, needsVectors(), () => {
    let n = 0;
    for (const [, t] of wycheproof(`wycheproof/mlkem_${k}_semi_expanded_decaps_test.json`)) {
      const dk = hex(t.dk);
      const c = hex(t.c);
      if (t.result === 'valid') {
        assert.deepEqual(kem.decapsulate(dk, c), hex(t.K), `tcId ${t.tcId}`);
      } else if (t.flags.includes('InvalidDecapsulationKey')) {
        assert.throws(() => kem.decapsulate(dk, c), pq.PqkitError, `tcId ${t.tcId}`);
      } else {
        assert.throws(() => kem.decapsulate(dk, c), RangeError, `tcId ${t.tcId}`);
      }
      n++;
    }
    assert.ok(n > 0);
  });

  test(`CCTV ML-KEM-${k}: unreduced keys and strcmp cases`, needsVectors(), () => {
    const keys = vectorText(`cctv/ML-KEM/modulus/ML-KEM-${k}.txt.gz`).split('\n').filter(Boolean);
    assert.ok(keys.length > 100);
    for (const line of keys) {
      assert.throws(
        () => kem.encapsulate(hex(line.trim())),
        (e) => e instanceof pq.PqkitError && e.code === 'ENCAPSULATION_KEY_NOT_REDUCED',
      );
    }
    const fields = {};
    let cases = 0;
    for (const line of vectorText(`cctv/ML-KEM/strcmp/ML-KEM-${k}.txt`).split('\n')) {
      const m = /^(\w+) = ([0-9a-f]+)$/.exec(line.trim());
      if (!m) continue;
      fields[m[1]] = hex(m[2]);
      if (m[1] === 'K') {
        assert.deepEqual(kem.decapsulate(fields.dk, fields.c), fields.K);
        cases++;
      }
    }
    assert.ok(cases > 0);
  });
}

test('X-Wing draft vectors', needsVectors(), () => {
  const vectors = vectorJson('xwing/test-vectors.json');
  assert.ok(vectors.length > 0);
  for (const v of vectors) {
    const { publicKey, secretKey } = pq.xWing.generateKeyPair(hex(v.seed));
    assert.deepEqual(publicKey, hex(v.pk));
    assert.deepEqual(secretKey, hex(v.sk));
    const { ciphertext, sharedSecret } = pq.xWing.encapsulate(publicKey, hex(v.eseed));
    assert.deepEqual(ciphertext, hex(v.ct));
    assert.deepEqual(sharedSecret, hex(v.ss));
    assert.deepEqual(pq.xWing.decapsulate(secretKey, ciphertext), hex(v.ss));
  }
});

test('hpke-pq KEM vectors: ML-KEM, X-Wing, MLKEM768-P256, MLKEM1024-P384', needsVectors(), () => {
  const KEMS = {
    0x40: pq.mlKem512,
    0x41: pq.mlKem768,
    0x42: pq.mlKem1024,
    0x50: pq.mlKem768P256,
    0x51: pq.mlKem1024P384,
    0x647a: pq.xWing,
  };
  const seen = new Set();
  for (const v of vectorJson('hpke-pq/test-vectors.json')) {
    const kem = KEMS[v.kem_id];
    if (!kem) continue;
    const { publicKey, secretKey } = kem.generateKeyPair(hex(v.skRm));
    assert.deepEqual(publicKey, hex(v.pkRm), kem.name);
    const { ciphertext, sharedSecret } = kem.encapsulate(publicKey, hex(v.ikmE));
    assert.deepEqual(ciphertext, hex(v.enc), kem.name);
    assert.deepEqual(sharedSecret, hex(v.shared_secret), kem.name);
    assert.deepEqual(kem.decapsulate(secretKey, ciphertext), hex(v.shared_secret), kem.name);
    seen.add(kem.name);
  }
  assert.deepEqual(
    [...seen].sort(),
    ['ML-KEM-1024', 'ML-KEM-512', 'ML-KEM-768', 'MLKEM1024-P384', 'MLKEM768-P256', 'X-Wing'],
  );
});
