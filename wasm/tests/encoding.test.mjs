// pq.spki / pq.pkcs8 / pq.pem: LAMPS example files, round trips, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pq from '../pkg/index.js';
import { needsVectors, vectorText } from './helpers.mjs';

const KEMS = { 'ML-KEM-512': pq.mlKem512, 'ML-KEM-768': pq.mlKem768, 'ML-KEM-1024': pq.mlKem1024 };
const code = (c) => (e) => e instanceof pq.PqkitError && e.code === c;

test('LAMPS ML-KEM files: public keys, the three private key forms, re-encoding', needsVectors(), () => {
  for (const [name, kem] of Object.entries(KEMS)) {
    const pub = pq.pem.decode(vectorText(`lamps/ml-kem/${name}.pub`));
    assert.equal(pub.label, 'PUBLIC KEY');
    const { name: pubName, publicKey } = pq.spki.decode(pub.der);
    assert.equal(pubName, name);
    assert.equal(publicKey.length, kem.lengths.publicKey);
    assert.deepEqual(pq.spki.encode(name, publicKey), pub.der);
    assert.equal(pq.pem.encode('PUBLIC KEY', pub.der).trim(), vectorText(`lamps/ml-kem/${name}.pub`).trim());

    const keys = {};
    for (const form of ['seed', 'expanded', 'both']) {
      const text = vectorText(`lamps/ml-kem/${name}-${form}.priv`);
      const { label, der } = pq.pem.decode(text);
      assert.equal(label, 'PRIVATE KEY');
      const key = pq.pkcs8.decode(der);
      assert.equal(key.name, name);
      assert.equal(key.form, form);
      keys[form] = key;
      // Re-encoding from the seed (or the expanded key) gives the same bytes.
      assert.deepEqual(pq.pkcs8.encode(name, key.secretKey, { form }), der, `${name} ${form}`);
    }
    const seed = keys.seed.secretKey;
    assert.equal(seed.length, 64);
    assert.deepEqual(keys.both.secretKey, seed);
    assert.deepEqual(keys.both.expanded, keys.expanded.expanded);
    assert.deepEqual(keys.expanded.secretKey, kem.expandSecretKey(seed));
    assert.deepEqual(kem.generateKeyPair(seed).publicKey, publicKey);
    // Every form decapsulates.
    const { ciphertext, sharedSecret } = kem.encapsulate(publicKey);
    assert.deepEqual(kem.decapsulate(keys.expanded.secretKey, ciphertext), sharedSecret);
    assert.deepEqual(kem.decapsulate(keys.seed.secretKey, ciphertext), sharedSecret);
  }
});

test('LAMPS bad ML-KEM private keys are refused with the specific error', needsVectors(), () => {
  const expected = {
    'bad-ML-KEM-512-1.priv': 'SEED_EXPANDED_KEY_MISMATCH',
    'bad-ML-KEM-512-2.priv': 'PUBLIC_KEY_MISMATCH',
    'bad-ML-KEM-512-3.priv': 'DECAPSULATION_KEY_HASH_MISMATCH',
    'bad-ML-KEM-512-4.priv': 'SEED_EXPANDED_KEY_MISMATCH',
  };
  for (const [file, c] of Object.entries(expected)) {
    const { der } = pq.pem.decode(vectorText(`lamps/ml-kem/${file}`));
    assert.throws(() => pq.pkcs8.decode(der), code(c), file);
  }
});

test('LAMPS ML-DSA files: public keys, the three private key forms, re-encoding', needsVectors(), () => {
  const DSAS = { 'ML-DSA-44': pq.mlDsa44, 'ML-DSA-65': pq.mlDsa65, 'ML-DSA-87': pq.mlDsa87 };
  for (const [name, dsa] of Object.entries(DSAS)) {
    const { der } = pq.pem.decode(vectorText(`lamps/ml-dsa/${name}.pub`));
    const { name: n, publicKey } = pq.spki.decode(der);
    assert.equal(n, name);
    assert.deepEqual(pq.spki.encode(name, publicKey), der);
    const keys = {};
    for (const form of ['seed', 'expanded', 'both']) {
      const p8 = pq.pem.decode(vectorText(`lamps/ml-dsa/${name}-${form}.priv`)).der;
      const key = pq.pkcs8.decode(p8);
      assert.equal(key.name, name);
      assert.equal(key.form, form);
      assert.deepEqual(pq.pkcs8.encode(name, key.secretKey, { form }), p8, `${name} ${form}`);
      keys[form] = key;
    }
    const seed = keys.seed.secretKey;
    assert.equal(seed.length, 32);
    assert.deepEqual(dsa.generateKeyPair(seed).publicKey, publicKey);
    assert.deepEqual(keys.expanded.secretKey, dsa.expandSecretKey(seed));
    assert.deepEqual(keys.both.expanded, keys.expanded.secretKey);
    const msg = new Uint8Array([1, 2, 3]);
    assert.ok(dsa.verify(publicKey, msg, dsa.sign(keys.expanded.secretKey, msg)));
    // Generated keys round-trip in every form.
    for (const form of ['seed', 'expanded', 'both']) {
      const key = pq.pkcs8.decode(pq.pkcs8.encode(name, seed, { form }));
      assert.deepEqual(key.secretKey, form === 'expanded' ? keys.expanded.secretKey : seed);
    }
  }
});

