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

/// The caller's output buffers must have exactly the algorithm's lengths;
/// anything else is a typed error, checked before any key is generated.
fn check_outputs(
    what: &'static str,
    expanded: &[u8],
    expanded_len: usize,
    public_key: &[u8],
    public_len: usize,
) -> Result<(), Error> {
    for (buf, len) in [(expanded, expanded_len), (public_key, public_len)] {
        if buf.len() != len {
            return Err(Error::InvalidLength {
                what,
                expected: len,
                actual: buf.len(),
            });
        }
    }
    Ok(())
}

macro_rules! kem_arms {
    ($module:ident, $seed:expr, $expanded:expr, $public:expr) => {{
        check_outputs(
            "ML-KEM expanded key or public key buffer",
            $expanded,
            $module::DECAPSULATION_KEY_LEN,
            $public,
            $module::ENCAPSULATION_KEY_LEN,
        )?;
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
        check_outputs(
            "ML-DSA expanded key or public key buffer",
            $expanded,
            $module::EXPANDED_KEY_LEN,
            $public,
            $module::PUBLIC_KEY_LEN,
        )?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Wrong-sized output buffers are an `InvalidLength` error, never a
    /// panic (they used to reach `copy_from_slice`).
    #[test]
    fn expand_seed_rejects_wrong_buffer_sizes() {
        let cases = [
            (
                Algorithm::MlKem512,
                64,
                ml_kem_512::DECAPSULATION_KEY_LEN,
                ml_kem_512::ENCAPSULATION_KEY_LEN,
            ),
            (
                Algorithm::MlKem768,
                64,
                ml_kem_768::DECAPSULATION_KEY_LEN,
                ml_kem_768::ENCAPSULATION_KEY_LEN,
            ),
            (
                Algorithm::MlKem1024,
                64,
                ml_kem_1024::DECAPSULATION_KEY_LEN,
                ml_kem_1024::ENCAPSULATION_KEY_LEN,
            ),
            (
                Algorithm::MlDsa44,
                32,
                ml_dsa_44::EXPANDED_KEY_LEN,
                ml_dsa_44::PUBLIC_KEY_LEN,
            ),
            (
                Algorithm::MlDsa65,
                32,
                ml_dsa_65::EXPANDED_KEY_LEN,
                ml_dsa_65::PUBLIC_KEY_LEN,
            ),
            (
                Algorithm::MlDsa87,
                32,
                ml_dsa_87::EXPANDED_KEY_LEN,
                ml_dsa_87::PUBLIC_KEY_LEN,
            ),
        ];
        let mut big = std::vec![0u8; 8192];
        let mut other = std::vec![0u8; 8192];
        for (alg, seed_len, exp_len, pk_len) in cases {
            let seed = std::vec![7u8; seed_len];
            for (e, p) in [
                (exp_len - 1, pk_len),
                (exp_len + 1, pk_len),
                (exp_len, pk_len - 1),
                (exp_len, pk_len + 1),
                (0, 0),
            ] {
                let r = Pqkit.expand_seed(alg, &seed, &mut big[..e], &mut other[..p]);
                let (expected, actual) = if e != exp_len {
                    (exp_len, e)
                } else {
                    (pk_len, p)
                };
                assert!(
                    matches!(r, Err(Error::InvalidLength { expected: x, actual: y, .. }) if x == expected && y == actual),
                    "{alg:?} {e} {p}: {r:?}"
                );
            }
            // The exact sizes still work.
            Pqkit
                .expand_seed(alg, &seed, &mut big[..exp_len], &mut other[..pk_len])
                .unwrap();
        }
    }
}
