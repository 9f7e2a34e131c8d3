//! ML-DSA (FIPS 204): ML-DSA-44, ML-DSA-65 and ML-DSA-87.
//!
//! Each parameter set has its own module ([`ml_dsa_44`], [`ml_dsa_65`],
//! [`ml_dsa_87`]) with fixed-size key and signature types.
//!
//! ```
//! use pqkit::ml_dsa::ml_dsa_65::SigningKey;
//!
//! let sk = SigningKey::from_seed(&[7u8; 32]);
//! let vk = sk.verifying_key();
//! let sig = sk.sign_deterministic(b"firmware v1.2", b"").unwrap();
//! assert!(vk.verify(b"firmware v1.2", b"", sig.as_bytes()).is_ok());
//! assert!(vk.verify(b"firmware v1.3", b"", sig.as_bytes()).is_err());
//! ```
//!
//! # Forms of signing
//!
//! - Pure ML-DSA (FIPS 204, Algorithms 2 and 3) with a context string of at
//!   most [`MAX_CONTEXT_LEN`] bytes: hedged (`sign`, fresh randomness),
//!   deterministic (`sign_deterministic`, `rnd = 0^32`) or with explicit
//!   randomness (`sign_with_randomness`).
//! - External mu: `mu = H(H(pk, 64) || 0x00 || len(ctx) || ctx || M, 64)`
//!   computed by the holder of the message (`compute_mu`, or [`MuHasher`]
//!   for messages streamed in chunks) and signed by the holder of the key
//!   (`sign_mu`); the signature is identical to signing `M` directly. This
//!   is the form AWS KMS accepts as `MessageType=EXTERNAL_MU`.
//! - HashML-DSA with SHA-512 (FIPS 204, Algorithms 4 and 5):
//!   `sign_prehashed_sha512` / `verify_prehashed_sha512`. Its signatures
//!   never verify as pure ML-DSA signatures and vice versa (the domain
//!   separator byte differs).
//!
//! # Design
//!
//! - **Constant time.** `Decompose`, `HighBits` and `LowBits` use
//!   multiply-shift sequences instead of division; the norm checks fold
//!   every coefficient into a flag; signing attempts branch only on the
//!   reject/accept outcome. Key secrets are wiped on drop.
//! - **Two schedules, same bytes.** On bare-metal targets
//!   (`target_os = "none"`) the matrix `A` is never stored: each entry is
//!   sampled where it is used, signing unpacks `s1`, `s2`, `t0` one
//!   polynomial at a time from the expanded key and keeps `y`, `NTT(y)` and
//!   `w` (`2l + k` KiB), and verification keeps four polynomials and streams
//!   `w1Encode` into the hash; the price is that every signing attempt
//!   samples `A` and transforms the secrets again. Elsewhere each signature
//!   expands the key once (`A_hat` and the transformed secrets, up to
//!   80 KiB of stack for ML-DSA-87) and every attempt runs on it, and
//!   verification transforms `z` once.
//! - **Compact schedule.** Each parameter set's `compact` module
//!   (`ml_dsa_65::compact`) runs the same algorithms with at most three
//!   polynomials alive at a time, for firmware whose stack is counted in
//!   kilobytes: entries of `A` are multiplied in coefficient by coefficient
//!   as they are sampled, signing keeps `w` packed at 3 bytes a coefficient
//!   (mostly in the caller's signature buffer) and samples `y` again where
//!   it is needed, verification starts each row from `-c t1` and
//!   accumulates `A z` onto it. It writes keys and signatures into the
//!   caller's memory and verifies from the encoded key where it lies. Same
//!   bytes and verdicts as the other schedules, more instructions.
//! - **Prepared keys.** `PreparedSigningKey` and `PreparedVerifyingKey` hold
//!   that expansion across calls, for callers that sign or verify many
//!   times with one key: no matrix sampling at all per operation. They are
//!   large (20 to 80 KiB), filled in place (`set_from`) wherever the caller
//!   keeps them (a `static`, a `Box`), and give exactly the bytes and
//!   verdicts of the plain keys.
//! - **Keys.** A `SigningKey` holds the FIPS 204 expanded key (`skEncode`),
//!   its verifying key, and the 32-byte seed when made from one. Imported
//!   expanded keys are checked against the key they claim to be: `s1`, `s2`
//!   in range, `t0` recomputed from `s1`, `s2`, and `tr = H(pk)`.

mod compact;
mod internal;
mod params;
mod sample;

use crate::hash::Shake256Hasher;
use sha2::{Digest, Sha512};

/// Pins ML-DSA signing and verification to the small-stack schedule (with
/// `true`) whatever the backend prefers, so that tests and the
/// constant-time harness on a hosted machine also run the schedule that
/// bare-metal firmware runs. Process-wide, like
/// [`crate::arith::force_backend`], and for the same tools only.
#[cfg(feature = "backend-override")]
pub fn force_small_stack_schedule(on: bool) {
    SMALL_STACK.store(on, core::sync::atomic::Ordering::Relaxed);
}

#[cfg(feature = "backend-override")]
static SMALL_STACK: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);

