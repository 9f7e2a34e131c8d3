// The package entry point: picks the simd128 build when the engine supports
// WebAssembly SIMD, the portable build otherwise, and finishes initialising
// before the import resolves (top-level await), so every export is
// synchronous afterwards.
//
// The WebAssembly exports take and return plain byte arrays; this layer
// checks argument types and option names, splits results into objects, and
// turns the module's refusals into TypeError / RangeError / PqkitError.
import * as simd128 from './simd128/pqkit_wasm.js';
import * as portable from './portable/pqkit_wasm.js';

// The smallest module that uses a v128 instruction: (func (result v128) v128.const 0).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

const isNode = typeof process !== 'undefined' && !!process.versions?.node;
const forced = isNode ? process.env.PQKIT_BACKEND : undefined;
if (forced !== undefined && forced !== 'portable' && forced !== 'simd128') {
  throw new TypeError(`PQKIT_BACKEND must be 'portable' or 'simd128', got '${forced}'`);
}
const simdSupported = WebAssembly.validate(SIMD_PROBE);
const chosen = forced ?? (simdSupported ? 'simd128' : 'portable');
const glue = chosen === 'simd128' ? simd128 : portable;
// Two literal URLs, so that bundlers (Vite, webpack) see and copy both files.
const url =
  chosen === 'simd128'
    ? new URL('./simd128/pqkit_wasm_bg.wasm', import.meta.url)
    : new URL('./portable/pqkit_wasm_bg.wasm', import.meta.url);

if (isNode) {
  // A computed specifier, so that browser bundlers leave this Node-only
  // import alone instead of stubbing it with a warning.
  const fsModule = 'node:fs/promises';
  const { readFile } = await import(/* @vite-ignore */ /* webpackIgnore: true */ fsModule);
  glue.initSync({ module: await readFile(url) });
} else {
  await glue.default({ module_or_path: url });
}

/** Which WebAssembly build is running: `'simd128'` or `'portable'`. */
export const backend = glue.backendName();

/** An input with invalid contents; `code` names the reason (stable). */
export class PqkitError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'PqkitError';
    this.code = code;
  }
}

// ---------------------------------------------------------------------------
// Argument checks and error mapping

function describe(value) {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return value.constructor?.name ?? 'object';
}

function bytes(value, what) {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`${what} must be a Uint8Array, got ${describe(value)}`);
  }
  return value;
}

function optionalBytes(value, what) {
  return value === undefined ? undefined : bytes(value, what);
}

function string(value, what) {
  if (typeof value !== 'string') {
    throw new TypeError(`${what} must be a string, got ${describe(value)}`);
  }
  return value;
}

/** Checks an options object: `undefined` or a plain object with known keys. */
function options(value, allowed, what) {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${what} options must be an object, got ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new TypeError(
        `unknown option '${key}' for ${what} (allowed: ${allowed.join(', ') || 'none'})`,
      );
    }
  }
  return value;
}

/** Turns a refusal from the WebAssembly module (`CODE\nmessage`) into an error. */
function refusal(e, decoding) {
  if (typeof e !== 'string') return e;
  const at = e.indexOf('\n');
  const code = e.slice(0, at);
  const message = e.slice(at + 1);
  if (code === 'INVALID_ARGUMENT') return new TypeError(message);
  // A wrong-length argument is the caller's mistake; a wrong length inside
  // an encoding being decoded is invalid contents.
  if ((code === 'INVALID_LENGTH' || code === 'CONTEXT_TOO_LONG') && !decoding) {
    const err = new RangeError(message);
    err.code = code;
    return err;
  }
  return new PqkitError(code, message);
}

function call(fn, ...args) {
  try {
    return fn(...args);
  } catch (e) {
    throw refusal(e, false);
  }
}

function callDecoder(fn, ...args) {
  try {
    return fn(...args);
  } catch (e) {
    throw refusal(e, true);
  }
}

// ---------------------------------------------------------------------------
// Key objects: keys kept parsed inside WebAssembly memory

/**
 * The safety net for key objects nobody frees: once one is garbage
 * collected, its WebAssembly half is dropped (and so wiped). `free()` is
 * still the way to wipe a key at a known time.
 */
const keyRegistry =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((inner) => inner.free())
    : undefined;

/**
 * Wraps a WebAssembly key object: `methods(use)` builds the public methods,
 * calling `use()` to reach the inner object (which throws once freed).
 */
