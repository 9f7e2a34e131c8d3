//! `pack`: simd128 against portable for every bit width, and the samplers'
//! rejection steps at every fill level.

use super::*;
use crate::arith::dsa::DsaArith;
use crate::arith::portable::Portable;
use crate::arith::simd128::Simd128;

/// The widths ML-DSA uses, and a few others (portable fallback).
const BITS: [u32; 11] = [3, 4, 6, 10, 13, 18, 20, 1, 8, 12, 23];

/// Offsets `b` of BitPack / BitUnpack for each width.
fn offset(bits: u32) -> i32 {
    match bits {
        3 => 2,
        4 => 4,
        13 => 1 << 12,
        18 => 1 << 17,
        20 => 1 << 19,
        _ => 1 << (bits - 1),
    }
}

#[test]
fn pack_simple_and_offset_match_portable() {
    let mut rng = Rng(21);
    for bits in BITS {
        let top = ((1u64 << bits) - 1) as i32;
        let b = offset(bits);
        let mut polys = inputs(&mut rng, 0, top, ITERS / 4);
        // Values beyond the width are masked the same way.
        polys.extend(inputs(&mut rng, i32::MIN, i32::MAX, 8));
        for (k, p) in polys.iter().enumerate() {
            // A longer buffer: the bytes after 32 * bits stay untouched.
            let mut po = [0xA5u8; 32 * 24];
            let mut so = [0xA5u8; 32 * 24];
            Portable::pack_simple(p, bits, &mut po);
            Simd128::pack_simple(p, bits, &mut so);
            assert_eq!(po, so, "pack_simple bits {bits}, input {k}");
            // Centred values b - v for v in the width.
            let mut c = p.clone();
            for x in c.0.iter_mut() {
                *x = b.wrapping_sub(*x);
            }
            let (mut po, mut so) = ([0x5Au8; 32 * 24], [0x5Au8; 32 * 24]);
            Portable::pack_offset(&c, b, bits, &mut po);
            Simd128::pack_offset(&c, b, bits, &mut so);
            assert_eq!(po, so, "pack_offset bits {bits}, input {k}");
            // Exactly 32 * bits bytes.
            let len = 32 * bits as usize;
            let (mut po, mut so) = ([0u8; 32 * 24], [0u8; 32 * 24]);
            Portable::pack_offset(&c, b, bits, &mut po[..len]);
            Simd128::pack_offset(&c, b, bits, &mut so[..len]);
            assert_eq!(po, so, "pack_offset bits {bits}, exact buffer, input {k}");
        }
    }
}

#[test]
fn unpack_simple_and_offset_match_portable() {
    let mut rng = Rng(22);
    for bits in BITS {
        let b = offset(bits);
        let len = 32 * bits as usize;
        for k in 0..ITERS {
            let mut bytes = [0u8; 32 * 24 + 16];
            match k {
                0 => bytes.fill(0),
                1 => bytes.fill(0xFF),
                2 => bytes[..len].fill(0xFF),
                _ => rng.bytes(&mut bytes),
            }
            // Exactly the bytes of the encoding, and a longer slice.
            for input in [&bytes[..len], &bytes[..]] {
                let (mut p, mut s) = (Poly([7; N]), Poly([7; N]));
                Portable::unpack_simple(input, bits, &mut p);
                Simd128::unpack_simple(input, bits, &mut s);
                assert_same(
                    &p,
                    &s,
                    &std::format!("unpack_simple bits {bits}, input {k}"),
                );
                Portable::unpack_offset(input, b, bits, &mut p);
                Simd128::unpack_offset(input, b, bits, &mut s);
                assert_same(
                    &p,
                    &s,
                    &std::format!("unpack_offset bits {bits}, input {k}"),
                );
            }
        }
    }
}

#[test]
fn pack_round_trip_through_simd() {
    let mut rng = Rng(23);
    for bits in [3u32, 4, 6, 10, 13, 18, 20] {
        let b = offset(bits);
        let p = rng.poly(b - ((1 << bits) - 1), b);
        let mut buf = [0u8; 32 * 20];
        Simd128::pack_offset(&p, b, bits, &mut buf);
        let mut back = Poly::ZERO;
        Simd128::unpack_offset(&buf, b, bits, &mut back);
        assert_same(&p, &back, &std::format!("round trip bits {bits}"));
    }
}

#[test]
fn rej_uniform_matches_portable_at_every_fill_level() {
    let mut rng = Rng(24);
    // One SHAKE128 block (168 bytes), its multiples, and odd lengths.
    for len in [0usize, 3, 9, 12, 15, 24, 165, 168, 336, 504, 840, 1002] {
        for filled in [0usize, 1, 3, 100, 200, 250, 253, 254, 255, 256] {
            for k in 0..8 {
                let mut bytes = std::vec![0u8; len];
                rng.bytes(&mut bytes);
                // Some candidates at and around q, and all ones (rejected).
                if k % 2 == 1 {
                    for c in bytes.chunks_exact_mut(3) {
                        let v = match rng.next() % 5 {
                            0 => Q - 1,
                            1 => Q,
                            2 => Q + 1,
                            3 => 0x7F_FFFF,
                            _ => 0,
                        } as u32
                            | (((rng.next() & 1) as u32) << 23);
                        c.copy_from_slice(&v.to_le_bytes()[..3]);
                    }
                }
                let (mut p, mut s) = (Poly([-1; N]), Poly([-1; N]));
                let pn = Portable::rej_uniform(&bytes, &mut p, filled);
                let sn = Simd128::rej_uniform(&bytes, &mut s, filled);
                assert_eq!(pn, sn, "rej_uniform count, len {len}, filled {filled}");
                assert_same(
                    &p,
                    &s,
                    &std::format!("rej_uniform len {len}, filled {filled}"),
                );
            }
        }
    }
}

#[test]
fn rej_eta_matches_portable() {
    let mut rng = Rng(25);
    for eta in [2, 4] {
        for filled in [0usize, 1, 255, 256] {
            let mut bytes = [0u8; 136];
            rng.bytes(&mut bytes);
            let (mut p, mut s) = (Poly([-9; N]), Poly([-9; N]));
            let pn = Portable::rej_eta(eta, &bytes, &mut p, filled);
            let sn = Simd128::rej_eta(eta, &bytes, &mut s, filled);
            assert_eq!(pn, sn);
            assert_same(&p, &s, "rej_eta");
        }
    }
}
