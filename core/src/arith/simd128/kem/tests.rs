//! The simd128 backend against the portable reference, operation by
//! operation, on pseudo-random and extreme inputs.

use crate::arith::kem::{KemArith, N, Poly, Q};
use crate::arith::portable::Portable;
use crate::arith::simd128::Simd128;

/// SplitMix64: a small deterministic generator for test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `-bound ..= bound`.
    fn coeff(&mut self, bound: i32) -> i16 {
        ((self.next() % (2 * bound as u64 + 1)) as i32 - bound) as i16
    }

    fn poly(&mut self, bound: i32) -> Poly {
        let mut p = Poly::ZERO;
        for x in p.0.iter_mut() {
            *x = self.coeff(bound);
        }
        p
    }

    fn bytes(&mut self, out: &mut [u8]) {
        for b in out.iter_mut() {
            *b = self.next() as u8;
        }
    }
}

fn modq(x: i16) -> i32 {
    i32::from(x).rem_euclid(i32::from(Q))
}

fn assert_congruent(a: &Poly, b: &Poly, what: &str) {
    for i in 0..N {
        assert_eq!(modq(a.0[i]), modq(b.0[i]), "{what}: coefficient {i}");
    }
}

fn assert_below(p: &Poly, bound: i32, what: &str) {
    for (i, x) in p.0.iter().enumerate() {
        assert!(
            i32::from(*x).abs() <= bound,
            "{what}: coefficient {i} = {x}"
        );
    }
}

const HALF: i32 = (Q as i32 - 1) / 2;

/// Polynomials with every coefficient `v`, for the extremes of a range.
fn constant_polys(values: &[i16]) -> impl Iterator<Item = Poly> + '_ {
    values.iter().map(|&v| Poly([v; N]))
}

#[test]
fn ntt_matches_portable_exactly() {
    let mut rng = Rng(1);
    let q1 = Q - 1;
    let mut inputs: std::vec::Vec<Poly> = constant_polys(&[0, 1, q1, -q1]).collect();
    let mut alternating = Poly::ZERO;
    for (i, x) in alternating.0.iter_mut().enumerate() {
        *x = if i % 2 == 0 { q1 } else { -q1 };
    }
    inputs.push(alternating);
    for _ in 0..200 {
        inputs.push(rng.poly(i32::from(q1)));
    }
    for (k, p) in inputs.iter().enumerate() {
        let (mut a, mut b) = (p.clone(), p.clone());
        Portable::ntt(&mut a);
        Simd128::ntt(&mut b);
        assert_eq!(a, b, "input {k}");
        assert_below(&b, HALF, "ntt");
    }
}

#[test]
fn inv_ntt_matches_portable_mod_q() {
    let mut rng = Rng(2);
    let mut inputs: std::vec::Vec<Poly> =
        constant_polys(&[0, 1, i16::MAX, -i16::MAX, Q, -Q]).collect();
    for k in 0..200 {
        let bound = if k % 2 == 0 {
            i32::from(i16::MAX)
        } else {
            4 * i32::from(Q)
        };
        inputs.push(rng.poly(bound));
    }
    for (k, p) in inputs.iter().enumerate() {
        let (mut a, mut b) = (p.clone(), p.clone());
        Portable::inv_ntt(&mut a);
        Simd128::inv_ntt(&mut b);
        assert_congruent(&a, &b, "inv_ntt");
        assert_below(&b, i32::from(Q) - 1, "inv_ntt");
        let _ = k;
    }
}

#[test]
fn ntt_round_trip_through_simd() {
    let mut rng = Rng(3);
    for _ in 0..20 {
        let orig = rng.poly(i32::from(Q) - 1);
        let mut p = orig.clone();
        Simd128::ntt(&mut p);
        Simd128::inv_ntt(&mut p);
        // inv_ntt multiplies by R = 2^16.
        for i in 0..N {
            assert_eq!(modq(p.0[i]), modq(orig.0[i]) * 65536 % i32::from(Q));
        }
    }
}

