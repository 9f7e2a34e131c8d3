//! Samplers of FIPS 203 section 4.2.2 (Algorithms 7 and 8).

use super::ntt;
use crate::arith::kem::{N, Q};
use crate::hash::{Shake128Reader, Shake256Reader, Xof};
use zeroize::Zeroize;

/// The rejection loop of Algorithm 7 (SampleNTT), filling `out` at most.
/// Branches are fine here: the bytes are the XOF output on the public seed
/// `rho`.
///
/// Out of line so that the constant-time check can name it: in key
/// generation `rho` is derived from the secret seed, so the check sees it as
/// secret (ct/valgrind.supp).
#[inline(never)]
pub(super) fn rej_sample(bytes: &[u8], out: &mut [i16], mut filled: usize) -> usize {
    let cap = out.len();
    for c in bytes.chunks_exact(3) {
        if filled >= cap {
            break;
        }
        let d1 = u16::from(c[0]) | (u16::from(c[1] & 0x0f) << 8);
        let d2 = u16::from(c[1] >> 4) | (u16::from(c[2]) << 4);
        if d1 < Q as u16 {
            out[filled] = d1 as i16;
            filled += 1;
        }
        if d2 < Q as u16 && filled < cap {
            out[filled] = d2 as i16;
            filled += 1;
        }
    }
    filled
}

/// Algorithm 8 (SamplePolyCBD_eta): coefficient `i` is the number of set bits
/// among bits `2 i eta .. (2 i + 1) eta` minus those among the next `eta`.
/// The bit counts are formed with masks and shifts on whole words, so the
/// time is independent of the (secret) PRF output.
///
/// Fills all of `out` from `2 eta` bits per coefficient of `bytes`: a whole
/// polynomial from `64 eta` bytes, or a stretch of one.
pub(super) fn cbd(eta: u32, bytes: &[u8], out: &mut [i16]) {
    debug_assert_eq!(8 * bytes.len(), 2 * eta as usize * out.len());
    match eta {
        2 => {
            for (chunk, coeffs) in bytes.chunks_exact(4).zip(out.chunks_exact_mut(8)) {
                let t = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
                // Each 2-bit field of `s` holds the sum of its two bits.
                let s = (t & 0x5555_5555) + ((t >> 1) & 0x5555_5555);
                for (j, c) in coeffs.iter_mut().enumerate() {
                    let x = ((s >> (4 * j)) & 3) as i16;
                    let y = ((s >> (4 * j + 2)) & 3) as i16;
                    *c = x - y;
                }
            }
        }
        3 => {
            for (chunk, coeffs) in bytes.chunks_exact(3).zip(out.chunks_exact_mut(4)) {
                let t = u32::from(chunk[0]) | u32::from(chunk[1]) << 8 | u32::from(chunk[2]) << 16;
                // Each 3-bit field of `s` holds the sum of its three bits.
                let s = (t & 0x0024_9249) + ((t >> 1) & 0x0024_9249) + ((t >> 2) & 0x0024_9249);
                for (j, c) in coeffs.iter_mut().enumerate() {
                    let x = ((s >> (6 * j)) & 7) as i16;
                    let y = ((s >> (6 * j + 3)) & 7) as i16;
                    *c = x - y;
                }
            }
        }
        _ => unreachable!("ML-KEM only uses eta 2 and 3"),
    }
}

/// XOF bytes read per step of [`sample_ntt_mul_acc`]: whole lanes of the
/// sponge (8 bytes) and whole 3-byte groups, a seventh of a SHAKE128 block.
const XOF_CHUNK: usize = 24;
/// Values one step holds: at most two per 3-byte group, plus one left from
/// the step before.
const XOF_VALUES: usize = 2 * XOF_CHUNK / 3 + 2;

