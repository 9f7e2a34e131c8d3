//! The pseudorandom samplers of FIPS 204, section 7.3, one polynomial at a
//! time so that no caller has to hold a whole matrix or vector.

use super::params::Params;
use crate::arith::dsa::{DsaArith, N, Poly};
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
/// The challenge of an accepted signature is public (it is `c~`'s
/// expansion), so the data-dependent shuffle positions reveal nothing.
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
            let b = usize::from(buf[pos]);
            pos += 1;
            if b <= i {
                break b;
            }
        };
        out.0[i] = out.0[j];
        out.0[j] = 1 - 2 * (signs & 1) as i32;
        signs >>= 1;
    }
}
