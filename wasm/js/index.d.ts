/**
 * Bytes the package returns: always a fresh `Uint8Array` over its own
 * `ArrayBuffer` (never a `SharedArrayBuffer`, never shared with another
 * result). With TypeScript >= 5.7 this is `Uint8Array<ArrayBuffer>`, which
 * `crypto.subtle` accepts as a `BufferSource`; with older versions it is
 * plain `Uint8Array`. Arguments take any `Uint8Array`.
 */
export type Bytes = ReturnType<Uint8Array['slice']>;

/** Which WebAssembly build is running: `'simd128'` or `'portable'`. */
export declare const backend: 'simd128' | 'portable';

/**
 * An input with invalid contents (a public key failing the FIPS 203 modulus
 * check, a bad curve point, an all-zero X25519 result, malformed DER, a key
 * object used after `free()`, ...). `code` is stable, e.g.
 * `'ENCAPSULATION_KEY_NOT_REDUCED'`, `'INVALID_POINT'`,
 * `'ALL_ZERO_SHARED_SECRET'`, `'MALFORMED_DER'`, `'KEY_FREED'`.
 */
export declare class PqkitError extends Error {
  readonly name: 'PqkitError';
  readonly code: string;
}

/** Byte lengths of a KEM's inputs and outputs. */
export interface KemLengths {
  readonly publicKey: number;
  readonly secretKey: number;
  readonly ciphertext: number;
  readonly sharedSecret: number;
  readonly seed: number;
  readonly randomness: number;
  /** ML-KEM only: the FIPS 203 decapsulation key. */
  readonly expandedSecretKey?: number;
}

/** A fresh key pair; the two arrays share no buffer. */
export interface KeyPair {
  publicKey: Bytes;
  /** The seed (KEMs, ML-DSA) or the secret scalar (ECDH). */
  secretKey: Bytes;
}

/** The result of an encapsulation. */
export interface Encapsulation {
  /** `lengths.ciphertext` bytes, sent to the key's owner. */
  ciphertext: Bytes;
  /** `lengths.sharedSecret` bytes, kept. */
  sharedSecret: Bytes;
}

/**
 * What every key object has: the matching public key and an explicit
 * `free()`. A key object keeps the parsed (for ML-KEM: expanded) key in
 * WebAssembly memory; `free()` wipes it there. A key object that is
 * garbage collected without `free()` is wiped then, at a time the engine
 * chooses. Any method called after `free()` throws `PqkitError`
 * `'KEY_FREED'`.
 */
export interface KeyObject {
  /** A fresh copy of the public key on every read; throws `'KEY_FREED'` after `free()`. */
  readonly publicKey: Bytes;
  /** Whether `free()` was called. */
  readonly freed: boolean;
  /** Wipes the key from WebAssembly memory; calling it again does nothing. */
  free(): void;
}

/** A KEM secret key kept in WebAssembly memory (`Kem.importSecretKey`). */
export interface KemSecretKey extends KeyObject {
  readonly name: string;
  /**
   * The shared secret carried by `ciphertext` (`lengths.ciphertext` bytes,
   * else `RangeError`). ML-KEM never throws for a ciphertext of the right
   * length: a forged one gives the implicit-rejection secret.
   */
  decapsulate(ciphertext: Uint8Array): Bytes;
}

/**
 * A key encapsulation mechanism. Every method throws `TypeError` for a
 * non-`Uint8Array` argument, `RangeError` for a wrong length and
 * `PqkitError` for invalid contents.
 */
export interface Kem {
  readonly name: string;
  readonly lengths: KemLengths;
  /** A key pair from `seed` (`lengths.seed` bytes), or from fresh randomness. */
  generateKeyPair(seed?: Uint8Array): KeyPair;
  /**
   * A ciphertext and shared secret for `publicKey` (`lengths.publicKey`
   * bytes; an ML-KEM key failing the FIPS 203 modulus check throws
   * `'ENCAPSULATION_KEY_NOT_REDUCED'`); `randomness` only for tests and
   * vectors.
   */
  encapsulate(publicKey: Uint8Array, randomness?: Uint8Array): Encapsulation;
  /** The shared secret carried by `ciphertext`; re-derives the key from `secretKey` each call. */
  decapsulate(secretKey: Uint8Array, ciphertext: Uint8Array): Bytes;
  /**
   * Parses and expands `secretKey` once into a key object for repeated
   * `decapsulate` calls (same lengths and errors as `decapsulate`).
   */
  importSecretKey(secretKey: Uint8Array): KemSecretKey;
}

