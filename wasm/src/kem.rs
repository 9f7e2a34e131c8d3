//! The KEM exports: one set of functions for every KEM, which is picked by
//! its id (the order of [`KEMS`]).
//!
//! Private keys cross the boundary only as seeds (plus the FIPS 203 expanded
//! decapsulation key for ML-KEM), so every call rebuilds what it needs from
//! them and drops it (wiping) before returning.

use crate::{Fail, JsResult, Res, run};
use pqkit::Error;
#[cfg(any(feature = "x-wing", feature = "p256", feature = "p384"))]
use pqkit::hybrid::kem as hk;
use pqkit::hybrid::tls as ht;
use pqkit::ml_kem;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// A secret byte string, wiped when dropped.
pub(crate) type Secret = Zeroizing<Vec<u8>>;

/// Byte lengths as the JS API reports them (`lengths`).
struct Lengths {
    public_key: usize,
    secret_key: usize,
    ciphertext: usize,
    shared_secret: usize,
    seed: usize,
    randomness: usize,
    /// The expanded private key; 0 when the KEM has none.
    expanded: usize,
}

/// One KEM as the exports see it.
trait Kem {
    const NAME: &'static str;
    const LENGTHS: Lengths;
    /// The public key for a seed of `LENGTHS.seed` bytes.
    fn public_key(seed: &[u8]) -> Res<Vec<u8>>;
    /// Ciphertext and shared secret for `pk` with caller-checked randomness.
    fn encapsulate(pk: &[u8], randomness: &[u8]) -> Res<(Vec<u8>, Secret)>;
    /// The shared secret for `ct` under the private key `sk`.
    fn decapsulate(sk: &[u8], ct: &[u8]) -> Res<Secret>;
    /// Whether `randomness` has a length `encapsulate` accepts.
    fn randomness_ok(len: usize) -> bool {
        len == Self::LENGTHS.randomness
    }
    /// The private key parsed and expanded once, for [`KemSecretKey`].
    fn import(sk: &[u8]) -> Res<Box<dyn DecapKey>>;
    /// The expanded private key, for the KEMs that have one.
    fn expand(_sk: &[u8]) -> Res<Secret> {
        Err(Fail::argument(format!(
            "{} has no expanded secret key form",
            Self::NAME
        )))
    }
}

/// A private key held in WebAssembly memory between calls: the core's own
/// key type, which wipes itself on drop.
pub(crate) trait DecapKey {
    /// The shared secret for `ct`.
    fn decapsulate(&self, ct: &[u8]) -> Res<Secret>;
    /// The matching public key.
    fn public_key(&self) -> Vec<u8>;
}

fn length_error(what: &str, name: &str, expected: usize, actual: usize) -> Fail {
    Fail::length(format!(
        "{name} {what} must be {expected} bytes, got {actual}"
    ))
}

