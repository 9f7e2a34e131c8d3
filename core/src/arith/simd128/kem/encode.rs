//! Compression and byte encoding (FIPS 203 section 4.2.1, Algorithms 5, 6).
//!
//! Eight coefficients (one vector) always take `d` whole bytes, so every
//! width is handled the same way:
//!
//! - encoding: `i32x4_dot_i16x8` joins lane pairs into `2d`-bit values,
//!   64-bit shifts join those into `4d`-bit values, and two byte swizzles
//!   place the two halves next to each other;
//! - decoding: a byte swizzle gives each lane the two (for `d = 11`, three)
//!   bytes that hold its bits, a multiplication by a per-lane power of two
//!   drops the bits below, and a shift drops those above.
//!
//! `Compress_d` is one 32-bit multiply-add and shift per lane with
//! per-width constants checked at compile time against exact rounding: no
//! division.
//! `Decompress_d` is `i16x8_q15mulr_sat(y 2^(15-d), q)`, which is exactly
//! `(y q + 2^(d-1)) >> d`.

use super::arith::barrett;
use super::{VECS, load_i16, store_i16};
use crate::arith::kem::{N, Q};
use crate::arith::simd128::{bytes16, lanes, load_u8, store_u8};
use core::arch::wasm32::{
    i8x16_bitmask, i8x16_narrow_i16x8, i8x16_swizzle, i16x8_add, i16x8_bitmask, i16x8_mul,
    i16x8_ne, i16x8_q15mulr_sat, i16x8_shl, i16x8_shr, i16x8_splat, i16x8_sub, i32x4_add,
    i32x4_dot_i16x8, i32x4_mul, i32x4_splat, i64x2_shl, u16x8_lt, u16x8_narrow_i32x4, u16x8_shr,
    u32x4_extend_high_u16x8, u32x4_extend_low_u16x8, u32x4_shr, u32x4_splat, u64x2_shr,
    u64x2_splat, v128, v128_and, v128_or,
};

/// Index of the widths `1, 4, 5, 10, 11, 12` in the tables below.
const fn width_index(d: u32) -> usize {
    match d {
        1 => 0,
        4 => 1,
        5 => 2,
        10 => 3,
        11 => 4,
        _ => 5,
    }
}

const WIDTHS: [u32; 6] = [1, 4, 5, 10, 11, 12];

/// Swizzles that put the two `4d`-bit halves of a joined vector next to
/// each other: `.0` takes the low half (bytes `0 .. ceil(d/2)`), `.1` the
/// high half (from byte 8) at byte `floor(d/2)`; 0x80 yields zero.
const PACK_SWIZZLE: [([u8; 16], [u8; 16]); 6] = {
    let mut t = [([0x80u8; 16], [0x80u8; 16]); 6];
    let mut w = 1;
    while w < 6 {
        let d = WIDTHS[w] as usize;
        let mut k = 0;
        while k < d.div_ceil(2) {
            t[w].0[k] = k as u8;
            k += 1;
        }
        let off = d / 2;
        let mut k = 0;
        while off + k < d {
            t[w].1[off + k] = 8 + k as u8;
            k += 1;
        }
        w += 1;
    }
    t
};

/// For decoding: per width, the swizzle giving lane `j` (16-bit) the bytes
/// `floor(j d / 8)` and the next one, and the multiplier `2^(16 - d - s)`
/// with `s = j d mod 8`. Used for every width but 11.
const UNPACK16: [([u8; 16], [i16; 8]); 6] = {
    let mut t = [([0u8; 16], [0i16; 8]); 6];
    let mut w = 1;
    while w < 6 {
        let d = WIDTHS[w] as usize;
        let mut j = 0;
        while j < 8 {
            let b = j * d / 8;
            let s = j * d % 8;
            t[w].0[2 * j] = b as u8;
            t[w].0[2 * j + 1] = b as u8 + 1;
            if 16 >= d + s {
                t[w].1[j] = (1u32 << (16 - d - s)) as u16 as i16;
            }
            j += 1;
        }
        w += 1;
    }
    t
};

