//! Compression and byte encoding (FIPS 203 section 4.2.1, Algorithms 5, 6).
//!
//! `Compress_d(x) = round(2^d / q * x) mod 2^d = floor((2^d x + (q-1)/2) / q)
//! mod 2^d` is computed without a division (a `/ q` compiles to a
//! variable-time divide: KyberSlash) and with 32-bit multiplications only:
//! a 64-bit product compiles to `UMULL` on 32-bit Arm, which finishes early
//! on small operands on the Cortex-M3. The quotient is estimated from the top
//! 16 bits of the dividend, then corrected by one with a mask. The unit tests
//! check the result against exact rational rounding on every input.

use super::reduce::{barrett, to_canonical};
use crate::arith::kem::{N, Q};

/// `floor(2^27 / q)`: `((y >> 7) * M) >> 20` is `floor(y / q)` or one less
/// for `y < 2^23`, and `(y >> 7) * M < 2^16 * 2^16` fits in 32 bits.
const COMPRESS_M: u32 = (1u32 << 27) / Q as u32;

/// `Compress_d` of a canonical coefficient (`d <= 11`).
#[inline(always)]
pub(super) fn compress(d: u32, x: u16) -> u16 {
    // y < 2^11 * q + q < 2^23.
    let y = (u32::from(x) << d) + (Q as u32 - 1) / 2;
    let mut t = ((y >> 7) * COMPRESS_M) >> 20;
    // y - t q is in 0 .. 2q; add one when it is at least q.
    let r = y - t * Q as u32;
    t += (Q as u32 - 1).wrapping_sub(r) >> 31;
    (t as u16) & ((1u16 << d) - 1)
}

/// `Decompress_d(y) = round(q / 2^d * y)`, ties rounded up as in FIPS 203.
#[inline(always)]
pub(super) fn decompress(d: u32, y: u16) -> i16 {
    ((u32::from(y) * Q as u32 + (1 << (d - 1))) >> d) as i16
}

/// Packs `d`-bit values little-endian (Algorithm 5's bit order).
#[inline(always)]
fn pack(d: u32, values: impl Iterator<Item = u16>, out: &mut [u8]) {
    debug_assert_eq!(out.len(), 32 * d as usize);
    let mut acc: u32 = 0;
    let mut bits = 0;
    let mut o = out.iter_mut();
    for v in values {
        acc |= u32::from(v) << bits;
        bits += d;
        while bits >= 8 {
            if let Some(b) = o.next() {
                *b = acc as u8;
            }
            acc >>= 8;
            bits -= 8;
        }
    }
}

/// Unpacks `d`-bit little-endian values (Algorithm 6 without the reduction).
#[inline(always)]
fn unpack(d: u32, bytes: &[u8], mut each: impl FnMut(usize, u16)) {
    debug_assert_eq!(bytes.len(), 32 * d as usize);
    let mask = (1u32 << d) - 1;
    let mut acc: u32 = 0;
    let mut bits = 0;
    let mut input = bytes.iter();
    for i in 0..N {
        while bits < d {
            acc |= u32::from(input.next().copied().unwrap_or(0)) << bits;
            bits += 8;
        }
        each(i, (acc & mask) as u16);
        acc >>= d;
        bits -= d;
    }
}

pub(super) fn compress_encode(d: u32, p: &[i16; N], out: &mut [u8]) {
    pack(
        d,
        p.iter()
            .map(|&x| compress(d, to_canonical(barrett(i32::from(x))))),
        out,
    );
}

pub(super) fn decode_decompress(d: u32, bytes: &[u8], out: &mut [i16; N]) {
    if d == 1 {
        // Decompress_1 of the (secret) message bit is `bit * 1665`. Knowing
        // that the bit is 0 or 1, LLVM compiles `decompress` into a branch
        // between the two results (found by `cargo xtask ct`), so the bit
        // becomes an all-ones or all-zero mask the optimizer cannot see
        // through.
        unpack(1, bytes, |i, y| {
            let mask = core::hint::black_box(0u16.wrapping_sub(y & 1));
            out[i] = (mask & (Q as u16).div_ceil(2)) as i16;
        });
    } else {
        unpack(d, bytes, |i, y| out[i] = decompress(d, y));
    }
}

pub(super) fn encode12(p: &[i16; N], out: &mut [u8]) {
    pack(
        12,
        p.iter().map(|&x| to_canonical(barrett(i32::from(x)))),
        out,
    );
}