macro_rules! ml_kem_impl {
    ($ty:ident, $module:ident, $name:literal) => {
        struct $ty;
        impl Kem for $ty {
            const NAME: &'static str = $name;
            const LENGTHS: Lengths = Lengths {
                public_key: ml_kem::$module::ENCAPSULATION_KEY_LEN,
                secret_key: ml_kem::SEED_LEN,
                ciphertext: ml_kem::$module::CIPHERTEXT_LEN,
                shared_secret: ml_kem::SHARED_SECRET_LEN,
                seed: ml_kem::SEED_LEN,
                randomness: ml_kem::RANDOMNESS_LEN,
                expanded: ml_kem::$module::DECAPSULATION_KEY_LEN,
            };
            fn public_key(seed: &[u8]) -> Res<Vec<u8>> {
                let dk = ml_kem::$module::DecapsulationKey::try_from_seed(seed)?;
                Ok(dk.encapsulation_key().as_bytes().to_vec())
            }
            fn encapsulate(pk: &[u8], randomness: &[u8]) -> Res<(Vec<u8>, Secret)> {
                let ek = ml_kem::$module::EncapsulationKey::from_bytes(pk)?;
                let m = crate::exact::<{ ml_kem::RANDOMNESS_LEN }>(
                    concat!($name, " randomness"),
                    randomness,
                )?;
                let (ct, ss) = ek.encapsulate_deterministic(m);
                Ok((
                    ct.as_bytes().to_vec(),
                    Zeroizing::new(ss.as_bytes().to_vec()),
                ))
            }
            fn decapsulate(sk: &[u8], ct: &[u8]) -> Res<Secret> {
                let dk = Self::key(sk)?;
                let ct = ml_kem::$module::Ciphertext::from_bytes(ct)?;
                Ok(Zeroizing::new(dk.decapsulate(&ct).as_bytes().to_vec()))
            }
            fn expand(sk: &[u8]) -> Res<Secret> {
                let dk = Self::key(sk)?;
                Ok(Zeroizing::new(dk.to_expanded_bytes().to_vec()))
            }
            fn import(sk: &[u8]) -> Res<Box<dyn DecapKey>> {
                Ok(Box::new(Self::key(sk)?))
            }
        }
        impl DecapKey for ml_kem::$module::DecapsulationKey {
            fn decapsulate(&self, ct: &[u8]) -> Res<Secret> {
                let ct = ml_kem::$module::Ciphertext::from_bytes(ct)?;
                Ok(Zeroizing::new(
                    ml_kem::$module::DecapsulationKey::decapsulate(self, &ct)
                        .as_bytes()
                        .to_vec(),
                ))
            }
            fn public_key(&self) -> Vec<u8> {
                self.encapsulation_key().as_bytes().to_vec()
            }
        }
        impl $ty {
            /// The decapsulation key from the seed or the expanded form.
            fn key(sk: &[u8]) -> Res<ml_kem::$module::DecapsulationKey> {
                let l = Self::LENGTHS;
                if sk.len() == l.seed {
                    Ok(ml_kem::$module::DecapsulationKey::try_from_seed(sk)?)
                } else if sk.len() == l.expanded {
                    Ok(ml_kem::$module::DecapsulationKey::from_expanded_bytes(sk)?)
                } else {
                    Err(Fail::length(format!(
                        "{} secret key must be {} bytes (seed) or {} bytes (expanded), got {}",
                        $name,
                        l.seed,
                        l.expanded,
                        sk.len()
                    )))
                }
            }
        }
    };
}

#[cfg(feature = "ml-kem-512")]
ml_kem_impl!(MlKem512, ml_kem_512, "ML-KEM-512");
ml_kem_impl!(MlKem768, ml_kem_768, "ML-KEM-768");
#[cfg(feature = "ml-kem-1024")]
ml_kem_impl!(MlKem1024, ml_kem_1024, "ML-KEM-1024");

/// The stand-alone hybrid KEMs (X-Wing and the CFRG hybrids): 32-byte seed.
#[cfg(any(feature = "x-wing", feature = "p256", feature = "p384"))]
macro_rules! hybrid_kem_impl {
    ($ty:ident, $module:ident) => {
        struct $ty;
        impl Kem for $ty {
            const NAME: &'static str = hk::$module::NAME;
            const LENGTHS: Lengths = Lengths {
                public_key: hk::$module::PUBLIC_KEY_LEN,
                secret_key: hk::$module::SECRET_KEY_LEN,
                ciphertext: hk::$module::CIPHERTEXT_LEN,
                shared_secret: hk::$module::SHARED_SECRET_LEN,
                seed: hk::$module::SECRET_KEY_LEN,
                randomness: hk::$module::RANDOMNESS_LEN,
                expanded: 0,
            };
            fn public_key(seed: &[u8]) -> Res<Vec<u8>> {
                let seed = Self::seed(seed, "seed")?;
                let sk = hk::$module::SecretKey::from_seed(seed)?;
                Ok(sk.public_key().as_bytes().to_vec())
            }
            fn encapsulate(pk: &[u8], randomness: &[u8]) -> Res<(Vec<u8>, Secret)> {
                let pk = hk::$module::PublicKey::from_bytes(pk)?;
                let (ct, ss) = pk.encapsulate_derand(randomness)?;
                Ok((ct.to_vec(), Zeroizing::new(ss.as_bytes().to_vec())))
            }
            fn decapsulate(sk: &[u8], ct: &[u8]) -> Res<Secret> {
                let seed = Self::seed(sk, "secret key")?;
                let sk = hk::$module::SecretKey::from_seed(seed)?;
                Ok(Zeroizing::new(sk.decapsulate(ct)?.as_bytes().to_vec()))
            }
            fn import(sk: &[u8]) -> Res<Box<dyn DecapKey>> {
                let seed = Self::seed(sk, "secret key")?;
                Ok(Box::new(hk::$module::SecretKey::from_seed(seed)?))
            }
            /// `RANDOMNESS_LEN`, or the core's other exact length (the
            /// HPKE-PQ vectors' 128 bytes for MLKEM768-P256).
            fn randomness_ok(len: usize) -> bool {
                len == hk::$module::RANDOMNESS_LEN || len == hk::$module::VECTOR_RANDOMNESS_LEN
            }
        }
        impl DecapKey for hk::$module::SecretKey {
            fn decapsulate(&self, ct: &[u8]) -> Res<Secret> {
                let ss = hk::$module::SecretKey::decapsulate(self, ct)?;
                Ok(Zeroizing::new(ss.as_bytes().to_vec()))
            }
            fn public_key(&self) -> Vec<u8> {
                hk::$module::SecretKey::public_key(self).as_bytes().to_vec()
            }
        }
        impl $ty {
            fn seed<'a>(seed: &'a [u8], what: &str) -> Res<&'a [u8; 32]> {
                seed.try_into()
                    .map_err(|_| length_error(what, Self::NAME, 32, seed.len()))
            }
        }
    };
}