function keyObject(inner, what, methods) {
  let live = inner;
  const token = {};
  const use = () => {
    if (live === undefined) {
      throw new PqkitError('KEY_FREED', `${what} was freed and cannot be used any more`);
    }
    return live;
  };
  const key = {
    ...methods(use),
    get publicKey() {
      return use().publicKey();
    },
    get freed() {
      return live === undefined;
    },
    free() {
      if (live === undefined) return;
      const l = live;
      live = undefined;
      keyRegistry?.unregister(token);
      l.free();
    },
  };
  keyRegistry?.register(key, inner, token);
  return Object.freeze(key);
}

/** Splits `joined` at `at` into two fresh arrays and wipes `joined`. */
function split(joined, at) {
  const a = joined.slice(0, at);
  const b = joined.slice(at);
  joined.fill(0);
  return [a, b];
}

// ---------------------------------------------------------------------------
// KEMs

function makeKem(id) {
  const name = glue.kemName(id);
  if (name === undefined) return undefined;
  const [publicKey, secretKey, ciphertext, sharedSecret, seed, randomness, expanded] =
    glue.kemLengths(id);
  const lengths = { publicKey, secretKey, ciphertext, sharedSecret, seed, randomness };
  if (expanded) lengths.expandedSecretKey = expanded;
  const kem = {
    name,
    lengths: Object.freeze(lengths),
    generateKeyPair(seed) {
      optionalBytes(seed, `${name} seed`);
      const [pk, sk] = split(call(glue.kemGenerateKeyPair, id, seed), publicKey);
      return { publicKey: pk, secretKey: sk };
    },
    encapsulate(pk, randomness) {
      bytes(pk, `${name} public key`);
      optionalBytes(randomness, `${name} randomness`);
      const [ct, ss] = split(call(glue.kemEncapsulate, id, pk, randomness), ciphertext);
      return { ciphertext: ct, sharedSecret: ss };
    },
    decapsulate(sk, ct) {
      bytes(sk, `${name} secret key`);
      bytes(ct, `${name} ciphertext`);
      return call(glue.kemDecapsulate, id, sk, ct);
    },
  };
  kem.importSecretKey = (sk) => {
    bytes(sk, `${name} secret key`);
    const inner = call(() => new glue.KemSecretKey(id, sk));
    return keyObject(inner, `${name} secret key`, (use) => ({
      name,
      decapsulate(ct) {
        bytes(ct, `${name} ciphertext`);
        return call(() => use().decapsulate(ct));
      },
    }));
  };
  if (expanded) {
    kem.expandSecretKey = (sk) => {
      bytes(sk, `${name} secret key`);
      return call(glue.kemExpandSecretKey, id, sk);
    };
  }
  return Object.freeze(kem);
}

/** ML-KEM-512 (FIPS 203). */
export const mlKem512 = makeKem(0);
/** ML-KEM-768 (FIPS 203). */
export const mlKem768 = makeKem(1);
/** ML-KEM-1024 (FIPS 203). */
export const mlKem1024 = makeKem(2);
/** X-Wing (draft-connolly-cfrg-xwing-kem). */
export const xWing = makeKem(3);
/** The TLS group X25519MLKEM768 (0x11EC). */
export const x25519MlKem768 = makeKem(4);
/** The TLS group SecP256r1MLKEM768 (0x11EB). */
export const secp256r1MlKem768 = makeKem(5);
/** The TLS group SecP384r1MLKEM1024 (0x11ED). */
export const secp384r1MlKem1024 = makeKem(6);
/** MLKEM768-P256 (draft-irtf-cfrg-concrete-hybrid-kems). */
export const mlKem768P256 = makeKem(7);
/** MLKEM1024-P384 (draft-irtf-cfrg-concrete-hybrid-kems). */
export const mlKem1024P384 = makeKem(8);

// ---------------------------------------------------------------------------
// ECDH