/** ML-KEM: `secretKey` is the 64-byte seed `d || z`; `decapsulate` also takes the expanded key. */
export interface MlKem extends Kem {
  readonly name: 'ML-KEM-512' | 'ML-KEM-768' | 'ML-KEM-1024';
  readonly lengths: KemLengths & { readonly expandedSecretKey: number };
  /**
   * The FIPS 203 decapsulation key `dk` of a seed (idempotent on an expanded
   * key; an expanded key whose embedded `H(ek)` is wrong throws
   * `'DECAPSULATION_KEY_HASH_MISMATCH'`).
   */
  expandSecretKey(secretKey: Uint8Array): Bytes;
}

/** ML-KEM-512 (FIPS 203): 800-byte public key, 768-byte ciphertext. */
export declare const mlKem512: MlKem;
/** ML-KEM-768 (FIPS 203): 1184-byte public key, 1088-byte ciphertext. */
export declare const mlKem768: MlKem;
/** ML-KEM-1024 (FIPS 203): 1568-byte public key, 1568-byte ciphertext. */
export declare const mlKem1024: MlKem;
/** X-Wing (`MLKEM768-X25519` in WebCrypto): 32-byte seed, 1216-byte public key, 1120-byte ciphertext, 64-byte `eseed` randomness. */
export declare const xWing: Kem;
/**
 * The TLS group X25519MLKEM768 (0x11EC): `publicKey` is the client key
 * share, `ciphertext` the server key share, `sharedSecret` the TLS shared
 * secret; `secretKey` is the client's 96-byte seed (ML-KEM `d || z`, then
 * the X25519 scalar).
 */
export declare const x25519MlKem768: Kem;
/** The TLS group SecP256r1MLKEM768 (0x11EB), shaped as `x25519MlKem768`. */
export declare const secp256r1MlKem768: Kem;
/** The TLS group SecP384r1MLKEM1024 (0x11ED), shaped as `x25519MlKem768` (112-byte seed). */
export declare const secp384r1MlKem1024: Kem;
/** MLKEM768-P256 (HPKE KEM 0x0050): 32-byte seed. */
export declare const mlKem768P256: Kem;
/** MLKEM1024-P384 (HPKE KEM 0x0051): 32-byte seed. */
export declare const mlKem1024P384: Kem;

/** Byte lengths of an ECDH curve's keys and shared secret. */
export interface EcdhLengths {
  readonly publicKey: number;
  readonly secretKey: number;
  readonly sharedSecret: number;
}

/**
 * Elliptic-curve Diffie-Hellman. Every method throws `TypeError` for a
 * non-`Uint8Array` argument, `RangeError` for a wrong length and
 * `PqkitError` for invalid contents.
 */
export interface Ecdh {
  readonly name: 'X25519' | 'P-256';
  readonly lengths: EcdhLengths;
  /** The key pair of `secretKey` (`lengths.secretKey` bytes), or of a fresh secret key. */
  generateKeyPair(secretKey?: Uint8Array): KeyPair;
  /** The public key of `secretKey`. */
  publicKey(secretKey: Uint8Array): Bytes;
  /** The shared secret of `secretKey` and the peer's `publicKey`. */
  sharedSecret(secretKey: Uint8Array, publicKey: Uint8Array): Bytes;
}

/**
 * X25519 (RFC 7748): 32-byte secret keys (any value; clamped when used),
 * public keys and shared secrets. `sharedSecret` throws `PqkitError`
 * `'ALL_ZERO_SHARED_SECRET'` for a small-order peer key.
 */
export declare const x25519: Ecdh & { readonly name: 'X25519' };
/**
 * P-256 ECDH: 32-byte big-endian secret scalars in `1..n-1` (else
 * `PqkitError` `'INVALID_SCALAR'`), 65-byte uncompressed SEC1 public keys
 * (the compressed 33-byte form gives `'COMPRESSED_POINT'`, a bad tag or a
 * point off the curve `'INVALID_POINT'`), the 32-byte x-coordinate as the
 * shared secret. Absent (`undefined` at run time) in a build without the
 * `p256` feature.
 */
export declare const p256: Ecdh & { readonly name: 'P-256' };

/** Byte lengths of an ML-DSA parameter set. */
export interface DsaLengths {
  readonly publicKey: number;
  /** The 32-byte seed `xi`. */
  readonly secretKey: number;
  readonly signature: number;
  /** 64. */
  readonly mu: number;
  /** 32, as `secretKey`. */
  readonly seed: number;
  /** The FIPS 204 signing key `sk`. */
  readonly expandedSecretKey: number;
}

