//! Bit packing (FIPS 204, section 7.1, Algorithms 16-19) and the samplers'
//! rejection steps (section 7.3) on 4 x i32 lanes.
//!
//! The widths ML-DSA uses (3, 4, 6, 10, 13 for `eta`, `w1`, `t1`, `t0`;
//! 18, 20 for `z`) have tables built at compile time; any other width goes
//! to the portable backend.
//!
//! - Packing, up to 15 bits: eight values (two vectors) take `bits` whole
//!   bytes. 64-bit shifts join lane pairs into `2 bits`-bit values and those
//!   into one `4 bits`-bit value per 64-bit lane; two byte swizzles (the
//!   second of the vector shifted so its value starts at the right bit of
//!   its first byte) place the two values next to each other.
//! - Packing, 18 and 20 bits: four values (one vector) take `bits / 2`
//!   bytes. A multiplication by a per-lane power of two moves each value to
//!   its bit offset within its first byte; one swizzle places the even
//!   lanes, another the odd ones (whose first byte is an even lane's last),
//!   and an OR joins them.
//! - Unpacking: a byte swizzle gives each lane the four bytes that hold its
//!   bits, a multiplication by a per-lane power of two drops the bits above,
//!   and a logical shift right by `32 - bits` drops those below.
//!
//! Every output value is masked to `bits` bits as in the portable
//! `pack`, and only the `32 * bits` bytes the portable backend touches are
//! read or written.

use super::arith::{VECS, lanes, ld, st};
use crate::arith::dsa::{DsaArith, N, Poly, Q};
use crate::arith::portable::Portable;
use crate::arith::simd128::{bytes16, load_u8, store_i32, store_u8};
use core::arch::wasm32::{
    i8x16_swizzle, i32x4_bitmask, i32x4_mul, i32x4_splat, i32x4_sub, i64x2_shl, i64x2_shuffle,
    i64x2_splat, u32x4_lt, u32x4_shr, u64x2_shr, v128, v128_and, v128_or,
};

/// 0x80 as a swizzle index yields a zero byte.
const ZERO: u8 = 0x80;

/// The tables of one bit width.
struct Width {
    bits: u32,
    /// Packing with 64-bit joins (eight values per group) rather than
    /// per-lane multiplications (four values per group).
    narrow: bool,
    /// Bytes per group: `bits` (narrow) or `bits / 2`.
    group: usize,
    /// Narrow: the swizzles of the first and (shifted) second 64-bit lane.
    /// Wide: the swizzles of the even and the odd lanes.
    pack_sw: [[u8; 16]; 2],
    /// Wide: `2^(j bits mod 8)` for lane `j`.
    pack_mul: [i32; 4],
    /// Per vector of a group: lane `j` gets the bytes from
    /// `floor(j bits / 8)`, and the multiplier `2^(32 - bits - j bits mod 8)`.
    unpack_sw: [[u8; 16]; 2],
    unpack_mul: [[i32; 4]; 2],
}

impl Width {
    const fn new(bits: u32) -> Width {
        let b = bits as usize;
        let narrow = b <= 15;
        let mut w = Width {
            bits,
            narrow,
            group: if narrow { b } else { b / 2 },
            pack_sw: [[ZERO; 16]; 2],
            pack_mul: [0; 4],
            unpack_sw: [[ZERO; 16]; 2],
            unpack_mul: [[0; 4]; 2],
        };
        assert!(
            narrow || b.is_multiple_of(2),
            "four values must fill whole bytes"
        );
        if narrow {
            // The first value: bytes 0 .. ceil(4 b / 8) of lane 0.
            let mut k = 0;
            while k < (4 * b).div_ceil(8) {
                w.pack_sw[0][k] = k as u8;
                k += 1;
            }
            // The second, shifted by 4 b mod 8: from byte floor(4 b / 8).
            let s = 4 * b % 8;
            let mut k = 0;
            while k < (4 * b + s).div_ceil(8) {
                w.pack_sw[1][4 * b / 8 + k] = 8 + k as u8;
                k += 1;
            }
        } else {
            let mut j = 0;
            while j < 4 {
                let (first, s) = (j * b / 8, j * b % 8);
                w.pack_mul[j] = 1 << s;
                let mut k = 0;
                while k < (b + s).div_ceil(8) {
                    let slot = &mut w.pack_sw[j % 2][first + k];
                    assert!(*slot == ZERO, "two lanes of one swizzle overlap");
                    *slot = (4 * j + k) as u8;
                    k += 1;
                }
                j += 1;
            }
        }
        let vecs = if narrow { 2 } else { 1 };
        let mut j = 0;
        while j < 4 * vecs {
            let (first, s) = (j * b / 8, j * b % 8);
            assert!(
                first + (b + s).div_ceil(8) <= 16,
                "lane bytes beyond the load"
            );
            let (h, l) = (j / 4, j % 4);
            let mut k = 0;
            while k < 4 {
                if first + k < 16 {
                    w.unpack_sw[h][4 * l + k] = (first + k) as u8;
                }
                k += 1;
            }
            w.unpack_mul[h][l] = (1u32 << (32 - b - s)) as i32;
            j += 1;
        }
        w
    }
}

