//! ML-KEM (FIPS 203): ML-KEM-512, ML-KEM-768 and ML-KEM-1024.
//!
//! Each parameter set has its own module ([`ml_kem_512`], [`ml_kem_768`],
//! [`ml_kem_1024`]) with fixed-size key and ciphertext types, and a marker
//! type ([`MlKem512`], [`MlKem768`], [`MlKem1024`]) implementing the RustCrypto
//! `kem` traits (feature `kem`, on by default).
//!
//! ```
//! use pqkit::ml_kem::ml_kem_768::DecapsulationKey;
//!
//! let dk = DecapsulationKey::from_seed(&[7u8; 64]);
//! let ek = dk.encapsulation_key();
//! let (ct, sender_secret) = ek.encapsulate_deterministic(&[1u8; 32]);
//! assert_eq!(dk.decapsulate(&ct), sender_secret);
//! ```
//!
//! # Design
//!
//! - **Constant time.** Reductions modulo q are Barrett/Montgomery
//!   multiplications, compression multiplies and shifts instead of dividing
//!   (KyberSlash), the decapsulation compares the re-encryption with the
//!   received ciphertext with no early exit and picks the real or the
//!   implicit-rejection key with a constant-time select. Only matrix
//!   sampling from the public seed `rho` branches on data.
//! - **Small stack.** The matrix `A` is never stored: each entry is sampled
//!   straight into a polynomial and accumulated. Noise is sampled on demand,
//!   ciphertext parts are written as they are produced, and decapsulation
//!   compares its re-encryption chunk by chunk instead of building it
//!   (`sink.rs`). The working set of ML-KEM-768 is a few KiB, keys and
//!   ciphertexts excluded.
//! - **Keys.** A [`ml_kem_768::DecapsulationKey`] holds the expanded form
//!   (`dk_pke`, `ek`, `H(ek)`, `z`), the fastest for decapsulation, plus the
//!   64-byte seed when it was made from one. Secret parts are wiped on drop.
//! - **Backends.** The algorithms are generic over
//!   [`crate::arith::kem::KemArith`]; each public operation picks the
//!   backend once via [`crate::arith::selected_backend`].

mod internal;
mod kpke;
mod params;
mod sink;

#[cfg(feature = "kem")]
mod kem_traits;

use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Length of a key-generation seed `d || z` (FIPS 203, Algorithm 16).
pub const SEED_LEN: usize = 64;

/// Length of the shared secret `K`.
pub const SHARED_SECRET_LEN: usize = 32;

/// Length of the encapsulation randomness `m` (FIPS 203, Algorithm 17).
pub const RANDOMNESS_LEN: usize = 32;

/// A 32-byte ML-KEM shared secret. Wiped on drop; compared in constant time.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SharedSecret([u8; SHARED_SECRET_LEN]);

impl SharedSecret {
    pub(crate) fn new(bytes: [u8; SHARED_SECRET_LEN]) -> Self {
        SharedSecret(bytes)
    }

    /// The secret bytes.
    pub fn as_bytes(&self) -> &[u8; SHARED_SECRET_LEN] {
        &self.0
    }
}

impl ConstantTimeEq for SharedSecret {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.0.ct_eq(&other.0)
    }
}

