// The KEM objects: shape, round trips, determinism and every error path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pq from '../pkg/index.js';
import { filled } from './helpers.mjs';

const KEMS = {
  mlKem512: 'ML-KEM-512',
  mlKem768: 'ML-KEM-768',
  mlKem1024: 'ML-KEM-1024',
  xWing: 'X-Wing',
  x25519MlKem768: 'X25519MLKEM768',
  secp256r1MlKem768: 'SecP256r1MLKEM768',
  secp384r1MlKem1024: 'SecP384r1MLKEM1024',
  mlKem768P256: 'MLKEM768-P256',
  mlKem1024P384: 'MLKEM1024-P384',
};

const LENGTHS = {
  mlKem512: [800, 64, 768, 32, 64, 32],
  mlKem768: [1184, 64, 1088, 32, 64, 32],
  mlKem1024: [1568, 64, 1568, 32, 64, 32],
  xWing: [1216, 32, 1120, 32, 32, 64],
  x25519MlKem768: [1216, 96, 1120, 64, 96, 64],
  secp256r1MlKem768: [1249, 96, 1153, 64, 96, 64],
  secp384r1MlKem1024: [1665, 112, 1665, 80, 112, 80],
  mlKem768P256: [1249, 32, 1153, 32, 32, 160],
  mlKem1024P384: [1665, 32, 1665, 32, 32, 80],
};

const isPqkitError = (code) => (e) => e instanceof pq.PqkitError && e.code === code;

for (const [key, name] of Object.entries(KEMS)) {
  const kem = pq[key];

  test(`${name}: name and lengths`, () => {
    assert.equal(kem.name, name);
    const [publicKey, secretKey, ciphertext, sharedSecret, seed, randomness] = LENGTHS[key];
    assert.deepEqual(
      { ...kem.lengths, expandedSecretKey: undefined },
      { publicKey, secretKey, ciphertext, sharedSecret, seed, randomness, expandedSecretKey: undefined },
    );
    assert.equal(typeof kem.expandSecretKey, key.startsWith('mlKem') && !key.includes('P') ? 'function' : 'undefined');
  });

  test(`${name}: random round trip`, () => {
    const { publicKey, secretKey } = kem.generateKeyPair();
    assert.equal(publicKey.length, kem.lengths.publicKey);
    assert.equal(secretKey.length, kem.lengths.secretKey);
    assert.notEqual(publicKey.buffer, secretKey.buffer);
    const { ciphertext, sharedSecret } = kem.encapsulate(publicKey);
    assert.equal(ciphertext.length, kem.lengths.ciphertext);
    assert.equal(sharedSecret.length, kem.lengths.sharedSecret);
    assert.deepEqual(kem.decapsulate(secretKey, ciphertext), sharedSecret);
    // Fresh randomness every time.
    assert.notDeepEqual(kem.generateKeyPair().publicKey, publicKey);
    assert.notDeepEqual(kem.encapsulate(publicKey).sharedSecret, sharedSecret);
  });

  test(`${name}: seeds and randomness are deterministic, inputs untouched`, () => {
    const seed = filled(kem.lengths.seed, 3);
    const randomness = filled(kem.lengths.randomness, 4);
    const seedCopy = seed.slice();
    const randomnessCopy = randomness.slice();
    const a = kem.generateKeyPair(seed);
    const b = kem.generateKeyPair(seed);
    assert.deepEqual(a, b);
    assert.deepEqual(a.secretKey, seed);
    const pkCopy = a.publicKey.slice();
    const e1 = kem.encapsulate(a.publicKey, randomness);
    const e2 = kem.encapsulate(a.publicKey, randomness);
    assert.deepEqual(e1, e2);
    const ctCopy = e1.ciphertext.slice();
    assert.deepEqual(kem.decapsulate(a.secretKey, e1.ciphertext), e1.sharedSecret);
    assert.deepEqual(seed, seedCopy);
    assert.deepEqual(randomness, randomnessCopy);
    assert.deepEqual(a.publicKey, pkCopy);
    assert.deepEqual(e1.ciphertext, ctCopy);
    // Views into larger buffers work and are read at their offset.
    const big = new Uint8Array(seed.length + 7);
    big.set(seed, 5);
    assert.deepEqual(kem.generateKeyPair(big.subarray(5, 5 + seed.length)), a);
    // Buffer is a Uint8Array.
    assert.deepEqual(kem.generateKeyPair(Buffer.from(seed)), a);
  });

  test(`${name}: non-Uint8Array arguments are TypeErrors`, () => {
    const { publicKey, secretKey } = kem.generateKeyPair();
    const { ciphertext } = kem.encapsulate(publicKey);
    for (const bad of [null, 'x', 5, [1, 2, 3], new ArrayBuffer(8), new Uint16Array(4), {}]) {
      assert.throws(() => kem.generateKeyPair(bad), TypeError);
      assert.throws(() => kem.encapsulate(bad), TypeError);
      assert.throws(() => kem.encapsulate(publicKey, bad), TypeError);
      assert.throws(() => kem.decapsulate(bad, ciphertext), TypeError);
      assert.throws(() => kem.decapsulate(secretKey, bad), TypeError);
    }
    assert.throws(() => kem.encapsulate(), TypeError);
    assert.throws(() => kem.decapsulate(secretKey), TypeError);
  });

  test(`${name}: wrong lengths are RangeErrors naming the expected length`, () => {
    const { publicKey, secretKey } = kem.generateKeyPair();
    const { ciphertext } = kem.encapsulate(publicKey);
    const L = kem.lengths;
    const cases = [
      [() => kem.generateKeyPair(new Uint8Array(L.seed - 1)), L.seed],
      [() => kem.generateKeyPair(new Uint8Array(L.seed + 1)), L.seed],
      [() => kem.encapsulate(publicKey.subarray(1)), L.publicKey],
      [() => kem.encapsulate(new Uint8Array(0)), L.publicKey],
      [() => kem.encapsulate(publicKey, new Uint8Array(L.randomness - 1)), L.randomness],
      [() => kem.encapsulate(publicKey, new Uint8Array(0)), L.randomness],
      [() => kem.decapsulate(secretKey.subarray(1), ciphertext), L.secretKey],
      [() => kem.decapsulate(secretKey, ciphertext.subarray(1)), L.ciphertext],
      [() => kem.decapsulate(secretKey, new Uint8Array(L.ciphertext + 1)), L.ciphertext],
    ];
    for (const [fn, expected] of cases) {
      assert.throws(fn, (e) => e instanceof RangeError && e.message.includes(String(expected)), fn.toString());
    }
  });
}