#[test]
fn basemul_acc_matches_portable_over_four_accumulations() {
    let mut rng = Rng(4);
    let q1 = i32::from(Q) - 1;
    for round in 0..60 {
        // Extreme rounds use +-(q - 1) everywhere.
        let pick = |rng: &mut Rng, r: usize| match r % 6 {
            0 => Poly([(Q - 1); N]),
            1 => Poly([-(Q - 1); N]),
            _ => rng.poly(q1),
        };
        let mut acc_p = rng.poly(HALF);
        let mut acc_s = acc_p.clone();
        for k in 0..4 {
            let a = pick(&mut rng, round + k);
            let b = pick(&mut rng, round + 2 * k + 1);
            let before = acc_s.clone();
            Portable::basemul_acc(&mut acc_p, &a, &b);
            Simd128::basemul_acc(&mut acc_s, &a, &b);
            assert_congruent(&acc_p, &acc_s, "basemul_acc");
            // Each call adds a term below q in magnitude.
            for i in 0..N {
                let added = i32::from(acc_s.0[i]) - i32::from(before.0[i]);
                assert!(
                    added.abs() < i32::from(Q),
                    "round {round} call {k} coefficient {i}"
                );
            }
        }
        // The accumulated result is a valid inv_ntt input.
        Portable::inv_ntt(&mut acc_p);
        Simd128::inv_ntt(&mut acc_s);
        assert_congruent(&acc_p, &acc_s, "basemul_acc then inv_ntt");
    }
}

#[test]
fn add_and_sub_from_match_portable() {
    let mut rng = Rng(5);
    for _ in 0..50 {
        let x = rng.poly(i32::from(i16::MAX));
        let y = rng.poly(i32::from(i16::MAX));
        let (mut a, mut b) = (x.clone(), x.clone());
        Portable::add(&mut a, &y);
        Simd128::add(&mut b, &y);
        assert_eq!(a, b);
        let (mut a, mut b) = (x.clone(), x);
        Portable::sub_from(&mut a, &y);
        Simd128::sub_from(&mut b, &y);
        assert_eq!(a, b);
    }
}

/// Every `i16`, 256 per polynomial.
fn all_i16_polys() -> impl Iterator<Item = Poly> {
    (0..256).map(|k| {
        let mut p = Poly::ZERO;
        for (i, x) in p.0.iter_mut().enumerate() {
            *x = (k * 256 + i) as u16 as i16;
        }
        p
    })
}

#[test]
fn reduce_matches_portable_on_every_i16() {
    for p in all_i16_polys() {
        let (mut a, mut b) = (p.clone(), p);
        Portable::reduce(&mut a);
        Simd128::reduce(&mut b);
        assert_eq!(a, b);
        assert_below(&b, HALF, "reduce");
    }
}

#[test]
fn to_mont_matches_portable_on_every_i16() {
    for p in all_i16_polys() {
        let (mut a, mut b) = (p.clone(), p.clone());
        Portable::to_mont(&mut a);
        Simd128::to_mont(&mut b);
        assert_congruent(&a, &b, "to_mont");
        assert_below(&b, HALF, "to_mont");
        for i in 0..N {
            assert_eq!(modq(b.0[i]), modq(p.0[i]) * 65536 % i32::from(Q));
        }
    }
}

const WIDTHS: [u32; 5] = [1, 4, 5, 10, 11];

#[test]
fn compress_encode_matches_portable_for_every_width() {
    let mut rng = Rng(6);
    // Every canonical value (13 polynomials), then random i16 inputs.
    let mut inputs: std::vec::Vec<Poly> = (0..13)
        .map(|k| {
            let mut p = Poly::ZERO;
            for (i, x) in p.0.iter_mut().enumerate() {
                *x = ((k * 256 + i) % Q as usize) as i16;
            }
            p
        })
        .collect();
    inputs.extend(all_i16_polys().step_by(17));
    for _ in 0..50 {
        inputs.push(rng.poly(i32::from(i16::MAX)));
    }
    for d in WIDTHS {
        let len = 32 * d as usize;
        for p in &inputs {
            let (mut a, mut b) = ([0u8; 352], [0x5au8; 352]);
            Portable::compress_encode(d, p, &mut a[..len]);
            Simd128::compress_encode(d, p, &mut b[..len]);
            assert_eq!(a[..len], b[..len], "d {d}");
            // Nothing past the 32 d bytes is touched.
            assert!(b[len..].iter().all(|&x| x == 0x5a), "d {d}");
        }
    }
}

#[test]
fn decode_decompress_matches_portable_for_every_width() {
    let mut rng = Rng(7);
    for d in WIDTHS {
        let len = 32 * d as usize;
        for k in 0..100 {
            let mut bytes = [0u8; 352];
            match k {
                0 => bytes = [0xff; 352],
                1 => {}
                _ => rng.bytes(&mut bytes),
            }
            let (mut a, mut b) = (Poly::ZERO, Poly([7; N]));
            Portable::decode_decompress(d, &bytes[..len], &mut a);
            Simd128::decode_decompress(d, &bytes[..len], &mut b);
            assert_eq!(a, b, "d {d} case {k}");
        }
    }
}