/// Constant-time, through [`ConstantTimeEq`].
impl PartialEq for SharedSecret {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for SharedSecret {}

impl core::fmt::Debug for SharedSecret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SharedSecret(..)")
    }
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
        $module:ident, $marker:ident, $k:literal, $name:literal
    ) => {
        $(#[$meta])*
        pub mod $module {
            use super::internal;
            use super::params::Params;
            use super::SharedSecret;
            use crate::arith;
            use crate::error::expect_len;
            use crate::{Error, Result};
            use rand_core::{CryptoRng, TryCryptoRng};
            use subtle::ConstantTimeEq;
            use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

            const K: usize = $k;
            const P: Params = Params::of(K);
            const DK_PKE_LEN: usize = P.vec12_len();

            /// Length of an encapsulation key, in bytes.
            pub const ENCAPSULATION_KEY_LEN: usize = P.ek_len();
            /// Length of an expanded decapsulation key, in bytes.
            pub const DECAPSULATION_KEY_LEN: usize = P.dk_len();
            /// Length of a ciphertext, in bytes.
            pub const CIPHERTEXT_LEN: usize = P.ct_len();

            #[doc = concat!("An ", $name, " encapsulation key: a validated `ek` and its hash `H(ek)`.")]
            #[derive(Clone, PartialEq, Eq)]
            pub struct EncapsulationKey {
                bytes: [u8; ENCAPSULATION_KEY_LEN],
                h: [u8; 32],
            }

            impl EncapsulationKey {
                /// Parses an encapsulation key, with the FIPS 203 section 7.2
                /// checks: the length, and every coefficient below q
                /// ([`Error::EncapsulationKeyNotReduced`] otherwise).
                pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
                    let bytes = Self::check_bytes(bytes)?;
                    Ok(Self::from_checked(*bytes))
                }

                /// The checks of [`EncapsulationKey::from_bytes`] on the
                /// caller's bytes, which are borrowed rather than copied:
                /// the hybrids encapsulate to a key inside a received key
                /// share without building an `EncapsulationKey`.
                ///
                /// Never inlined: its 512-byte working polynomial would
                /// otherwise stay in the caller's frame during the
                /// encapsulation that follows (measured on a Cortex-M4: 0.5
                /// KiB more stack for a TLS server's answer).
                #[inline(never)]
                pub(crate) fn check_bytes(bytes: &[u8]) -> Result<&[u8; ENCAPSULATION_KEY_LEN]> {
                    let bytes = expect_len::<ENCAPSULATION_KEY_LEN>(
                        concat!($name, " encapsulation key"),
                        bytes,
                    )?;
                    let reduced = arith::kem_dispatch!(B => internal::ek_is_reduced::<B, K>(bytes));
                    if !reduced {
                        return Err(Error::EncapsulationKeyNotReduced);
                    }
                    Ok(bytes)
                }

                fn from_checked(bytes: [u8; ENCAPSULATION_KEY_LEN]) -> Self {
                    let h = Self::hash_bytes(&bytes);
                    EncapsulationKey { bytes, h }
                }

                /// `H(ek)` (FIPS 203 section 4.1) of an encoded key.
                pub(crate) fn hash_bytes(bytes: &[u8; ENCAPSULATION_KEY_LEN]) -> [u8; 32] {
                    internal::hash_ek(bytes)
                }

                /// The key's hash `H(ek)`, computed when it was made.
                pub(crate) fn hash(&self) -> &[u8; 32] {
                    &self.h
                }

                /// The encoded key.
                pub fn as_bytes(&self) -> &[u8; ENCAPSULATION_KEY_LEN] {
                    &self.bytes
                }

                /// FIPS 203, Algorithm 20 (ML-KEM.Encaps): a ciphertext and
                /// the shared secret it carries, with 32 bytes of
                /// randomness `m` from `rng`.
                pub fn encapsulate<R: CryptoRng + ?Sized>(
                    &self,
                    rng: &mut R,
                ) -> (Ciphertext, SharedSecret) {
                    let mut ct = Ciphertext([0u8; CIPHERTEXT_LEN]);
                    let secret = self.encapsulate_into(rng, &mut ct);
                    (ct, secret)
                }

                /// FIPS 203, Algorithm 17 (ML-KEM.Encaps_internal) with the
                /// caller's randomness `m`.
                ///
                /// For tests and protocol test vectors only: reusing or
                /// predicting `m` reveals the shared secret. Use
                /// [`EncapsulationKey::encapsulate`] otherwise.
                pub fn encapsulate_deterministic(
                    &self,
                    m: &[u8; super::RANDOMNESS_LEN],
                ) -> (Ciphertext, SharedSecret) {
                    let mut ct = Ciphertext([0u8; CIPHERTEXT_LEN]);
                    let secret = self.encapsulate_deterministic_into(m, &mut ct);
                    (ct, secret)
                }

                /// [`EncapsulationKey::encapsulate`] writing the ciphertext
                /// into `ct`, which the caller owns.
                ///
                /// Rust does not promise to build a returned value in the
                /// caller's memory: on a Cortex-M4 the by-value form builds
                /// the ciphertext in its own frame and copies it out, about
                /// 1.1 KiB more stack. Firmware with a tight stack uses this.
                pub fn encapsulate_into<R: CryptoRng + ?Sized>(
                    &self,
                    rng: &mut R,
                    ct: &mut Ciphertext,
                ) -> SharedSecret {
                    let mut m = Zeroizing::new([0u8; super::RANDOMNESS_LEN]);
                    rng.fill_bytes(m.as_mut());
                    self.encapsulate_deterministic_into(&m, ct)
                }

                /// [`EncapsulationKey::encapsulate_deterministic`] writing the
                /// ciphertext into `ct`; the same caveat on `m` applies.
                pub fn encapsulate_deterministic_into(
                    &self,
                    m: &[u8; super::RANDOMNESS_LEN],
                    ct: &mut Ciphertext,
                ) -> SharedSecret {
                    Self::encapsulate_bytes(&self.bytes, &self.h, m, &mut ct.0)
                }

                /// FIPS 203, Algorithm 17 (ML-KEM.Encaps_internal) for a
                /// key held as bytes that passed
                /// [`EncapsulationKey::check_bytes`], with its hash `h`,
                /// writing the ciphertext into `ct`.
                pub(crate) fn encapsulate_bytes(
                    ek: &[u8; ENCAPSULATION_KEY_LEN],
                    h: &[u8; 32],
                    m: &[u8; super::RANDOMNESS_LEN],
                    ct: &mut [u8; CIPHERTEXT_LEN],
                ) -> SharedSecret {
                    let key = arith::kem_dispatch!(B => internal::encaps::<B, K>(ek, h, m, ct));
                    SharedSecret::new(key)
                }
            }

            impl core::fmt::Debug for EncapsulationKey {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str(concat!($name, " EncapsulationKey("))?;
                    super::debug_prefix(f, &self.bytes)?;
                    f.write_str(")")
                }
            }

            #[doc = concat!("An ", $name, " decapsulation key.")]
            ///
            /// Held in expanded form (`dk_pke`, `ek`, `H(ek)`, `z`), plus the
            /// seed `d || z` when the key was made from one. The secret parts
            /// are wiped on drop and never printed.
            pub struct DecapsulationKey {
                dk_pke: [u8; DK_PKE_LEN],
                ek: EncapsulationKey,
                z: [u8; 32],
                seed: Option<[u8; super::SEED_LEN]>,
            }

            impl DecapsulationKey {
                /// FIPS 203, Algorithm 16 (ML-KEM.KeyGen_internal) from the
                /// seed `d || z`.
                pub fn from_seed(seed: &[u8; super::SEED_LEN]) -> Self {
                    let mut key = Self::zeroed();
                    key.set_from_seed(seed);
                    key
                }

                /// An all-zero placeholder, only ever overwritten by
                /// [`DecapsulationKey::set_from_seed`] before use: the
                /// hybrids generate their keys in place into it.
                pub(crate) fn zeroed() -> Self {
                    DecapsulationKey {
                        dk_pke: [0; DK_PKE_LEN],
                        ek: EncapsulationKey {
                            bytes: [0; ENCAPSULATION_KEY_LEN],
                            h: [0; 32],
                        },
                        z: [0; 32],
                        seed: None,
                    }
                }

                /// [`DecapsulationKey::from_seed`] into this key, replacing
                /// every part of it.
                ///
                /// Rust does not promise to build a returned value in the
                /// caller's memory: on a Cortex-M4, `from_seed` builds the
                /// 2.4 KiB key in its own frame and copies it out, which
                /// nearly doubles the stack of key generation. Firmware that
                /// keeps its key in memory it owns generates into it here.
                pub fn set_from_seed(&mut self, seed: &[u8; super::SEED_LEN]) {
                    let (d, z) = seed.split_at(32);
                    self.z.copy_from_slice(z);
                    self.seed = Some(*seed);
                    let d: &[u8; 32] = d.try_into().expect("the seed is 64 bytes");
                    arith::kem_dispatch!(B => internal::keygen::<B, K>(
                            d,
                            &mut self.ek.bytes,
                            &mut self.dk_pke,
                        ));
                    self.ek.h = internal::hash_ek(&self.ek.bytes);
                }

                /// [`DecapsulationKey::from_seed`] from a slice, which must be
                /// [`super::SEED_LEN`] bytes long.
                pub fn try_from_seed(seed: &[u8]) -> Result<Self> {
                    let seed = expect_len::<{ super::SEED_LEN }>(concat!($name, " seed"), seed)?;
                    Ok(Self::from_seed(seed))
                }

                /// FIPS 203, Algorithm 19 (ML-KEM.KeyGen): a new key from 64
                /// random bytes `d || z` drawn from `rng`.
                pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
                    let mut seed = Zeroizing::new([0u8; super::SEED_LEN]);
                    rng.fill_bytes(seed.as_mut());
                    Self::from_seed(&seed)
                }

                /// [`DecapsulationKey::generate`] with a fallible generator;
                /// its failure is reported as [`Error::Rng`].
                pub fn try_generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self> {
                    let mut seed = Zeroizing::new([0u8; super::SEED_LEN]);
                    rng.try_fill_bytes(seed.as_mut()).map_err(|_| Error::Rng)?;
                    Ok(Self::from_seed(&seed))
                }

                /// Imports an expanded decapsulation key
                /// `dk_pke || ek || H(ek) || z` with the FIPS 203 section 7.3
                /// checks: the length, the embedded `ek` passes the section
                /// 7.2 modulus check, and the embedded hash equals `H(ek)`
                /// ([`Error::DecapsulationKeyHashMismatch`] otherwise).
                ///
                /// The key has no seed afterwards.
                pub fn from_expanded_bytes(bytes: &[u8]) -> Result<Self> {
                    let bytes = expect_len::<DECAPSULATION_KEY_LEN>(
                        concat!($name, " decapsulation key"),
                        bytes,
                    )?;
                    let (dk_pke, rest) = bytes.split_at(DK_PKE_LEN);
                    let (ek, rest) = rest.split_at(ENCAPSULATION_KEY_LEN);
                    let (h, z) = rest.split_at(32);
                    let ek = EncapsulationKey::from_bytes(ek)?;
                    if !bool::from(ek.hash().ct_eq(h)) {
                        return Err(Error::DecapsulationKeyHashMismatch);
                    }
                    let mut key = DecapsulationKey {
                        dk_pke: [0; DK_PKE_LEN],
                        ek,
                        z: [0; 32],
                        seed: None,
                    };
                    key.dk_pke.copy_from_slice(dk_pke);
                    key.z.copy_from_slice(z);
                    Ok(key)
                }

                /// The expanded form `dk_pke || ek || H(ek) || z` (FIPS 203,
                /// Algorithm 16's `dk`), in a buffer wiped on drop.
                pub fn to_expanded_bytes(&self) -> Zeroizing<[u8; DECAPSULATION_KEY_LEN]> {
                    let mut out = Zeroizing::new([0u8; DECAPSULATION_KEY_LEN]);
                    let (dk_pke, rest) = out.split_at_mut(DK_PKE_LEN);
                    let (ek, rest) = rest.split_at_mut(ENCAPSULATION_KEY_LEN);
                    let (h, z) = rest.split_at_mut(32);
                    dk_pke.copy_from_slice(&self.dk_pke);
                    ek.copy_from_slice(&self.ek.bytes);
                    h.copy_from_slice(&self.ek.h);
                    z.copy_from_slice(&self.z);
                    out
                }

                /// The seed `d || z` this key was made from; `None` when it
                /// was imported in expanded form.
                pub fn seed(&self) -> Option<&[u8; super::SEED_LEN]> {
                    self.seed.as_ref()
                }

                /// The matching encapsulation key.
                pub fn encapsulation_key(&self) -> &EncapsulationKey {
                    &self.ek
                }

                /// FIPS 203, Algorithm 21 (ML-KEM.Decaps): the shared secret
                /// carried by `ct`, or the implicit-rejection secret
                /// `J(z || ct)` when `ct` was not produced for this key. The
                /// time taken does not depend on which.
                pub fn decapsulate(&self, ct: &Ciphertext) -> SharedSecret {
                    self.decapsulate_bytes(&ct.0)
                }

                /// [`DecapsulationKey::decapsulate`] for a ciphertext held
                /// as bytes, which are borrowed rather than copied into a
                /// [`Ciphertext`] (up to 1.5 KiB of stack the hybrids' client
                /// side would otherwise spend).
                pub(crate) fn decapsulate_bytes(&self, ct: &[u8; CIPHERTEXT_LEN]) -> SharedSecret {
                    let key = arith::kem_dispatch!(B => internal::decaps::<B, K>(
                            &self.dk_pke,
                            &self.ek.bytes,
                            &self.ek.h,
                            &self.z,
                            ct,
                        ));
                    SharedSecret::new(key)
                }
            }

            impl Drop for DecapsulationKey {
                fn drop(&mut self) {
                    self.dk_pke.zeroize();
                    self.z.zeroize();
                    self.seed.zeroize();
                }
            }

            impl ZeroizeOnDrop for DecapsulationKey {}

            impl Clone for DecapsulationKey {
                fn clone(&self) -> Self {
                    DecapsulationKey {
                        dk_pke: self.dk_pke,
                        ek: self.ek.clone(),
                        z: self.z,
                        seed: self.seed,
                    }
                }
            }

            impl core::fmt::Debug for DecapsulationKey {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str(concat!($name, " DecapsulationKey(.., ek = "))?;
                    super::debug_prefix(f, &self.ek.bytes)?;
                    f.write_str(")")
                }
            }

            #[doc = concat!("An ", $name, " ciphertext (public).")]
            #[derive(Clone, PartialEq, Eq)]
            pub struct Ciphertext([u8; CIPHERTEXT_LEN]);

            impl Ciphertext {
                /// A ciphertext from its bytes; only the length is checked
                /// (any value of the right length is a valid input to
                /// decapsulation).
                pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
                    let bytes =
                        expect_len::<CIPHERTEXT_LEN>(concat!($name, " ciphertext"), bytes)?;
                    Ok(Ciphertext(*bytes))
                }

                /// The encoded ciphertext.
                pub fn as_bytes(&self) -> &[u8; CIPHERTEXT_LEN] {
                    &self.0
                }
            }

            impl From<[u8; CIPHERTEXT_LEN]> for Ciphertext {
                fn from(bytes: [u8; CIPHERTEXT_LEN]) -> Self {
                    Ciphertext(bytes)
                }
            }

            impl core::fmt::Debug for Ciphertext {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str(concat!($name, " Ciphertext("))?;
                    super::debug_prefix(f, &self.0)?;
                    f.write_str(")")
                }
            }
        }

        #[doc = concat!($name, " (FIPS 203): marker type for the RustCrypto `kem` traits; the key types are in [`", stringify!($module), "`].")]
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $marker;
    };
}

parameter_set!(
    /// ML-KEM-512 (k = 2), NIST security category 1.
    ml_kem_512, MlKem512, 2, "ML-KEM-512"
);
parameter_set!(
    /// ML-KEM-768 (k = 3), NIST security category 3.
    ml_kem_768, MlKem768, 3, "ML-KEM-768"
);
parameter_set!(
    /// ML-KEM-1024 (k = 4), NIST security category 5.
    ml_kem_1024, MlKem1024, 4, "ML-KEM-1024"
);