/// Whether [`force_small_stack_schedule`] is on.
fn small_stack_forced() -> bool {
    #[cfg(feature = "backend-override")]
    return SMALL_STACK.load(core::sync::atomic::Ordering::Relaxed);
    #[cfg(not(feature = "backend-override"))]
    false
}

/// Length of a key-generation seed `xi` (FIPS 204, Algorithm 1).
pub const SEED_LEN: usize = 32;

/// Length of the message representative `mu` (FIPS 204, Algorithm 7).
pub const MU_LEN: usize = 64;

/// Length of the signing randomness `rnd` (FIPS 204, Algorithm 2).
pub const RANDOMNESS_LEN: usize = 32;

/// Longest context string (FIPS 204, Algorithms 2-5).
pub const MAX_CONTEXT_LEN: usize = 255;

/// DER encoding of the SHA-512 object identifier 2.16.840.1.101.3.4.2.3, the
/// `OID` of HashML-DSA with SHA-512 (FIPS 204, Algorithm 4, line 18).
const SHA512_OID_DER: [u8; 11] = [
    0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03,
];

/// Streaming computation of the message representative
/// `mu = H(tr || M', 64)` (FIPS 204, Algorithm 7, line 6), with the
/// pure-ML-DSA `M' = 0x00 || len(ctx) || ctx || M` (Algorithm 2, line 10).
///
/// Obtained from a verifying key's `mu_hasher`; feed the message in chunks of
/// any size with [`MuHasher::update`] so that a large file never has to sit
/// in memory.
pub struct MuHasher(Shake256Hasher);

// `tr` and the message are public, so a copy of the state may exist.
impl Clone for MuHasher {
    fn clone(&self) -> Self {
        MuHasher(self.0.duplicate_public())
    }
}

impl MuHasher {
    fn new(tr: &[u8; 64], prefix: &[&[u8]]) -> Self {
        let mut h = Shake256Hasher::new();
        h.update(tr);
        for part in prefix {
            h.update(part);
        }
        MuHasher(h)
    }

    /// Absorbs the next chunk of the message.
    pub fn update(&mut self, chunk: &[u8]) -> &mut Self {
        self.0.update(chunk);
        self
    }

    /// The 64-byte `mu`.
    pub fn finalize(self) -> [u8; MU_LEN] {
        let mut mu = [0u8; MU_LEN];
        self.0.finalize(&mut mu);
        mu
    }
}

impl core::fmt::Debug for MuHasher {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("MuHasher")
    }
}

/// `mu` for the message prefix `domain || len(ctx) || ctx || extra` and
/// message `msg`, or [`crate::Error::ContextTooLong`].
fn mu_for(
    tr: &[u8; 64],
    domain: u8,
    ctx: &[u8],
    extra: &[&[u8]],
    msg: &[u8],
) -> crate::Result<[u8; MU_LEN]> {
    let mut h = hasher(tr, domain, ctx)?;
    for part in extra {
        h.update(part);
    }
    h.update(msg);
    Ok(h.finalize())
}

fn hasher(tr: &[u8; 64], domain: u8, ctx: &[u8]) -> crate::Result<MuHasher> {
    if ctx.len() > MAX_CONTEXT_LEN {
        return Err(crate::Error::ContextTooLong { actual: ctx.len() });
    }
    Ok(MuHasher::new(tr, &[&[domain, ctx.len() as u8], ctx]))
}

/// `mu` of HashML-DSA with SHA-512 (FIPS 204, Algorithms 4 and 5):
/// `M' = 0x01 || len(ctx) || ctx || OID || SHA-512(M)`.
fn prehashed_mu(tr: &[u8; 64], ctx: &[u8], msg: &[u8]) -> crate::Result<[u8; MU_LEN]> {
    let digest: [u8; 64] = Sha512::digest(msg).into();
    mu_for(tr, 1, ctx, &[&SHA512_OID_DER, &digest], &[])
}

/// Writes the first bytes of `bytes` in hex, to identify public values in
/// `Debug` output without printing kilobytes.
fn debug_prefix(f: &mut core::fmt::Formatter<'_>, bytes: &[u8]) -> core::fmt::Result {
    for b in bytes.iter().take(8) {
        write!(f, "{b:02x}")?;
    }
    f.write_str("..")
}

