//! The ML-KEM half of a hybrid, over the parameter sets hybrids use.
//!
//! Keys are generated into memory the caller owns and encoded keys and
//! ciphertexts are read where they lie, inside a hybrid's key share: a
//! decapsulation key or an encapsulation key built by value costs its size
//! again in stack (2.4 KiB and 1.2 KiB for ML-KEM-768), which on a
//! microcontroller is more than the ML-KEM operation itself.

use crate::error::expect_len;
use crate::ml_kem::{self, SharedSecret};
use crate::{Error, Result};

/// What the hybrid constructions need from an ML-KEM parameter set.
pub(crate) trait MlKem {
    const EK_LEN: usize;
    const CT_LEN: usize;
    type Dk;

    /// A placeholder to generate into with [`MlKem::dk_set_from_seed`]; never
    /// used as a key before that.
    fn dk_zeroed() -> Self::Dk;
    /// FIPS 203, Algorithm 16 (ML-KEM.KeyGen_internal) from the 64-byte seed
    /// `d || z`, into `dk`.
    fn dk_set_from_seed(dk: &mut Self::Dk, seed: &[u8; 64]);
    /// The encapsulation key of `dk`, encoded.
    fn ek_bytes(dk: &Self::Dk) -> &[u8];
    /// `H(ek)` of the encapsulation key of `dk`.
    fn ek_hash(dk: &Self::Dk) -> &[u8; 32];
    /// The FIPS 203 section 7.2 checks (length, every coefficient below q) on
    /// an encoded encapsulation key, read in place.
    fn check_ek(ek: &[u8]) -> Result<()>;
    /// `H(ek)` (FIPS 203 section 4.1) of an encoded encapsulation key.
    fn hash_ek(ek: &[u8]) -> Result<[u8; 32]>;
    /// FIPS 203, Algorithm 17 (ML-KEM.Encaps_internal) with randomness `m`
    /// for an encoded key `ek` that passed [`MlKem::check_ek`], whose hash is
    /// `h`, writing the ciphertext into `ct` (`CT_LEN` bytes). Only wrong
    /// lengths make it fail, and then before anything is written.
    fn encapsulate(ek: &[u8], h: &[u8; 32], m: &[u8; 32], ct: &mut [u8]) -> Result<SharedSecret>;
    /// FIPS 203, Algorithm 18 (ML-KEM.Decaps_internal) of the ciphertext bytes
    /// `ct`; only the ciphertext length can make it fail.
    fn decapsulate(dk: &Self::Dk, ct: &[u8]) -> Result<SharedSecret>;
}

macro_rules! impl_mlkem {
    ($marker:ty, $module:ident, $name:literal) => {
        impl MlKem for $marker {
            const EK_LEN: usize = ml_kem::$module::ENCAPSULATION_KEY_LEN;
            const CT_LEN: usize = ml_kem::$module::CIPHERTEXT_LEN;
            type Dk = ml_kem::$module::DecapsulationKey;

            fn dk_zeroed() -> Self::Dk {
                ml_kem::$module::DecapsulationKey::zeroed()
            }
            fn dk_set_from_seed(dk: &mut Self::Dk, seed: &[u8; 64]) {
                dk.set_from_seed(seed);
            }
            fn ek_bytes(dk: &Self::Dk) -> &[u8] {
                dk.encapsulation_key().as_bytes()
            }
            fn ek_hash(dk: &Self::Dk) -> &[u8; 32] {
                dk.encapsulation_key().hash()
            }
            fn check_ek(ek: &[u8]) -> Result<()> {
                ml_kem::$module::EncapsulationKey::check_bytes(ek).map(|_| ())
            }
            fn hash_ek(ek: &[u8]) -> Result<[u8; 32]> {
                let ek = expect_len(concat!($name, " encapsulation key"), ek)?;
                Ok(ml_kem::$module::EncapsulationKey::hash_bytes(ek))
            }
            fn encapsulate(
                ek: &[u8],
                h: &[u8; 32],
                m: &[u8; 32],
                ct: &mut [u8],
            ) -> Result<SharedSecret> {
                let ek = expect_len(concat!($name, " encapsulation key"), ek)?;
                let actual = ct.len();
                let ct: &mut [u8; ml_kem::$module::CIPHERTEXT_LEN] =
                    ct.try_into().map_err(|_| Error::InvalidLength {
                        what: concat!($name, " ciphertext"),
                        expected: Self::CT_LEN,
                        actual,
                    })?;
                Ok(ml_kem::$module::EncapsulationKey::encapsulate_bytes(
                    ek, h, m, ct,
                ))
            }
            fn decapsulate(dk: &Self::Dk, ct: &[u8]) -> Result<SharedSecret> {
                let ct = expect_len(concat!($name, " ciphertext"), ct)?;
                Ok(dk.decapsulate_bytes(ct))
            }
        }
    };
}

impl_mlkem!(ml_kem::MlKem768, ml_kem_768, "ML-KEM-768");
impl_mlkem!(ml_kem::MlKem1024, ml_kem_1024, "ML-KEM-1024");
