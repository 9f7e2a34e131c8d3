// Interoperability with @noble/post-quantum (pinned in package-lock.json),
// in both directions: same keys from the same seeds, and each side
// decapsulates what the other encapsulated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pq from '../pkg/index.js';
import { ml_kem512, ml_kem768, ml_kem1024 } from '@noble/post-quantum/ml-kem.js';
import { ml_kem768_x25519, ml_kem768_p256, ml_kem1024_p384 } from '@noble/post-quantum/hybrid.js';
import { filled } from './helpers.mjs';

const PAIRS = [
  [pq.mlKem512, ml_kem512],
  [pq.mlKem768, ml_kem768],
  [pq.mlKem1024, ml_kem1024],
  [pq.xWing, ml_kem768_x25519],
  [pq.mlKem768P256, ml_kem768_p256],
  [pq.mlKem1024P384, ml_kem1024_p384],
];

for (const [kem, noble] of PAIRS) {
  test(`${kem.name} interoperates with noble`, () => {
    for (let i = 0; i < 5; i++) {
      const seed = filled(kem.lengths.seed, 100 + i);
      const ours = kem.generateKeyPair(seed);
      const theirs = noble.keygen(seed);
      assert.deepEqual(ours.publicKey, theirs.publicKey);

      // pqkit encapsulates, noble decapsulates.
      const sent = kem.encapsulate(theirs.publicKey);
      assert.deepEqual(noble.decapsulate(sent.ciphertext, theirs.secretKey), sent.sharedSecret);

      // noble encapsulates, pqkit decapsulates.
      const got = noble.encapsulate(ours.publicKey);
      assert.deepEqual(kem.decapsulate(ours.secretKey, got.cipherText), got.sharedSecret);

      // Same randomness, same ciphertext.
      const r = filled(kem.lengths.randomness, 200 + i);
      const a = kem.encapsulate(ours.publicKey, r);
      const b = noble.encapsulate(ours.publicKey, r);
      assert.deepEqual(a.ciphertext, b.cipherText);
      assert.deepEqual(a.sharedSecret, b.sharedSecret);
    }
  });
}

test('ML-KEM: noble expanded secret keys decapsulate in pqkit and match expandSecretKey', () => {
  for (const [kem, noble] of PAIRS.slice(0, 3)) {
    const seed = filled(64, 7);
    const { secretKey } = noble.keygen(seed);
    assert.deepEqual(kem.expandSecretKey(seed), secretKey);
  }
});