/// Decoding of width 11: 32-bit lanes `j` (two swizzles for lanes 0..4 and
/// 4..8) get the three bytes from `floor(11 j / 8)`; multiplier
/// `2^(21 - s)`.
/// The multipliers are stored as the 16-bit halves of the 32-bit lanes.
const UNPACK11: ([[u8; 16]; 2], [[i16; 8]; 2]) = {
    let mut sw = [[0x80u8; 16]; 2];
    let mut mul = [[0i16; 8]; 2];
    let mut j = 0;
    while j < 8 {
        let b = j * 11 / 8;
        let s = j * 11 % 8;
        let (h, l) = (j / 4, j % 4);
        sw[h][4 * l] = b as u8;
        sw[h][4 * l + 1] = b as u8 + 1;
        sw[h][4 * l + 2] = b as u8 + 2;
        let m = 1u32 << (21 - s);
        mul[h][2 * l] = m as u16 as i16;
        mul[h][2 * l + 1] = (m >> 16) as u16 as i16;
        j += 1;
    }
    (sw, mul)
};

/// Loads the `d` bytes of group `i` (at `i * d`) into the low bytes of a
/// vector; the bytes above are whatever follows (never used).
#[inline(always)]
fn load_group(bytes: &[u8], i: usize, d: usize) -> v128 {
    let off = i * d;
    if off + 16 <= bytes.len() {
        load_u8(&bytes[off..off + 16])
    } else {
        let mut tmp = [0u8; 16];
        tmp[..d].copy_from_slice(&bytes[off..off + d]);
        load_u8(&tmp)
    }
}

/// Writes the low `d` bytes of `v` to group `i` of `out`. Groups must be
/// written in increasing order: a full 16-byte store leaves bytes past the
/// group that the next group overwrites.
#[inline(always)]
fn store_group(out: &mut [u8], i: usize, d: usize, v: v128) {
    let off = i * d;
    if off + 16 <= out.len() {
        store_u8(&mut out[off..off + 16], v);
    } else {
        let mut tmp = [0u8; 16];
        store_u8(&mut tmp, v);
        out[off..off + d].copy_from_slice(&tmp[..d]);
    }
}

/// Any `i16` lanes to `0 .. q`.
#[inline(always)]
fn canonical(x: v128) -> v128 {
    let r = barrett(x);
    i16x8_add(r, v128_and(i16x8_shr(r, 15), i16x8_splat(Q)))
}

/// `Compress_d` (d in 4, 5, 10, 11) of canonical lanes as
/// `((x K + c) >> k) mod 2^d` in 32-bit lanes: `(k, K, c)` per width, found
/// by an exhaustive search over the canonical inputs and checked for every
/// one of them at compile time ([`COMPRESS_CHECKED`]). `x K + c < 2^32`.
const COMPRESS_32: [(u32, u32, u32); 6] = [
    (0, 0, 0),
    (16, 315, 32701),
    (15, 315, 16321),
    (19, 161271, 261911),
    (18, 161271, 130860),
    (0, 0, 0),
];

/// Every canonical `x` compresses to `round(2^d x / q) mod 2^d` (exact
/// rational rounding: `floor((2^(d+1) x + q) / 2q)`) under [`COMPRESS_32`].
const COMPRESS_CHECKED: () = {
    let mut w = 1;
    while w < 5 {
        let d = WIDTHS[w];
        let (k, m, c) = COMPRESS_32[w];
        let mut x = 0u64;
        while x < Q as u64 {
            let exact = ((x << (d + 1)) + Q as u64) / (2 * Q as u64);
            let fast = (x * m as u64 + c as u64) >> k;
            assert!(x * m as u64 + c as u64 <= u32::MAX as u64);
            assert!(exact % (1 << d) == fast % (1 << d));
            x += 1;
        }
        w += 1;
    }
};

#[inline(always)]
fn compress(d: u32, x: v128) -> v128 {
    #[allow(clippy::let_unit_value)]
    let () = COMPRESS_CHECKED;
    let (k, m, c) = COMPRESS_32[width_index(d)];
    let (m, c) = (u32x4_splat(m), u32x4_splat(c));
    let quot = |x32: v128| u32x4_shr(i32x4_add(i32x4_mul(x32, m), c), k);
    let lo = quot(u32x4_extend_low_u16x8(x));
    let hi = quot(u32x4_extend_high_u16x8(x));
    v128_and(u16x8_narrow_i32x4(lo, hi), i16x8_splat((1 << d) - 1))
}

