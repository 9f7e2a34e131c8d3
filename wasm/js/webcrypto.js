// `pqkit/webcrypto`: the post-quantum algorithms with the shape of
// `crypto.subtle` as the WICG "Modern Algorithms in the Web Cryptography
// API" draft defines them (ML-KEM-512/768/1024, ML-DSA-44/65/87, and the
// hybrids MLKEM768-X25519 = X-Wing, MLKEM768-P256, MLKEM1024-P384).
//
// Each algorithm runs on the engine's own implementation when it has one
// and on pqkit otherwise. Whether the engine has it is found out once per
// algorithm (by generating a throwaway key) and remembered. Both paths give
// the same bytes for the same keys: a key exported from one imports into
// the other.
import * as pq from './index.js';

const KEMS = {
  'ML-KEM-512': pq.mlKem512,
  'ML-KEM-768': pq.mlKem768,
  'ML-KEM-1024': pq.mlKem1024,
  'MLKEM768-X25519': pq.xWing,
  'MLKEM768-P256': pq.mlKem768P256,
  'MLKEM1024-P384': pq.mlKem1024P384,
};
const DSAS = {
  'ML-DSA-44': pq.mlDsa44,
  'ML-DSA-65': pq.mlDsa65,
  'ML-DSA-87': pq.mlDsa87,
};
/** The algorithms with an SPKI / PKCS#8 encoding (the LAMPS OIDs). */
const ENCODABLE = new Set(['ML-KEM-512', 'ML-KEM-768', 'ML-KEM-1024', 'ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87']);

const USAGES = {
  kem: { public: ['encapsulateBits'], private: ['decapsulateBits'] },
  dsa: { public: ['verify'], private: ['sign'] },
};

function fail(name, message) {
  return new DOMException(message, name);
}

/** The algorithm's name and its pqkit object; `NotSupportedError` otherwise. */
function lookup(algorithm) {
  const name = typeof algorithm === 'string' ? algorithm : algorithm?.name;
  if (typeof name !== 'string') {
    throw new TypeError('algorithm must be a name or an object with a name');
  }
  if (Object.hasOwn(KEMS, name) && KEMS[name]) return { name, kind: 'kem', impl: KEMS[name] };
  if (Object.hasOwn(DSAS, name) && DSAS[name]) return { name, kind: 'dsa', impl: DSAS[name] };
  throw fail('NotSupportedError', `unrecognized or unavailable algorithm '${name}'`);
}

/** A copy of a BufferSource as a Uint8Array (WebCrypto copies its inputs too). */
function bufferSource(value, what) {
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  if (ArrayBuffer.isView(value)) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
  }
  throw new TypeError(`${what} must be an ArrayBuffer or an ArrayBufferView`);
}

/** A fresh ArrayBuffer with the bytes of `bytes`. */
function arrayBuffer(bytes) {
  return bytes.slice().buffer;
}

function base64url(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text, what) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) {
    throw fail('DataError', `JWK ${what} must be a base64url string`);
  }
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function checkUsages(usages, allowed, what) {
  if (!Array.isArray(usages)) throw new TypeError('usages must be an array');
  for (const u of usages) {
    if (!allowed.includes(u)) {
      throw fail('SyntaxError', `usage '${String(u)}' is not valid for ${what}`);
    }
  }
  return [...new Set(usages)];
}

/** Runs a pqkit call, turning its errors into the DOMException WebCrypto throws. */
function guarded(kind, fn) {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DOMException) throw e;
    throw fail(kind, e instanceof Error ? e.message : String(e));
  }
}

/**
 * A `crypto.subtle`-shaped object for the post-quantum algorithms. `native`
 * is the engine's SubtleCrypto (default `globalThis.crypto.subtle`); `null`
 * runs everything on pqkit.
 */