test('ML-KEM: decapsulate takes the seed or the expanded key', () => {
  for (const kem of [pq.mlKem512, pq.mlKem768, pq.mlKem1024]) {
    const { publicKey, secretKey } = kem.generateKeyPair();
    const expanded = kem.expandSecretKey(secretKey);
    assert.equal(expanded.length, kem.lengths.expandedSecretKey);
    assert.deepEqual(kem.expandSecretKey(expanded), expanded);
    // FIPS 203 dk = dk_pke || ek || H(ek) || z; z is the seed's second half.
    const k = publicKey.length - 32;
    assert.deepEqual(expanded.subarray(k, k + publicKey.length), publicKey);
    assert.deepEqual(expanded.subarray(expanded.length - 32), secretKey.subarray(32));
    const { ciphertext, sharedSecret } = kem.encapsulate(publicKey);
    assert.deepEqual(kem.decapsulate(expanded, ciphertext), sharedSecret);
    // Implicit rejection: a changed ciphertext gives another secret, no error.
    const flipped = ciphertext.slice();
    flipped[0] ^= 1;
    const rejected = kem.decapsulate(expanded, flipped);
    assert.notDeepEqual(rejected, sharedSecret);
    assert.deepEqual(kem.decapsulate(secretKey, flipped), rejected);
    // Neither a seed nor an expanded key.
    assert.throws(
      () => kem.decapsulate(new Uint8Array(100), ciphertext),
      (e) =>
        e instanceof RangeError &&
        e.message.includes('64') &&
        e.message.includes(String(kem.lengths.expandedSecretKey)),
    );
    assert.throws(() => kem.expandSecretKey(new Uint8Array(63)), RangeError);
    assert.throws(() => kem.expandSecretKey('seed'), TypeError);
    // The FIPS 203 section 7.3 hash check on an expanded key.
    const badHash = expanded.slice();
    badHash[expanded.length - 40] ^= 1;
    assert.throws(() => kem.decapsulate(badHash, ciphertext), isPqkitError('DECAPSULATION_KEY_HASH_MISMATCH'));
  }
});

/** An ML-KEM encapsulation key whose first coefficient is 4095 >= q. */
function unreduced(publicKey) {
  const bad = publicKey.slice();
  bad[0] = 0xff;
  bad[1] |= 0x0f;
  return bad;
}

