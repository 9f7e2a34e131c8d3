//! Samplers of FIPS 203 section 4.2.2 (Algorithms 7 and 8) on vectors.

use super::{load_i16, store_i16};
use crate::arith::kem::{N, Q, REJ_COMPACT};
use crate::arith::simd128::{bytes16, lanes, load_u8};
use core::arch::wasm32::{
    i8x16_shuffle, i8x16_splat, i8x16_sub, i8x16_swizzle, i16x8_bitmask, i16x8_extend_high_i8x16,
    i16x8_extend_low_i8x16, i16x8_lt, i16x8_mul, i16x8_splat, u8x16_narrow_i16x8, u8x16_shr,
    u16x8_lt, u16x8_shr, v128_and, v128_bitselect,
};

/// Swizzle of 12 bytes (eight 12-bit values) into eight 16-bit lanes: lane
/// `j` gets bytes `floor(3 j / 2)` and the next; odd lanes then drop their
/// low nibble.
const SPLIT12: [u8; 16] = [0, 1, 1, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9, 10, 10, 11];
/// `2^4` for even lanes (the shift by 4 then keeps the low 12 bits), `1`
/// for odd ones.
const SPLIT12_MUL: [i16; 8] = [16, 1, 16, 1, 16, 1, 16, 1];

/// The rejection loop of Algorithm 7 (SampleNTT), eight candidates (12
/// bytes) at a time while a whole vector fits in `out`; the remaining
/// candidates run through the scalar loop. Public data only (see
/// [`COMPACT`]).
pub(super) fn rej_sample(bytes: &[u8], out: &mut [i16; N], mut filled: usize) -> (usize, usize) {
    let split = bytes16(&SPLIT12);
    let split_mul = lanes(&SPLIT12_MUL);
    let lane_index = lanes(&[0, 1, 2, 3, 4, 5, 6, 7]);
    let mut pos = 0;
    while filled + 8 <= N && pos + 16 <= bytes.len() {
        let raw = load_u8(&bytes[pos..pos + 16]);
        let v = u16x8_shr(i16x8_mul(i8x16_swizzle(raw, split), split_mul), 4);
        let accept = i16x8_bitmask(u16x8_lt(v, i16x8_splat(Q)));
        let count = accept.count_ones() as usize;
        let packed = i8x16_swizzle(v, bytes16(&REJ_COMPACT[usize::from(accept)]));
        // Only the first `count` lanes are new; the others keep what `out`
        // held so that nothing past the fill level changes.
        let slot = &mut out[filled..filled + 8];
        let keep = i16x8_lt(lane_index, i16x8_splat(count as i16));
        store_i16(slot, v128_bitselect(packed, load_i16(slot), keep));
        filled += count;
        pos += 12;
    }
    (filled, pos)
}

/// `popcount(n & 3) - popcount(n >> 2)` for a nibble `n`: the eta = 2
/// coefficient of four PRF bits.
const CBD2: [u8; 16] = {
    let mut t = [0u8; 16];
    let mut n = 0;
    while n < 16 {
        let x = (n & 1) + ((n >> 1) & 1);
        let y = ((n >> 2) & 1) + ((n >> 3) & 1);
        t[n] = (x as i8 - y as i8) as u8;
        n += 1;
    }
    t
};

/// `popcount(n)` for `n < 8`, and 0 elsewhere.
const POPCOUNT3: [u8; 16] = [0, 1, 1, 2, 1, 2, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0];

/// Swizzles of 12 bytes (sixteen 6-bit fields) into two vectors of 16-bit
/// lanes: lane `i` gets bytes `floor(6 i / 8)` and the next.
const SPLIT6: [[u8; 16]; 2] = {
    let mut t = [[0u8; 16]; 2];
    let mut i = 0;
    while i < 16 {
        let b = (6 * i / 8) as u8;
        t[i / 8][2 * (i % 8)] = b;
        t[i / 8][2 * (i % 8) + 1] = b + 1;
        i += 1;
    }
    t
};

/// `2^(10 - s)` with `s = 6 i mod 8`: the shift by 10 then keeps bits
/// `s .. s + 6`.
const SPLIT6_MUL: [i16; 8] = [1024, 16, 64, 256, 1024, 16, 64, 256];

/// Algorithm 8 (SamplePolyCBD_eta). The per-coefficient bit counts come
/// from byte swizzles of a 16-entry constant (a register permutation, not a
/// memory access), so the time is independent of the secret PRF output.
pub(super) fn cbd(eta: u32, bytes: &[u8], out: &mut [i16; N]) {
    match eta {
        2 => {
            let bytes = &bytes[..128];
            let table = bytes16(&CBD2);
            let low = i8x16_splat(0x0f);
            for (b, o) in bytes.chunks_exact(16).zip(out.chunks_exact_mut(32)) {
                let t = load_u8(b);
                // Coefficient 2k comes from the low nibble of byte k.
                let lo = i8x16_swizzle(table, v128_and(t, low));
                let hi = i8x16_swizzle(table, u8x16_shr(t, 4));
                let c0 =
                    i8x16_shuffle::<0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23>(lo, hi);
                let c1 =
                    i8x16_shuffle::<8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31>(
                        lo, hi,
                    );
                store_i16(&mut o[..8], i16x8_extend_low_i8x16(c0));
                store_i16(&mut o[8..16], i16x8_extend_high_i8x16(c0));
                store_i16(&mut o[16..24], i16x8_extend_low_i8x16(c1));
                store_i16(&mut o[24..], i16x8_extend_high_i8x16(c1));
            }
        }
        3 => {
            let bytes = &bytes[..192];
            let table = bytes16(&POPCOUNT3);
            let split = [bytes16(&SPLIT6[0]), bytes16(&SPLIT6[1])];
            let split_mul = lanes(&SPLIT6_MUL);
            let seven = i8x16_splat(7);
            for (g, o) in out.chunks_exact_mut(16).enumerate() {
                let raw = if 12 * g + 16 <= bytes.len() {
                    load_u8(&bytes[12 * g..12 * g + 16])
                } else {
                    let mut tmp = [0u8; 16];
                    tmp[..12].copy_from_slice(&bytes[12 * g..12 * g + 12]);
                    load_u8(&tmp)
                };
                let field =
                    |h: usize| u16x8_shr(i16x8_mul(i8x16_swizzle(raw, split[h]), split_mul), 10);
                let n = u8x16_narrow_i16x8(field(0), field(1));
                // Bits 0..3 minus bits 3..6 of each field.
                let x = i8x16_swizzle(table, v128_and(n, seven));
                let y = i8x16_swizzle(table, u8x16_shr(n, 3));
                let c = i8x16_sub(x, y);
                store_i16(&mut o[..8], i16x8_extend_low_i8x16(c));
                store_i16(&mut o[8..], i16x8_extend_high_i8x16(c));
            }
        }
        _ => unreachable!("ML-KEM only uses eta 2 and 3"),
    }
}
