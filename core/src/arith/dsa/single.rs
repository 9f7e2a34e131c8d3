//! The samplers of [`DsaArith`] one polynomial at a time, on the
//! single-lane sponge: the default for every backend, and what a
//! multi-lane backend uses for a lone polynomial.

use super::{DsaArith, N, Poly};
use crate::hash::{SHAKE128_RATE, SHAKE256_RATE, Shake128Reader, Shake256Reader, Xof};
use zeroize::Zeroize;

/// RejNTTPoly (FIPS 204, Algorithm 30) of `rho || ij`.
pub(crate) fn uniform<B: DsaArith + ?Sized>(rho: &[u8; 32], ij: &[u8; 2], out: &mut Poly) {
    let mut xof = Shake128Reader::new(&[rho, ij]);
    let mut buf = [0u8; SHAKE128_RATE];
    let mut filled = 0;
    while filled < N {
        xof.squeeze(&mut buf);
        filled = B::rej_uniform(&buf, out, filled);
    }
}

/// RejBoundedPoly (FIPS 204, Algorithm 31) of `rho' || r`.
pub(crate) fn bounded<B: DsaArith + ?Sized>(
    eta: i32,
    rho_prime: &[u8; 64],
    r: &[u8; 2],
    out: &mut Poly,
) {
    let mut xof = Shake256Reader::new(&[rho_prime, r]);
    let mut buf = [0u8; SHAKE256_RATE];
    let mut filled = 0;
    while filled < N {
        xof.squeeze(&mut buf);
        filled = B::rej_eta(eta, &buf, out, filled);
    }
    buf.zeroize();
}

/// The polynomial of ExpandMask (FIPS 204, Algorithm 34, lines 3-4) with
/// `IntegerToBytes(kappa + r, 2)` given as `r`.
pub(crate) fn mask<B: DsaArith + ?Sized>(
    gamma1: i32,
    bits: u32,
    rho_pp: &[u8; 64],
    r: &[u8; 2],
    out: &mut Poly,
) {
    let mut buf = [0u8; 32 * 20];
    let buf = &mut buf[..32 * bits as usize];
    Shake256Reader::new(&[rho_pp, r]).squeeze(buf);
    B::unpack_offset(buf, gamma1, bits, out);
    buf.zeroize();
}