const WIDTHS: [Width; 7] = [
    Width::new(3),
    Width::new(4),
    Width::new(6),
    Width::new(10),
    Width::new(13),
    Width::new(18),
    Width::new(20),
];

fn width(bits: u32) -> Option<&'static Width> {
    let i = match bits {
        3 => 0,
        4 => 1,
        6 => 2,
        10 => 3,
        13 => 4,
        18 => 5,
        20 => 6,
        _ => return None,
    };
    Some(&WIDTHS[i])
}

/// Loads the `len` bytes of group `i` (at `i * len`) into the low bytes of
/// a vector; the bytes above are the next group's (masked off) or zero.
#[inline(always)]
fn load_group(bytes: &[u8], i: usize, len: usize) -> v128 {
    let off = i * len;
    if off + 16 <= bytes.len() {
        load_u8(&bytes[off..off + 16])
    } else {
        let mut tmp = [0u8; 16];
        tmp[..len].copy_from_slice(&bytes[off..off + len]);
        load_u8(&tmp)
    }
}

/// Writes the low `len` bytes of `v` to group `i` of `out`. Groups must be
/// written in increasing order: a full 16-byte store leaves bytes past the
/// group that the next group overwrites, and `out` ends with the last
/// group.
#[inline(always)]
fn store_group(out: &mut [u8], i: usize, len: usize, v: v128) {
    let off = i * len;
    if off + 16 <= out.len() {
        store_u8(&mut out[off..off + 16], v);
    } else {
        let mut tmp = [0u8; 16];
        store_u8(&mut tmp, v);
        out[off..off + len].copy_from_slice(&tmp[..len]);
    }
}

/// Packs `value(coefficients)` of every vector of `p`, masked to `w.bits`
/// bits, into `out` (exactly `32 * bits` bytes).
#[inline(always)]
fn pack(p: &Poly, w: &Width, out: &mut [u8], value: impl Fn(v128) -> v128) {
    let b = w.bits;
    let mask = i32x4_splat(((1u64 << b) - 1) as i32);
    let (sw0, sw1) = (bytes16(&w.pack_sw[0]), bytes16(&w.pack_sw[1]));
    if w.narrow {
        let low32 = i64x2_splat(0xFFFF_FFFF);
        let s = 4 * b % 8;
        // Lane pairs to one 2b-bit value per 64-bit lane.
        let join = |x: v128| {
            let x = v128_and(value(x), mask);
            v128_or(v128_and(x, low32), i64x2_shl(u64x2_shr(x, 32), b))
        };
        for g in 0..VECS / 2 {
            let (p0, p1) = (join(ld(p, 2 * g)), join(ld(p, 2 * g + 1)));
            let lo = i64x2_shuffle::<0, 2>(p0, p1);
            let hi = i64x2_shuffle::<1, 3>(p0, p1);
            let z = v128_or(lo, i64x2_shl(hi, 2 * b));
            let v = v128_or(i8x16_swizzle(z, sw0), i8x16_swizzle(i64x2_shl(z, s), sw1));
            store_group(out, g, w.group, v);
        }
    } else {
        let mul = lanes(&w.pack_mul);
        for g in 0..VECS {
            let x = i32x4_mul(v128_and(value(ld(p, g)), mask), mul);
            let v = v128_or(i8x16_swizzle(x, sw0), i8x16_swizzle(x, sw1));
            store_group(out, g, w.group, v);
        }
    }
}

/// Unpacks `32 * bits` bytes and stores `value(values)` for each vector.
#[inline(always)]
fn unpack(bytes: &[u8], w: &Width, out: &mut Poly, value: impl Fn(v128) -> v128) {
    let sh = 32 - w.bits;
    let sw = [bytes16(&w.unpack_sw[0]), bytes16(&w.unpack_sw[1])];
    let mul = [lanes(&w.unpack_mul[0]), lanes(&w.unpack_mul[1])];
    let lane = |v: v128, h: usize| value(u32x4_shr(i32x4_mul(i8x16_swizzle(v, sw[h]), mul[h]), sh));
    if w.narrow {
        for g in 0..VECS / 2 {
            let v = load_group(bytes, g, w.group);
            st(out, 2 * g, lane(v, 0));
            st(out, 2 * g + 1, lane(v, 1));
        }
    } else {
        for g in 0..VECS {
            let v = load_group(bytes, g, w.group);
            st(out, g, lane(v, 0));
        }
    }
}