/** The ML-DSA context string option. */
export interface ContextOptions {
  /** At most 255 bytes (else `RangeError` with code `'CONTEXT_TOO_LONG'`); empty by default. */
  context?: Uint8Array;
}

/** How a signature's randomness `rnd` is chosen (hedged by default). */
export interface RandomnessOptions {
  /** `rnd = 0^32` instead of fresh randomness (FIPS 204 deterministic variant). */
  deterministic?: boolean;
  /** The 32-byte `rnd`, for tests and vectors; excludes `deterministic: true`. */
  randomness?: Uint8Array;
}

/** A streaming computation of ML-DSA's `mu` (`MlDsa.muHasher`). */
export interface MuHasher {
  /** Absorbs the next chunk of the message; returns the hasher. Throws `TypeError` after `finalize`. */
  update(chunk: Uint8Array): MuHasher;
  /** The 64-byte `mu`; the hasher cannot be used afterwards (`TypeError`). */
  finalize(): Bytes;
}

/** An ML-DSA signing key kept in WebAssembly memory (`MlDsa.importSigningKey`). */
export interface DsaSigningKey extends KeyObject {
  readonly name: 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87';
  /** ML-DSA.Sign (FIPS 204 Algorithm 2); hedged unless `deterministic: true`. */
  sign(message: Uint8Array, options?: ContextOptions & RandomnessOptions): Bytes;
  /** Signs a 64-byte external `mu` (FIPS 204 Algorithm 7, line 6). */
  signMu(mu: Uint8Array, options?: RandomnessOptions): Bytes;
  /** HashML-DSA with SHA-512 (FIPS 204 Algorithm 4). */
  signPrehashed(message: Uint8Array, options?: ContextOptions & RandomnessOptions): Bytes;
}

/**
 * An ML-DSA public key kept parsed and expanded in WebAssembly memory
 * (`MlDsa.importVerifyingKey`). The `verify*` methods return `false` for any
 * signature that does not verify, including one of the wrong length.
 */
export interface DsaVerifyingKey extends KeyObject {
  readonly name: 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87';
  /** ML-DSA.Verify (FIPS 204 Algorithm 3). */
  verify(message: Uint8Array, signature: Uint8Array, options?: ContextOptions): boolean;
  /** Verifies against a 64-byte external `mu`. */
  verifyMu(mu: Uint8Array, signature: Uint8Array): boolean;
  /** HashML-DSA with SHA-512 (FIPS 204 Algorithm 5). */
  verifyPrehashed(message: Uint8Array, signature: Uint8Array, options?: ContextOptions): boolean;
}

/**
 * ML-DSA (FIPS 204). `secretKey` is the 32-byte seed; every signing method
 * also takes the expanded key from `expandSecretKey` (checked for
 * consistency each time, else `PqkitError` `'INVALID_PRIVATE_KEY'`).
 * `verify*` return `false` for any signature that does not verify,
 * including one of the wrong length. Every method throws `TypeError` for a
 * non-`Uint8Array` argument or an unknown option, `RangeError` for a wrong
 * key, `mu` or randomness length or a context over 255 bytes.
 */
export interface MlDsa {
  readonly name: 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87';
  readonly lengths: DsaLengths;
  /** A key pair from a 32-byte `seed` (FIPS 204 Algorithm 6), or from fresh randomness. */
  generateKeyPair(seed?: Uint8Array): KeyPair;
  /** The FIPS 204 signing key `sk` of a seed (checked when given an expanded key). */
  expandSecretKey(secretKey: Uint8Array): Bytes;
  /** Hedged unless `deterministic: true`; re-derives the key from `secretKey` each call. */
  sign(secretKey: Uint8Array, message: Uint8Array, options?: ContextOptions & RandomnessOptions): Bytes;
  /** ML-DSA.Verify (FIPS 204 Algorithm 3); parses `publicKey` each call. */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, options?: ContextOptions): boolean;
  /** `mu = SHAKE256(SHAKE256(pk, 64) || 0 || len(ctx) || ctx || message, 64)`. */
  computeMu(publicKey: Uint8Array, message: Uint8Array, options?: ContextOptions): Bytes;
  /** `computeMu` over a message given in chunks. */
  muHasher(publicKey: Uint8Array, options?: ContextOptions): MuHasher;
  /** Signs a 64-byte external `mu`; the same signature as `sign` of the message. */
  signMu(secretKey: Uint8Array, mu: Uint8Array, options?: RandomnessOptions): Bytes;
  /** Verifies against a 64-byte external `mu`. */
  verifyMu(publicKey: Uint8Array, mu: Uint8Array, signature: Uint8Array): boolean;
  /** HashML-DSA with SHA-512 (FIPS 204 Algorithm 4). */
  signPrehashed(secretKey: Uint8Array, message: Uint8Array, options?: ContextOptions & RandomnessOptions): Bytes;
  /** HashML-DSA with SHA-512 (FIPS 204 Algorithm 5). */
  verifyPrehashed(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, options?: ContextOptions): boolean;
  /** Derives (or checks) and prepares the signing key once, for repeated signing. */
  importSigningKey(secretKey: Uint8Array): DsaSigningKey;
  /** Parses the public key and expands its matrix once, for repeated verification. */
  importVerifyingKey(publicKey: Uint8Array): DsaVerifyingKey;
}

