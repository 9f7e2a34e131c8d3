//! The ML-DSA exports (FIPS 204), one set for the three parameter sets,
//! picked by id (0: ML-DSA-44, 1: ML-DSA-65, 2: ML-DSA-87).
//!
//! Signing keys cross the boundary as the 32-byte seed `xi` or the expanded
//! key; each one-shot call rebuilds the `SigningKey` and drops (wipes) it
//! before returning, while the key objects keep a prepared key between
//! calls. Verification answers `false` for any signature that does not
//! verify, whatever its length.

use crate::{Fail, JsResult, Res, run};
use pqkit::Error;
use pqkit::ml_dsa::{self, MU_LEN, RANDOMNESS_LEN, SEED_LEN};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// How a signature's randomness `rnd` is chosen (FIPS 204, Algorithm 2).
#[derive(Clone, Copy)]
enum Rnd<'a> {
    /// Hedged: fresh randomness.
    Fresh,
    /// Deterministic: `rnd = 0^32`.
    Zero,
    /// The caller's (for tests and vectors).
    Given(&'a [u8; RANDOMNESS_LEN]),
}

impl Rnd<'_> {
    fn bytes(self) -> Res<Zeroizing<[u8; RANDOMNESS_LEN]>> {
        let mut rnd = Zeroizing::new([0u8; RANDOMNESS_LEN]);
        match self {
            Rnd::Fresh => getrandom::fill(&mut rnd[..]).map_err(|_| Error::Rng)?,
            Rnd::Zero => {}
            Rnd::Given(r) => rnd.copy_from_slice(r),
        }
        Ok(rnd)
    }
}

/// `mode` 0: hedged, 1: deterministic, 2: `randomness` (32 bytes).
fn rnd(mode: u8, randomness: Option<&[u8]>) -> Res<Rnd<'_>> {
    match (mode, randomness) {
        (0, None) => Ok(Rnd::Fresh),
        (1, None) => Ok(Rnd::Zero),
        (2, Some(r)) => Ok(Rnd::Given(crate::exact::<RANDOMNESS_LEN>(
            "ML-DSA signing randomness",
            r,
        )?)),
        _ => Err(Fail::argument(
            "randomness is given exactly when the mode asks for it".into(),
        )),
    }
}

