//! The RustCrypto `kem` 0.3 traits for [`MlKem512`], [`MlKem768`] and
//! [`MlKem1024`], so pqkit keys plug into code written against that
//! ecosystem.
//!
//! Decapsulation keys are created from the 64-byte seed (`KeyInit`) or
//! generated (`Generate`); they do not implement `KeyExport`, because a key
//! imported in expanded form has no seed to export and that trait cannot
//! fail. Encapsulation keys import with the section 7.2 check (`TryKeyInit`)
//! and export their encoding (`KeyExport`).

use super::{MlKem512, MlKem768, MlKem1024, ml_kem_512, ml_kem_768, ml_kem_1024};
use hybrid_array::sizes::{U32, U64, U768, U800, U1088, U1184, U1568};
use kem::{
    Ciphertext, Decapsulate, Decapsulator, Encapsulate, Generate, InvalidKey, Kem, Key, KeyExport,
    KeyInit, KeySizeUser, SharedKey, TryKeyInit,
};
use rand_core::{CryptoRng, TryCryptoRng};

macro_rules! kem_traits {
    ($marker:ident, $module:ident, $ek_size:ty, $ct_size:ty) => {
        impl Kem for $marker {
            type DecapsulationKey = $module::DecapsulationKey;
            type EncapsulationKey = $module::EncapsulationKey;
            type SharedKeySize = U32;
            type CiphertextSize = $ct_size;
        }

        impl KeySizeUser for $module::EncapsulationKey {
            type KeySize = $ek_size;
        }

        impl TryKeyInit for $module::EncapsulationKey {
            fn new(key: &Key<Self>) -> Result<Self, InvalidKey> {
                Self::from_bytes(key.as_slice()).map_err(|_| InvalidKey)
            }
        }

        impl KeyExport for $module::EncapsulationKey {
            fn to_bytes(&self) -> Key<Self> {
                (*self.as_bytes()).into()
            }
        }

        impl Encapsulate for $module::EncapsulationKey {
            type Kem = $marker;

            fn encapsulate_with_rng<R>(
                &self,
                rng: &mut R,
            ) -> (Ciphertext<$marker>, SharedKey<$marker>)
            where
                R: CryptoRng + ?Sized,
            {
                let (ct, ss) = self.encapsulate(rng);
                ((*ct.as_bytes()).into(), (*ss.as_bytes()).into())
            }
        }

        impl KeySizeUser for $module::DecapsulationKey {
            type KeySize = U64;
        }

        /// From the seed `d || z` (FIPS 203, Algorithm 16).
        impl KeyInit for $module::DecapsulationKey {
            fn new(seed: &Key<Self>) -> Self {
                Self::from_seed(&(*seed).into())
            }
        }

        impl Generate for $module::DecapsulationKey {
            fn try_generate_from_rng<R: TryCryptoRng + ?Sized>(
                rng: &mut R,
            ) -> Result<Self, R::Error> {
                let mut seed = zeroize::Zeroizing::new([0u8; super::SEED_LEN]);
                rng.try_fill_bytes(seed.as_mut())?;
                Ok(Self::from_seed(&seed))
            }
        }

        impl Decapsulator for $module::DecapsulationKey {
            type Kem = $marker;

            fn encapsulation_key(&self) -> &$module::EncapsulationKey {
                $module::DecapsulationKey::encapsulation_key(self)
            }
        }

        impl Decapsulate for $module::DecapsulationKey {
            fn decapsulate(&self, ct: &Ciphertext<$marker>) -> SharedKey<$marker> {
                let ct = $module::Ciphertext::from(<[u8; $module::CIPHERTEXT_LEN]>::from(*ct));
                (*$module::DecapsulationKey::decapsulate(self, &ct).as_bytes()).into()
            }
        }
    };
}

kem_traits!(MlKem512, ml_kem_512, U800, U768);
kem_traits!(MlKem768, ml_kem_768, U1184, U1088);
kem_traits!(MlKem1024, ml_kem_1024, U1568, U1568);