/// FIPS 204, Algorithm 16 (SimpleBitPack).
pub(super) fn pack_simple(p: &Poly, bits: u32, out: &mut [u8]) {
    match width(bits) {
        Some(w) if out.len() >= 32 * bits as usize => {
            pack(p, w, &mut out[..32 * bits as usize], |x| x)
        }
        _ => Portable::pack_simple(p, bits, out),
    }
}

/// FIPS 204, Algorithm 18 (SimpleBitUnpack).
pub(super) fn unpack_simple(bytes: &[u8], bits: u32, out: &mut Poly) {
    match width(bits) {
        Some(w) if bytes.len() >= 32 * bits as usize => {
            unpack(&bytes[..32 * bits as usize], w, out, |x| x)
        }
        _ => Portable::unpack_simple(bytes, bits, out),
    }
}

/// FIPS 204, Algorithm 17 (BitPack): `b - w_i`, wrapping like the portable
/// backend.
pub(super) fn pack_offset(p: &Poly, b: i32, bits: u32, out: &mut [u8]) {
    match width(bits) {
        Some(w) if out.len() >= 32 * bits as usize => {
            let bv = i32x4_splat(b);
            pack(p, w, &mut out[..32 * bits as usize], |x| i32x4_sub(bv, x))
        }
        _ => Portable::pack_offset(p, b, bits, out),
    }
}

/// FIPS 204, Algorithm 19 (BitUnpack): `w_i = b - v_i`.
pub(super) fn unpack_offset(bytes: &[u8], b: i32, bits: u32, out: &mut Poly) {
    match width(bits) {
        Some(w) if bytes.len() >= 32 * bits as usize => {
            let bv = i32x4_splat(b);
            unpack(&bytes[..32 * bits as usize], w, out, |x| i32x4_sub(bv, x))
        }
        _ => Portable::unpack_offset(bytes, b, bits, out),
    }
}

/// Swizzle giving lane `l` the three bytes of candidate `l` (and a zero
/// top byte).
const THREE_BYTES: [u8; 16] = [0, 1, 2, ZERO, 3, 4, 5, ZERO, 6, 7, 8, ZERO, 9, 10, 11, ZERO];

/// For each 4-bit acceptance mask: the swizzle moving the accepted lanes,
/// in order, to the front.
const COMPACT: [[u8; 16]; 16] = {
    let mut t = [[ZERO; 16]; 16];
    let mut m = 0;
    while m < 16 {
        let mut n = 0;
        let mut l = 0;
        while l < 4 {
            if (m >> l) & 1 == 1 {
                let mut k = 0;
                while k < 4 {
                    t[m][4 * n + k] = (4 * l + k) as u8;
                    k += 1;
                }
                n += 1;
            }
            l += 1;
        }
        m += 1;
    }
    t
};

/// FIPS 204, Algorithms 30 and 14 (rejection step), four candidates at a
/// time. The input is public (SHAKE128 of `rho`), so the acceptance mask may
/// index a table and decide how many values are kept.
pub(super) fn rej_uniform(bytes: &[u8], out: &mut Poly, mut filled: usize) -> usize {
    let three = bytes16(&THREE_BYTES);
    let mask = i32x4_splat(0x7F_FFFF);
    let q = i32x4_splat(Q);
    let mut used = 0;
    // Whole 16-byte loads; the last candidates go to the portable step.
    while filled < N && used + 16 <= bytes.len() {
        let t = v128_and(i8x16_swizzle(load_u8(&bytes[used..used + 16]), three), mask);
        let accept = i32x4_bitmask(u32x4_lt(t, q)) as usize;
        let mut kept = [0i32; 4];
        store_i32(&mut kept, i8x16_swizzle(t, bytes16(&COMPACT[accept])));
        let n = (accept.count_ones() as usize).min(N - filled);
        out.0[filled..filled + n].copy_from_slice(&kept[..n]);
        filled += n;
        used += 12;
    }
    Portable::rej_uniform(&bytes[used..], out, filled)
}

/// FIPS 204, Algorithms 31 and 15 (rejection step): the portable step,
/// whose acceptance of each nibble goes through the constant-time
/// checker's declassification.
pub(super) fn rej_eta(eta: i32, bytes: &[u8], out: &mut Poly, filled: usize) -> usize {
    Portable::rej_eta(eta, bytes, out, filled)
}