/// A signature check's outcome: `Ok(false)` for a signature that does not
/// verify, an error only for bad arguments (key length, context length).
fn verdict(r: Result<(), Error>) -> Res<bool> {
    match r {
        Ok(()) => Ok(true),
        Err(Error::InvalidSignature) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// One parameter set, as the exports see it.
trait Dsa {
    const NAME: &'static str;
    /// `[publicKey, secretKey (seed), signature, mu, expanded]`.
    const LENGTHS: [usize; 5];
    fn public_key(seed: &[u8; SEED_LEN]) -> Vec<u8>;
    /// The public key of a seed or expanded key.
    fn public_of(sk: &[u8]) -> Res<Vec<u8>>;
    fn expand(sk: &[u8]) -> Res<Zeroizing<Vec<u8>>>;
    fn sign(sk: &[u8], msg: &[u8], ctx: &[u8], rnd: Rnd<'_>) -> Res<Vec<u8>>;
    fn sign_mu(sk: &[u8], mu: &[u8], rnd: Rnd<'_>) -> Res<Vec<u8>>;
    fn sign_prehashed(sk: &[u8], msg: &[u8], ctx: &[u8], rnd: Rnd<'_>) -> Res<Vec<u8>>;
    fn verify(pk: &[u8], msg: &[u8], sig: &[u8], ctx: &[u8]) -> Res<bool>;
    fn verify_mu(pk: &[u8], mu: &[u8], sig: &[u8]) -> Res<bool>;
    fn verify_prehashed(pk: &[u8], msg: &[u8], sig: &[u8], ctx: &[u8]) -> Res<bool>;
    fn compute_mu(pk: &[u8], msg: &[u8], ctx: &[u8]) -> Res<Vec<u8>>;
    fn mu_hasher(pk: &[u8], ctx: &[u8]) -> Res<ml_dsa::MuHasher>;
    /// The signing key parsed (and checked) once, for [`DsaSigningKey`].
    fn import_signing(sk: &[u8]) -> Res<Box<dyn SignKey>>;
    /// The verifying key parsed once, for [`DsaVerifyingKey`].
    fn import_verifying(pk: &[u8]) -> Res<Box<dyn VerifyKey>>;
}

/// A signing key held in WebAssembly memory between calls: the core's
/// `PreparedSigningKey` (`A`, `s1`, `s2` and `t0` in the NTT domain, wiped on
/// drop), so that a signature skips the matrix expansion and the transforms
/// of Algorithm 7, lines 1-5.
trait SignKey {
    fn sign(&self, msg: &[u8], ctx: &[u8], rnd: Rnd<'_>) -> Res<Vec<u8>>;
    fn sign_mu(&self, mu: &[u8], rnd: Rnd<'_>) -> Res<Vec<u8>>;
    fn sign_prehashed(&self, msg: &[u8], ctx: &[u8], rnd: Rnd<'_>) -> Res<Vec<u8>>;
    fn public_key(&self) -> Vec<u8>;
}

/// A verifying key held in WebAssembly memory between calls: the core's
/// `PreparedVerifyingKey`, so a call neither parses nor hashes the public
/// key nor expands the matrix `A` (FIPS 204 Algorithm 32).
trait VerifyKey {
    fn verify(&self, msg: &[u8], sig: &[u8], ctx: &[u8]) -> Res<bool>;
    fn verify_mu(&self, mu: &[u8], sig: &[u8]) -> Res<bool>;
    fn verify_prehashed(&self, msg: &[u8], sig: &[u8], ctx: &[u8]) -> Res<bool>;
    fn public_key(&self) -> Vec<u8>;
}

/// A prepared key (boxed: up to 81 KB for ML-DSA-87) with the public key
/// it answers `publicKey()` from.
struct Prepared<K, V> {
    prepared: Box<K>,
    vk: V,
}

macro_rules! dsa_impl {
    ($ty:ident, $module:ident, $name:literal) => {
        struct $ty;
        impl $ty {
            /// The signing key from the seed or the expanded form.
            fn key(sk: &[u8]) -> Res<ml_dsa::$module::SigningKey> {
                use ml_dsa::$module::{EXPANDED_KEY_LEN, SigningKey};
                if sk.len() == SEED_LEN {
                    Ok(SigningKey::try_from_seed(sk)?)
                } else if sk.len() == EXPANDED_KEY_LEN {
                    Ok(SigningKey::from_expanded_bytes(sk)?)
                } else {
                    Err(Fail::length(format!(
                        "{} secret key must be {SEED_LEN} bytes (seed) or {EXPANDED_KEY_LEN} bytes (expanded), got {}",
                        $name,
                        sk.len()
                    )))
                }
            }

            fn public(pk: &[u8]) -> Res<ml_dsa::$module::VerifyingKey> {
                use ml_dsa::$module::PUBLIC_KEY_LEN;
                if pk.len() != PUBLIC_KEY_LEN {
                    return Err(Fail::length(format!(
                        "{} public key must be {PUBLIC_KEY_LEN} bytes, got {}",
                        $name,
                        pk.len()
                    )));
                }
                Ok(ml_dsa::$module::VerifyingKey::from_bytes(pk)?)
            }

            fn mu(mu: &[u8]) -> Res<&[u8; MU_LEN]> {
                crate::exact::<MU_LEN>(concat!($name, " mu"), mu)
            }
        }
        impl Dsa for $ty {
            const NAME: &'static str = $name;
            const LENGTHS: [usize; 5] = [
                ml_dsa::$module::PUBLIC_KEY_LEN,
                SEED_LEN,
                ml_dsa::$module::SIGNATURE_LEN,
                MU_LEN,
                ml_dsa::$module::EXPANDED_KEY_LEN,
            ];
            fn public_key(seed: &[u8; SEED_LEN]) -> Vec<u8> {
                let key = ml_dsa::$module::SigningKey::from_seed(seed);
                key.verifying_key().as_bytes().to_vec()
            }
            fn public_of(sk: &[u8]) -> Res<Vec<u8>> {
                Ok(Self::key(sk)?.verifying_key().as_bytes().to_vec())
            }
            fn expand(sk: &[u8]) -> Res<Zeroizing<Vec<u8>>> {
                Ok(Zeroizing::new(Self::key(sk)?.to_expanded_bytes().to_vec()))
            }
            fn sign(sk: &[u8], msg: &[u8], ctx: &[u8], rnd: Rnd<'_>) -> Res<Vec<u8>> {
                let key = Self::key(sk)?;
                let sig = key.sign_with_randomness(msg, ctx, &*rnd.bytes()?)?;
                Ok(sig.as_bytes().to_vec())
            }
            fn sign_mu(sk: &[u8], mu: &[u8], rnd: Rnd<'_>) -> Res<Vec<u8>> {
                let mu = Self::mu(mu)?;
                let key = Self::key(sk)?;
                Ok(key.sign_mu(mu, &*rnd.bytes()?).as_bytes().to_vec())
            }
            fn sign_prehashed(sk: &[u8], msg: &[u8], ctx: &[u8], rnd: Rnd<'_>) -> Res<Vec<u8>> {
                let key = Self::key(sk)?;
                let sig = key.sign_prehashed_sha512(msg, ctx, &*rnd.bytes()?)?;
                Ok(sig.as_bytes().to_vec())
            }
            fn verify(pk: &[u8], msg: &[u8], sig: &[u8], ctx: &[u8]) -> Res<bool> {
                verdict(Self::public(pk)?.verify(msg, ctx, sig))
            }
            fn verify_mu(pk: &[u8], mu: &[u8], sig: &[u8]) -> Res<bool> {
                let vk = Self::public(pk)?;
                verdict(vk.verify_mu(Self::mu(mu)?, sig))
            }
            fn verify_prehashed(pk: &[u8], msg: &[u8], sig: &[u8], ctx: &[u8]) -> Res<bool> {
                verdict(Self::public(pk)?.verify_prehashed_sha512(msg, ctx, sig))
            }
            fn compute_mu(pk: &[u8], msg: &[u8], ctx: &[u8]) -> Res<Vec<u8>> {
                Ok(Self::public(pk)?.compute_mu(msg, ctx)?.to_vec())
            }
            fn mu_hasher(pk: &[u8], ctx: &[u8]) -> Res<ml_dsa::MuHasher> {
                Ok(Self::public(pk)?.mu_hasher(ctx)?)
            }
            fn import_signing(sk: &[u8]) -> Res<Box<dyn SignKey>> {
                let key = Self::key(sk)?;
                // Filled where it lives: only the empty key is moved, so no
                // copy of the expanded secrets is left behind.
                let mut prepared = Box::new(ml_dsa::$module::PreparedSigningKey::new());
                prepared.set_from(&key);
                Ok(Box::new(Prepared { prepared, vk: key.verifying_key() }))
            }
            fn import_verifying(pk: &[u8]) -> Res<Box<dyn VerifyKey>> {
                let vk = Self::public(pk)?;
                let mut prepared = Box::new(ml_dsa::$module::PreparedVerifyingKey::new());
                prepared.set_from(&vk);
                Ok(Box::new(Prepared { prepared, vk }))
            }
        }
        impl SignKey for Prepared<ml_dsa::$module::PreparedSigningKey, ml_dsa::$module::VerifyingKey> {
            fn sign(&self, msg: &[u8], ctx: &[u8], rnd: Rnd<'_>) -> Res<Vec<u8>> {
                let sig = self.prepared.sign_with_randomness(msg, ctx, &*rnd.bytes()?)?;
                Ok(sig.as_bytes().to_vec())
            }
            fn sign_mu(&self, mu: &[u8], rnd: Rnd<'_>) -> Res<Vec<u8>> {
                let sig = self.prepared.sign_mu($ty::mu(mu)?, &*rnd.bytes()?)?;
                Ok(sig.as_bytes().to_vec())
            }
            fn sign_prehashed(&self, msg: &[u8], ctx: &[u8], rnd: Rnd<'_>) -> Res<Vec<u8>> {
                let sig = self.prepared.sign_prehashed_sha512(msg, ctx, &*rnd.bytes()?)?;
                Ok(sig.as_bytes().to_vec())
            }
            fn public_key(&self) -> Vec<u8> {
                self.vk.as_bytes().to_vec()
            }
        }
        impl VerifyKey for Prepared<ml_dsa::$module::PreparedVerifyingKey, ml_dsa::$module::VerifyingKey> {
            fn verify(&self, msg: &[u8], sig: &[u8], ctx: &[u8]) -> Res<bool> {
                verdict(self.prepared.verify(msg, ctx, sig))
            }
            fn verify_mu(&self, mu: &[u8], sig: &[u8]) -> Res<bool> {
                verdict(self.prepared.verify_mu($ty::mu(mu)?, sig))
            }
            fn verify_prehashed(&self, msg: &[u8], sig: &[u8], ctx: &[u8]) -> Res<bool> {
                verdict(self.prepared.verify_prehashed_sha512(msg, ctx, sig))
            }
            fn public_key(&self) -> Vec<u8> {
                self.vk.as_bytes().to_vec()
            }
        }
    };
}

dsa_impl!(MlDsa44, ml_dsa_44, "ML-DSA-44");
dsa_impl!(MlDsa65, ml_dsa_65, "ML-DSA-65");
dsa_impl!(MlDsa87, ml_dsa_87, "ML-DSA-87");

type Sign = fn(&[u8], &[u8], &[u8], Rnd<'_>) -> Res<Vec<u8>>;
type SignMu = fn(&[u8], &[u8], Rnd<'_>) -> Res<Vec<u8>>;
type Verify = fn(&[u8], &[u8], &[u8], &[u8]) -> Res<bool>;
type VerifyMu = fn(&[u8], &[u8], &[u8]) -> Res<bool>;
type ComputeMu = fn(&[u8], &[u8], &[u8]) -> Res<Vec<u8>>;

/// The operations of one parameter set, as plain function pointers.
struct Entry {
    name: &'static str,
    lengths: [usize; 5],
    public_key: fn(&[u8; SEED_LEN]) -> Vec<u8>,
    #[cfg_attr(not(feature = "encoding"), allow(dead_code))]
    public_of: fn(&[u8]) -> Res<Vec<u8>>,
    expand: fn(&[u8]) -> Res<Zeroizing<Vec<u8>>>,
    sign: Sign,
    sign_mu: SignMu,
    sign_prehashed: Sign,
    verify: Verify,
    verify_mu: VerifyMu,
    verify_prehashed: Verify,
    compute_mu: ComputeMu,
    mu_hasher: fn(&[u8], &[u8]) -> Res<ml_dsa::MuHasher>,
    import_signing: fn(&[u8]) -> Res<Box<dyn SignKey>>,
    import_verifying: fn(&[u8]) -> Res<Box<dyn VerifyKey>>,
}

const fn entry<D: Dsa>() -> Entry {
    Entry {
        name: D::NAME,
        lengths: D::LENGTHS,
        public_key: D::public_key,
        public_of: D::public_of,
        expand: D::expand,
        sign: D::sign,
        sign_mu: D::sign_mu,
        sign_prehashed: D::sign_prehashed,
        verify: D::verify,
        verify_mu: D::verify_mu,
        verify_prehashed: D::verify_prehashed,
        compute_mu: D::compute_mu,
        mu_hasher: D::mu_hasher,
        import_signing: D::import_signing,
        import_verifying: D::import_verifying,
    }
}

static DSAS: [Entry; 3] = [entry::<MlDsa44>(), entry::<MlDsa65>(), entry::<MlDsa87>()];

fn get(id: u32) -> Res<&'static Entry> {
    DSAS.get(id as usize)
        .ok_or_else(|| Fail::argument(format!("ML-DSA {id} is not in this build")))
}

#[cfg(feature = "encoding")]
fn by_name(name: &str) -> Option<&'static Entry> {
    DSAS.iter().find(|e| e.name == name)
}

/// The parameter set's name.
#[wasm_bindgen(js_name = dsaName)]
pub fn dsa_name(id: u32) -> Option<String> {
    get(id).ok().map(|e| e.name.to_string())
}

/// `[publicKey, secretKey, signature, mu, expandedSecretKey]` lengths.
#[wasm_bindgen(js_name = dsaLengths)]
pub fn dsa_lengths(id: u32) -> Vec<u32> {
    get(id)
        .map(|e| e.lengths.iter().map(|&n| n as u32).collect())
        .unwrap_or_default()
}

/// `publicKey || seed` from `seed`, or from fresh randomness (FIPS 204
/// Algorithms 1 and 6).
#[wasm_bindgen(js_name = dsaGenerateKeyPair)]
pub fn dsa_generate_key_pair(id: u32, seed: Option<Vec<u8>>) -> JsResult<Vec<u8>> {
    let seed = seed.map(Zeroizing::new);
    run(|| {
        let e = get(id)?;
        let mut fresh = Zeroizing::new([0u8; SEED_LEN]);
        let seed: &[u8; SEED_LEN] = match &seed {
            Some(s) => crate::exact::<SEED_LEN>(&format!("{} seed", e.name), s)?,
            None => {
                getrandom::fill(&mut fresh[..]).map_err(|_| Error::Rng)?;
                &fresh
            }
        };
        let mut out = (e.public_key)(seed);
        out.extend_from_slice(seed);
        Ok(out)
    })
}

/// The FIPS 204 signing key `sk` for a seed (or an expanded key, checked).
#[wasm_bindgen(js_name = dsaExpandSecretKey)]
pub fn dsa_expand_secret_key(id: u32, secret_key: &[u8]) -> JsResult<Vec<u8>> {
    run(|| Ok((get(id)?.expand)(secret_key)?.to_vec()))
}

/// ML-DSA.Sign (FIPS 204 Algorithm 2); `mode` as in [`rnd`].
#[wasm_bindgen(js_name = dsaSign)]
pub fn dsa_sign(
    id: u32,
    secret_key: &[u8],
    message: &[u8],
    context: &[u8],
    mode: u8,
    randomness: Option<Vec<u8>>,
) -> JsResult<Vec<u8>> {
    let randomness = randomness.map(Zeroizing::new);
    run(|| {
        let e = get(id)?;
        (e.sign)(
            secret_key,
            message,
            context,
            rnd(mode, randomness.as_deref().map(|v| &v[..]))?,
        )
    })
}

/// Signing from an externally computed `mu` (FIPS 204 Algorithm 7 from
/// line 7).
#[wasm_bindgen(js_name = dsaSignMu)]
pub fn dsa_sign_mu(
    id: u32,
    secret_key: &[u8],
    mu: &[u8],
    mode: u8,
    randomness: Option<Vec<u8>>,
) -> JsResult<Vec<u8>> {
    let randomness = randomness.map(Zeroizing::new);
    run(|| {
        let e = get(id)?;
        (e.sign_mu)(
            secret_key,
            mu,
            rnd(mode, randomness.as_deref().map(|v| &v[..]))?,
        )
    })
}

/// HashML-DSA.Sign with SHA-512 (FIPS 204 Algorithm 4).
#[wasm_bindgen(js_name = dsaSignPrehashed)]
pub fn dsa_sign_prehashed(
    id: u32,
    secret_key: &[u8],
    message: &[u8],
    context: &[u8],
    mode: u8,
    randomness: Option<Vec<u8>>,
) -> JsResult<Vec<u8>> {
    let randomness = randomness.map(Zeroizing::new);
    run(|| {
        let e = get(id)?;
        (e.sign_prehashed)(
            secret_key,
            message,
            context,
            rnd(mode, randomness.as_deref().map(|v| &v[..]))?,
        )
    })
}

/// ML-DSA.Verify (FIPS 204 Algorithm 3).
#[wasm_bindgen(js_name = dsaVerify)]
pub fn dsa_verify(
    id: u32,
    public_key: &[u8],
    message: &[u8],
    signature: &[u8],
    context: &[u8],
) -> JsResult<bool> {
    run(|| (get(id)?.verify)(public_key, message, signature, context))
}

/// Verification against an externally computed `mu`.
#[wasm_bindgen(js_name = dsaVerifyMu)]
pub fn dsa_verify_mu(id: u32, public_key: &[u8], mu: &[u8], signature: &[u8]) -> JsResult<bool> {
    run(|| (get(id)?.verify_mu)(public_key, mu, signature))
}

/// HashML-DSA.Verify with SHA-512 (FIPS 204 Algorithm 5).
#[wasm_bindgen(js_name = dsaVerifyPrehashed)]
pub fn dsa_verify_prehashed(
    id: u32,
    public_key: &[u8],
    message: &[u8],
    signature: &[u8],
    context: &[u8],
) -> JsResult<bool> {
    run(|| (get(id)?.verify_prehashed)(public_key, message, signature, context))
}

/// `mu = H(tr || 0 || len(ctx) || ctx || M, 64)` (FIPS 204 Algorithm 7,
/// line 6, with Algorithm 2's `M'`).
#[wasm_bindgen(js_name = dsaComputeMu)]
pub fn dsa_compute_mu(
    id: u32,
    public_key: &[u8],
    message: &[u8],
    context: &[u8],
) -> JsResult<Vec<u8>> {
    run(|| (get(id)?.compute_mu)(public_key, message, context))
}

/// A streaming `mu` computation.
#[wasm_bindgen(js_name = DsaMuHasher)]
#[derive(Debug)]
pub struct DsaMuHasher(ml_dsa::MuHasher);

#[wasm_bindgen(js_class = DsaMuHasher)]
impl DsaMuHasher {
    /// Starts `mu` for `public_key` and `context`.
    #[wasm_bindgen(constructor)]
    pub fn new(id: u32, public_key: &[u8], context: &[u8]) -> JsResult<DsaMuHasher> {
        run(|| Ok(DsaMuHasher((get(id)?.mu_hasher)(public_key, context)?)))
    }

    /// Absorbs the next chunk of the message.
    pub fn update(&mut self, chunk: &[u8]) {
        self.0.update(chunk);
        crate::wipe::scrub_stack();
    }

    /// The 64-byte `mu`; the hasher is consumed.
    pub fn finalize(self) -> Vec<u8> {
        let mu = self.0.finalize().to_vec();
        crate::wipe::scrub_stack();
        mu
    }
}

/// An ML-DSA signing key imported once and kept in WebAssembly memory in
/// prepared form (see [`SignKey`]): signing then skips the key derivation
/// from the seed (FIPS 204 Algorithm 6) or the consistency check of an
/// expanded key, and the matrix expansion. Dropping it (`free()` in JS)
/// wipes it.
#[wasm_bindgen(js_name = DsaSigningKey)]
pub struct DsaSigningKey(Box<dyn SignKey>);

impl core::fmt::Debug for DsaSigningKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("DsaSigningKey (redacted)")
    }
}

#[wasm_bindgen(js_class = DsaSigningKey)]
impl DsaSigningKey {
    /// Imports the 32-byte seed or the expanded key of parameter set `id`.
    #[wasm_bindgen(constructor)]
    pub fn new(id: u32, secret_key: &[u8]) -> JsResult<DsaSigningKey> {
        run(|| Ok(DsaSigningKey((get(id)?.import_signing)(secret_key)?)))
    }

    /// The matching public key.
    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> Vec<u8> {
        let pk = self.0.public_key();
        crate::wipe::scrub_stack();
        pk
    }

    /// ML-DSA.Sign (FIPS 204 Algorithm 2); `mode` as in [`rnd`].
    pub fn sign(
        &self,
        message: &[u8],
        context: &[u8],
        mode: u8,
        randomness: Option<Vec<u8>>,
    ) -> JsResult<Vec<u8>> {
        let randomness = randomness.map(Zeroizing::new);
        run(|| {
            let r = rnd(mode, randomness.as_deref().map(|v| &v[..]))?;
            self.0.sign(message, context, r)
        })
    }

    /// Signing from an externally computed `mu` (FIPS 204 Algorithm 7 from
    /// line 7).
    #[wasm_bindgen(js_name = signMu)]
    pub fn sign_mu(&self, mu: &[u8], mode: u8, randomness: Option<Vec<u8>>) -> JsResult<Vec<u8>> {
        let randomness = randomness.map(Zeroizing::new);
        run(|| {
            let r = rnd(mode, randomness.as_deref().map(|v| &v[..]))?;
            self.0.sign_mu(mu, r)
        })
    }

    /// HashML-DSA.Sign with SHA-512 (FIPS 204 Algorithm 4).
    #[wasm_bindgen(js_name = signPrehashed)]
    pub fn sign_prehashed(
        &self,
        message: &[u8],
        context: &[u8],
        mode: u8,
        randomness: Option<Vec<u8>>,
    ) -> JsResult<Vec<u8>> {
        let randomness = randomness.map(Zeroizing::new);
        run(|| {
            let r = rnd(mode, randomness.as_deref().map(|v| &v[..]))?;
            self.0.sign_prehashed(message, context, r)
        })
    }
}

/// An ML-DSA public key parsed and expanded once and kept in WebAssembly
/// memory (see [`VerifyKey`]).
#[wasm_bindgen(js_name = DsaVerifyingKey)]
pub struct DsaVerifyingKey(Box<dyn VerifyKey>);

impl core::fmt::Debug for DsaVerifyingKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("DsaVerifyingKey")
    }
}

#[wasm_bindgen(js_class = DsaVerifyingKey)]
impl DsaVerifyingKey {
    /// Imports the public key of parameter set `id`.
    #[wasm_bindgen(constructor)]
    pub fn new(id: u32, public_key: &[u8]) -> JsResult<DsaVerifyingKey> {
        run(|| Ok(DsaVerifyingKey((get(id)?.import_verifying)(public_key)?)))
    }

    /// The public key's encoding.
    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> Vec<u8> {
        self.0.public_key()
    }

    /// ML-DSA.Verify (FIPS 204 Algorithm 3).
    pub fn verify(&self, message: &[u8], signature: &[u8], context: &[u8]) -> JsResult<bool> {
        run(|| self.0.verify(message, signature, context))
    }

    /// Verification against an externally computed `mu`.
    #[wasm_bindgen(js_name = verifyMu)]
    pub fn verify_mu(&self, mu: &[u8], signature: &[u8]) -> JsResult<bool> {
        run(|| self.0.verify_mu(mu, signature))
    }

    /// HashML-DSA.Verify with SHA-512 (FIPS 204 Algorithm 5).
    #[wasm_bindgen(js_name = verifyPrehashed)]
    pub fn verify_prehashed(
        &self,
        message: &[u8],
        signature: &[u8],
        context: &[u8],
    ) -> JsResult<bool> {
        run(|| self.0.verify_prehashed(message, signature, context))
    }
}

/// The expanded key and public key of an ML-DSA seed, for the encodings.
#[cfg(feature = "encoding")]
pub(crate) fn expand(name: &str, seed: &[u8]) -> Option<crate::kem::Expanded> {
    let e = by_name(name)?;
    Some((|| {
        let seed = crate::exact::<SEED_LEN>(&format!("{name} seed"), seed)?;
        Ok(((e.expand)(seed)?, (e.public_key)(seed)))
    })())
}

/// The public key of an expanded ML-DSA key (checked as it is imported).
#[cfg(feature = "encoding")]
pub(crate) fn public_of_expanded(name: &str, expanded: &[u8]) -> Option<Res<Vec<u8>>> {
    Some((by_name(name)?.public_of)(expanded))
}
