//! The elliptic-curve half of a hybrid, as the hybrid constructions need it.
//!
//! The curve arithmetic is `crate::ecdh`'s (x25519-dalek, p256, p384); this
//! trait only fixes the shape shared by the TLS groups and the stand-alone
//! hybrid KEMs, with the names of draft-irtf-cfrg-hybrid-kems (`Group`).

use crate::{Error, Result, ecdh};
use zeroize::ZeroizeOnDrop;

pub(crate) trait Dh {
    /// Length of an encoded group element (a public key or a key share).
    const ELEM_LEN: usize;
    /// Length of the Diffie-Hellman shared secret.
    const SS_LEN: usize;
    /// Bytes of seed `RandomScalar` takes in the hybrid KEMs' key
    /// generation (`Group.Nseed`).
    const SEED_LEN: usize;
    /// The other length of ephemeral seed the hybrid KEMs' `EncapsDerand`
    /// takes after ML-KEM's `m` besides `SEED_LEN`: that of the published
    /// HPKE-PQ test vectors (three scalar tries for P-256; for X25519 and
    /// P-384 the same as `SEED_LEN`).
    const ENCAPS_SEED_LEN: usize;

    type Secret: ZeroizeOnDrop;

    /// `Group.RandomScalar`: the first scalar-sized chunk of `seed` that
    /// is a valid scalar. Every chunk is examined, so the time taken does not
    /// reveal which one was used.
    fn random_scalar(seed: &[u8]) -> Result<Self::Secret>;

    /// Checks that `peer` encodes a valid element (`ELEM_LEN` bytes, on the
    /// curve, not the identity) before it is used.
    fn check_element(peer: &[u8]) -> Result<()>;

    /// `Group.Exp(G, sk)`, encoded into `out` (`ELEM_LEN` bytes).
    fn public_key(sk: &Self::Secret, out: &mut [u8]);

    /// `Group.ElementToSharedSecret(Group.Exp(peer, sk))` into `out`
    /// (`SS_LEN` bytes). A malformed or invalid `peer` is an error.
    fn shared_secret(sk: &Self::Secret, peer: &[u8], out: &mut [u8]) -> Result<()>;
}

/// Picks the first chunk of `seed` that `valid` accepts, looking at every
/// chunk so that timing does not reveal which one was taken. Only whether
/// some chunk was rejected could leak, and that happens with probability
/// below 2^-32 (P-256) or 2^-192 (P-384) per key.
#[cfg(any(feature = "p256", feature = "p384"))]
fn first_valid_chunk<const N: usize>(
    seed: &[u8],
    valid: impl Fn(&[u8; N]) -> bool,
) -> Result<zeroize::Zeroizing<[u8; N]>> {
    use subtle::{Choice, ConditionallySelectable};
    let mut chosen = zeroize::Zeroizing::new([0u8; N]);
    let mut found = Choice::from(0);
    for chunk in seed.chunks_exact(N) {
        let chunk: &[u8; N] = chunk.try_into().map_err(|_| Error::InvalidScalar)?;
        let take = Choice::from(valid(chunk) as u8) & !found;
        for (c, b) in chosen.iter_mut().zip(chunk) {
            c.conditional_assign(b, take);
        }
        found |= take;
    }
    // Failure is reported to the caller (and has probability below 2^-32).
    if crate::arith::portable::declassify(bool::from(found)) {
        Ok(chosen)
    } else {
        Err(Error::InvalidScalar)
    }
}

/// X25519: `RandomScalar` is the identity on 32 bytes and the shared secret
/// is the raw X25519 output (the TLS groups add the all-zero check; X-Wing,
/// as specified, does not need it because the combiner hashes `ct_T` and `ek_T`).
#[cfg(feature = "x25519")]
pub(crate) struct X25519;

#[cfg(feature = "x25519")]
impl Dh for X25519 {
    const ELEM_LEN: usize = 32;
    const SS_LEN: usize = 32;
    const SEED_LEN: usize = 32;
    const ENCAPS_SEED_LEN: usize = 32;
    type Secret = ecdh::X25519SecretKey;

    fn random_scalar(seed: &[u8]) -> Result<Self::Secret> {
        ecdh::X25519SecretKey::from_slice(seed.get(..32).ok_or(Error::InvalidScalar)?)
    }
    fn check_element(peer: &[u8]) -> Result<()> {
        ecdh::X25519PublicKey::from_slice(peer).map(|_| ())
    }
    fn public_key(sk: &Self::Secret, out: &mut [u8]) {
        out.copy_from_slice(sk.public_key().as_bytes());
    }
    fn shared_secret(sk: &Self::Secret, peer: &[u8], out: &mut [u8]) -> Result<()> {
        let peer = ecdh::X25519PublicKey::from_slice(peer)?;
        out.copy_from_slice(&sk.diffie_hellman_raw(&peer)[..]);
        Ok(())
    }
}

#[cfg(any(feature = "p256", feature = "p384"))]
macro_rules! nist_dh {
    (
        $name:ident, $secret:ident, $public:ident, $n:literal, $elem:literal, $seed:literal,
        $encaps_seed:literal
    ) => {
        /// A NIST curve: big-endian scalars, uncompressed SEC1 points, the
        /// x-coordinate as the shared secret.
        pub(crate) struct $name;

        impl Dh for $name {
            const ELEM_LEN: usize = $elem;
            const SS_LEN: usize = $n;
            const SEED_LEN: usize = $seed;
            const ENCAPS_SEED_LEN: usize = $encaps_seed;
            type Secret = ecdh::$secret;

            fn random_scalar(seed: &[u8]) -> Result<Self::Secret> {
                let chunk =
                    first_valid_chunk::<$n>(seed, |c| ecdh::$secret::from_bytes(c).is_ok())?;
                ecdh::$secret::from_bytes(&chunk)
            }
            fn check_element(peer: &[u8]) -> Result<()> {
                ecdh::$public::from_sec1_bytes(peer).map(|_| ())
            }
            fn public_key(sk: &Self::Secret, out: &mut [u8]) {
                out.copy_from_slice(sk.public_key().as_bytes());
            }
            fn shared_secret(sk: &Self::Secret, peer: &[u8], out: &mut [u8]) -> Result<()> {
                let peer = ecdh::$public::from_sec1_bytes(peer)?;
                out.copy_from_slice(sk.diffie_hellman(&peer).as_bytes());
                Ok(())
            }
        }
    };
}

#[cfg(feature = "p256")]
nist_dh!(P256, P256SecretKey, P256PublicKey, 32, 65, 128, 96);
#[cfg(feature = "p384")]
nist_dh!(P384, P384SecretKey, P384PublicKey, 48, 97, 48, 48);
