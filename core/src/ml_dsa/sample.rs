//! The pseudorandom samplers of FIPS 204, section 7.3: each takes as many
//! polynomials as its caller holds (one, for the small-stack schedule) and
//! hands them to the backend together, so that a multi-lane Keccak derives
//! several per permutation.

use super::params::Params;
use crate::arith::dsa::{DsaArith, N, Poly};
use crate::arith::portable::declassify;
use crate::hash::{SHAKE256_RATE, Shake256Reader, Xof};
use zeroize::Zeroize;

/// The largest `k` and `l` of the parameter sets (ML-DSA-87).
const MAX_K: usize = 8;
const MAX_L: usize = 7;

/// Entry `A[i][j]` of ExpandA (FIPS 204, Algorithm 32): RejNTTPoly
/// (Algorithm 30) on `rho || j || i`. Already in the NTT domain.
pub(crate) fn matrix_entry<A: DsaArith>(rho: &[u8; 32], i: usize, j: usize, out: &mut Poly) {
    A::sample_uniform(rho, &[[j as u8, i as u8]], core::slice::from_mut(out));
}

/// ExpandA (FIPS 204, Algorithm 32) whole, so that a backend with a
/// multi-lane Keccak samples [`DsaArith::SAMPLE_LANES`] entries at a time.
pub(crate) fn matrix<A: DsaArith, const K: usize, const L: usize>(
    rho: &[u8; 32],
    a_hat: &mut [[Poly; L]; K],
) {
    let mut idx = [[0u8; 2]; MAX_K * MAX_L];
    for (n, ij) in idx[..K * L].iter_mut().enumerate() {
        *ij = [(n % L) as u8, (n / L) as u8];
    }
    A::sample_uniform(rho, &idx[..K * L], a_hat.as_flattened_mut());
}

/// Entries `first .. first + out.len()` of ExpandS (FIPS 204, Algorithm
/// 33): RejBoundedPoly (Algorithm 31) on `rho' || IntegerToBytes(r, 2)`.
/// Entries `0 .. l` are `s1`, entries `l .. l + k` are `s2`.
pub(crate) fn bounded<A: DsaArith>(eta: i32, rho_prime: &[u8; 64], first: usize, out: &mut [Poly]) {
    let mut idx = [[0u8; 2]; MAX_K];
    for (n, r) in idx[..out.len()].iter_mut().enumerate() {
        *r = ((first + n) as u16).to_le_bytes();
    }
    A::sample_bounded(eta, rho_prime, &idx[..out.len()], out);
}

/// ExpandMask (FIPS 204, Algorithm 34): `y[j] = BitUnpack(H(rho'' ||
/// IntegerToBytes(kappa + j, 2)), gamma1 - 1, gamma1)` for each `j`.
pub(crate) fn mask<A: DsaArith>(p: &Params, rho_pp: &[u8; 64], kappa: u16, y: &mut [Poly]) {
    let mut idx = [[0u8; 2]; MAX_L];
    for (j, r) in idx[..y.len()].iter_mut().enumerate() {
        *r = kappa.wrapping_add(j as u16).to_le_bytes();
    }
    A::sample_mask(p.gamma1(), p.z_bits(), rho_pp, &idx[..y.len()], y);
}

/// SampleInBall (FIPS 204, Algorithm 29): the challenge polynomial with
/// `tau` coefficients +-1 derived from `c~`.
///
/// Signing runs this on the `c~` of every attempt, and the `c~` of a rejected
/// attempt is never published, so nothing here may depend on it in time:
///
/// - whether a byte is accepted (`b <= i`) is declassified: rejected bytes
///   are discarded and an accepted `j` is uniform on `0..=i` whatever the
///   pattern of rejections before it, so the pattern says nothing about the
///   challenge;
/// - the swap `c_i = c_j; c_j = sign` touches every coefficient `0..i` with
///   masks instead of indexing by the secret `j`.
pub(crate) fn in_ball(tau: usize, ctilde: &[u8], out: &mut Poly) {
    let mut xof = Shake256Reader::new(&[ctilde]);
    let mut buf = [0u8; SHAKE256_RATE];
    xof.squeeze(&mut buf);
    let mut signs = u64::from_le_bytes([
        buf[0], buf[1], buf[2], buf[3], buf[4], buf[5], buf[6], buf[7],
    ]);
    let mut pos = 8;
    *out = Poly::ZERO;
    for i in N - tau..N {
        let j = loop {
            if pos == SHAKE256_RATE {
                xof.squeeze(&mut buf);
                pos = 0;
            }
            let b = buf[pos];
            pos += 1;
            if declassify(usize::from(b) <= i) {
                break u32::from(b);
            }
        };
        let sign = 1 - 2 * (signs & 1) as i32;
        signs >>= 1;
        // c_i = c_j (before c_j changes), c_j = sign; c_i = sign when j = i.
        // The comparison against every k is a select, not a branch or an
        // index, and the loop over 0..i (i public) vectorises: a few hundred
        // vector operations per challenge instead of tau * i scalar ones.
        let j = j as i32;
        let mut old_j = 0i32;
        for (k, c) in (0i32..).zip(out.0[..i].iter_mut()) {
            let hit = -i32::from(k == j);
            old_j |= *c & hit;
            *c = (*c & !hit) | (sign & hit);
        }
        let hit = -i32::from(i as i32 == j);
        out.0[i] = (old_j & !hit) | (sign & hit);
    }
    buf.zeroize();
    signs.zeroize();
}
