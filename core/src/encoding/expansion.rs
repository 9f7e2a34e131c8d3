//! [`KeyExpansion`] backed by pqkit's own ML-KEM and ML-DSA.

use super::{Algorithm, KeyExpansion};
use crate::Error;
use crate::ml_dsa::{ml_dsa_44, ml_dsa_65, ml_dsa_87};
use crate::ml_kem::{ml_kem_512, ml_kem_768, ml_kem_1024};

/// Key generation and consistency checks from pqkit's own ML-KEM (FIPS 203)
/// and ML-DSA (FIPS 204), for [`super::check_private_key`].
///
/// ```
/// # use pqkit::encoding::{check_private_key, decode_private_key_der, Pqkit};
/// # fn check(der: &[u8], public_key: &[u8]) -> Result<(), pqkit::Error> {
/// let info = decode_private_key_der(der)?;
/// check_private_key(&info, public_key, &Pqkit)?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Pqkit;

/// A message signed and verified by the ML-DSA pairwise test; any message
/// would do, a fixed one keeps the check deterministic.
const PAIRWISE_MESSAGE: &[u8] = b"pqkit pairwise consistency";

macro_rules! kem_arms {
    ($module:ident, $seed:expr, $expanded:expr, $public:expr) => {{
        let dk = $module::DecapsulationKey::try_from_seed($seed)?;
        $expanded.copy_from_slice(&dk.to_expanded_bytes()[..]);
        $public.copy_from_slice(dk.encapsulation_key().as_bytes());
        Ok(())
    }};
}

/// FIPS 203 section 7.3 checks (inside `from_expanded_bytes`), then a
/// pairwise test: the section 7.3 hash covers `ek` but not `dk_pke`, so a
/// key with a damaged secret vector passes it and only an encapsulation to
/// the public key, decapsulated with the private key, shows the damage.
macro_rules! kem_check {
    ($module:ident, $expanded:expr, $public:expr) => {{
        let dk = $module::DecapsulationKey::from_expanded_bytes($expanded)?;
        if dk.encapsulation_key().as_bytes()[..] != $public[..] {
            return Err(Error::PublicKeyMismatch);
        }
        // Fixed `m`: the test must be reproducible, and nothing here is sent.
        let (ct, sender) = dk
            .encapsulation_key()
            .encapsulate_deterministic(&[0x5a; 32]);
        if dk.decapsulate(&ct) == sender {
            Ok(())
        } else {
            Err(Error::PublicKeyMismatch)
        }
    }};
}

macro_rules! dsa_arms {
    ($module:ident, $seed:expr, $expanded:expr, $public:expr) => {{
        let seed: &[u8; crate::ml_dsa::SEED_LEN] =
            $seed.try_into().map_err(|_| Error::InvalidLength {
                what: "ML-DSA seed",
                expected: crate::ml_dsa::SEED_LEN,
                actual: $seed.len(),
            })?;
        let sk = $module::SigningKey::from_seed(seed);
        let bytes = sk.to_expanded_bytes();
        $expanded.copy_from_slice(&bytes[..]);
        $public.copy_from_slice(sk.verifying_key().as_bytes());
        Ok(())
    }};
}

/// `from_expanded_bytes` recomputes `t = A s1 + s2` and checks `t0` and
/// `tr = H(pk)`; with the public key at hand we also compare `pk` itself
/// and sign once, so that a key that disagrees with `public_key` anywhere
/// is refused.
macro_rules! dsa_check {
    ($module:ident, $expanded:expr, $public:expr) => {{
        let sk = $module::SigningKey::from_expanded_bytes($expanded)?;
        let vk = sk.verifying_key();
        if vk.as_bytes()[..] != $public[..] {
            return Err(Error::PublicKeyMismatch);
        }
        let sig = sk.sign_deterministic(PAIRWISE_MESSAGE, b"")?;
        vk.verify(PAIRWISE_MESSAGE, b"", sig.as_bytes())
            .map_err(|_| Error::PublicKeyMismatch)
    }};
}

impl KeyExpansion for Pqkit {
    fn expand_seed(
        &self,
        algorithm: Algorithm,
        seed: &[u8],
        expanded: &mut [u8],
        public_key: &mut [u8],
    ) -> Result<(), Error> {
        match algorithm {
            Algorithm::MlKem512 => kem_arms!(ml_kem_512, seed, expanded, public_key),
            Algorithm::MlKem768 => kem_arms!(ml_kem_768, seed, expanded, public_key),
            Algorithm::MlKem1024 => kem_arms!(ml_kem_1024, seed, expanded, public_key),
            Algorithm::MlDsa44 => dsa_arms!(ml_dsa_44, seed, expanded, public_key),
            Algorithm::MlDsa65 => dsa_arms!(ml_dsa_65, seed, expanded, public_key),
            Algorithm::MlDsa87 => dsa_arms!(ml_dsa_87, seed, expanded, public_key),
        }
    }

    fn check_expanded(
        &self,
        algorithm: Algorithm,
        expanded: &[u8],
        public_key: &[u8],
    ) -> Result<(), Error> {
        match algorithm {
            Algorithm::MlKem512 => kem_check!(ml_kem_512, expanded, public_key),
            Algorithm::MlKem768 => kem_check!(ml_kem_768, expanded, public_key),
            Algorithm::MlKem1024 => kem_check!(ml_kem_1024, expanded, public_key),
            Algorithm::MlDsa44 => dsa_check!(ml_dsa_44, expanded, public_key),
            Algorithm::MlDsa65 => dsa_check!(ml_dsa_65, expanded, public_key),
            Algorithm::MlDsa87 => dsa_check!(ml_dsa_87, expanded, public_key),
        }
    }
}
