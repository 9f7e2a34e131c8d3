//! [`DsaArith`] for [`Portable`]: plain Rust, constant time, no tables
//! indexed by secrets.
//!
//! The file split follows FIPS 204: [`ntt`] holds the Montgomery reduction,
//! the number-theoretic transform (Algorithms 41, 42, 45 and appendix A),
//! [`rounding`] the high/low-bit decompositions and hints (section 7.4,
//! Algorithms 35-40) and the norm check, [`pack`] bit packing (section 7.1,
//! Algorithms 16-19) and the samplers' rejection steps (Algorithms 14, 15,
//! 30, 31).

use super::Portable;
use crate::arith::dsa::{DsaArith, N, Poly};
use crate::hash::{SHAKE128_RATE, Shake128Reader, Xof};

mod ntt;
mod pack;
mod rounding;

impl DsaArith for Portable {
    /// Hosted targets give threads stacks of megabytes; bare-metal firmware
    /// (`target_os = "none"`) often has a few tens of KiB, so it keeps the
    /// small-stack schedule.
    const WIDE_SCHEDULE: bool = !cfg!(target_os = "none");

    fn ntt(p: &mut Poly) {
        ntt::ntt(&mut p.0);
    }

    fn inv_ntt(p: &mut Poly) {
        ntt::inv_ntt(&mut p.0);
    }

    fn pointwise(out: &mut Poly, a: &Poly, b: &Poly) {
        for ((o, x), y) in out.0.iter_mut().zip(a.0.iter()).zip(b.0.iter()) {
            *o = ntt::montgomery_reduce(i64::from(*x) * i64::from(*y));
        }
    }

    fn pointwise_acc(acc: &mut Poly, a: &Poly, b: &Poly) {
        for ((o, x), y) in acc.0.iter_mut().zip(a.0.iter()).zip(b.0.iter()) {
            *o = o.wrapping_add(ntt::montgomery_reduce(i64::from(*x) * i64::from(*y)));
        }
    }

    fn pointwise_in_place(a: &mut Poly, b: &Poly) {
        for (x, y) in a.0.iter_mut().zip(b.0.iter()) {
            *x = ntt::montgomery_reduce(i64::from(*x) * i64::from(*y));
        }
    }

    /// Each accepted coefficient is multiplied in as it is found: the entry
    /// of `A_hat` is never held, only 24 bytes (8 candidates) of its
    /// SHAKE128 stream at a time. The candidates are read in the same order
    /// as from whole blocks, so the values are the same.
    fn sample_uniform_acc(rho: &[u8; 32], ij: &[u8; 2], b: &Poly, acc: &mut Poly) {
        const _: () = assert!(SHAKE128_RATE.is_multiple_of(24));
        let mut xof = Shake128Reader::new(&[rho, ij]);
        let mut buf = [0u8; 24];
        let mut filled = 0;
        while filled < N {
            xof.squeeze(&mut buf);
            filled = pack::rej_uniform_acc(&buf, &b.0, &mut acc.0, filled);
        }
    }

    fn add(acc: &mut Poly, b: &Poly) {
        for (x, y) in acc.0.iter_mut().zip(b.0.iter()) {
            *x = x.wrapping_add(*y);
        }
    }

    fn sub(acc: &mut Poly, b: &Poly) {
        for (x, y) in acc.0.iter_mut().zip(b.0.iter()) {
            *x = x.wrapping_sub(*y);
        }
    }

    fn reduce(p: &mut Poly) {
        for x in p.0.iter_mut() {
            *x = rounding::reduce32(*x);
        }
    }

    fn freeze(p: &mut Poly) {
        for x in p.0.iter_mut() {
            *x = rounding::freeze(*x);
        }
    }

    fn shift_left_d(p: &mut Poly) {
        for x in p.0.iter_mut() {
            *x <<= crate::arith::dsa::D;
        }
    }

    fn power2round(t: &Poly, t1: &mut Poly, t0: &mut Poly) {
        for ((a, a1), a0) in t.0.iter().zip(t1.0.iter_mut()).zip(t0.0.iter_mut()) {
            (*a1, *a0) = rounding::power2round(*a);
        }
    }

    fn decompose(gamma2: i32, a: &Poly, a1: &mut Poly, a0: &mut Poly) {
        for ((x, x1), x0) in a.0.iter().zip(a1.0.iter_mut()).zip(a0.0.iter_mut()) {
            (*x1, *x0) = rounding::decompose(gamma2, rounding::freeze(*x));
        }
    }

    fn high_bits(gamma2: i32, a: &mut Poly) {
        for x in a.0.iter_mut() {
            *x = rounding::decompose(gamma2, rounding::freeze(*x)).0;
        }
    }

    fn make_hint(gamma2: i32, z: &Poly, r: &Poly, h: &mut Poly) -> u32 {
        let mut count = 0u32;
        for ((zi, ri), hi) in z.0.iter().zip(r.0.iter()).zip(h.0.iter_mut()) {
            *hi = rounding::make_hint(gamma2, *zi, *ri);
            count += *hi as u32;
        }
        count
    }

    fn use_hint(gamma2: i32, a: &mut Poly, h: &Poly) {
        for (x, hi) in a.0.iter_mut().zip(h.0.iter()) {
            *x = rounding::use_hint(gamma2, *x, *hi);
        }
    }

    fn exceeds_norm(p: &Poly, bound: i32) -> bool {
        rounding::exceeds_norm(&p.0, bound)
    }

    fn pack_simple(p: &Poly, bits: u32, out: &mut [u8]) {
        pack::pack(p.0.iter().map(|&c| c as u32), bits, out);
    }

    fn unpack_simple(bytes: &[u8], bits: u32, out: &mut Poly) {
        pack::unpack(bytes, bits, |i, v| out.0[i] = v as i32);
    }

    fn pack_offset(p: &Poly, b: i32, bits: u32, out: &mut [u8]) {
        pack::pack(p.0.iter().map(|&c| b.wrapping_sub(c) as u32), bits, out);
    }

    fn unpack_offset(bytes: &[u8], b: i32, bits: u32, out: &mut Poly) {
        pack::unpack(bytes, bits, |i, v| out.0[i] = b.wrapping_sub(v as i32));
    }

    fn rej_uniform(bytes: &[u8], out: &mut Poly, filled: usize) -> usize {
        pack::rej_uniform(bytes, &mut out.0, filled)
    }

    fn rej_eta(eta: i32, bytes: &[u8], out: &mut Poly, filled: usize) -> usize {
        pack::rej_eta(eta, bytes, &mut out.0, filled)
    }
}