test('LAMPS bad ML-DSA private keys are refused', needsVectors(), () => {
  const expected = {
    'bad-ML-DSA-44-1.priv': 'SEED_EXPANDED_KEY_MISMATCH',
    // An expanded key whose tr, or whose t0, does not match s1 and s2: the
    // core refuses it as it imports the key.
    'bad-ML-DSA-44-2.priv': 'INVALID_PRIVATE_KEY',
    'bad-ML-DSA-44-3.priv': 'INVALID_PRIVATE_KEY',
  };
  for (const [file, c] of Object.entries(expected)) {
    const { der } = pq.pem.decode(vectorText(`lamps/ml-dsa/${file}`));
    assert.throws(() => pq.pkcs8.decode(der), code(c), file);
  }
});

test('round trips for generated keys in every form', () => {
  for (const [name, kem] of Object.entries(KEMS)) {
    const { publicKey, secretKey } = kem.generateKeyPair();
    const spkiDer = pq.spki.encode(name, publicKey);
    assert.deepEqual(pq.spki.decode(spkiDer), { name, publicKey });
    for (const form of ['seed', 'expanded', 'both']) {
      const der = pq.pkcs8.encode(name, secretKey, { form });
      const key = pq.pkcs8.decode(der);
      assert.equal(key.form, form);
      assert.deepEqual(key.secretKey, form === 'expanded' ? kem.expandSecretKey(secretKey) : secretKey);
      const text = pq.pem.encode('PRIVATE KEY', der);
      assert.match(text, /^-----BEGIN PRIVATE KEY-----\n/);
      assert.deepEqual(pq.pem.decode(text), { label: 'PRIVATE KEY', der });
    }
    assert.deepEqual(pq.pkcs8.encode(name, secretKey), pq.pkcs8.encode(name, secretKey, { form: 'seed' }));
  }
});

test('encoding errors', () => {
  const { publicKey, secretKey } = pq.mlKem768.generateKeyPair();
  const der = pq.spki.encode('ML-KEM-768', publicKey);
  // Types and names.
  assert.throws(() => pq.spki.encode('ML-KEM-769', publicKey), TypeError);
  assert.throws(() => pq.spki.encode(768, publicKey), TypeError);
  assert.throws(() => pq.spki.encode('ML-KEM-768', [...publicKey]), TypeError);
  assert.throws(() => pq.spki.decode('der'), TypeError);
  assert.throws(() => pq.pkcs8.encode('ML-KEM-768', secretKey, { form: 'raw' }), TypeError);
  assert.throws(() => pq.pkcs8.encode('ML-KEM-768', secretKey, { fromat: 'seed' }), TypeError);
  assert.throws(() => pq.pkcs8.encode('ML-KEM-768', secretKey, 'seed'), TypeError);
  assert.throws(() => pq.pem.encode(1, der), TypeError);
  assert.throws(() => pq.pem.decode(der), TypeError);
  // Lengths of the keys being encoded.
  assert.throws(() => pq.spki.encode('ML-KEM-768', publicKey.subarray(1)), (e) => e instanceof RangeError && e.message.includes('1184'));
  assert.throws(() => pq.pkcs8.encode('ML-KEM-768', secretKey.subarray(1)), (e) => e instanceof RangeError && e.message.includes('64'));
  const expanded = pq.mlKem768.expandSecretKey(secretKey);
  assert.throws(() => pq.pkcs8.encode('ML-KEM-768', expanded, { form: 'both' }), RangeError);
  // Malformed encodings are PqkitErrors.
  assert.throws(() => pq.spki.decode(der.subarray(0, 100)), code('MALFORMED_DER'));
  assert.throws(() => pq.spki.decode(new Uint8Array([...der, 0])), code('TRAILING_DATA'));
  assert.throws(() => pq.spki.decode(new Uint8Array(0)), pq.PqkitError);
  const otherOid = der.slice();
  otherOid[der.indexOf(0x04, 8)] = 0x09; // 2.16.840.1.101.3.4.4.2 -> ...9.2
  assert.throws(() => pq.spki.decode(otherOid), pq.PqkitError);
  assert.throws(() => pq.pkcs8.decode(der), pq.PqkitError);
  assert.throws(() => pq.pem.decode('not pem'), code('INVALID_PEM'));
  assert.throws(() => pq.pem.decode('-----BEGIN X-----\n!!!!\n-----END X-----\n'), code('INVALID_PEM'));
  // A DER-decoded key of the wrong length is invalid contents, not a RangeError.
  const short = pq.pkcs8.encode('ML-KEM-768', secretKey);
  const tampered = short.slice(0, short.length - 1);
  assert.throws(() => pq.pkcs8.decode(tampered), pq.PqkitError);
});
