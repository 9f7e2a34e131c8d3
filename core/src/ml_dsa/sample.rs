//! The pseudorandom samplers of FIPS 204, section 7.3, one polynomial at a
//! time so that no caller has to hold a whole matrix or vector.

use super::params::Params;
use crate::arith::dsa::{DsaArith, N, Poly};
use crate::arith::portable::declassify;
use crate::hash::{Shake128Reader, Shake256Reader, Xof};
use zeroize::Zeroize;

const SHAKE128_RATE: usize = 168;
const SHAKE256_RATE: usize = 136;

/// Entry `A[i][j]` of ExpandA (FIPS 204, Algorithm 32): RejNTTPoly
/// (Algorithm 30) on `rho || j || i`. Already in the NTT domain.
pub(crate) fn matrix_entry<A: DsaArith>(rho: &[u8; 32], i: usize, j: usize, out: &mut Poly) {
    let mut xof = Shake128Reader::new(&[rho, &[j as u8, i as u8]]);
    let mut buf = [0u8; SHAKE128_RATE];
    let mut filled = 0;
    while filled < N {
        xof.squeeze(&mut buf);
        filled = A::rej_uniform(&buf, out, filled);
    }
}

/// Entry `r` of ExpandS (FIPS 204, Algorithm 33): RejBoundedPoly
/// (Algorithm 31) on `rho' || IntegerToBytes(r, 2)`. Entries `0 .. l` are
/// `s1`, entries `l .. l + k` are `s2`.
pub(crate) fn bounded<A: DsaArith>(eta: i32, rho_prime: &[u8; 64], r: usize, out: &mut Poly) {
    let mut xof = Shake256Reader::new(&[rho_prime, &(r as u16).to_le_bytes()]);
    let mut buf = [0u8; SHAKE256_RATE];
    let mut filled = 0;
    while filled < N {
        xof.squeeze(&mut buf);
        filled = A::rej_eta(eta, &buf, out, filled);
    }
    buf.zeroize();
}

/// Entry with index `kappa` of ExpandMask (FIPS 204, Algorithm 34):
/// `BitUnpack(H(rho'' || IntegerToBytes(kappa, 2)), gamma1 - 1, gamma1)`.
pub(crate) fn mask<A: DsaArith>(p: &Params, rho_pp: &[u8; 64], kappa: u16, out: &mut Poly) {
    let mut buf = [0u8; 32 * 20];
    let buf = &mut buf[..p.z_poly_len()];
    Shake256Reader::new(&[rho_pp, &kappa.to_le_bytes()]).squeeze(buf);
    A::unpack_offset(buf, p.gamma1(), p.z_bits(), out);
    buf.zeroize();
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
        let mut old_j = 0i32;
        for (k, c) in out.0[..i].iter_mut().enumerate() {
            let hit = eq_mask(k as u32, j);
            old_j |= *c & hit;
            *c = (*c & !hit) | (sign & hit);
        }
        let hit = eq_mask(i as u32, j);
        out.0[i] = (old_j & !hit) | (sign & hit);
    }
    buf.zeroize();
    signs.zeroize();
}

/// All ones when `a == b`, else zero, without a branch.
#[inline(always)]
fn eq_mask(a: u32, b: u32) -> i32 {
    let d = core::hint::black_box(a ^ b);
    (((d | d.wrapping_neg()) >> 31) as i32).wrapping_sub(1)
}
