//! The ML-KEM half of a hybrid, over the parameter sets hybrids use.

use crate::Result;
use crate::ml_kem::{self, SharedSecret};

/// What the hybrid constructions need from an ML-KEM parameter set.
pub(crate) trait MlKem {
    const EK_LEN: usize;
    const CT_LEN: usize;
    type Dk;
    type Ek;

    /// ML-KEM.KeyGen_internal from the 64-byte seed `d || z`.
    fn dk_from_seed(seed: &[u8; 64]) -> Self::Dk;
    /// The encapsulation key of `dk`, encoded.
    fn ek_bytes(dk: &Self::Dk) -> &[u8];
    /// The encapsulation key of `dk`, without re-running the section 7.2
    /// check on a key that key generation has just produced.
    fn ek_of(dk: &Self::Dk) -> Self::Ek;
    /// Imports an encapsulation key, running the FIPS 203 section 7.2 check.
    fn ek_from_bytes(bytes: &[u8]) -> Result<Self::Ek>;
    /// ML-KEM.Encaps_internal with randomness `m`, writing the ciphertext.
    fn encapsulate(ek: &Self::Ek, m: &[u8; 32], ct: &mut [u8]) -> SharedSecret;
    /// ML-KEM.Decaps; only the ciphertext length can make it fail.
    fn decapsulate(dk: &Self::Dk, ct: &[u8]) -> Result<SharedSecret>;
}

macro_rules! impl_mlkem {
    ($marker:ty, $module:ident) => {
        impl MlKem for $marker {
            const EK_LEN: usize = ml_kem::$module::ENCAPSULATION_KEY_LEN;
            const CT_LEN: usize = ml_kem::$module::CIPHERTEXT_LEN;
            type Dk = ml_kem::$module::DecapsulationKey;
            type Ek = ml_kem::$module::EncapsulationKey;

            fn dk_from_seed(seed: &[u8; 64]) -> Self::Dk {
                ml_kem::$module::DecapsulationKey::from_seed(seed)
            }
            fn ek_bytes(dk: &Self::Dk) -> &[u8] {
                dk.encapsulation_key().as_bytes()
            }
            fn ek_of(dk: &Self::Dk) -> Self::Ek {
                dk.encapsulation_key().clone()
            }
            fn ek_from_bytes(bytes: &[u8]) -> Result<Self::Ek> {
                ml_kem::$module::EncapsulationKey::from_bytes(bytes)
            }
            fn encapsulate(ek: &Self::Ek, m: &[u8; 32], ct: &mut [u8]) -> SharedSecret {
                let (c, ss) = ek.encapsulate_deterministic(m);
                ct.copy_from_slice(c.as_bytes());
                ss
            }
            fn decapsulate(dk: &Self::Dk, ct: &[u8]) -> Result<SharedSecret> {
                let ct = ml_kem::$module::Ciphertext::from_bytes(ct)?;
                Ok(dk.decapsulate(&ct))
            }
        }
    };
}

impl_mlkem!(ml_kem::MlKem768, ml_kem_768);
impl_mlkem!(ml_kem::MlKem1024, ml_kem_1024);