#[cfg(feature = "x-wing")]
hybrid_kem_impl!(XWing, xwing);
#[cfg(feature = "p256")]
hybrid_kem_impl!(MlKem768P256, mlkem768_p256);
#[cfg(feature = "p384")]
hybrid_kem_impl!(MlKem1024P384, mlkem1024_p384);

/// The TLS hybrid groups: the seed is the client's private key, the
/// ciphertext the server's key share.
macro_rules! tls_group_impl {
    ($ty:ident, $module:ident) => {
        struct $ty;
        impl Kem for $ty {
            const NAME: &'static str = ht::$module::NAME;
            const LENGTHS: Lengths = Lengths {
                public_key: ht::$module::CLIENT_SHARE_LEN,
                secret_key: ht::$module::SEED_LEN,
                ciphertext: ht::$module::SERVER_SHARE_LEN,
                shared_secret: ht::$module::SHARED_SECRET_LEN,
                seed: ht::$module::SEED_LEN,
                randomness: ht::$module::RANDOMNESS_LEN,
                expanded: 0,
            };
            fn public_key(seed: &[u8]) -> Res<Vec<u8>> {
                let key = Self::client(seed, "seed")?;
                Ok(key.key_share().to_vec())
            }
            fn encapsulate(pk: &[u8], randomness: &[u8]) -> Res<(Vec<u8>, Secret)> {
                let r: &[u8; ht::$module::RANDOMNESS_LEN] =
                    randomness.try_into().map_err(|_| {
                        length_error(
                            "randomness",
                            Self::NAME,
                            Self::LENGTHS.randomness,
                            randomness.len(),
                        )
                    })?;
                let (share, ss) = ht::$module::respond_derand(pk, r)?;
                Ok((share.to_vec(), Zeroizing::new(ss.as_bytes().to_vec())))
            }
            fn decapsulate(sk: &[u8], ct: &[u8]) -> Res<Secret> {
                let key = Self::client(sk, "secret key")?;
                Ok(Zeroizing::new(key.finish(ct)?.as_bytes().to_vec()))
            }
            fn import(sk: &[u8]) -> Res<Box<dyn DecapKey>> {
                Ok(Box::new(Self::client(sk, "secret key")?))
            }
        }
        impl DecapKey for ht::$module::ClientKey {
            fn decapsulate(&self, ct: &[u8]) -> Res<Secret> {
                Ok(Zeroizing::new(self.finish(ct)?.as_bytes().to_vec()))
            }
            fn public_key(&self) -> Vec<u8> {
                self.key_share().to_vec()
            }
        }
        impl $ty {
            fn client(seed: &[u8], what: &str) -> Res<ht::$module::ClientKey> {
                let l = Self::LENGTHS.seed;
                let seed: &[u8; ht::$module::SEED_LEN] = seed
                    .try_into()
                    .map_err(|_| length_error(what, Self::NAME, l, seed.len()))?;
                Ok(ht::$module::ClientKey::from_seed(seed)?)
            }
        }
    };
}

tls_group_impl!(X25519MlKem768, x25519_mlkem768);
#[cfg(feature = "p256")]
tls_group_impl!(SecP256r1MlKem768, secp256r1_mlkem768);
#[cfg(feature = "p384")]
tls_group_impl!(SecP384r1MlKem1024, secp384r1_mlkem1024);

/// Encapsulation: public key and randomness to ciphertext and secret.
type Encapsulate = fn(&[u8], &[u8]) -> Res<(Vec<u8>, Secret)>;
/// Decapsulation: secret key and ciphertext to the shared secret.
type Decapsulate = fn(&[u8], &[u8]) -> Res<Secret>;
/// The expanded secret key and the public key of a seed.
#[cfg(feature = "encoding")]
pub(crate) type Expanded = Res<(Secret, Vec<u8>)>;