/// `acc += SampleNTT(rho || idx) x ByteDecode_12(b) * R^-1`: Algorithm 7's
/// rejection loop
/// on a few XOF bytes at a time, each accepted pair of coefficients
/// multiplied into `acc` right away (Algorithm 12 through
/// [`ntt::base_case`], the step of [`ntt::basemul_acc`]), so that the
/// matrix entry is never held. The XOF output is the same byte sequence
/// whatever the step size, so the result is the one of sampling the entry
/// whole and calling [`ntt::basemul_acc_packed`].
///
/// Out of line so that the constant-time check can name it: it branches on
/// the rejection pattern of the public `rho`'s XOF output
/// (ct/valgrind.supp), never on `b`.
#[inline(never)]
pub(super) fn sample_ntt_mul_acc(rho: &[u8], idx: &[u8; 2], b: &[u8], acc: &mut [i16; N]) {
    let mut xof = Shake128Reader::empty();
    xof.restart(&[rho, idx]);
    let mut bytes = [0u8; XOF_CHUNK];
    let mut values = [0i16; XOF_VALUES];
    // Coefficients multiplied so far (even), and accepted but not yet
    // multiplied (0 or 1 between steps).
    let mut done = 0;
    let mut pending = 0;
    while done < N {
        xof.squeeze(&mut bytes);
        // Filling up to the end of the polynomial stops the loop where
        // SampleNTT stops; short of it, every value of the step fits.
        let room = (N - done).min(XOF_VALUES);
        let filled = rej_sample(&bytes, &mut values[..room], pending);
        let pairs = filled / 2;
        for (k, a) in values[..2 * pairs].chunks_exact(2).enumerate() {
            let at = done + 2 * k;
            let pair = ntt::packed_pair(b, at / 2);
            ntt::base_case(&mut acc[at..at + 2], a, &pair, ntt::GAMMAS[at / 2]);
        }
        done += 2 * pairs;
        pending = filled % 2;
        values[0] = values[filled - pending];
    }
}