function makeEcdh(id) {
  const name = glue.ecdhName(id);
  if (name === undefined) return undefined;
  const [publicKey, secretKey, sharedSecret] = glue.ecdhLengths(id);
  return Object.freeze({
    name,
    lengths: Object.freeze({ publicKey, secretKey, sharedSecret }),
    generateKeyPair(sk) {
      optionalBytes(sk, `${name} secret key`);
      const [pk, s] = split(call(glue.ecdhGenerateKeyPair, id, sk), publicKey);
      return { publicKey: pk, secretKey: s };
    },
    publicKey(sk) {
      bytes(sk, `${name} secret key`);
      return call(glue.ecdhPublicKey, id, sk);
    },
    sharedSecret(sk, peer) {
      bytes(sk, `${name} secret key`);
      bytes(peer, `${name} public key`);
      return call(glue.ecdhSharedSecret, id, sk, peer);
    },
  });
}

/** X25519 (RFC 7748). */
export const x25519 = makeEcdh(0);
/** ECDH on P-256 (SEC 1), public keys as uncompressed points. */
export const p256 = makeEcdh(1);

// ---------------------------------------------------------------------------
// ML-DSA

const EMPTY = new Uint8Array(0);

function context(o, what) {
  return o.context === undefined ? EMPTY : bytes(o.context, `${what} context`);
}

/** `[mode, randomness]` for the signing exports: 0 hedged, 1 deterministic, 2 given. */
function signingMode(o, what) {
  if (o.deterministic !== undefined && typeof o.deterministic !== 'boolean') {
    throw new TypeError(`${what}: deterministic must be a boolean, got ${describe(o.deterministic)}`);
  }
  if (o.randomness !== undefined) {
    bytes(o.randomness, `${what} randomness`);
    if (o.deterministic) {
      throw new TypeError(`${what}: deterministic and randomness exclude each other`);
    }
    return [2, o.randomness];
  }
  return [o.deterministic ? 1 : 0, undefined];
}