/// `ByteEncode_d` of 8 lanes below `2^d` (d >= 4) into the low `d` bytes.
#[inline(always)]
fn pack(d: u32, x: v128) -> v128 {
    // x0 + x1 2^d in each 32-bit lane.
    let w = i32x4_dot_i16x8(x, i32x4_splat(1 | (1 << (16 + d))));
    // y0 + y1 2^(2d) in each 64-bit lane.
    let z = v128_or(
        v128_and(w, u64x2_splat(0xffff_ffff)),
        i64x2_shl(u64x2_shr(w, 32), 2 * d),
    );
    // For odd d the high half starts mid-byte: shift it by the nibble.
    let zh = i64x2_shl(z, 4 * (d & 1));
    let (lo, hi) = &PACK_SWIZZLE[width_index(d)];
    v128_or(
        i8x16_swizzle(z, bytes16(lo)),
        i8x16_swizzle(zh, bytes16(hi)),
    )
}

/// `ByteDecode_d` (without reduction) of the low `d` bytes (d >= 4).
#[inline(always)]
fn unpack(d: u32, raw: v128) -> v128 {
    if d == 11 {
        let (sw, mul) = &UNPACK11;
        let part = |h: usize| {
            let v = i8x16_swizzle(raw, bytes16(&sw[h]));
            let m = i32x4_mul(v, lanes(&mul[h]));
            u32x4_shr(m, 21)
        };
        u16x8_narrow_i32x4(part(0), part(1))
    } else {
        let (sw, mul) = &UNPACK16[width_index(d)];
        let v = i8x16_swizzle(raw, bytes16(sw));
        u16x8_shr(i16x8_mul(v, lanes(mul)), 16 - d)
    }
}

pub(super) fn compress_encode(d: u32, p: &[i16; N], out: &mut [u8]) {
    let out = &mut out[..32 * d as usize];
    if d == 1 {
        // Compress_1(x) = 1 exactly for x in 833 ..= 2496 (q/4 < x < 3q/4
        // after rounding); the lane masks' sign bits are the encoded bits.
        for (v, o) in p.chunks_exact(16).zip(out.chunks_exact_mut(2)) {
            let bit = |c: &[i16]| {
                let x = i16x8_sub(canonical(load_i16(c)), i16x8_splat(833));
                u16x8_lt(x, i16x8_splat(1664))
            };
            let m = i8x16_narrow_i16x8(bit(&v[..8]), bit(&v[8..]));
            o.copy_from_slice(&i8x16_bitmask(m).to_le_bytes());
        }
        return;
    }
    for i in 0..VECS {
        let c = compress(d, canonical(load_i16(&p[8 * i..8 * i + 8])));
        store_group(out, i, d as usize, pack(d, c));
    }
}

pub(super) fn decode_decompress(d: u32, bytes: &[u8], out: &mut [i16; N]) {
    let bytes = &bytes[..32 * d as usize];
    if d == 1 {
        // Decompress_1(b) = 1665 b.
        let bits = lanes(&[1, 2, 4, 8, 16, 32, 64, 128]);
        for (b, o) in bytes.iter().zip(out.chunks_exact_mut(8)) {
            let set = i16x8_ne(v128_and(i16x8_splat(i16::from(*b)), bits), i16x8_splat(0));
            store_i16(o, v128_and(set, i16x8_splat((Q + 1) / 2)));
        }
        return;
    }
    for i in 0..VECS {
        let y = unpack(d, load_group(bytes, i, d as usize));
        let x = i16x8_q15mulr_sat(i16x8_shl(y, 15 - d), i16x8_splat(Q));
        store_i16(&mut out[8 * i..8 * i + 8], x);
    }
}

pub(super) fn encode12(p: &[i16; N], out: &mut [u8]) {
    let out = &mut out[..384];
    for i in 0..VECS {
        let c = canonical(load_i16(&p[8 * i..8 * i + 8]));
        store_group(out, i, 12, pack(12, c));
    }
}

/// Algorithm 6 for d = 12 with the section 7.2 check: the sign bits of
/// `v - q` are ANDed over all lanes, then read once with a bitmask.
pub(super) fn decode12(bytes: &[u8], out: &mut [i16; N]) -> bool {
    let bytes = &bytes[..384];
    let q = i16x8_splat(Q);
    let mut all_below_q = i16x8_splat(-1);
    for i in 0..VECS {
        let r = i16x8_sub(unpack(12, load_group(bytes, i, 12)), q);
        all_below_q = v128_and(all_below_q, r);
        // Values are below 2^12 < 2q: one conditional addition of q.
        let x = i16x8_add(r, v128_and(i16x8_shr(r, 15), q));
        store_i16(&mut out[8 * i..8 * i + 8], x);
    }
    i16x8_bitmask(all_below_q) == 0xff
}