#[test]
fn encode12_matches_portable() {
    let mut rng = Rng(8);
    let inputs = all_i16_polys().chain((0..50).map(|_| rng.poly(i32::from(i16::MAX))));
    for p in inputs {
        let (mut a, mut b) = ([0u8; 400], [0x5au8; 400]);
        Portable::encode12(&p, &mut a[..384]);
        Simd128::encode12(&p, &mut b[..384]);
        assert_eq!(a[..384], b[..384]);
        assert!(b[384..].iter().all(|&x| x == 0x5a));
    }
}

#[test]
fn decode12_matches_portable_including_out_of_range() {
    let mut rng = Rng(9);
    // Random bytes: almost always some value >= q.
    for k in 0..100 {
        let mut bytes = [0u8; 384];
        rng.bytes(&mut bytes);
        if k == 0 {
            bytes = [0xff; 384];
        }
        let (mut a, mut b) = (Poly::ZERO, Poly::ZERO);
        let ok_a = Portable::decode12(&bytes, &mut a);
        let ok_b = Simd128::decode12(&bytes, &mut b);
        assert_eq!(a, b);
        assert_eq!(ok_a, ok_b);
    }
    // An encoding of canonical values passes; one value q or 4095 at any
    // position fails.
    let mut p = rng.poly(i32::from(i16::MAX));
    Portable::reduce(&mut p);
    let mut bytes = [0u8; 384];
    Portable::encode12(&p, &mut bytes);
    let mut b = Poly::ZERO;
    assert!(Simd128::decode12(&bytes, &mut b));
    let mut canon = p.clone();
    for x in canon.0.iter_mut() {
        *x = modq(*x) as i16;
    }
    assert_eq!(b, canon);
    for i in 0..N {
        for bad in [Q, 4095, Q - 1] {
            let mut q = canon.clone();
            q.0[i] = bad;
            let mut enc = [0u8; 384];
            Portable::encode12(&q, &mut enc);
            // encode12 reduces first; patch the 12-bit field directly.
            let bit = 12 * i;
            let v = u32::from(bad as u16);
            let (byte, shift) = (bit / 8, bit % 8);
            let mut w = u32::from(enc[byte]) | u32::from(enc[byte + 1]) << 8;
            w = (w & !(0xfff << shift)) | (v << shift);
            enc[byte] = w as u8;
            enc[byte + 1] = (w >> 8) as u8;
            let (mut a, mut b) = (Poly::ZERO, Poly::ZERO);
            let ok_a = Portable::decode12(&enc, &mut a);
            let ok_b = Simd128::decode12(&enc, &mut b);
            assert_eq!(ok_b, bad < Q, "position {i} value {bad}");
            assert_eq!(ok_a, ok_b);
            assert_eq!(a, b);
        }
    }
}

#[test]
fn rej_sample_matches_portable_at_every_fill_level() {
    let mut rng = Rng(10);
    for len in [0usize, 3, 12, 15, 168, 504] {
        for filled in [0usize, 1, 100, 200, 240, 247, 248, 249, 250, 255, 256] {
            for k in 0..8 {
                let mut bytes = [0u8; 504];
                match k {
                    0 => bytes = [0xff; 504],
                    1 => bytes = [0; 504],
                    // Values around q: 0x0d00 = 3328 and 0x0d01 = 3329.
                    2 => {
                        for (i, b) in bytes.iter_mut().enumerate() {
                            *b = [0x00, 0x0d, 0xd0, 0x01, 0x1d, 0xd0][i % 6];
                        }
                    }
                    _ => rng.bytes(&mut bytes),
                }
                let bytes = &bytes[..len];
                let prefill = rng.poly(i32::from(i16::MAX));
                let (mut a, mut b) = (prefill.clone(), prefill);
                let na = Portable::rej_sample(bytes, &mut a, filled);
                let nb = Simd128::rej_sample(bytes, &mut b, filled);
                assert_eq!(na, nb, "len {len} filled {filled} case {k}");
                assert_eq!(a, b, "len {len} filled {filled} case {k}");
            }
        }
    }
}

#[test]
fn sample_cbd_matches_portable() {
    let mut rng = Rng(11);
    for eta in [2u32, 3] {
        let len = 64 * eta as usize;
        for k in 0..100 {
            let mut bytes = [0u8; 192];
            match k {
                0 => bytes = [0xff; 192],
                1 => {}
                2 => bytes = [0x0f; 192],
                3 => bytes = [0xf0; 192],
                _ => rng.bytes(&mut bytes),
            }
            let (mut a, mut b) = (Poly::ZERO, Poly([9; N]));
            Portable::sample_cbd(eta, &bytes[..len], &mut a);
            Simd128::sample_cbd(eta, &bytes[..len], &mut b);
            assert_eq!(a, b, "eta {eta} case {k}");
            assert_below(&b, eta as i32, "cbd");
        }
    }
}