/// The operations of one KEM, as plain function pointers.
struct Entry {
    name: &'static str,
    lengths: Lengths,
    public_key: fn(&[u8]) -> Res<Vec<u8>>,
    encapsulate: Encapsulate,
    decapsulate: Decapsulate,
    expand: fn(&[u8]) -> Res<Secret>,
    import: fn(&[u8]) -> Res<Box<dyn DecapKey>>,
    randomness_ok: fn(usize) -> bool,
}

const fn entry<K: Kem>() -> Option<Entry> {
    Some(Entry {
        name: K::NAME,
        lengths: K::LENGTHS,
        public_key: K::public_key,
        encapsulate: K::encapsulate,
        decapsulate: K::decapsulate,
        expand: K::expand,
        import: K::import,
        randomness_ok: K::randomness_ok,
    })
}

/// Every KEM by id; `None` when this build leaves it out. The JS layer
/// relies on this order.
static KEMS: [Option<Entry>; 9] = [
    #[cfg(feature = "ml-kem-512")]
    entry::<MlKem512>(),
    #[cfg(not(feature = "ml-kem-512"))]
    None,
    entry::<MlKem768>(),
    #[cfg(feature = "ml-kem-1024")]
    entry::<MlKem1024>(),
    #[cfg(not(feature = "ml-kem-1024"))]
    None,
    #[cfg(feature = "x-wing")]
    entry::<XWing>(),
    #[cfg(not(feature = "x-wing"))]
    None,
    entry::<X25519MlKem768>(),
    #[cfg(feature = "p256")]
    entry::<SecP256r1MlKem768>(),
    #[cfg(not(feature = "p256"))]
    None,
    #[cfg(feature = "p384")]
    entry::<SecP384r1MlKem1024>(),
    #[cfg(not(feature = "p384"))]
    None,
    #[cfg(feature = "p256")]
    entry::<MlKem768P256>(),
    #[cfg(not(feature = "p256"))]
    None,
    #[cfg(feature = "p384")]
    entry::<MlKem1024P384>(),
    #[cfg(not(feature = "p384"))]
    None,
];

fn get(id: u32) -> Res<&'static Entry> {
    KEMS.get(id as usize)
        .and_then(Option::as_ref)
        .ok_or_else(|| Fail::argument(format!("KEM {id} is not in this build")))
}

/// Fresh randomness of `len` bytes.
fn random(len: usize) -> Res<Secret> {
    let mut buf = Zeroizing::new(vec![0u8; len]);
    getrandom::fill(&mut buf[..]).map_err(|_| Error::Rng)?;
    Ok(buf)
}

/// Draws until an attempt is not refused for an out-of-range curve scalar,
/// which random bytes give with negligible probability (below 2^-32).
pub(crate) fn with_fresh<T>(len: usize, mut op: impl FnMut(&[u8]) -> Res<T>) -> Res<T> {
    loop {
        let r = random(len)?;
        match op(&r) {
            Err(f) if f.code == Error::InvalidScalar.code() => continue,
            other => return other,
        }
    }
}

/// The KEM's name, or `undefined` when this build leaves it out.
#[wasm_bindgen(js_name = kemName)]
pub fn kem_name(id: u32) -> Option<String> {
    get(id).ok().map(|e| e.name.to_string())
}

/// `[publicKey, secretKey, ciphertext, sharedSecret, seed, randomness,
/// expandedSecretKey]` lengths (the last 0 when there is no expanded form).
#[wasm_bindgen(js_name = kemLengths)]
pub fn kem_lengths(id: u32) -> Vec<u32> {
    get(id)
        .map(|e| {
            let l = &e.lengths;
            [
                l.public_key,
                l.secret_key,
                l.ciphertext,
                l.shared_secret,
                l.seed,
                l.randomness,
                l.expanded,
            ]
            .iter()
            .map(|&n| n as u32)
            .collect()
        })
        .unwrap_or_default()
}