pub(super) fn decode12(bytes: &[u8], out: &mut [i16; N]) -> bool {
    // Bit 15 of `all_below_q` stays set while every value is below q.
    let mut all_below_q: i16 = -1;
    unpack(12, bytes, |i, v| {
        let r = v as i16 - Q;
        all_below_q &= r;
        // Algorithm 6 takes 12-bit values modulo q; values are below 2q.
        out[i] = r + ((r >> 15) & Q);
    });
    all_below_q < 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `round(2^d x / q) mod 2^d` with exact integer arithmetic.
    fn compress_exact(d: u32, x: u64) -> u64 {
        let num = x << d;
        let q = Q as u64;
        // round(num / q) = floor((2 num + q) / (2 q)); no ties since q is odd.
        ((2 * num + q) / (2 * q)) % (1 << d)
    }

    fn decompress_exact(d: u32, y: u64) -> u64 {
        let q = Q as u64;
        (2 * q * y + (1 << d)) / (1 << (d + 1))
    }

    #[test]
    fn compress_matches_exact_rounding_on_all_inputs() {
        for d in [1, 4, 5, 10, 11] {
            for x in 0..Q as u16 {
                assert_eq!(
                    u64::from(compress(d, x)),
                    compress_exact(d, u64::from(x)),
                    "d {d} x {x}"
                );
            }
        }
    }

    #[test]
    fn decompress_matches_exact_rounding_and_bound() {
        for d in [1, 4, 5, 10, 11] {
            for y in 0..(1u16 << d) {
                let x = decompress(d, y);
                assert!((0..Q).contains(&x));
                assert_eq!(x as u64, decompress_exact(d, u64::from(y)), "d {d} y {y}");
                // Compress inverts Decompress (FIPS 203 section 4.2.1).
                assert_eq!(compress(d, x as u16), y);
            }
        }
    }

    #[test]
    fn compression_error_is_bounded() {
        // |Decompress(Compress(x)) - x| mod+- q <= round(q / 2^(d+1)).
        for d in [1, 4, 5, 10, 11] {
            let bound = (i32::from(Q) + (1 << d)) >> (d + 1);
            for x in 0..Q {
                let back = decompress(d, compress(d, x as u16));
                let mut e = (i32::from(back) - i32::from(x)).rem_euclid(i32::from(Q));
                if e > i32::from(Q) / 2 {
                    e -= i32::from(Q);
                }
                assert!(e.abs() <= bound, "d {d} x {x} err {e}");
            }
        }
    }

    #[test]
    fn encode12_decode12_round_trip_and_check() {
        let mut p = [0i16; N];
        for (i, x) in p.iter_mut().enumerate() {
            *x = ((i * 1663) % 3329) as i16 - 1664;
        }
        let mut bytes = [0u8; 384];
        encode12(&p, &mut bytes);
        let mut back = [0i16; N];
        assert!(decode12(&bytes, &mut back));
        for (x, y) in p.iter().zip(back.iter()) {
            assert_eq!(i32::from(*x).rem_euclid(3329), i32::from(*y));
        }
        // Coefficient 1 (bits 12..24) set to 4095: rejected, reduced mod q.
        bytes[1] |= 0xf0;
        bytes[2] = 0xff;
        assert!(!decode12(&bytes, &mut back));
        assert_eq!(back[1], 4095 - Q);
        // Exactly q is also out of range.
        let q_bytes = [(Q & 0xff) as u8, (Q >> 8) as u8];
        bytes[1] = q_bytes[1] & 0x0f | (bytes[1] & 0xf0);
        bytes[0] = q_bytes[0];
        bytes[1] &= 0x0f;
        bytes[2] = 0;
        assert!(!decode12(&bytes, &mut back));
        assert_eq!(back[0], 0);
    }

    #[test]
    fn compress_encode_round_trip() {
        for d in [1u32, 4, 5, 10, 11] {
            let mut p = [0i16; N];
            for (i, x) in p.iter_mut().enumerate() {
                *x = decompress(d, ((i * 37) % (1 << d)) as u16);
            }
            let mut bytes = [0u8; 352];
            compress_encode(d, &p, &mut bytes[..32 * d as usize]);
            let mut back = [0i16; N];
            decode_decompress(d, &bytes[..32 * d as usize], &mut back);
            assert_eq!(p, back, "d {d}");
        }
    }
}