/** ML-DSA-44: 1312-byte public key, 2420-byte signature. */
export declare const mlDsa44: MlDsa;
/** ML-DSA-65: 1952-byte public key, 3309-byte signature. */
export declare const mlDsa65: MlDsa;
/** ML-DSA-87: 2592-byte public key, 4627-byte signature. */
export declare const mlDsa87: MlDsa;

/** The algorithms the key encodings know. */
export type EncodingAlgorithm =
  | 'ML-KEM-512'
  | 'ML-KEM-768'
  | 'ML-KEM-1024'
  | 'ML-DSA-44'
  | 'ML-DSA-65'
  | 'ML-DSA-87';

/**
 * SubjectPublicKeyInfo (RFC 5280, with the LAMPS ML-KEM / ML-DSA OIDs).
 * `decode` throws `PqkitError` (`'MALFORMED_DER'`, `'TRAILING_DATA'`,
 * `'UNKNOWN_ALGORITHM'`, `'INVALID_LENGTH'`) for a bad encoding.
 */
export declare const spki: {
  encode(name: EncodingAlgorithm, publicKey: Uint8Array): Bytes;
  decode(der: Uint8Array): { name: EncodingAlgorithm; publicKey: Bytes };
};

/** The LAMPS private key forms: the seed, the expanded key, or both. */
export type PrivateKeyForm = 'seed' | 'expanded' | 'both';

/** PKCS#8 (RFC 5958) private keys. */
export declare const pkcs8: {
  /** `secretKey` is the seed; for `form: 'expanded'` it may be the expanded key. */
  encode(
    name: EncodingAlgorithm,
    secretKey: Uint8Array,
    options?: { form?: PrivateKeyForm },
  ): Bytes;
  /**
   * Decodes and checks a private key (a `both` key's seed must expand to its
   * expanded key: `'SEED_EXPANDED_KEY_MISMATCH'`; an expanded ML-KEM key
   * must pass a pairwise test: `'PUBLIC_KEY_MISMATCH'`). `secretKey` is the
   * seed when there is one, else the expanded key.
   */
  decode(der: Uint8Array): {
    name: EncodingAlgorithm;
    form: PrivateKeyForm;
    secretKey: Bytes;
    expanded?: Bytes;
  };
};

/** PEM (RFC 7468) framing; `decode` throws `PqkitError` `'INVALID_PEM'`. */
export declare const pem: {
  encode(label: string, der: Uint8Array): string;
  decode(text: string): { label: string; der: Bytes };
};

/** TLS 1.3 NamedGroup names pqkit knows. */
export type GroupName =
  | 'X25519MLKEM768'
  | 'SecP256r1MLKEM768'
  | 'SecP384r1MLKEM1024'
  | 'X-Wing'
  | 'x25519'
  | 'secp256r1'
  | 'secp384r1'
  | 'X25519Kyber768Draft00'
  | 'SecP256r1Kyber768Draft00';

/** A group by registered name or by code point. */
export type Group = GroupName | number;

/** The ClientHello's group lists and the server's preferences. */
export interface NegotiateOptions {
  clientSupportedGroups: Group[];
  clientKeyShareGroups?: Group[];
  /** The server's groups, most preferred first. */
  serverGroups: Group[];
  /** Default `'pq-first'`. */
  policy?: 'pq-first' | 'key-share-first';
}

/** The server's choice. */
export type Negotiation =
  | { action: 'accept' | 'hello-retry-request'; group: GroupName | number; code: number }
  | { action: 'no-common-group' };

/** TLS 1.3 group code points and the server's group choice. */
export declare const tls: {
  readonly groups: Readonly<Record<GroupName, number>>;
  /** Throws `PqkitError` (`KEY_SHARE_NOT_IN_SUPPORTED_GROUPS`, `DUPLICATE_KEY_SHARE`) for an illegal ClientHello. */
  negotiate(options: NegotiateOptions): Negotiation;
};
