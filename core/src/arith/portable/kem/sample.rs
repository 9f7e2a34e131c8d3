//! Samplers of FIPS 203 section 4.2.2 (Algorithms 7 and 8).

use crate::arith::kem::{N, Q};

/// The rejection loop of Algorithm 7 (SampleNTT). Branches are fine here:
/// the bytes are the XOF output on the public seed `rho`.
///
/// Out of line so that the constant-time check can name it: in key
/// generation `rho` is derived from the secret seed, so the check sees it as
/// secret (ct/valgrind.supp).
#[inline(never)]
pub(super) fn rej_sample(bytes: &[u8], out: &mut [i16; N], mut filled: usize) -> usize {
    for c in bytes.chunks_exact(3) {
        if filled >= N {
            break;
        }
        let d1 = u16::from(c[0]) | (u16::from(c[1] & 0x0f) << 8);
        let d2 = u16::from(c[1] >> 4) | (u16::from(c[2]) << 4);
        if d1 < Q as u16 {
            out[filled] = d1 as i16;
            filled += 1;
        }
        if d2 < Q as u16 && filled < N {
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
pub(super) fn cbd(eta: u32, bytes: &[u8], out: &mut [i16; N]) {
    match eta {
        2 => {
            debug_assert_eq!(bytes.len(), 128);
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
            debug_assert_eq!(bytes.len(), 192);
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
