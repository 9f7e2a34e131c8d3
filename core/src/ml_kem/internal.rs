//! The internal algorithms of ML-KEM (FIPS 203 section 6, Algorithms 16,
//! 17, 18), generic over the arithmetic backend and `k`.
//!
//! These functions take validated, correctly sized inputs (the public types
//! check lengths and the section 7.2/7.3 conditions first), so they cannot
//! fail. They are also the entry points to point a secret-tainting tool at:
//! every secret input arrives as a byte slice argument.

use super::kpke;
use super::params::Params;
use super::sink::{Comparer, Writer};
use crate::arith::kem::KemArith;
use crate::hash::{sha3_256, sha3_512, shake256};
use subtle::ConditionallySelectable;
use zeroize::Zeroize;

/// FIPS 203, Algorithm 16 (ML-KEM.KeyGen_internal), writing `ek` and the
/// `dk_pke` part of the decapsulation key; the rest of the expanded key is
/// `ek || H(ek) || z`, which the caller keeps as they are.
pub(crate) fn keygen<B: KemArith, const K: usize>(d: &[u8; 32], ek: &mut [u8], dk_pke: &mut [u8]) {
    kpke::keygen::<B, K>(d, ek, dk_pke);
}

/// FIPS 203, Algorithm 17 (ML-KEM.Encaps_internal) with message `m`, for the
/// key `ek` whose hash is `h = H(ek)`. Writes the ciphertext to `ct` and
/// returns the shared secret.
pub(crate) fn encaps<B: KemArith, const K: usize>(
    ek: &[u8],
    h: &[u8; 32],
    m: &[u8; 32],
    ct: &mut [u8],
) -> [u8; 32] {
    // (K, r) = G(m || H(ek))
    let mut g = sha3_512(&[m, h]);
    kpke::encrypt::<B, K>(ek, m, &g[32..], &mut Writer::new(ct));
    let mut key = [0u8; 32];
    key.copy_from_slice(&g[..32]);
    g.zeroize();
    key
}

/// FIPS 203, Algorithm 18 (ML-KEM.Decaps_internal) for the expanded key
/// parts `dk_pke`, `ek`, `h = H(ek)`, `z` and the ciphertext `c`.
///
/// The re-encryption is compared with `c` in constant time and the implicit
/// rejection key `J(z || c)` is always computed; the choice between the two
/// keys is a constant-time select, so the timing does not reveal whether the
/// ciphertext was valid.
pub(crate) fn decaps<B: KemArith, const K: usize>(
    dk_pke: &[u8],
    ek: &[u8],
    h: &[u8; 32],
    z: &[u8; 32],
    c: &[u8],
) -> [u8; 32] {
    debug_assert_eq!(c.len(), Params::of(K).ct_len());
    let mut m = [0u8; 32];
    kpke::decrypt::<B, K>(dk_pke, c, &mut m);
    // (K', r') = G(m' || h)
    let mut g = sha3_512(&[&m, h]);
    // K_bar = J(z || c)
    let mut k_bar = [0u8; 32];
    shake256(&[z, c], &mut k_bar);

    let mut cmp = Comparer::new(c);
    kpke::encrypt::<B, K>(ek, &m, &g[32..], &mut cmp);
    let equal = cmp.finish();

    let mut key = [0u8; 32];
    for ((out, good), bad) in key.iter_mut().zip(&g[..32]).zip(&k_bar) {
        *out = u8::conditional_select(bad, good, equal);
    }
    m.zeroize();
    g.zeroize();
    k_bar.zeroize();
    key
}

/// `H(ek)` (FIPS 203 section 4.1).
pub(crate) fn hash_ek(ek: &[u8]) -> [u8; 32] {
    sha3_256(&[ek])
}

/// The section 7.2 modulus check: `ByteEncode_12(ByteDecode_12(t_hat))`
/// equals the input, i.e. every 12-bit value is below q.
pub(crate) fn ek_is_reduced<B: KemArith, const K: usize>(ek: &[u8]) -> bool {
    let mut p = crate::arith::kem::Poly::ZERO;
    let mut ok = true;
    for i in 0..K {
        ok &= B::decode12(&ek[384 * i..384 * (i + 1)], &mut p);
    }
    ok
}