function makeDsa(id) {
  if (typeof glue.dsaName !== 'function') return undefined;
  const name = glue.dsaName(id);
  const [publicKey, secretKey, signature, mu, expanded] = glue.dsaLengths(id);
  const lengths = Object.freeze({
    publicKey,
    secretKey,
    signature,
    mu,
    seed: secretKey,
    expandedSecretKey: expanded,
  });
  const SIGN = ['context', 'deterministic', 'randomness'];
  return Object.freeze({
    name,
    lengths,
    importSigningKey(sk) {
      bytes(sk, `${name} secret key`);
      const inner = call(() => new glue.DsaSigningKey(id, sk));
      return keyObject(inner, `${name} signing key`, (use) => ({
        name,
        sign(message, opts) {
          const what = `${name} sign`;
          bytes(message, `${name} message`);
          const o = options(opts, SIGN, what);
          const [mode, rnd] = signingMode(o, what);
          return call(() => use().sign(message, context(o, what), mode, rnd));
        },
        signMu(muBytes, opts) {
          const what = `${name} signMu`;
          bytes(muBytes, `${name} mu`);
          const o = options(opts, ['deterministic', 'randomness'], what);
          const [mode, rnd] = signingMode(o, what);
          return call(() => use().signMu(muBytes, mode, rnd));
        },
        signPrehashed(message, opts) {
          const what = `${name} signPrehashed`;
          bytes(message, `${name} message`);
          const o = options(opts, SIGN, what);
          const [mode, rnd] = signingMode(o, what);
          return call(() => use().signPrehashed(message, context(o, what), mode, rnd));
        },
      }));
    },
    importVerifyingKey(pk) {
      bytes(pk, `${name} public key`);
      const inner = call(() => new glue.DsaVerifyingKey(id, pk));
      return keyObject(inner, `${name} verifying key`, (use) => ({
        name,
        verify(message, sig, opts) {
          const what = `${name} verify`;
          bytes(message, `${name} message`);
          bytes(sig, `${name} signature`);
          const o = options(opts, ['context'], what);
          return call(() => use().verify(message, sig, context(o, what)));
        },
        verifyMu(muBytes, sig) {
          bytes(muBytes, `${name} mu`);
          bytes(sig, `${name} signature`);
          return call(() => use().verifyMu(muBytes, sig));
        },
        verifyPrehashed(message, sig, opts) {
          const what = `${name} verifyPrehashed`;
          bytes(message, `${name} message`);
          bytes(sig, `${name} signature`);
          const o = options(opts, ['context'], what);
          return call(() => use().verifyPrehashed(message, sig, context(o, what)));
        },
      }));
    },
    generateKeyPair(seed) {
      optionalBytes(seed, `${name} seed`);
      const [pk, sk] = split(call(glue.dsaGenerateKeyPair, id, seed), publicKey);
      return { publicKey: pk, secretKey: sk };
    },
    expandSecretKey(sk) {
      bytes(sk, `${name} secret key`);
      return call(glue.dsaExpandSecretKey, id, sk);
    },
    sign(sk, message, opts) {
      const what = `${name} sign`;
      bytes(sk, `${name} secret key`);
      bytes(message, `${name} message`);
      const o = options(opts, SIGN, what);
      const [mode, rnd] = signingMode(o, what);
      return call(glue.dsaSign, id, sk, message, context(o, what), mode, rnd);
    },
    verify(pk, message, sig, opts) {
      const what = `${name} verify`;
      bytes(pk, `${name} public key`);
      bytes(message, `${name} message`);
      bytes(sig, `${name} signature`);
      const o = options(opts, ['context'], what);
      return call(glue.dsaVerify, id, pk, message, sig, context(o, what));
    },
    computeMu(pk, message, opts) {
      const what = `${name} computeMu`;
      bytes(pk, `${name} public key`);
      bytes(message, `${name} message`);
      const o = options(opts, ['context'], what);
      return call(glue.dsaComputeMu, id, pk, message, context(o, what));
    },
    muHasher(pk, opts) {
      const what = `${name} muHasher`;
      bytes(pk, `${name} public key`);
      const o = options(opts, ['context'], what);
      const ctx = context(o, what);
      const inner = call(() => new glue.DsaMuHasher(id, pk, ctx));
      let finished = false;
      const hasher = {
        update(chunk) {
          if (finished) throw new TypeError('muHasher: update after finalize');
          bytes(chunk, 'muHasher chunk');
          inner.update(chunk);
          return hasher;
        },
        finalize() {
          if (finished) throw new TypeError('muHasher: finalize called twice');
          finished = true;
          return inner.finalize();
        },
      };
      return hasher;
    },
    signMu(sk, muBytes, opts) {
      const what = `${name} signMu`;
      bytes(sk, `${name} secret key`);
      bytes(muBytes, `${name} mu`);
      const o = options(opts, ['deterministic', 'randomness'], what);
      const [mode, rnd] = signingMode(o, what);
      return call(glue.dsaSignMu, id, sk, muBytes, mode, rnd);
    },
    verifyMu(pk, muBytes, sig) {
      bytes(pk, `${name} public key`);
      bytes(muBytes, `${name} mu`);
      bytes(sig, `${name} signature`);
      return call(glue.dsaVerifyMu, id, pk, muBytes, sig);
    },
    signPrehashed(sk, message, opts) {
      const what = `${name} signPrehashed`;
      bytes(sk, `${name} secret key`);
      bytes(message, `${name} message`);
      const o = options(opts, SIGN, what);
      const [mode, rnd] = signingMode(o, what);
      return call(glue.dsaSignPrehashed, id, sk, message, context(o, what), mode, rnd);
    },
    verifyPrehashed(pk, message, sig, opts) {
      const what = `${name} verifyPrehashed`;
      bytes(pk, `${name} public key`);
      bytes(message, `${name} message`);
      bytes(sig, `${name} signature`);
      const o = options(opts, ['context'], what);
      return call(glue.dsaVerifyPrehashed, id, pk, message, sig, context(o, what));
    },
  });
}

/** ML-DSA-44 (FIPS 204). */
export const mlDsa44 = makeDsa(0);
/** ML-DSA-65 (FIPS 204). */
export const mlDsa65 = makeDsa(1);
/** ML-DSA-87 (FIPS 204). */
export const mlDsa87 = makeDsa(2);

// ---------------------------------------------------------------------------
// Key encodings

const hasEncodings = typeof glue.spkiEncode === 'function';
const ALGORITHMS = hasEncodings ? glue.encodingAlgorithms() : [];
const FORMS = ['seed', 'expanded', 'both'];

function algorithmName(name) {
  string(name, 'algorithm name');
  if (!ALGORITHMS.includes(name)) {
    throw new TypeError(`unknown algorithm '${name}' (expected one of ${ALGORITHMS.join(', ')})`);
  }
  return name;
}