macro_rules! parameter_set {
    (
        $(#[$meta:meta])*
        $module:ident, $params:ident, $k:literal, $l:literal, $name:literal,
        $prepared_vk:literal, $prepared_sk:literal
    ) => {
        $(#[$meta])*
        pub mod $module {
            use super::internal;
            use super::params::{self, Params};
            use super::{MuHasher, MU_LEN, RANDOMNESS_LEN, SEED_LEN};
            use crate::arith;
            use crate::error::expect_len;
            use crate::{Error, Result};
            use rand_core::{CryptoRng, TryCryptoRng};
            use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

            const K: usize = $k;
            const L: usize = $l;
            const P: Params = params::$params;

            /// Length of an encoded verifying (public) key, in bytes.
            pub const PUBLIC_KEY_LEN: usize = P.pk_len();
            /// Length of a signature, in bytes.
            pub const SIGNATURE_LEN: usize = P.sig_len();
            /// Length of an expanded signing key (`skEncode`), in bytes.
            pub const EXPANDED_KEY_LEN: usize = P.sk_len();

            const _: () = assert!(P.k == K && P.l == L);

            #[doc = concat!("An ", $name, " verifying key: `pkEncode(rho, t1)` and its hash `tr`.")]
            #[derive(Clone, PartialEq, Eq)]
            pub struct VerifyingKey {
                bytes: [u8; PUBLIC_KEY_LEN],
                tr: [u8; 64],
            }

            impl VerifyingKey {
                /// Parses an encoded verifying key. Every byte string of the
                /// right length is a valid key (`t1` uses all 10 bits), so
                /// only the length is checked.
                pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
                    let bytes =
                        expect_len::<PUBLIC_KEY_LEN>(concat!($name, " public key"), bytes)?;
                    Ok(Self::from_array(*bytes))
                }

                fn from_array(bytes: [u8; PUBLIC_KEY_LEN]) -> Self {
                    let mut tr = [0u8; 64];
                    crate::hash::shake256(&[&bytes], &mut tr);
                    VerifyingKey { bytes, tr }
                }

                /// The encoded key.
                pub fn as_bytes(&self) -> &[u8; PUBLIC_KEY_LEN] {
                    &self.bytes
                }

                /// FIPS 204, Algorithm 3 (ML-DSA.Verify): checks `sig` on
                /// `msg` under the context string `ctx`.
                ///
                /// Any signature that does not verify, including one of the
                /// wrong length or with a malformed hint, gives
                /// [`Error::InvalidSignature`]; a context longer than 255
                /// bytes gives [`Error::ContextTooLong`].
                pub fn verify(&self, msg: &[u8], ctx: &[u8], sig: &[u8]) -> Result<()> {
                    let mu = self.compute_mu(msg, ctx)?;
                    self.verify_mu(&mu, sig)
                }

                /// FIPS 204, Algorithm 8 (ML-DSA.Verify_internal) on an
                /// externally computed `mu` (see [`VerifyingKey::compute_mu`]).
                pub fn verify_mu(&self, mu: &[u8; MU_LEN], sig: &[u8]) -> Result<()> {
                    if sig.len() != SIGNATURE_LEN {
                        return Err(Error::InvalidSignature);
                    }
                    let ok = arith::dsa_dispatch!(B => internal::verify::<B, K, L>(&P, &self.bytes, mu, sig));
                    if ok { Ok(()) } else { Err(Error::InvalidSignature) }
                }

                /// FIPS 204, Algorithm 5 (HashML-DSA.Verify) with SHA-512 as
                /// the pre-hash.
                pub fn verify_prehashed_sha512(
                    &self,
                    msg: &[u8],
                    ctx: &[u8],
                    sig: &[u8],
                ) -> Result<()> {
                    let mu = super::prehashed_mu(&self.tr, ctx, msg)?;
                    self.verify_mu(&mu, sig)
                }

                /// The message representative
                /// `mu = H(H(pk, 64) || 0x00 || len(ctx) || ctx || msg, 64)`
                /// of pure ML-DSA (FIPS 204, Algorithm 2 line 10 and
                /// Algorithm 7 line 6).
                pub fn compute_mu(&self, msg: &[u8], ctx: &[u8]) -> Result<[u8; MU_LEN]> {
                    super::mu_for(&self.tr, 0, ctx, &[], msg)
                }

                /// A [`MuHasher`] for this key and context, to compute `mu`
                /// of a message given in chunks.
                pub fn mu_hasher(&self, ctx: &[u8]) -> Result<MuHasher> {
                    super::hasher(&self.tr, 0, ctx)
                }
            }

            impl core::fmt::Debug for VerifyingKey {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str(concat!($name, " VerifyingKey("))?;
                    super::debug_prefix(f, &self.bytes)?;
                    f.write_str(")")
                }
            }

            #[doc = concat!("An ", $name, " signature (public).")]
            #[derive(Clone, PartialEq, Eq)]
            pub struct Signature([u8; SIGNATURE_LEN]);

            impl Signature {
                /// A signature from its bytes; only the length is checked.
                pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
                    let bytes =
                        expect_len::<SIGNATURE_LEN>(concat!($name, " signature"), bytes)?;
                    Ok(Signature(*bytes))
                }

                /// The encoded signature.
                pub fn as_bytes(&self) -> &[u8; SIGNATURE_LEN] {
                    &self.0
                }
            }

            impl From<[u8; SIGNATURE_LEN]> for Signature {
                fn from(bytes: [u8; SIGNATURE_LEN]) -> Self {
                    Signature(bytes)
                }
            }

            impl core::fmt::Debug for Signature {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str(concat!($name, " Signature("))?;
                    super::debug_prefix(f, &self.0)?;
                    f.write_str(")")
                }
            }

            #[doc = concat!("An ", $name, " signing key.")]
            ///
            /// Holds the FIPS 204 expanded key `skEncode(rho, K, tr, s1, s2,
            /// t0)`, the verifying key, and the 32-byte seed `xi` when the key
            /// was made from one. The secret parts are wiped on drop and never
            /// printed.
            pub struct SigningKey {
                sk: [u8; EXPANDED_KEY_LEN],
                vk: VerifyingKey,
                seed: Option<[u8; SEED_LEN]>,
            }

            impl SigningKey {
                /// FIPS 204, Algorithm 6 (ML-DSA.KeyGen_internal) from the
                /// seed `xi`.
                pub fn from_seed(seed: &[u8; SEED_LEN]) -> Self {
                    let mut key = SigningKey {
                        sk: [0u8; EXPANDED_KEY_LEN],
                        vk: VerifyingKey {
                            bytes: [0u8; PUBLIC_KEY_LEN],
                            tr: [0u8; 64],
                        },
                        seed: None,
                    };
                    key.set_from_seed(seed);
                    key
                }

                /// [`SigningKey::from_seed`] into this key, replacing every
                /// part of it.
                ///
                /// Key generation writes the expanded key straight into
                /// `self`: no copy of it is left in a local that a move would
                /// abandon unwiped. Rust does not promise to build a returned
                /// value in the caller's memory, so code that must not leave
                /// the secret in a stack frame it does not control generates
                /// into a key it owns here rather than with `from_seed`.
                pub fn set_from_seed(&mut self, seed: &[u8; SEED_LEN]) {
                    arith::dsa_dispatch!(B => internal::keygen::<B, K, L>(
                        &P,
                        seed,
                        &mut self.vk.bytes,
                        &mut self.sk,
                    ));
                    self.vk.tr.copy_from_slice(&self.sk[64..128]);
                    self.seed = Some(*seed);
                }

                /// [`SigningKey::from_seed`] from a slice, which must be
                /// [`super::SEED_LEN`] bytes long.
                pub fn try_from_seed(seed: &[u8]) -> Result<Self> {
                    let seed = expect_len::<SEED_LEN>(concat!($name, " private key seed"), seed)?;
                    Ok(Self::from_seed(seed))
                }

                /// FIPS 204, Algorithm 1 (ML-DSA.KeyGen): a new key from a
                /// 32-byte seed drawn from `rng`.
                pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
                    let mut seed = Zeroizing::new([0u8; SEED_LEN]);
                    rng.fill_bytes(seed.as_mut());
                    Self::from_seed(&seed)
                }

                /// [`SigningKey::generate`] with a fallible generator; its
                /// failure is reported as [`Error::Rng`].
                pub fn try_generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self> {
                    let mut seed = Zeroizing::new([0u8; SEED_LEN]);
                    rng.try_fill_bytes(seed.as_mut()).map_err(|_| Error::Rng)?;
                    Ok(Self::from_seed(&seed))
                }

                /// The seed `xi` this key was made from; `None` when it was
                /// imported in expanded form.
                pub fn seed(&self) -> Option<&[u8; SEED_LEN]> {
                    self.seed.as_ref()
                }

                /// Imports an expanded key `skEncode(rho, K, tr, s1, s2, t0)`
                /// (FIPS 204, Algorithm 24).
                ///
                /// Besides the length, the key must be one that Algorithm 6
                /// can produce: `s1` and `s2` within `[-eta, eta]`, `t0` the
                /// low part of `A * s1 + s2`, and `tr` the hash of the public
                /// key rebuilt from it; otherwise
                /// [`Error::InvalidPrivateKey`]. The key has no seed
                /// afterwards.
                pub fn from_expanded_bytes(bytes: &[u8]) -> Result<Self> {
                    let bytes = expect_len::<EXPANDED_KEY_LEN>(
                        concat!($name, " expanded private key"),
                        bytes,
                    )?;
                    let mut pk = [0u8; PUBLIC_KEY_LEN];
                    let ok = arith::dsa_dispatch!(B => internal::check_expanded::<B, K, L>(&P, bytes, &mut pk));
                    // Whether the key is refused is what the caller is told.
                    if crate::arith::portable::declassify(!ok) {
                        return Err(Error::InvalidPrivateKey);
                    }
                    let mut tr = [0u8; 64];
                    tr.copy_from_slice(&bytes[64..128]);
                    Ok(SigningKey {
                        sk: *bytes,
                        vk: VerifyingKey { bytes: pk, tr },
                        seed: None,
                    })
                }

                /// The expanded key `skEncode(rho, K, tr, s1, s2, t0)`
                /// (FIPS 204, Algorithm 24), in a buffer wiped on drop.
                pub fn to_expanded_bytes(&self) -> Zeroizing<[u8; EXPANDED_KEY_LEN]> {
                    Zeroizing::new(self.sk)
                }

                /// The matching verifying key.
                pub fn verifying_key(&self) -> VerifyingKey {
                    self.vk.clone()
                }

                /// FIPS 204, Algorithm 2 (ML-DSA.Sign), hedged: 32 fresh
                /// random bytes `rnd` from `rng`.
                pub fn sign<R: CryptoRng + ?Sized>(
                    &self,
                    msg: &[u8],
                    ctx: &[u8],
                    rng: &mut R,
                ) -> Result<Signature> {
                    let mut rnd = Zeroizing::new([0u8; RANDOMNESS_LEN]);
                    rng.fill_bytes(rnd.as_mut());
                    self.sign_with_randomness(msg, ctx, &rnd)
                }

                /// [`SigningKey::sign`] with a fallible generator; its failure
                /// is reported as [`Error::Rng`].
                pub fn try_sign<R: TryCryptoRng + ?Sized>(
                    &self,
                    msg: &[u8],
                    ctx: &[u8],
                    rng: &mut R,
                ) -> Result<Signature> {
                    let mut rnd = Zeroizing::new([0u8; RANDOMNESS_LEN]);
                    rng.try_fill_bytes(rnd.as_mut()).map_err(|_| Error::Rng)?;
                    self.sign_with_randomness(msg, ctx, &rnd)
                }

                /// FIPS 204, Algorithm 2 (ML-DSA.Sign), deterministic variant
                /// (`rnd = 0^32`): the same inputs always give the same
                /// signature.
                pub fn sign_deterministic(&self, msg: &[u8], ctx: &[u8]) -> Result<Signature> {
                    self.sign_with_randomness(msg, ctx, &[0u8; RANDOMNESS_LEN])
                }

                /// FIPS 204, Algorithm 2 (ML-DSA.Sign) with the caller's
                /// randomness `rnd` (for test vectors; prefer
                /// [`SigningKey::sign`]).
                pub fn sign_with_randomness(
                    &self,
                    msg: &[u8],
                    ctx: &[u8],
                    rnd: &[u8; RANDOMNESS_LEN],
                ) -> Result<Signature> {
                    let mu = self.vk.compute_mu(msg, ctx)?;
                    Ok(self.sign_mu(&mu, rnd))
                }

                /// FIPS 204, Algorithm 7 (ML-DSA.Sign_internal) on an
                /// externally computed `mu`: for the `mu` of a message, the
                /// signature is exactly the one
                /// [`SigningKey::sign_with_randomness`] gives for it.
                pub fn sign_mu(&self, mu: &[u8; MU_LEN], rnd: &[u8; RANDOMNESS_LEN]) -> Signature {
                    let mut sig = [0u8; SIGNATURE_LEN];
                    arith::dsa_dispatch!(B => internal::sign::<B, K, L>(&P, &self.sk, mu, rnd, &mut sig));
                    Signature(sig)
                }

                /// FIPS 204, Algorithm 4 (HashML-DSA.Sign) with SHA-512 as
                /// the pre-hash and the caller's randomness `rnd`
                /// (`[0; 32]` for the deterministic variant).
                pub fn sign_prehashed_sha512(
                    &self,
                    msg: &[u8],
                    ctx: &[u8],
                    rnd: &[u8; RANDOMNESS_LEN],
                ) -> Result<Signature> {
                    let mu = super::prehashed_mu(&self.vk.tr, ctx, msg)?;
                    Ok(self.sign_mu(&mu, rnd))
                }
            }

            impl Drop for SigningKey {
                fn drop(&mut self) {
                    self.sk.zeroize();
                    self.seed.zeroize();
                }
            }

            impl ZeroizeOnDrop for SigningKey {}

            impl Clone for SigningKey {
                fn clone(&self) -> Self {
                    SigningKey {
                        sk: self.sk,
                        vk: self.vk.clone(),
                        seed: self.seed,
                    }
                }
            }

            impl core::fmt::Debug for SigningKey {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str(concat!($name, " SigningKey(.., pk = "))?;
                    super::debug_prefix(f, &self.vk.bytes)?;
                    f.write_str(")")
                }
            }

            #[doc = concat!("An ", $name, " verifying key in expanded form: `A_hat` and `NTT(t1 * 2^d)`,")]
            /// so that verifying with it samples no matrix (FIPS 204,
            /// Algorithm 8, lines 5 and 9 done once).
            ///
            #[doc = concat!("It takes [`PreparedVerifyingKey::SIZE`] bytes (", $prepared_vk, "): keep it in a")]
            /// `static`, a `Box` or another long-lived place, not on a small
            /// stack. Make an empty one with [`PreparedVerifyingKey::new`]
            /// where it is to live and fill it in place with
            /// [`PreparedVerifyingKey::set_from`]; it never has to move.
            /// Results are exactly those of [`VerifyingKey`]. An empty key
            /// verifies nothing.
            pub struct PreparedVerifyingKey {
                e: internal::VerifyExpanded<K, L>,
                tr: [u8; 64],
                ready: bool,
            }

            impl PreparedVerifyingKey {
                /// Bytes the expanded form takes.
                pub const SIZE: usize = core::mem::size_of::<Self>();

                /// An empty key, to be filled with
                /// [`PreparedVerifyingKey::set_from`]. `const`, so it can
                /// initialise a `static`.
                pub const fn new() -> Self {
                    PreparedVerifyingKey {
                        e: internal::VerifyExpanded::EMPTY,
                        tr: [0; 64],
                        ready: false,
                    }
                }

                /// Expands `vk` into this key, replacing what it held.
                pub fn set_from(&mut self, vk: &VerifyingKey) {
                    arith::dsa_dispatch!(B => self.e.set::<B>(&vk.bytes));
                    self.tr = vk.tr;
                    self.ready = true;
                }

                /// Whether a key has been set.
                pub fn is_set(&self) -> bool {
                    self.ready
                }

                /// [`VerifyingKey::verify`] with this key; an empty key
                /// gives [`Error::InvalidSignature`].
                pub fn verify(&self, msg: &[u8], ctx: &[u8], sig: &[u8]) -> Result<()> {
                    let mu = super::mu_for(&self.tr, 0, ctx, &[], msg)?;
                    self.verify_mu(&mu, sig)
                }

                /// [`VerifyingKey::verify_mu`] with this key.
                pub fn verify_mu(&self, mu: &[u8; MU_LEN], sig: &[u8]) -> Result<()> {
                    if !self.ready || sig.len() != SIGNATURE_LEN {
                        return Err(Error::InvalidSignature);
                    }
                    let ok = arith::dsa_dispatch!(B => internal::verify_expanded::<B, K, L>(&P, &self.e, mu, sig));
                    if ok { Ok(()) } else { Err(Error::InvalidSignature) }
                }

                /// [`VerifyingKey::verify_prehashed_sha512`] with this key.
                pub fn verify_prehashed_sha512(
                    &self,
                    msg: &[u8],
                    ctx: &[u8],
                    sig: &[u8],
                ) -> Result<()> {
                    let mu = super::prehashed_mu(&self.tr, ctx, msg)?;
                    self.verify_mu(&mu, sig)
                }
            }

            impl Default for PreparedVerifyingKey {
                fn default() -> Self {
                    Self::new()
                }
            }

            impl core::fmt::Debug for PreparedVerifyingKey {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str(concat!($name, " PreparedVerifyingKey(tr = "))?;
                    super::debug_prefix(f, &self.tr)?;
                    f.write_str(")")
                }
            }

            #[doc = concat!("An ", $name, " signing key in expanded form: `A_hat`, `NTT(s1)`, `NTT(s2)`,")]
            /// `NTT(t0)`, `K` and `tr`, so that signing with it samples no
            /// matrix and transforms no secret (FIPS 204, Algorithm 7,
            /// lines 1-5 done once).
            ///
            #[doc = concat!("It takes [`PreparedSigningKey::SIZE`] bytes (", $prepared_sk, "): keep it in a")]
            /// `static`, a `Box` or another long-lived place, not on a small
            /// stack. Make an empty one with [`PreparedSigningKey::new`]
            /// where it is to live and fill it in place with
            /// [`PreparedSigningKey::set_from`]; it never has to move, so no
            /// copy of the secrets is left behind. Signatures are exactly
            /// those of [`SigningKey`] for the same inputs. The secret parts
            /// are wiped on drop. An empty key signs nothing
            /// ([`Error::InvalidPrivateKey`]).
            pub struct PreparedSigningKey {
                e: internal::SignExpanded<K, L>,
                tr: [u8; 64],
                ready: bool,
            }

            impl PreparedSigningKey {
                /// Bytes the expanded form takes.
                pub const SIZE: usize = core::mem::size_of::<Self>();

                /// An empty key, to be filled with
                /// [`PreparedSigningKey::set_from`]. `const`, so it can
                /// initialise a `static`.
                pub const fn new() -> Self {
                    PreparedSigningKey {
                        e: internal::SignExpanded::EMPTY,
                        tr: [0; 64],
                        ready: false,
                    }
                }

                /// Expands `sk` into this key, replacing what it held.
                pub fn set_from(&mut self, sk: &SigningKey) {
                    arith::dsa_dispatch!(B => self.e.set::<B>(&P, &sk.sk));
                    self.tr = sk.vk.tr;
                    self.ready = true;
                }

                /// Whether a key has been set.
                pub fn is_set(&self) -> bool {
                    self.ready
                }

                /// [`SigningKey::sign`] with this key.
                pub fn sign<R: CryptoRng + ?Sized>(
                    &self,
                    msg: &[u8],
                    ctx: &[u8],
                    rng: &mut R,
                ) -> Result<Signature> {
                    let mut rnd = Zeroizing::new([0u8; RANDOMNESS_LEN]);
                    rng.fill_bytes(rnd.as_mut());
                    self.sign_with_randomness(msg, ctx, &rnd)
                }

                /// [`SigningKey::try_sign`] with this key.
                pub fn try_sign<R: TryCryptoRng + ?Sized>(
                    &self,
                    msg: &[u8],
                    ctx: &[u8],
                    rng: &mut R,
                ) -> Result<Signature> {
                    let mut rnd = Zeroizing::new([0u8; RANDOMNESS_LEN]);
                    rng.try_fill_bytes(rnd.as_mut()).map_err(|_| Error::Rng)?;
                    self.sign_with_randomness(msg, ctx, &rnd)
                }

                /// [`SigningKey::sign_deterministic`] with this key.
                pub fn sign_deterministic(&self, msg: &[u8], ctx: &[u8]) -> Result<Signature> {
                    self.sign_with_randomness(msg, ctx, &[0u8; RANDOMNESS_LEN])
                }

                /// [`SigningKey::sign_with_randomness`] with this key.
                pub fn sign_with_randomness(
                    &self,
                    msg: &[u8],
                    ctx: &[u8],
                    rnd: &[u8; RANDOMNESS_LEN],
                ) -> Result<Signature> {
                    let mu = super::mu_for(&self.tr, 0, ctx, &[], msg)?;
                    self.sign_mu(&mu, rnd)
                }

                /// [`SigningKey::sign_mu`] with this key; an empty key gives
                /// [`Error::InvalidPrivateKey`].
                pub fn sign_mu(
                    &self,
                    mu: &[u8; MU_LEN],
                    rnd: &[u8; RANDOMNESS_LEN],
                ) -> Result<Signature> {
                    if !self.ready {
                        return Err(Error::InvalidPrivateKey);
                    }
                    let mut sig = [0u8; SIGNATURE_LEN];
                    arith::dsa_dispatch!(B => internal::sign_expanded::<B, K, L>(&P, &self.e, mu, rnd, &mut sig));
                    Ok(Signature(sig))
                }

                /// [`SigningKey::sign_prehashed_sha512`] with this key.
                pub fn sign_prehashed_sha512(
                    &self,
                    msg: &[u8],
                    ctx: &[u8],
                    rnd: &[u8; RANDOMNESS_LEN],
                ) -> Result<Signature> {
                    let mu = super::prehashed_mu(&self.tr, ctx, msg)?;
                    self.sign_mu(&mu, rnd)
                }
            }

            impl Default for PreparedSigningKey {
                fn default() -> Self {
                    Self::new()
                }
            }

            // The expanded secrets are wiped by `SignExpanded`'s own drop.
            impl ZeroizeOnDrop for PreparedSigningKey {}

            impl core::fmt::Debug for PreparedSigningKey {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str(concat!($name, " PreparedSigningKey(.., tr = "))?;
                    super::debug_prefix(f, &self.tr)?;
                    f.write_str(")")
                }
            }

            pub mod compact {
                #![doc = concat!($name, " on the compact schedule: the same keys, signatures and verdicts")]
                //! as [`SigningKey`] and [`VerifyingKey`], in a few KiB of stack
                //! (FIPS 204, Algorithms 6, 7 and 8 recomputing rather than
                //! storing; see the [module documentation](super::super)).
                //!
                //! For firmware whose stack is counted in kilobytes. Everything
                //! is written into memory the caller owns: key generation fills
                //! an existing [`SigningKey`], signing writes into the caller's
                //! signature buffer (and uses it as scratch room while it
                //! works), and verification reads the encoded key where it lies
                //! (flash, say) with [`verify_bytes`]. The functions take the
                //! same key types as the default schedule, so a key made or
                //! imported one way serves both; they are functions of this
                //! module rather than methods so that the choice of schedule
                //! is one import, and the key types keep one method per FIPS
                //! 204 algorithm.
                //!
                //! The price is instructions: signing samples the mask `y` two
                //! or three times per attempt and transforms the challenge for
                //! every product, about 1.2 times the default schedule's count
                //! on a Cortex-M4.

                use super::{
                    Error, K, L, MU_LEN, P, PUBLIC_KEY_LEN, RANDOMNESS_LEN, Result, SEED_LEN,
                    SIGNATURE_LEN, SigningKey, VerifyingKey, arith,
                };
                use crate::ml_dsa::compact as schedule;
                use rand_core::CryptoRng;
                use zeroize::Zeroizing;

                const _: () = assert!(P.k == K && P.l == L);

                /// FIPS 204, Algorithm 6 (ML-DSA.KeyGen_internal) from the
                /// seed `xi`, into `key`, replacing every part of it: the key
                /// [`SigningKey::set_from_seed`] makes.
                pub fn keygen(seed: &[u8; SEED_LEN], key: &mut SigningKey) {
                    arith::dsa_dispatch!(B => schedule::keygen::<B>(
                        &P,
                        seed,
                        &mut key.vk.bytes,
                        &mut key.sk,
                    ));
                    key.vk.tr.copy_from_slice(&key.sk[64..128]);
                    key.seed = Some(*seed);
                }

                /// FIPS 204, Algorithm 2 (ML-DSA.Sign), hedged (32 fresh
                /// random bytes from `rng`), into `sig`: the signature
                /// [`SigningKey::sign`] gives for the same randomness.
                /// A context longer than 255 bytes gives
                /// [`Error::ContextTooLong`] and leaves `sig` as it was.
                pub fn sign<R: CryptoRng + ?Sized>(
                    key: &SigningKey,
                    msg: &[u8],
                    ctx: &[u8],
                    rng: &mut R,
                    sig: &mut [u8; SIGNATURE_LEN],
                ) -> Result<()> {
                    let mut rnd = Zeroizing::new([0u8; RANDOMNESS_LEN]);
                    rng.fill_bytes(rnd.as_mut());
                    sign_with_randomness(key, msg, ctx, &rnd, sig)
                }

                /// FIPS 204, Algorithm 2 (ML-DSA.Sign) with the caller's
                /// randomness `rnd` (`[0; 32]` for the deterministic
                /// variant), into `sig`.
                pub fn sign_with_randomness(
                    key: &SigningKey,
                    msg: &[u8],
                    ctx: &[u8],
                    rnd: &[u8; RANDOMNESS_LEN],
                    sig: &mut [u8; SIGNATURE_LEN],
                ) -> Result<()> {
                    let mu = key.vk.compute_mu(msg, ctx)?;
                    sign_mu(key, &mu, rnd, sig);
                    Ok(())
                }

                /// FIPS 204, Algorithm 7 (ML-DSA.Sign_internal) on an
                /// externally computed `mu`, into `sig`.
                pub fn sign_mu(
                    key: &SigningKey,
                    mu: &[u8; MU_LEN],
                    rnd: &[u8; RANDOMNESS_LEN],
                    sig: &mut [u8; SIGNATURE_LEN],
                ) {
                    let mut w_local = [0u8; schedule::w_local_len(&P)];
                    arith::dsa_dispatch!(B => schedule::sign::<B>(
                        &P,
                        &key.sk,
                        mu,
                        rnd,
                        sig,
                        &mut w_local,
                    ));
                }

                /// FIPS 204, Algorithm 3 (ML-DSA.Verify) with a parsed key:
                /// the verdict of [`VerifyingKey::verify`].
                pub fn verify(vk: &VerifyingKey, msg: &[u8], ctx: &[u8], sig: &[u8]) -> Result<()> {
                    let mu = vk.compute_mu(msg, ctx)?;
                    verify_mu(&vk.bytes, &mu, sig)
                }

                /// FIPS 204, Algorithm 3 (ML-DSA.Verify) from the encoded
                /// key, read where it lies: no copy of it is made (parsing
                /// into a [`VerifyingKey`] copies it twice). Every byte
                /// string of this length is a valid key; `tr = H(pk)` is
                /// computed here.
                pub fn verify_bytes(
                    pk: &[u8; PUBLIC_KEY_LEN],
                    msg: &[u8],
                    ctx: &[u8],
                    sig: &[u8],
                ) -> Result<()> {
                    let mut tr = [0u8; 64];
                    crate::hash::shake256(&[pk], &mut tr);
                    let mu = crate::ml_dsa::mu_for(&tr, 0, ctx, &[], msg)?;
                    verify_mu(pk, &mu, sig)
                }

                /// FIPS 204, Algorithm 8 (ML-DSA.Verify_internal) on an
                /// externally computed `mu`, from the encoded key. Any
                /// signature that does not verify, including one of the
                /// wrong length or with a malformed hint, gives
                /// [`Error::InvalidSignature`].
                pub fn verify_mu(
                    pk: &[u8; PUBLIC_KEY_LEN],
                    mu: &[u8; MU_LEN],
                    sig: &[u8],
                ) -> Result<()> {
                    if sig.len() != SIGNATURE_LEN {
                        return Err(Error::InvalidSignature);
                    }
                    let ok = arith::dsa_dispatch!(B => schedule::verify::<B>(&P, pk, mu, sig));
                    if ok { Ok(()) } else { Err(Error::InvalidSignature) }
                }
            }
        }
    };
}