/// `publicKey || secretKey` from `seed`, or from fresh randomness.
#[wasm_bindgen(js_name = kemGenerateKeyPair)]
pub fn kem_generate_key_pair(id: u32, seed: Option<Vec<u8>>) -> JsResult<Vec<u8>> {
    let seed = seed.map(Zeroizing::new);
    run(|| {
        let e = get(id)?;
        let n = e.lengths.seed;
        let join = |pk: Vec<u8>, sk: &[u8]| {
            let mut out = pk;
            out.extend_from_slice(sk);
            out
        };
        match &seed {
            Some(seed) => {
                if seed.len() != n {
                    return Err(length_error("seed", e.name, n, seed.len()));
                }
                Ok(join((e.public_key)(seed)?, seed))
            }
            None => with_fresh(n, |seed| Ok(join((e.public_key)(seed)?, seed))),
        }
    })
}

/// `ciphertext || sharedSecret` for `public_key`, with `randomness` or fresh
/// randomness.
#[wasm_bindgen(js_name = kemEncapsulate)]
pub fn kem_encapsulate(
    id: u32,
    public_key: &[u8],
    randomness: Option<Vec<u8>>,
) -> JsResult<Vec<u8>> {
    let randomness = randomness.map(Zeroizing::new);
    run(|| {
        let e = get(id)?;
        let join = |(mut ct, ss): (Vec<u8>, Secret)| {
            ct.extend_from_slice(&ss);
            ct
        };
        match &randomness {
            Some(r) => {
                if !(e.randomness_ok)(r.len()) {
                    return Err(length_error(
                        "randomness",
                        e.name,
                        e.lengths.randomness,
                        r.len(),
                    ));
                }
                (e.encapsulate)(public_key, r).map(join)
            }
            None => with_fresh(e.lengths.randomness, |r| {
                (e.encapsulate)(public_key, r).map(join)
            }),
        }
    })
}

/// The shared secret for `ciphertext` under `secret_key`.
#[wasm_bindgen(js_name = kemDecapsulate)]
pub fn kem_decapsulate(id: u32, secret_key: &[u8], ciphertext: &[u8]) -> JsResult<Vec<u8>> {
    run(|| {
        let e = get(id)?;
        let ss = (e.decapsulate)(secret_key, ciphertext)?;
        Ok(ss.to_vec())
    })
}

/// The expanded form of an ML-KEM secret key (FIPS 203 `dk`).
#[wasm_bindgen(js_name = kemExpandSecretKey)]
pub fn kem_expand_secret_key(id: u32, secret_key: &[u8]) -> JsResult<Vec<u8>> {
    run(|| {
        let e = get(id)?;
        let dk = (e.expand)(secret_key)?;
        Ok(dk.to_vec())
    })
}

/// A KEM private key imported once and kept, parsed and expanded, in
/// WebAssembly memory: `decapsulate` then skips the key derivation that the
/// byte-string export redoes on every call (for ML-KEM from the seed: the
/// matrix `A`, `s` and `t`, FIPS 203 Algorithm 16). Dropping it (`free()` in
/// JS) wipes the key: the core's key types zeroize on drop and the allocator
/// zeroes the freed block.
#[wasm_bindgen(js_name = KemSecretKey)]
pub struct KemSecretKey(Box<dyn DecapKey>);

impl core::fmt::Debug for KemSecretKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("KemSecretKey (redacted)")
    }
}

#[wasm_bindgen(js_class = KemSecretKey)]
impl KemSecretKey {
    /// Imports a secret key of KEM `id`: its seed, or for ML-KEM also the
    /// expanded FIPS 203 key (checked as FIPS 203 section 7.3 asks).
    #[wasm_bindgen(constructor)]
    pub fn new(id: u32, secret_key: &[u8]) -> JsResult<KemSecretKey> {
        run(|| Ok(KemSecretKey((get(id)?.import)(secret_key)?)))
    }

    /// The matching public key.
    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> Vec<u8> {
        let pk = self.0.public_key();
        crate::wipe::scrub_stack();
        pk
    }

    /// The shared secret carried by `ciphertext`.
    pub fn decapsulate(&self, ciphertext: &[u8]) -> JsResult<Vec<u8>> {
        run(|| Ok(self.0.decapsulate(ciphertext)?.to_vec()))
    }
}

/// Expands an ML-KEM seed into `(expanded, public key)`, for the key
/// encodings; `None` when `name` is not an ML-KEM in this build.
#[cfg(feature = "encoding")]
pub(crate) fn ml_kem_expand(name: &str, seed: &[u8]) -> Option<Expanded> {
    let e = KEMS.iter().flatten().find(|e| e.name == name)?;
    if e.lengths.expanded == 0 {
        return None;
    }
    Some((|| {
        let dk = (e.expand)(seed)?;
        let pk = (e.public_key)(seed)?;
        Ok((dk, pk))
    })())
}
