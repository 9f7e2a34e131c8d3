/** Which WebAssembly build is running: `'simd128'` or `'portable'`. */
export declare const backend: 'simd128' | 'portable';

/**
 * An input with invalid contents (a public key failing the FIPS 203 modulus
 * check, a bad curve point, an all-zero X25519 result, malformed DER, ...).
 * `code` is stable, e.g. `'ENCAPSULATION_KEY_NOT_REDUCED'`, `'INVALID_POINT'`,
 * `'ALL_ZERO_SHARED_SECRET'`, `'MALFORMED_DER'`.
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

export interface KeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

export interface Encapsulation {
  ciphertext: Uint8Array;
  sharedSecret: Uint8Array;
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
  /** A ciphertext and shared secret for `publicKey`; `randomness` only for tests and vectors. */
  encapsulate(publicKey: Uint8Array, randomness?: Uint8Array): Encapsulation;
  /** The shared secret carried by `ciphertext`. */
  decapsulate(secretKey: Uint8Array, ciphertext: Uint8Array): Uint8Array;
}

/** ML-KEM: `secretKey` is the 64-byte seed `d || z`; `decapsulate` also takes the expanded key. */
export interface MlKem extends Kem {
  readonly lengths: KemLengths & { readonly expandedSecretKey: number };
  /** The FIPS 203 decapsulation key `dk` of a seed (idempotent on an expanded key). */
  expandSecretKey(secretKey: Uint8Array): Uint8Array;
}

export declare const mlKem512: MlKem;
export declare const mlKem768: MlKem;
export declare const mlKem1024: MlKem;
/** X-Wing: 32-byte seed, 64-byte `eseed` randomness. */
export declare const xWing: Kem;
/**
 * TLS hybrid groups: `publicKey` is the client key share, `ciphertext` the
 * server key share, `sharedSecret` the TLS shared secret; `secretKey` is the
 * client's seed (ML-KEM `d || z` then the ECDH scalar).
 */
export declare const x25519MlKem768: Kem;
export declare const secp256r1MlKem768: Kem;
export declare const secp384r1MlKem1024: Kem;
/** The CFRG hybrid KEMs (HPKE KEMs 0x0050 / 0x0051): 32-byte seed. */
export declare const mlKem768P256: Kem;
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
  publicKey(secretKey: Uint8Array): Uint8Array;
  /** The shared secret of `secretKey` and the peer's `publicKey`. */
  sharedSecret(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
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
  readonly seed: number;
  /** The FIPS 204 signing key `sk`. */
  readonly expandedSecretKey: number;
}

export interface ContextOptions {
  /** At most 255 bytes; empty by default. */
  context?: Uint8Array;
}

export interface RandomnessOptions {
  /** `rnd = 0^32` instead of fresh randomness (FIPS 204 deterministic variant). */
  deterministic?: boolean;
  /** The 32-byte `rnd`, for tests and vectors. */
  randomness?: Uint8Array;
}

export interface MuHasher {
  /** Absorbs the next chunk of the message; returns the hasher. */
  update(chunk: Uint8Array): MuHasher;
  /** The 64-byte `mu`; the hasher cannot be used afterwards. */
  finalize(): Uint8Array;
}

/**
 * ML-DSA (FIPS 204). `secretKey` is the 32-byte seed; every signing method
 * also takes the expanded key from `expandSecretKey`, which spares the
 * derivation. `verify*` return `false` for any signature that does not
 * verify, including one of the wrong length.
 */
export interface MlDsa {
  readonly name: 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87';
  readonly lengths: DsaLengths;
  generateKeyPair(seed?: Uint8Array): KeyPair;
  expandSecretKey(secretKey: Uint8Array): Uint8Array;
  /** Hedged unless `deterministic: true`. */
  sign(secretKey: Uint8Array, message: Uint8Array, options?: ContextOptions & RandomnessOptions): Uint8Array;
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, options?: ContextOptions): boolean;
  /** `mu = SHAKE256(SHAKE256(pk, 64) || 0 || len(ctx) || ctx || message, 64)`. */
  computeMu(publicKey: Uint8Array, message: Uint8Array, options?: ContextOptions): Uint8Array;
  muHasher(publicKey: Uint8Array, options?: ContextOptions): MuHasher;
  signMu(secretKey: Uint8Array, mu: Uint8Array, options?: RandomnessOptions): Uint8Array;
  verifyMu(publicKey: Uint8Array, mu: Uint8Array, signature: Uint8Array): boolean;
  /** HashML-DSA with SHA-512 (FIPS 204 Algorithm 4). */
  signPrehashed(secretKey: Uint8Array, message: Uint8Array, options?: ContextOptions & RandomnessOptions): Uint8Array;
  verifyPrehashed(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, options?: ContextOptions): boolean;
}

export declare const mlDsa44: MlDsa;
export declare const mlDsa65: MlDsa;
export declare const mlDsa87: MlDsa;

export type EncodingAlgorithm =
  | 'ML-KEM-512'
  | 'ML-KEM-768'
  | 'ML-KEM-1024'
  | 'ML-DSA-44'
  | 'ML-DSA-65'
  | 'ML-DSA-87';

export declare const spki: {
  encode(name: EncodingAlgorithm, publicKey: Uint8Array): Uint8Array;
  decode(der: Uint8Array): { name: EncodingAlgorithm; publicKey: Uint8Array };
};

export type PrivateKeyForm = 'seed' | 'expanded' | 'both';

export declare const pkcs8: {
  /** `secretKey` is the seed; for `form: 'expanded'` it may be the expanded key. */
  encode(
    name: EncodingAlgorithm,
    secretKey: Uint8Array,
    options?: { form?: PrivateKeyForm },
  ): Uint8Array;
  /**
   * Decodes and checks a private key (a `both` key's seed must expand to its
   * expanded key; an expanded ML-KEM key must pass a pairwise test).
   * `secretKey` is the seed when there is one, else the expanded key.
   */
  decode(der: Uint8Array): {
    name: EncodingAlgorithm;
    form: PrivateKeyForm;
    secretKey: Uint8Array;
    expanded?: Uint8Array;
  };
};

export declare const pem: {
  encode(label: string, der: Uint8Array): string;
  decode(text: string): { label: string; der: Uint8Array };
};

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

export interface NegotiateOptions {
  clientSupportedGroups: Group[];
  clientKeyShareGroups?: Group[];
  /** The server's groups, most preferred first. */
  serverGroups: Group[];
  /** Default `'pq-first'`. */
  policy?: 'pq-first' | 'key-share-first';
}

export type Negotiation =
  | { action: 'accept' | 'hello-retry-request'; group: GroupName | number; code: number }
  | { action: 'no-common-group' };

export declare const tls: {
  readonly groups: Readonly<Record<GroupName, number>>;
  /** Throws `PqkitError` (`KEY_SHARE_NOT_IN_SUPPORTED_GROUPS`, `DUPLICATE_KEY_SHARE`) for an illegal ClientHello. */
  negotiate(options: NegotiateOptions): Negotiation;
};