/** SubjectPublicKeyInfo (RFC 5280) for ML-KEM and ML-DSA public keys. */
export const spki = hasEncodings
  ? Object.freeze({
      encode(name, publicKey) {
        algorithmName(name);
        bytes(publicKey, `${name} public key`);
        return call(glue.spkiEncode, name, publicKey);
      },
      decode(der) {
        bytes(der, 'SubjectPublicKeyInfo DER');
        const out = callDecoder(glue.spkiDecode, der);
        return { name: ALGORITHMS[out[0]], publicKey: out.slice(1) };
      },
    })
  : undefined;

/** PKCS#8 (RFC 5958) private keys in the LAMPS seed / expandedKey / both forms. */
export const pkcs8 = hasEncodings
  ? Object.freeze({
      encode(name, secretKey, opts) {
        algorithmName(name);
        bytes(secretKey, `${name} secret key`);
        const { form = 'seed' } = options(opts, ['form'], 'pkcs8.encode');
        const f = FORMS.indexOf(form);
        if (f < 0) {
          throw new TypeError(`form must be 'seed', 'expanded' or 'both', got '${String(form)}'`);
        }
        return call(glue.pkcs8Encode, name, secretKey, f);
      },
      decode(der) {
        bytes(der, 'PKCS#8 DER');
        const out = callDecoder(glue.pkcs8Decode, der);
        const name = ALGORITHMS[out[0]];
        const form = FORMS[out[1]];
        const seedLen = out[2];
        const seed = out.slice(3, 3 + seedLen);
        const expanded = out.slice(3 + seedLen);
        out.fill(0);
        const result = { name, form, secretKey: form === 'expanded' ? expanded : seed };
        if (form !== 'seed') result.expanded = expanded;
        return result;
      },
    })
  : undefined;

const utf8 = new TextDecoder();

/** PEM (RFC 7468) framing. */
export const pem = hasEncodings
  ? Object.freeze({
      encode(label, der) {
        string(label, 'PEM label');
        bytes(der, 'DER');
        return call(glue.pemEncode, label, der);
      },
      decode(text) {
        string(text, 'PEM text');
        const out = callDecoder(glue.pemDecode, text);
        const labelLen = (out[0] << 8) | out[1];
        const label = utf8.decode(out.subarray(2, 2 + labelLen));
        const der = out.slice(2 + labelLen);
        out.fill(0);
        return { label, der };
      },
    })
  : undefined;

// ---------------------------------------------------------------------------
// TLS group negotiation

const GROUPS = {};
const GROUP_NAMES = new Map();
for (const code of glue.tlsKnownGroups()) {
  const name = glue.tlsGroupName(code);
  GROUPS[name] = code;
  GROUP_NAMES.set(code, name);
}
Object.freeze(GROUPS);

const POLICIES = ['pq-first', 'key-share-first'];
const ACTIONS = ['accept', 'hello-retry-request', 'no-common-group'];

function groupList(list, what) {
  if (!Array.isArray(list)) {
    throw new TypeError(`${what} must be an array of group names or code points`);
  }
  return Uint16Array.from(list, (g) => {
    if (typeof g === 'string') {
      if (!Object.hasOwn(GROUPS, g)) {
        throw new TypeError(`${what}: unknown group name '${g}' (use a code point instead)`);
      }
      return GROUPS[g];
    }
    if (Number.isInteger(g) && g >= 0 && g <= 0xffff) return g;
    throw new TypeError(`${what}: ${String(g)} is neither a group name nor a code point`);
  });
}

/** TLS 1.3 NamedGroup code points by name, and the server's group choice. */
export const tls = Object.freeze({
  groups: GROUPS,
  negotiate(opts) {
    if (opts === undefined) throw new TypeError('tls.negotiate needs an options object');
    const o = options(
      opts,
      ['clientSupportedGroups', 'clientKeyShareGroups', 'serverGroups', 'policy'],
      'tls.negotiate',
    );
    const policy = o.policy ?? 'pq-first';
    const p = POLICIES.indexOf(policy);
    if (p < 0) {
      throw new TypeError(`policy must be 'pq-first' or 'key-share-first', got '${String(policy)}'`);
    }
    const [action, code] = call(
      glue.tlsNegotiate,
      groupList(o.clientSupportedGroups, 'clientSupportedGroups'),
      groupList(o.clientKeyShareGroups ?? [], 'clientKeyShareGroups'),
      groupList(o.serverGroups, 'serverGroups'),
      p,
    );
    if (action === 2) return { action: ACTIONS[action] };
    return { action: ACTIONS[action], group: GROUP_NAMES.get(code) ?? code, code };
  },
});