export function createSubtle(options = {}) {
  const native = options.native === undefined ? globalThis.crypto?.subtle : options.native;
  // Per key object: either { native: CryptoKey } or pqkit's bytes.
  const state = new WeakMap();
  // Per algorithm: a promise of whether the engine implements it.
  const detected = new Map();

  function hasNative(alg) {
    let p = detected.get(alg.name);
    if (p === undefined) {
      p = (async () => {
        if (!native || typeof native.generateKey !== 'function') return false;
        if (alg.kind === 'kem' && typeof native.encapsulateBits !== 'function') return false;
        const u = USAGES[alg.kind];
        try {
          const kp = await native.generateKey({ name: alg.name }, false, [...u.public, ...u.private]);
          return typeof kp?.publicKey === 'object';
        } catch {
          return false;
        }
      })();
      detected.set(alg.name, p);
    }
    return p;
  }

  function wrap(alg, type, extractable, usages, inner) {
    const key = Object.freeze({
      type,
      algorithm: Object.freeze({ name: alg.name }),
      extractable,
      usages: Object.freeze([...usages]),
    });
    state.set(key, inner);
    return key;
  }

  function unwrap(key, alg, type, usage) {
    const inner = key && typeof key === 'object' ? state.get(key) : undefined;
    if (inner === undefined) throw new TypeError('key is not a key from this object');
    if (key.algorithm.name !== alg.name) {
      throw fail('InvalidAccessError', `key is a ${key.algorithm.name} key, not ${alg.name}`);
    }
    if (type !== undefined && key.type !== type) {
      throw fail('InvalidAccessError', `a ${type} key is needed, got a ${key.type} key`);
    }
    if (usage !== undefined && !key.usages.includes(usage)) {
      throw fail('InvalidAccessError', `key usages do not include '${usage}'`);
    }
    return inner;
  }

  /** pqkit's half of a private key: seed, public key, and the key object made on first use. */
  function privateFromSeed(alg, seed) {
    const kp = guarded('DataError', () => alg.impl.generateKeyPair(seed));
    return { seed: kp.secretKey, publicKey: kp.publicKey };
  }

  function pqKeyPair(alg, extractable, usages) {
    const u = USAGES[alg.kind];
    const kp = alg.impl.generateKeyPair();
    const pub = { publicKey: kp.publicKey };
    const priv = { seed: kp.secretKey, publicKey: kp.publicKey.slice() };
    return {
      publicKey: wrap(alg, 'public', true, usages.filter((x) => u.public.includes(x)), pub),
      privateKey: wrap(alg, 'private', extractable, usages.filter((x) => u.private.includes(x)), priv),
    };
  }

  function handle(alg, inner) {
    if (inner.handle === undefined) {
      inner.handle =
        alg.kind === 'kem'
          ? alg.impl.importSecretKey(inner.seed)
          : inner.seed !== undefined
            ? alg.impl.importSigningKey(inner.seed)
            : alg.impl.importVerifyingKey(inner.publicKey);
    }
    return inner.handle;
  }

  function jwkKey(alg, jwk, extractable, usages) {
    if (jwk === null || typeof jwk !== 'object') throw new TypeError('JWK must be an object');
    if (jwk.kty !== 'AKP') throw fail('DataError', `JWK kty must be 'AKP', got '${String(jwk.kty)}'`);
    if (jwk.alg !== alg.name) {
      throw fail('DataError', `JWK alg must be '${alg.name}', got '${String(jwk.alg)}'`);
    }
    if (jwk.ext === false && extractable) {
      throw fail('DataError', 'JWK ext is false but an extractable key was asked for');
    }
    if (Array.isArray(jwk.key_ops) && usages.some((u) => !jwk.key_ops.includes(u))) {
      throw fail('DataError', 'JWK key_ops do not allow the requested usages');
    }
    const pub = fromBase64url(jwk.pub, 'pub');
    if (jwk.priv === undefined) {
      if (pub.length !== alg.impl.lengths.publicKey) {
        throw fail('DataError', `${alg.name} public key must be ${alg.impl.lengths.publicKey} bytes`);
      }
      return { type: 'public', inner: { publicKey: pub } };
    }
    const inner = privateFromSeed(alg, fromBase64url(jwk.priv, 'priv'));
    if (inner.publicKey.length !== pub.length || inner.publicKey.some((b, i) => b !== pub[i])) {
      throw fail('DataError', 'JWK pub is not the public key of priv');
    }
    return { type: 'private', inner };
  }

  const subtle = {
    /** `'native'` when the engine runs `algorithm`, `'pqkit'` otherwise. */
    async implementation(algorithm) {
      return (await hasNative(lookup(algorithm))) ? 'native' : 'pqkit';
    },

    async generateKey(algorithm, extractable, usages) {
      const alg = lookup(algorithm);
      const u = USAGES[alg.kind];
      const wanted = checkUsages(usages, [...u.public, ...u.private], alg.name);
      if (!wanted.some((x) => u.private.includes(x))) {
        throw fail('SyntaxError', `${alg.name} private key usages must not be empty`);
      }
      if (await hasNative(alg)) {
        const kp = await native.generateKey({ name: alg.name }, extractable, wanted);
        return {
          publicKey: wrap(alg, 'public', true, kp.publicKey.usages, { native: kp.publicKey }),
          privateKey: wrap(alg, 'private', extractable, kp.privateKey.usages, { native: kp.privateKey }),
        };
      }
      return pqKeyPair(alg, !!extractable, wanted);
    },

    async importKey(format, keyData, algorithm, extractable, usages) {
      const alg = lookup(algorithm);
      const u = USAGES[alg.kind];
      const publicFormat = format === 'raw-public' || format === 'spki';
      const privateFormat = format === 'raw-seed' || format === 'pkcs8';
      if (!publicFormat && !privateFormat && format !== 'jwk') {
        throw fail('NotSupportedError', `format '${String(format)}' is not supported for ${alg.name}`);
      }
      if ((format === 'spki' || format === 'pkcs8') && !ENCODABLE.has(alg.name)) {
        throw fail('NotSupportedError', `${alg.name} has no ${format} encoding`);
      }
      const data = format === 'jwk' ? keyData : bufferSource(keyData, 'keyData');
      if (await hasNative(alg)) {
        const key = await native.importKey(format, data, { name: alg.name }, extractable, usages);
        return wrap(alg, key.type, key.extractable, key.usages, { native: key });
      }
      let type;
      let inner;
      if (format === 'jwk') {
        const all = checkUsages(usages, [...u.public, ...u.private], alg.name);
        ({ type, inner } = jwkKey(alg, data, extractable, all));
      } else if (publicFormat) {
        type = 'public';
        let pub = data;
        if (format === 'spki') {
          const d = guarded('DataError', () => pq.spki.decode(data));
          if (d.name !== alg.name) throw fail('DataError', `SPKI holds a ${d.name} key, not ${alg.name}`);
          pub = d.publicKey;
        }
        if (pub.length !== alg.impl.lengths.publicKey) {
          throw fail('DataError', `${alg.name} public key must be ${alg.impl.lengths.publicKey} bytes, got ${pub.length}`);
        }
        inner = { publicKey: pub };
      } else {
        type = 'private';
        let seed = data;
        if (format === 'pkcs8') {
          const d = guarded('DataError', () => pq.pkcs8.decode(data));
          if (d.name !== alg.name) throw fail('DataError', `PKCS#8 holds a ${d.name} key, not ${alg.name}`);
          if (d.form === 'expanded') {
            throw fail('NotSupportedError', 'PKCS#8 keys without the seed are not supported');
          }
          seed = d.secretKey;
        }
        if (seed.length !== alg.impl.lengths.seed) {
          throw fail('DataError', `${alg.name} seed must be ${alg.impl.lengths.seed} bytes, got ${seed.length}`);
        }
        inner = privateFromSeed(alg, seed);
      }
      const allowed = type === 'public' ? u.public : u.private;
      const keyUsages = checkUsages(usages, allowed, `a ${alg.name} ${type} key`);
      if (type === 'private' && keyUsages.length === 0) {
        throw fail('SyntaxError', `${alg.name} private key usages must not be empty`);
      }
      return wrap(alg, type, type === 'public' ? true : !!extractable, keyUsages, inner);
    },

    async exportKey(format, key) {
      const inner = key && typeof key === 'object' ? state.get(key) : undefined;
      if (inner === undefined) throw new TypeError('key is not a key from this object');
      const alg = lookup(key.algorithm.name);
      if (!key.extractable) throw fail('InvalidAccessError', 'key is not extractable');
      if (inner.native) {
        const out = await native.exportKey(format, inner.native);
        return out;
      }
      const isPublic = key.type === 'public';
      switch (format) {
        case 'raw-public':
          if (!isPublic) throw fail('InvalidAccessError', "'raw-public' exports public keys only");
          return arrayBuffer(inner.publicKey);
        case 'raw-seed':
          if (isPublic) throw fail('InvalidAccessError', "'raw-seed' exports private keys only");
          return arrayBuffer(inner.seed);
        case 'spki':
        case 'pkcs8':
          if (!ENCODABLE.has(alg.name)) {
            throw fail('NotSupportedError', `${alg.name} has no ${format} encoding`);
          }
          if (isPublic !== (format === 'spki')) {
            throw fail('InvalidAccessError', `'${format}' does not export ${key.type} keys`);
          }
          return (
            format === 'spki' ? pq.spki.encode(alg.name, inner.publicKey) : pq.pkcs8.encode(alg.name, inner.seed)
          ).buffer;
        case 'jwk': {
          const jwk = { kty: 'AKP', alg: alg.name, pub: base64url(inner.publicKey) };
          if (!isPublic) jwk.priv = base64url(inner.seed);
          jwk.key_ops = [...key.usages];
          jwk.ext = key.extractable;
          return jwk;
        }
        default:
          throw fail('NotSupportedError', `format '${String(format)}' is not supported for ${alg.name}`);
      }
    },

    async encapsulateBits(algorithm, key) {
      const alg = lookup(algorithm);
      if (alg.kind !== 'kem') throw fail('InvalidAccessError', `${alg.name} is not a KEM`);
      const inner = unwrap(key, alg, 'public', 'encapsulateBits');
      if (inner.native) return native.encapsulateBits({ name: alg.name }, inner.native);
      const { ciphertext, sharedSecret } = guarded('OperationError', () =>
        alg.impl.encapsulate(inner.publicKey),
      );
      return { sharedKey: sharedSecret.buffer, ciphertext: ciphertext.buffer };
    },

    async decapsulateBits(algorithm, key, ciphertext) {
      const alg = lookup(algorithm);
      if (alg.kind !== 'kem') throw fail('InvalidAccessError', `${alg.name} is not a KEM`);
      const inner = unwrap(key, alg, 'private', 'decapsulateBits');
      const ct = bufferSource(ciphertext, 'ciphertext');
      if (inner.native) return native.decapsulateBits({ name: alg.name }, inner.native, ct);
      return guarded('OperationError', () => handle(alg, inner).decapsulate(ct)).buffer;
    },

    async sign(algorithm, key, data) {
      const alg = lookup(algorithm);
      if (alg.kind !== 'dsa') throw fail('InvalidAccessError', `${alg.name} does not sign`);
      const inner = unwrap(key, alg, 'private', 'sign');
      const message = bufferSource(data, 'data');
      const context = algorithm?.context === undefined ? undefined : bufferSource(algorithm.context, 'context');
      if (inner.native) {
        return native.sign(context ? { name: alg.name, context } : { name: alg.name }, inner.native, message);
      }
      return guarded('OperationError', () => handle(alg, inner).sign(message, { context })).buffer;
    },

    async verify(algorithm, key, signature, data) {
      const alg = lookup(algorithm);
      if (alg.kind !== 'dsa') throw fail('InvalidAccessError', `${alg.name} does not verify`);
      const inner = unwrap(key, alg, 'public', 'verify');
      const sig = bufferSource(signature, 'signature');
      const message = bufferSource(data, 'data');
      const context = algorithm?.context === undefined ? undefined : bufferSource(algorithm.context, 'context');
      if (inner.native) {
        return native.verify(context ? { name: alg.name, context } : { name: alg.name }, inner.native, sig, message);
      }
      return guarded('OperationError', () => handle(alg, inner).verify(message, sig, { context }));
    },
  };
  return Object.freeze(subtle);
}

/** The post-quantum `crypto.subtle`: native where the engine has the algorithm, pqkit elsewhere. */
export const subtle = createSubtle();
