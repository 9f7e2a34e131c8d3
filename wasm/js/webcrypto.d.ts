/**
 * `pqkit/webcrypto`: the post-quantum algorithms of the WICG "Modern
 * Algorithms in the Web Cryptography API" draft with the shape of
 * `crypto.subtle`, running on the engine's own implementation where it has
 * the algorithm and on pqkit elsewhere, with the same bytes either way.
 *
 * Errors are `DOMException`s named as WebCrypto names them:
 * `NotSupportedError` (unknown algorithm or format, SPKI / PKCS#8 for a
 * hybrid), `SyntaxError` (a usage the key type cannot have, no usage for a
 * private key), `DataError` (key data of the wrong length or contents, a
 * JWK whose `kty`, `alg`, `pub`, `ext` or `key_ops` do not fit),
 * `InvalidAccessError` (wrong key type, missing usage, exporting a
 * non-extractable key), `OperationError` (a ciphertext of the wrong
 * length, a context over 255 bytes); `TypeError` for arguments of the
 * wrong kind.
 */

/** The KEMs: ML-KEM (FIPS 203), X-Wing (`MLKEM768-X25519`), the CFRG hybrids. */
export type KemAlgorithmName =
  | 'ML-KEM-512'
  | 'ML-KEM-768'
  | 'ML-KEM-1024'
  | 'MLKEM768-X25519'
  | 'MLKEM768-P256'
  | 'MLKEM1024-P384';

/** ML-DSA (FIPS 204). */
export type DsaAlgorithmName = 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87';

/** Every algorithm this module knows. */
export type PqAlgorithmName = KemAlgorithmName | DsaAlgorithmName;

/** Bytes as WebCrypto takes them. */
export type Source = ArrayBuffer | ArrayBufferView;

/** The usages these algorithms allow. */
export type PqKeyUsage = 'encapsulateBits' | 'decapsulateBits' | 'sign' | 'verify';

/** Key formats: raw public key, raw seed, SPKI / PKCS#8 DER (ML-KEM and ML-DSA only), JWK. */
export type PqKeyFormat = 'raw-public' | 'raw-seed' | 'spki' | 'pkcs8' | 'jwk';

/**
 * A key, shaped like `CryptoKey`. It holds either the engine's `CryptoKey`
 * or pqkit's bytes, and works only with the object that made it.
 */
export interface PqCryptoKey {
  readonly type: 'public' | 'private';
  readonly algorithm: { readonly name: PqAlgorithmName };
  /** Always `true` for a public key. */
  readonly extractable: boolean;
  readonly usages: readonly PqKeyUsage[];
}

/** What `generateKey` returns. */
export interface PqCryptoKeyPair {
  publicKey: PqCryptoKey;
  privateKey: PqCryptoKey;
}

/**
 * An "Algorithm Key Pair" JWK (RFC 9964, draft-ietf-jose-pqc-kem):
 * `pub` is the raw public key, `priv` the seed, both base64url.
 */
export interface AkpJwk {
  kty: 'AKP';
  alg: PqAlgorithmName;
  pub: string;
  priv?: string;
  key_ops?: string[];
  ext?: boolean;
}

/** `encapsulateBits`' result: the 32-byte shared secret and the ciphertext. */
export interface EncapsulatedBits {
  sharedKey: ArrayBuffer;
  ciphertext: ArrayBuffer;
}

/** ML-DSA's parameters: the context string (at most 255 bytes, empty by default). */
export interface ContextParams {
  name: DsaAlgorithmName;
  context?: Source;
}

/** The `crypto.subtle` methods for the post-quantum algorithms. */
export interface PqSubtle {
  /** `'native'` when the engine runs `algorithm`, `'pqkit'` otherwise (found out once, then remembered). */
  implementation(algorithm: PqAlgorithmName | { name: PqAlgorithmName }): Promise<'native' | 'pqkit'>;
  /** A fresh key pair; the public key gets the public usages asked for, the private key the private ones. */
  generateKey(
    algorithm: PqAlgorithmName | { name: PqAlgorithmName },
    extractable: boolean,
    usages: PqKeyUsage[],
  ): Promise<PqCryptoKeyPair>;
  /** Imports a public key (`raw-public`, `spki`) or a private key (`raw-seed`, `pkcs8` with a seed). */
  importKey(
    format: Exclude<PqKeyFormat, 'jwk'>,
    keyData: Source,
    algorithm: PqAlgorithmName | { name: PqAlgorithmName },
    extractable: boolean,
    usages: PqKeyUsage[],
  ): Promise<PqCryptoKey>;
  /** Imports an AKP JWK: a private key when it has `priv` (whose public key must be `pub`). */
  importKey(
    format: 'jwk',
    keyData: AkpJwk,
    algorithm: PqAlgorithmName | { name: PqAlgorithmName },
    extractable: boolean,
    usages: PqKeyUsage[],
  ): Promise<PqCryptoKey>;
  /** Exports an extractable key as an AKP JWK. */
  exportKey(format: 'jwk', key: PqCryptoKey): Promise<AkpJwk>;
  /** Exports a key: `raw-public` / `spki` for public keys, `raw-seed` / `pkcs8` (seed form) for private keys. */
  exportKey(format: Exclude<PqKeyFormat, 'jwk'>, key: PqCryptoKey): Promise<ArrayBuffer>;
  /** A fresh shared secret and the ciphertext carrying it to the private key's owner. */
  encapsulateBits(algorithm: KemAlgorithmName | { name: KemAlgorithmName }, key: PqCryptoKey): Promise<EncapsulatedBits>;
  /** The 32-byte shared secret carried by `ciphertext`. */
  decapsulateBits(
    algorithm: KemAlgorithmName | { name: KemAlgorithmName },
    key: PqCryptoKey,
    ciphertext: Source,
  ): Promise<ArrayBuffer>;
  /** A hedged ML-DSA signature of `data` (FIPS 204 Algorithm 2). */
  sign(algorithm: DsaAlgorithmName | ContextParams, key: PqCryptoKey, data: Source): Promise<ArrayBuffer>;
  /** Whether `signature` is a valid signature of `data`; `false` for any that is not. */
  verify(
    algorithm: DsaAlgorithmName | ContextParams,
    key: PqCryptoKey,
    signature: Source,
    data: Source,
  ): Promise<boolean>;
}

/** Options of `createSubtle`. */
export interface SubtleOptions {
  /**
   * The engine's SubtleCrypto to use where it has the algorithm; default
   * `globalThis.crypto.subtle`, `null` for pqkit only.
   */
  native?: object | null;
}

/** A separate `PqSubtle`, e.g. one that never uses the engine's implementation. */
export declare function createSubtle(options?: SubtleOptions): PqSubtle;

/** The post-quantum `crypto.subtle`: native where the engine has the algorithm, pqkit elsewhere. */
export declare const subtle: PqSubtle;