parameter_set!(
    /// ML-DSA-44 (k = 4, l = 4), NIST security category 2.
    ml_dsa_44, ML_DSA_44, 4, 4, "ML-DSA-44", "20,576 bytes", "28,800 bytes"
);
parameter_set!(
    /// ML-DSA-65 (k = 6, l = 5), NIST security category 3.
    ml_dsa_65, ML_DSA_65, 6, 5, "ML-DSA-65", "36,960 bytes", "48,256 bytes"
);
parameter_set!(
    /// ML-DSA-87 (k = 8, l = 7), NIST security category 5.
    ml_dsa_87, ML_DSA_87, 8, 7, "ML-DSA-87", "65,632 bytes", "81,024 bytes"
);

#[cfg(test)]
mod tests {
    /// Generation in place replaces every part of an existing key and gives
    /// the same key as `from_seed`, which now goes through it (it used to
    /// build the expanded key in a local and move it, leaving a copy behind).
    #[test]
    fn set_from_seed_replaces_the_whole_key() {
        macro_rules! check {
            ($module:ident) => {{
                use super::$module::SigningKey;
                let want = SigningKey::from_seed(&[1u8; 32]);
                let mut key = SigningKey::from_seed(&[2u8; 32]);
                assert_ne!(key.to_expanded_bytes()[..], want.to_expanded_bytes()[..]);
                key.set_from_seed(&[1u8; 32]);
                assert_eq!(key.to_expanded_bytes()[..], want.to_expanded_bytes()[..]);
                assert_eq!(key.verifying_key(), want.verifying_key());
                assert_eq!(key.seed(), Some(&[1u8; 32]));
                let sig = key.sign_deterministic(b"m", b"").unwrap();
                assert_eq!(sig, want.sign_deterministic(b"m", b"").unwrap());
                want.verifying_key()
                    .verify(b"m", b"", sig.as_bytes())
                    .unwrap();
            }};
        }
        check!(ml_dsa_44);
        check!(ml_dsa_65);
        check!(ml_dsa_87);
    }
}
