// The ECDH objects `x25519` and `p256`: shape, round trips, the RFC 7748
// vectors, interoperability with @noble/curves and every error path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { x25519 as nobleX25519 } from '@noble/curves/ed25519.js';
import { p256 as nobleP256 } from '@noble/curves/nist.js';
import * as pq from '../pkg/index.js';
import { filled, hex, toHex } from './helpers.mjs';

const isPqkitError = (code) => (e) => e instanceof pq.PqkitError && e.code === code;
const isRangeError = (expected) => (e) =>
  e instanceof RangeError && e.code === 'INVALID_LENGTH' && e.message.includes(String(expected));

/** The P-256 group order n, big-endian. */
const P256_N = hex('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

const CURVES = [
  ['x25519', 'X25519', { publicKey: 32, secretKey: 32, sharedSecret: 32 }],
  ['p256', 'P-256', { publicKey: 65, secretKey: 32, sharedSecret: 32 }],
];

for (const [key, name, lengths] of CURVES) {
  const ecdh = pq[key];

  test(`${name}: name and lengths`, () => {
    assert.equal(ecdh.name, name);
    assert.deepEqual({ ...ecdh.lengths }, lengths);
    assert.ok(Object.isFrozen(ecdh) && Object.isFrozen(ecdh.lengths));
  });

  test(`${name}: both sides derive the same secret`, () => {
    const a = ecdh.generateKeyPair();
    const b = ecdh.generateKeyPair();
    assert.equal(a.publicKey.length, lengths.publicKey);
    assert.equal(a.secretKey.length, lengths.secretKey);
    assert.notDeepEqual(a.secretKey, b.secretKey);
    assert.deepEqual(ecdh.publicKey(a.secretKey), a.publicKey);
    const ab = ecdh.sharedSecret(a.secretKey, b.publicKey);
    assert.equal(ab.length, lengths.sharedSecret);
    assert.deepEqual(ecdh.sharedSecret(b.secretKey, a.publicKey), ab);
    assert.notDeepEqual(ecdh.sharedSecret(a.secretKey, a.publicKey), ab);
  });

  test(`${name}: generateKeyPair(secretKey) is deterministic`, () => {
    const sk = filled(32, 7);
    const kp = ecdh.generateKeyPair(sk);
    assert.deepEqual(kp.secretKey, sk);
    assert.notEqual(kp.secretKey, sk, 'a fresh copy, not the argument');
    assert.deepEqual(kp.publicKey, ecdh.publicKey(sk));
    assert.deepEqual(ecdh.generateKeyPair(sk), kp);
  });

  test(`${name}: non-Uint8Array arguments are TypeErrors`, () => {
    const { publicKey, secretKey } = ecdh.generateKeyPair();
    for (const bad of [null, 'key', [1, 2, 3], new ArrayBuffer(32), new Uint16Array(16)]) {
      assert.throws(() => ecdh.generateKeyPair(bad), TypeError);
      assert.throws(() => ecdh.publicKey(bad), TypeError);
      assert.throws(() => ecdh.publicKey(), TypeError);
      assert.throws(() => ecdh.sharedSecret(bad, publicKey), TypeError);
      assert.throws(() => ecdh.sharedSecret(secretKey, bad), TypeError);
    }
  });

  test(`${name}: wrong lengths are RangeErrors naming the expected length`, () => {
    const { publicKey, secretKey } = ecdh.generateKeyPair();
    for (const n of [0, 31, 33, 64]) {
      assert.throws(() => ecdh.generateKeyPair(new Uint8Array(n).fill(1)), isRangeError(32));
      assert.throws(() => ecdh.publicKey(new Uint8Array(n).fill(1)), isRangeError(32));
      assert.throws(() => ecdh.sharedSecret(new Uint8Array(n).fill(1), publicKey), isRangeError(32));
    }
    for (const n of [0, 31, lengths.publicKey - 1, lengths.publicKey + 1, 97]) {
      // 33 bytes with a 0x02 / 0x03 tag is P-256's compressed form (below).
      const peer = new Uint8Array(n).fill(4);
      assert.throws(() => ecdh.sharedSecret(secretKey, peer), isRangeError(lengths.publicKey));
    }
  });
}

test('X25519: RFC 7748 section 5.2 and 6.1 vectors', () => {
  // Section 5.2, the first test vector: scalar and u-coordinate given.
  assert.equal(
    toHex(
      pq.x25519.sharedSecret(
        hex('a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4'),
        hex('e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c'),
      ),
    ),
    'c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552',
  );
  // Section 6.1: Alice and Bob.
  const a = hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
  const b = hex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
  const aPub = pq.x25519.publicKey(a);
  const bPub = pq.x25519.publicKey(b);
  assert.equal(toHex(aPub), '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a');
  assert.equal(toHex(bPub), 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
  const k = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
  assert.equal(toHex(pq.x25519.sharedSecret(a, bPub)), k);
  assert.equal(toHex(pq.x25519.sharedSecret(b, aPub)), k);
});

test('X25519: small-order peer keys give ALL_ZERO_SHARED_SECRET', () => {
  const { secretKey } = pq.x25519.generateKeyPair();
  // u = 0, u = 1 and u = p (= 0 after reduction) all have small order.
  const p = hex('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
  const one = new Uint8Array(32);
  one[0] = 1;
  for (const peer of [new Uint8Array(32), one, p]) {
    assert.throws(() => pq.x25519.sharedSecret(secretKey, peer), isPqkitError('ALL_ZERO_SHARED_SECRET'));
  }
});

test('X25519: interoperates with @noble/curves', () => {
  for (let i = 0; i < 8; i++) {
    const mine = pq.x25519.generateKeyPair();
    const theirs = nobleX25519.keygen();
    assert.deepEqual(nobleX25519.getPublicKey(mine.secretKey), mine.publicKey);
    assert.deepEqual(pq.x25519.publicKey(theirs.secretKey), theirs.publicKey);
    const ss = pq.x25519.sharedSecret(mine.secretKey, theirs.publicKey);
    assert.deepEqual(nobleX25519.getSharedSecret(theirs.secretKey, mine.publicKey), ss);
  }
});

test('P-256: interoperates with @noble/curves (uncompressed SEC1 keys, x-coordinate secret)', () => {
  for (let i = 0; i < 8; i++) {
    const mine = pq.p256.generateKeyPair();
    assert.equal(mine.publicKey[0], 4);
    const theirSk = nobleP256.utils.randomSecretKey();
    const theirPk = nobleP256.getPublicKey(theirSk, false);
    assert.deepEqual(nobleP256.getPublicKey(mine.secretKey, false), mine.publicKey);
    assert.deepEqual(pq.p256.publicKey(theirSk), theirPk);
    const ss = pq.p256.sharedSecret(mine.secretKey, theirPk);
    assert.deepEqual(nobleP256.getSharedSecret(theirSk, mine.publicKey).subarray(1), ss);
  }
});

test('P-256: secret scalars outside 1..n-1 are INVALID_SCALAR', () => {
  const { publicKey } = pq.p256.generateKeyPair();
  const nPlus1 = P256_N.slice();
  nPlus1[31] += 1;
  for (const sk of [new Uint8Array(32), P256_N, nPlus1, new Uint8Array(32).fill(0xff)]) {
    assert.throws(() => pq.p256.generateKeyPair(sk), isPqkitError('INVALID_SCALAR'));
    assert.throws(() => pq.p256.publicKey(sk), isPqkitError('INVALID_SCALAR'));
    assert.throws(() => pq.p256.sharedSecret(sk, publicKey), isPqkitError('INVALID_SCALAR'));
  }
  // n - 1 is the largest valid scalar: its public key is -G.
  const nMinus1 = P256_N.slice();
  nMinus1[31] -= 1;
  assert.deepEqual(pq.p256.publicKey(nMinus1), nobleP256.getPublicKey(nMinus1, false));
});

test('P-256: bad peer points are INVALID_POINT, the compressed form COMPRESSED_POINT', () => {
  const { secretKey } = pq.p256.generateKeyPair();
  const good = pq.p256.generateKeyPair().publicKey;
  const offCurve = good.slice();
  offCurve[64] ^= 1;
  const badTag = good.slice();
  badTag[0] = 5;
  const hybridTag = good.slice();
  hybridTag[0] = 6;
  const xTooBig = new Uint8Array(65).fill(0xff);
  xTooBig[0] = 4;
  const zero = new Uint8Array(65);
  zero[0] = 4;
  for (const peer of [offCurve, badTag, hybridTag, xTooBig, zero, new Uint8Array(65)]) {
    assert.throws(() => pq.p256.sharedSecret(secretKey, peer), isPqkitError('INVALID_POINT'), toHex(peer));
  }
  for (const tag of [2, 3]) {
    const compressed = new Uint8Array(33);
    compressed[0] = tag;
    compressed.set(good.subarray(1, 33), 1);
    assert.throws(() => pq.p256.sharedSecret(secretKey, compressed), isPqkitError('COMPRESSED_POINT'));
  }
});

test('ECDH: no input traps the module', () => {
  const allowed = (e) => e instanceof TypeError || e instanceof RangeError || e instanceof pq.PqkitError;
  for (const ecdh of [pq.x25519, pq.p256]) {
    const { secretKey, publicKey } = ecdh.generateKeyPair();
    for (const n of [0, 1, 32, 33, 64, 65, 66]) {
      for (const fill of [0, 1, 2, 3, 4, 0xff]) {
        const b = new Uint8Array(n).fill(fill);
        for (const fn of [
          () => ecdh.generateKeyPair(b),
          () => ecdh.publicKey(b),
          () => ecdh.sharedSecret(b, publicKey),
          () => ecdh.sharedSecret(secretKey, b),
        ]) {
          try {
            fn();
          } catch (e) {
            assert.ok(allowed(e), `${ecdh.name}: ${String(e)}`);
          }
        }
      }
    }
    // Still working afterwards.
    assert.deepEqual(ecdh.publicKey(secretKey), publicKey);
  }
});