/// `acc += SamplePolyCBD_eta(PRF_eta(seed, nonce))`, 32 coefficients (`8
/// eta` PRF bytes) at a time, so that the noise is never held whole.
pub(super) fn add_noise(eta: u32, seed: &[u8], nonce: u8, acc: &mut [i16; N]) {
    let mut prf = Shake256Reader::empty();
    prf.restart(&[seed, &[nonce]]);
    let mut bytes = [0u8; 24];
    let mut values = [0i16; 32];
    let len = 8 * eta as usize;
    for part in acc.chunks_exact_mut(values.len()) {
        prf.squeeze(&mut bytes[..len]);
        cbd(eta, &bytes[..len], &mut values);
        for (a, e) in part.iter_mut().zip(&values) {
            *a = a.wrapping_add(*e);
        }
    }
    bytes.zeroize();
    values.zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Algorithm 8 read literally, bit by bit.
    fn cbd_reference(eta: usize, bytes: &[u8]) -> [i16; N] {
        let bit = |k: usize| i16::from((bytes[k / 8] >> (k % 8)) & 1);
        let mut f = [0i16; N];
        for (i, c) in f.iter_mut().enumerate() {
            let x: i16 = (0..eta).map(|j| bit(2 * i * eta + j)).sum();
            let y: i16 = (0..eta).map(|j| bit(2 * i * eta + eta + j)).sum();
            *c = x - y;
        }
        f
    }

    #[test]
    fn cbd_matches_reference_and_range() {
        for eta in [2u32, 3] {
            let len = 64 * eta as usize;
            let mut counts = [0usize; 7];
            for seed in 0..64u8 {
                let bytes: std::vec::Vec<u8> = (0..len)
                    .map(|i| {
                        (i as u8).wrapping_mul(seed.wrapping_mul(2).wrapping_add(1))
                            ^ seed.rotate_left(3)
                    })
                    .collect();
                let mut out = [0i16; N];
                cbd(eta, &bytes, &mut out);
                assert_eq!(
                    out,
                    cbd_reference(eta as usize, &bytes),
                    "eta {eta} seed {seed}"
                );
                for c in out {
                    assert!(c.abs() <= eta as i16);
                    counts[(c + 3) as usize] += 1;
                }
            }
            // Every value of -eta..=eta occurs.
            for v in -(eta as i16)..=eta as i16 {
                assert!(counts[(v + 3) as usize] > 0, "eta {eta} value {v}");
            }
        }
        // All-ones input: every x and y equal eta, so every coefficient is 0;
        // 0x0f bytes give x = eta, y = 0 on eta 2.
        let mut out = [1i16; N];
        cbd(2, &[0xff; 128], &mut out);
        assert!(out.iter().all(|&c| c == 0));
        cbd(2, &[0x33; 128], &mut out);
        assert!(out.iter().all(|&c| c == 2));
    }

    /// The streaming forms equal sampling and decoding whole and then
    /// multiplying or adding, for many seeds, matrix positions and both
    /// eta.
    #[test]
    fn streaming_samplers_equal_whole_polynomials() {
        use crate::arith::kem::{KemArith, Poly};
        use crate::arith::portable::Portable;
        for seed in 0..48u8 {
            let rho = [seed.wrapping_mul(73) ^ 0x5c; 32];
            let mut b = Poly::ZERO;
            let mut acc = Poly::ZERO;
            for (i, (x, c)) in b.0.iter_mut().zip(acc.0.iter_mut()).enumerate() {
                *x = ((i as i32 * 1237 + i32::from(seed) * 91) % 3329) as i16;
                *c = (i as i16 * 13 + i16::from(seed)) % 3329 - 1664;
            }
            let mut packed = [0u8; 384];
            Portable::encode12(&b, &mut packed);

            let mut want = acc.clone();
            Portable::basemul_acc(&mut want, &acc, &b);
            let mut got = acc.clone();
            let a = acc.clone();
            Portable::basemul_acc_packed(&mut got, &a, &packed);
            assert_eq!(got, want, "packed product, seed {seed}");

            let idx = [seed % 4, seed / 4 % 4];
            let mut a = Poly::ZERO;
            let mut want = acc.clone();
            Portable::sample_ntt(&rho, &[idx], core::slice::from_mut(&mut a));
            Portable::basemul_acc(&mut want, &a, &b);
            let mut got = acc.clone();
            Portable::sample_ntt_mul_acc(&rho, idx, &packed, &mut got);
            assert_eq!(got, want, "SampleNTT, seed {seed}");
            assert_ne!(got, acc, "seed {seed}: nothing added");

            for eta in [2, 3] {
                let mut e = Poly::ZERO;
                Portable::sample_noise(eta, &rho, seed, core::slice::from_mut(&mut e));
                let mut want = acc.clone();
                Portable::add(&mut want, &e);
                let mut got = acc.clone();
                Portable::add_noise(eta, &rho, seed, &mut got);
                assert_eq!(got, want, "CBD eta {eta}, seed {seed}");
            }
        }
    }

    #[test]
    fn rej_sample_accepts_only_below_q() {
        // 0xff,0xff,0xff decodes to 4095, 4095: both rejected.
        // 0x00,0x0d,0x0d decodes to d1 = 0xd00 = 3328 and d2 = 0x0d0 = 208.
        let bytes = [0xff, 0xff, 0xff, 0x00, 0x0d, 0x0d, 0x01, 0xd0, 0xd0];
        let mut out = [0i16; N];
        let n = rej_sample(&bytes, &mut out, 0);
        // Third group: d1 = 0x001 | 0 << 8 = 1, d2 = 0xd | 0xd0 << 4 = 3341 (rejected).
        assert_eq!(&out[..n], &[3328, 208, 1][..n]);
        assert_eq!(n, 3);
        // Filling stops at 256.
        let full = rej_sample(&[0u8; 3 * 200], &mut out, 250);
        assert_eq!(full, N);
    }
}
