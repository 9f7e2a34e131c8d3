//! Consistency checks of decoded private keys that need key generation.

use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use super::{Algorithm, PrivateKey, PrivateKeyInfo};
use crate::Error;

/// Largest expanded private key (ML-DSA-87 `sk`).
const MAX_EXPANDED_LEN: usize = 4896;
/// Largest public key (ML-DSA-87 `pk`).
const MAX_PUBLIC_LEN: usize = 2592;

/// The key generation [`check_private_key`] relies on, supplied by the
/// ML-KEM / ML-DSA implementations.
pub trait KeyExpansion {
    /// Deterministic key generation from a seed: ML-KEM.KeyGen_internal
    /// (FIPS 203 Algorithm 16) with `seed = d || z`, or ML-DSA.KeyGen_internal
    /// (FIPS 204 Algorithm 6) with `seed = xi`. Writes the expanded private
    /// key into `expanded` and the public key into `public_key`; both are
    /// exactly the lengths [`Algorithm`] gives.
    fn expand_seed(
        &self,
        algorithm: Algorithm,
        seed: &[u8],
        expanded: &mut [u8],
        public_key: &mut [u8],
    ) -> Result<(), Error>;

    /// Checks that an expanded private key is internally consistent and
    /// belongs to `public_key` (for example a pairwise consistency test, or
    /// recomputing the public key from the secret vectors). Returns
    /// [`Error::PublicKeyMismatch`] or [`Error::InvalidPrivateKey`] when not.
    fn check_expanded(
        &self,
        algorithm: Algorithm,
        expanded: &[u8],
        public_key: &[u8],
    ) -> Result<(), Error>;
}

/// Checks that a decoded private key is consistent and yields `public_key`.
///
/// - `seed` or `both`: the seed is expanded; in the `both` form the result
///   must equal the stored expanded key ([`Error::SeedExpandedKeyMismatch`]),
///   and the derived public key must equal `public_key`
///   ([`Error::PublicKeyMismatch`]).
/// - `expandedKey`: only [`KeyExpansion::check_expanded`] can tell.
///
/// A `publicKey` stored in the PKCS#8 structure must also equal `public_key`.
/// Comparisons of secret data run in constant time; temporary expanded keys
/// are wiped.
pub fn check_private_key(
    info: &PrivateKeyInfo<'_>,
    public_key: &[u8],
    expansion: &impl KeyExpansion,
) -> Result<(), Error> {
    let algorithm = info.algorithm;
    if public_key.len() != algorithm.public_key_len() {
        return Err(Error::InvalidLength {
            what: algorithm.public_key_what(),
            expected: algorithm.public_key_len(),
            actual: public_key.len(),
        });
    }
    if let Some(stored) = info.public_key {
        if stored != public_key {
            return Err(Error::PublicKeyMismatch);
        }
    }
    match info.private_key {
        PrivateKey::ExpandedKey(expanded) => {
            expansion.check_expanded(algorithm, expanded, public_key)
        }
        PrivateKey::Seed(seed) => check_seed(algorithm, seed, None, public_key, expansion),
        PrivateKey::Both { seed, expanded_key } => {
            check_seed(algorithm, seed, Some(expanded_key), public_key, expansion)
        }
    }
}

fn check_seed(
    algorithm: Algorithm,
    seed: &[u8],
    stored_expanded: Option<&[u8]>,
    public_key: &[u8],
    expansion: &impl KeyExpansion,
) -> Result<(), Error> {
    let mut expanded_buf = [0u8; MAX_EXPANDED_LEN];
    let mut public_buf = [0u8; MAX_PUBLIC_LEN];
    let expanded = &mut expanded_buf[..algorithm.expanded_key_len()];
    let derived_public = &mut public_buf[..algorithm.public_key_len()];
    let result = expansion
        .expand_seed(algorithm, seed, expanded, derived_public)
        .and_then(|()| match stored_expanded {
            Some(stored) if !bool::from(stored.ct_eq(expanded)) => {
                Err(Error::SeedExpandedKeyMismatch)
            }
            _ => Ok(()),
        })
        .and_then(|()| {
            if derived_public == public_key {
                Ok(())
            } else {
                Err(Error::PublicKeyMismatch)
            }
        });
    expanded_buf.zeroize();
    result
}