test('invalid contents are PqkitErrors with stable codes', () => {
  const notReduced = isPqkitError('ENCAPSULATION_KEY_NOT_REDUCED');
  for (const kem of [pq.mlKem512, pq.mlKem768, pq.mlKem1024, pq.xWing, pq.x25519MlKem768, pq.mlKem768P256, pq.mlKem1024P384]) {
    const { publicKey } = kem.generateKeyPair();
    assert.throws(() => kem.encapsulate(unreduced(publicKey)), notReduced, kem.name);
  }
  // The NIST-curve TLS groups put the point first.
  for (const [kem, point] of [[pq.secp256r1MlKem768, 65], [pq.secp384r1MlKem1024, 97]]) {
    const { publicKey, secretKey } = kem.generateKeyPair();
    const bad = publicKey.slice();
    bad[point] = 0xff;
    bad[point + 1] |= 0x0f;
    assert.throws(() => kem.encapsulate(bad), notReduced, kem.name);
    // A point off the curve, a compressed point, the identity.
    const off = publicKey.slice();
    off[point - 1] ^= 1;
    assert.throws(() => kem.encapsulate(off), isPqkitError('INVALID_POINT'), kem.name);
    const compressed = publicKey.slice();
    compressed[0] = 2;
    assert.throws(() => kem.encapsulate(compressed), (e) => e instanceof pq.PqkitError, kem.name);
    const { ciphertext } = kem.encapsulate(publicKey);
    const badShare = ciphertext.slice();
    badShare[point - 1] ^= 1;
    assert.throws(() => kem.decapsulate(secretKey, badShare), isPqkitError('INVALID_POINT'), kem.name);
  }
  for (const [kem, point] of [[pq.mlKem768P256, 1184], [pq.mlKem1024P384, 1568]]) {
    const { publicKey, secretKey } = kem.generateKeyPair();
    const off = publicKey.slice();
    off[publicKey.length - 1] ^= 1;
    assert.throws(() => kem.encapsulate(off), isPqkitError('INVALID_POINT'), kem.name);
    const { ciphertext } = kem.encapsulate(publicKey);
    const bad = ciphertext.slice();
    bad[ciphertext.length - 1] ^= 1;
    assert.throws(() => kem.decapsulate(secretKey, bad), isPqkitError('INVALID_POINT'), kem.name);
    assert.ok(point < publicKey.length);
  }
  // X25519MLKEM768: a small-order X25519 share gives the all-zero secret.
  const kem = pq.x25519MlKem768;
  const { publicKey, secretKey } = kem.generateKeyPair();
  const zeroShare = publicKey.slice();
  zeroShare.fill(0, 1184);
  assert.throws(() => kem.encapsulate(zeroShare), isPqkitError('ALL_ZERO_SHARED_SECRET'));
  const { ciphertext } = kem.encapsulate(publicKey);
  const zeroServer = ciphertext.slice();
  zeroServer.fill(0, 1088);
  assert.throws(() => kem.decapsulate(secretKey, zeroServer), isPqkitError('ALL_ZERO_SHARED_SECRET'));
  // An out-of-range P-256 scalar in a TLS seed.
  const seed = filled(96, 9);
  seed.fill(0xff, 64);
  assert.throws(() => pq.secp256r1MlKem768.generateKeyPair(seed), isPqkitError('INVALID_SCALAR'));
  assert.equal(new pq.PqkitError('X', 'y').name, 'PqkitError');
});

test('no input makes the module trap, and a failed call leaves it usable', () => {
  const allowed = (e) => e instanceof TypeError || e instanceof RangeError || e instanceof pq.PqkitError;
  const lengthsOf = (kem) => [...new Set([0, 1, ...Object.values(kem.lengths).flatMap((n) => [n - 1, n, n + 1])])];
  for (const key of Object.keys(KEMS)) {
    const kem = pq[key];
    const { publicKey, secretKey } = kem.generateKeyPair();
    const { ciphertext, sharedSecret } = kem.encapsulate(publicKey);
    for (const n of lengthsOf(kem)) {
      for (const fill of [0x00, 0xff, 0x5a]) {
        const junk = new Uint8Array(Math.max(n, 0)).fill(fill);
        for (const fn of [
          () => kem.generateKeyPair(junk),
          () => kem.encapsulate(junk),
          () => kem.encapsulate(publicKey, junk),
          () => kem.decapsulate(junk, ciphertext),
          () => kem.decapsulate(secretKey, junk),
          () => kem.expandSecretKey?.(junk),
        ]) {
          try {
            fn();
          } catch (e) {
            assert.ok(allowed(e), `${kem.name}: ${e}`);
          }
        }
      }
    }
    assert.deepEqual(kem.decapsulate(secretKey, ciphertext), sharedSecret);
  }
  // Very large inputs are refused by length, not by running out of memory.
  assert.throws(() => pq.mlKem768.encapsulate(new Uint8Array(1 << 22)), RangeError);
});
