//! `rounding`, `pack`: AVX2 against portable.

use super::super::super::Avx2;
use super::*;
use crate::arith::dsa::{DsaArith, Q};
use crate::arith::portable::Portable;

const GAMMA2: [i32; 2] = [(Q - 1) / 88, (Q - 1) / 32];

/// The largest magnitude the rounding functions accept: `|a| < 2^31 - 2^22`.
const WIDE: i32 = (1 << 30) + ((1 << 30) - (1 << 22) - 1);

/// Every bit width ML-DSA packs, with the offset `b` used at that width
/// (eta 2 and 4, `2^(d-1)` for t0, gamma1 for z).
const WIDTHS: [(u32, i32); 7] = [
    (3, 2),
    (4, 4),
    (6, 0),
    (10, 0),
    (13, 1 << 12),
    (18, 1 << 17),
    (20, 1 << 19),
];

/// A polynomial of values a Decompose boundary away: `k * 2 gamma2 + e`
/// with `|e| <= 2`, shifted by a random multiple of `q`, plus values next
/// to `0`, `(q-1)/2` and `q - 1` (where `a1` wraps) and the range ends.
fn boundary_poly(rng: &mut Rng, gamma2: i32) -> Poly {
    let mut p = Poly::ZERO;
    let top = (Q - 1) / (2 * gamma2);
    for x in p.0.iter_mut() {
        let base = match rng.next() % 8 {
            0 => Q - 1,
            1 => (Q - 1) / 2,
            2 => 0,
            3 => Q - 1 - gamma2,
            _ => rng.range(0, top) * 2 * gamma2 + [-gamma2, 0, gamma2][(rng.next() % 3) as usize],
        };
        let v = i64::from(base)
            + i64::from(rng.range(-2, 2))
            + i64::from(Q) * i64::from(rng.range(-200, 200));
        *x = v.clamp(-i64::from(WIDE), i64::from(WIDE)) as i32;
    }
    if rng.next().is_multiple_of(8) {
        p.0[0] = WIDE;
        p.0[1] = -WIDE;
        p.0[2] = Q;
        p.0[3] = -Q;
    }
    p
}

/// Polynomials over the whole input range of the rounding functions.
fn rounding_input(rng: &mut Rng, gamma2: i32, it: usize) -> Poly {
    match it % 4 {
        0 => rng.poly(0, Q - 1),
        1 => rng.poly(-WIDE, WIDE),
        2 => rng.poly(-2 * Q, 2 * Q),
        _ => boundary_poly(rng, gamma2),
    }
}

#[test]
fn power2round() {
    if skip() {
        return;
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for it in 0..ITERS {
        let t = if it == 0 {
            Poly(core::array::from_fn(|i| {
                [0, 1, 4095, 4096, 4097, 8191, 8192, Q - 1][i % 8]
            }))
        } else {
            rng.poly(0, Q - 1)
        };
        let (mut a1, mut a0) = (rng.poly(-9, 9), rng.poly(-9, 9));
        let (mut b1, mut b0) = (a1.clone(), a0.clone());
        Avx2::power2round(&t, &mut a1, &mut a0);
        Portable::power2round(&t, &mut b1, &mut b0);
        assert_same(&a1, &b1, "power2round t1");
        assert_same(&a0, &b0, "power2round t0");
    }
}

#[test]
fn decompose_and_high_bits() {
    if skip() {
        return;
    }
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for gamma2 in GAMMA2 {
        for it in 0..ITERS {
            let a = rounding_input(&mut rng, gamma2, it);
            let (mut a1, mut a0) = (Poly::ZERO, Poly::ZERO);
            let (mut b1, mut b0) = (Poly::ZERO, Poly::ZERO);
            Avx2::decompose(gamma2, &a, &mut a1, &mut a0);
            Portable::decompose(gamma2, &a, &mut b1, &mut b0);
            assert_same(&a1, &b1, "decompose a1");
            assert_same(&a0, &b0, "decompose a0");
            let (mut h, mut g) = (a.clone(), a.clone());
            Avx2::high_bits(gamma2, &mut h);
            Portable::high_bits(gamma2, &mut g);
            assert_same(&h, &g, "high_bits");
            assert_same(&h, &b1, "high_bits against decompose");
        }
    }
}

#[test]
fn decompose_every_canonical_value() {
    if skip() {
        return;
    }
    for gamma2 in GAMMA2 {
        let mut a = Poly::ZERO;
        let mut start = 0;
        while start < Q {
            for (i, x) in a.0.iter_mut().enumerate() {
                *x = (start + i as i32).min(Q - 1);
            }
            let (mut a1, mut a0) = (Poly::ZERO, Poly::ZERO);
            let (mut b1, mut b0) = (Poly::ZERO, Poly::ZERO);
            Avx2::decompose(gamma2, &a, &mut a1, &mut a0);
            Portable::decompose(gamma2, &a, &mut b1, &mut b0);
            assert_same(&a1, &b1, "decompose a1");
            assert_same(&a0, &b0, "decompose a0");
            start += N as i32;
        }
    }
}

#[test]
fn make_hint() {
    if skip() {
        return;
    }
    let mut rng = Rng(0x1234_5678_9abc_def1);
    for gamma2 in GAMMA2 {
        for it in 0..ITERS {
            // r near the boundaries and z small (as in signing), or both
            // anywhere with |r + z| still in range.
            let (z, r) = match it % 3 {
                0 => (rng.poly(-gamma2, gamma2), boundary_poly(&mut rng, gamma2)),
                1 => (rng.poly(-3, 3), boundary_poly(&mut rng, gamma2)),
                _ => (rng.poly(-WIDE / 2, WIDE / 2), rng.poly(-WIDE / 2, WIDE / 2)),
            };
            let mut r = r;
            if it % 3 != 2 {
                // Keep |r + z| below the bound.
                for x in r.0.iter_mut() {
                    *x = (*x).clamp(-WIDE + gamma2, WIDE - gamma2);
                }
            }
            let (mut h, mut g) = (rng.poly(-5, 5), rng.poly(-5, 5));
            let n = Avx2::make_hint(gamma2, &z, &r, &mut h);
            let m = Portable::make_hint(gamma2, &z, &r, &mut g);
            assert_same(&h, &g, "make_hint");
            assert_eq!(n, m, "make_hint count");
        }
        // Every hint set, and none.
        let r = Poly(core::array::from_fn(|i| {
            (i as i32 % 16) * 2 * gamma2 + gamma2
        }));
        let z = Poly([1; N]);
        let mut h = Poly::ZERO;
        assert_eq!(Avx2::make_hint(gamma2, &z, &r, &mut h), N as u32);
        let z = Poly([-1; N]);
        assert_eq!(Avx2::make_hint(gamma2, &z, &r, &mut h), 0);
    }
}

#[test]
fn use_hint() {
    if skip() {
        return;
    }
    let mut rng = Rng(0x0bad_cafe_f00d_1234);
    for gamma2 in GAMMA2 {
        for it in 0..ITERS {
            let a = rounding_input(&mut rng, gamma2, it);
            let h = match it % 3 {
                0 => rng.poly(0, 1),
                1 => Poly([1; N]),
                // Only the low bit counts, in both backends.
                _ => rng.poly(i32::MIN, i32::MAX),
            };
            let (mut x, mut y) = (a.clone(), a);
            Avx2::use_hint(gamma2, &mut x, &h);
            Portable::use_hint(gamma2, &mut y, &h);
            assert_same(&x, &y, "use_hint");
        }
    }
}

/// The centred absolute value `|a mod+- q|`.
fn centred_abs(a: i32) -> i32 {
    let c = a.rem_euclid(Q);
    if c > (Q - 1) / 2 { Q - c } else { c }
}

#[test]
fn exceeds_norm() {
    if skip() {
        return;
    }
    let mut rng = Rng(0x5eed_0000_0000_0001);
    for it in 0..4 * ITERS {
        let mut p = match it % 4 {
            0 => rng.poly(-WIDE, WIDE),
            1 => rng.poly(-(1 << 19), 1 << 19),
            2 => rng.poly(-5, 5),
            _ => boundary_poly(&mut rng, GAMMA2[it / 4 % 2]),
        };
        if it % 8 == 7 {
            // One large coefficient among small ones, anywhere.
            p = rng.poly(-2, 2);
            p.0[rng.range(0, N as i32 - 1) as usize] = rng.range(-WIDE, WIDE);
        }
        // Bounds at and next to a coefficient's centred absolute value, and
        // at the maximum of all of them.
        let pick = centred_abs(p.0[rng.range(0, N as i32 - 1) as usize]);
        let max = p.0.iter().map(|&x| centred_abs(x)).max().unwrap_or(0);
        for base in [pick, max, rng.range(0, (Q - 1) / 2)] {
            for bound in [base - 1, base, base + 1] {
                let bound = bound.clamp(0, (Q - 1) / 2);
                let got = Avx2::exceeds_norm(&p, bound);
                assert_eq!(got, Portable::exceeds_norm(&p, bound), "bound {bound}");
                assert_eq!(got, max >= bound, "bound {bound} against max {max}");
            }
        }
    }
}

/// Runs `pack` of both backends into buffers one byte longer than needed
/// (prefilled alike) and compares them, the extra byte included.
#[track_caller]
fn check_pack(p: &Poly, bits: u32, b: Option<i32>, rng: &mut Rng) {
    let len = 32 * bits as usize;
    let mut x = std::vec![0u8; len + 1];
    rng.bytes(&mut x);
    let mut y = x.clone();
    match b {
        None => {
            Avx2::pack_simple(p, bits, &mut x);
            Portable::pack_simple(p, bits, &mut y);
        }
        Some(b) => {
            Avx2::pack_offset(p, b, bits, &mut x);
            Portable::pack_offset(p, b, bits, &mut y);
        }
    }
    assert_eq!(x, y, "pack bits {bits} offset {b:?}");
}

#[test]
fn pack() {
    if skip() {
        return;
    }
    let mut rng = Rng(0xfeed_beef_0000_0007);
    for (bits, b) in WIDTHS {
        let top = (1i32 << bits) - 1;
        for it in 0..ITERS {
            let p = rng.poly(0, top);
            check_pack(&p, bits, None, &mut rng);
            let p = rng.poly(b - top, b);
            check_pack(&p, bits, Some(b), &mut rng);
            if it % 16 == 0 {
                // Out of range: both keep the low bits.
                let p = rng.poly(i32::MIN, i32::MAX);
                check_pack(&p, bits, None, &mut rng);
                check_pack(&p, bits, Some(b), &mut rng);
            }
        }
        let ones = Poly([top; N]);
        check_pack(&ones, bits, None, &mut rng);
        check_pack(&Poly([b - top; N]), bits, Some(b), &mut rng);
    }
    // Widths ML-DSA never uses go to the portable code.
    for bits in [1u32, 5, 8, 12, 16, 23] {
        let p = rng.poly(0, (1 << bits) - 1);
        check_pack(&p, bits, None, &mut rng);
        check_pack(&p, bits, Some(7), &mut rng);
    }
}

#[test]
fn unpack() {
    if skip() {
        return;
    }
    let mut rng = Rng(0xabcd_ef01_2345_6789);
    for (bits, b) in WIDTHS
        .iter()
        .copied()
        .chain([(1, 1), (5, 9), (8, 0), (12, 3)])
    {
        let len = 32 * bits as usize;
        for it in 0..ITERS {
            // Exactly `32 bits` bytes, or more (only the first are read).
            let mut bytes = std::vec![0u8; len + it % 3 * 17];
            rng.bytes(&mut bytes);
            if it % 8 == 0 {
                bytes.fill(0xFF);
            }
            let (mut x, mut y) = (rng.poly(-9, 9), rng.poly(-9, 9));
            Avx2::unpack_simple(&bytes, bits, &mut x);
            Portable::unpack_simple(&bytes, bits, &mut y);
            assert_same(&x, &y, "unpack_simple");
            Avx2::unpack_offset(&bytes, b, bits, &mut x);
            Portable::unpack_offset(&bytes, b, bits, &mut y);
            assert_same(&x, &y, "unpack_offset");
        }
    }
}

#[test]
fn pack_unpack_short_slices_panic_like_portable() {
    if skip() {
        return;
    }
    let p = Poly::ZERO;
    for (bits, b) in WIDTHS {
        let len = 32 * bits as usize - 1;
        let avx =
            std::panic::catch_unwind(|| Avx2::pack_offset(&p, b, bits, &mut [0u8; 640][..len]));
        let port =
            std::panic::catch_unwind(|| Portable::pack_offset(&p, b, bits, &mut [0u8; 640][..len]));
        assert_eq!(avx.is_err(), port.is_err());
        let avx = std::panic::catch_unwind(|| {
            Avx2::unpack_simple(&[0u8; 640][..len], bits, &mut Poly::default())
        });
        let port = std::panic::catch_unwind(|| {
            Portable::unpack_simple(&[0u8; 640][..len], bits, &mut Poly::default())
        });
        assert_eq!(avx.is_err(), port.is_err());
    }
}

/// Fill levels for the samplers: all of them now and then, else mostly
/// low, with the last few (where the vector steps stop) often.
fn fill_level(rng: &mut Rng) -> usize {
    match rng.next() % 4 {
        0 => rng.range(240, 256) as usize,
        1 => rng.range(0, 8) as usize,
        _ => rng.range(0, 256) as usize,
    }
}

#[test]
fn rej_uniform() {
    if skip() {
        return;
    }
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    for it in 0..4 * ITERS {
        let len = match it % 3 {
            0 => 168,
            1 => 3 * rng.range(0, 300) as usize,
            // Not a multiple of 3: the last bytes are ignored by both.
            _ => rng.range(0, 900) as usize,
        };
        let mut bytes = std::vec![0u8; len];
        rng.bytes(&mut bytes);
        if it % 5 == 0 {
            // Many rejections and values at q - 1, q, q + 1.
            for c in bytes.chunks_exact_mut(3) {
                let v = match rng.next() % 4 {
                    0 => Q - 1,
                    1 => Q,
                    2 => Q + 1,
                    _ => rng.range(Q, 0xFF_FFFF),
                } as u32;
                c.copy_from_slice(&v.to_le_bytes()[..3]);
            }
        }
        let filled = if it < 257 { it } else { fill_level(&mut rng) };
        let mut x = rng.poly(-9, 9);
        let mut y = x.clone();
        let n = Avx2::rej_uniform(&bytes, &mut x, filled);
        let m = Portable::rej_uniform(&bytes, &mut y, filled);
        assert_eq!(n, m, "rej_uniform fill level (len {len}, filled {filled})");
        assert_same(&x, &y, "rej_uniform");
    }
}

#[test]
fn rej_eta() {
    if skip() {
        return;
    }
    let mut rng = Rng(0xfedc_ba98_7654_3210);
    for eta in [2, 4, 3] {
        for it in 0..4 * ITERS {
            let len = match it % 3 {
                0 => 136,
                1 => rng.range(0, 300) as usize,
                _ => rng.range(0, 20) as usize,
            };
            let mut bytes = std::vec![0u8; len];
            rng.bytes(&mut bytes);
            if it % 5 == 0 {
                // Many rejected half-bytes and those next to the bounds.
                for b in bytes.iter_mut() {
                    *b = [0xFF, 0xEF, 0x9F, 0x89, 0x8E, 0x0E, 0xF0][(rng.next() % 7) as usize];
                }
            }
            let filled = if it < 257 { it } else { fill_level(&mut rng) };
            let mut x = rng.poly(-9, 9);
            let mut y = x.clone();
            let n = Avx2::rej_eta(eta, &bytes, &mut x, filled);
            let m = Portable::rej_eta(eta, &bytes, &mut y, filled);
            assert_eq!(
                n, m,
                "rej_eta {eta} fill level (len {len}, filled {filled})"
            );
            assert_same(&x, &y, "rej_eta");
        }
    }
}

/// Portable against AVX2 timings per call (`cargo test --release -p pqkit
/// --lib avx2::dsa::tests::rounding::timings -- --ignored --nocapture`).
#[test]
#[ignore]
fn timings() {
    use std::hint::black_box;
    use std::time::Instant;
    if skip() {
        return;
    }
    fn time(name: &str, mut port: impl FnMut(), mut avx: impl FnMut()) {
        const REPS: u32 = 20_000;
        let mut best = [f64::MAX; 2];
        for _ in 0..5 {
            for (k, f) in [&mut port as &mut dyn FnMut(), &mut avx]
                .into_iter()
                .enumerate()
            {
                let t = Instant::now();
                for _ in 0..REPS {
                    f();
                }
                best[k] = best[k].min(t.elapsed().as_nanos() as f64 / f64::from(REPS));
            }
        }
        std::println!(
            "{name:<24} portable {:>8.1} ns  avx2 {:>8.1} ns  x{:.1}",
            best[0],
            best[1],
            best[0] / best[1]
        );
    }
    let mut rng = Rng(1);
    let a = rng.poly(-WIDE, WIDE);
    let z = rng.poly(-(1 << 17), 1 << 17);
    let small = rng.poly(-100_000, 100_000);
    let (mut o1, mut o0) = (Poly::ZERO, Poly::ZERO);
    let (mut v1, mut v0) = (Poly::ZERO, Poly::ZERO);
    let mut buf = [0u8; 640];
    rng.bytes(&mut buf);
    let mut vbuf = buf;
    let canon = rng.poly(0, Q - 1);
    let g = GAMMA2[0];
    time(
        "power2round",
        || Portable::power2round(black_box(&canon), &mut o1, &mut o0),
        || Avx2::power2round(black_box(&canon), &mut v1, &mut v0),
    );
    time(
        "decompose (q-1)/88",
        || Portable::decompose(g, black_box(&a), &mut o1, &mut o0),
        || Avx2::decompose(g, black_box(&a), &mut v1, &mut v0),
    );
    time(
        "decompose (q-1)/32",
        || Portable::decompose(GAMMA2[1], black_box(&a), &mut o1, &mut o0),
        || Avx2::decompose(GAMMA2[1], black_box(&a), &mut v1, &mut v0),
    );
    time(
        "high_bits",
        || {
            o1 = a.clone();
            Portable::high_bits(g, black_box(&mut o1))
        },
        || {
            v1 = a.clone();
            Avx2::high_bits(g, black_box(&mut v1))
        },
    );
    time(
        "make_hint",
        || {
            black_box(Portable::make_hint(g, black_box(&small), &a, &mut o1));
        },
        || {
            black_box(Avx2::make_hint(g, black_box(&small), &a, &mut v1));
        },
    );
    time(
        "use_hint",
        || {
            o1 = a.clone();
            Portable::use_hint(g, black_box(&mut o1), &o0)
        },
        || {
            v1 = a.clone();
            Avx2::use_hint(g, black_box(&mut v1), &v0)
        },
    );
    time(
        "exceeds_norm",
        || {
            black_box(Portable::exceeds_norm(black_box(&z), 1 << 19));
        },
        || {
            black_box(Avx2::exceeds_norm(black_box(&z), 1 << 19));
        },
    );
    for (bits, b) in WIDTHS {
        let p = rng.poly(b - ((1 << bits) - 1), b);
        let len = 32 * bits as usize;
        time(
            &std::format!("pack_offset {bits}"),
            || Portable::pack_offset(black_box(&p), b, bits, &mut buf[..len]),
            || Avx2::pack_offset(black_box(&p), b, bits, &mut vbuf[..len]),
        );
        time(
            &std::format!("unpack_offset {bits}"),
            || Portable::unpack_offset(black_box(&buf[..len]), b, bits, &mut o1),
            || Avx2::unpack_offset(black_box(&vbuf[..len]), b, bits, &mut v1),
        );
    }
    let mut xof = [0u8; 168];
    rng.bytes(&mut xof);
    time(
        "rej_uniform 168 bytes",
        || {
            black_box(Portable::rej_uniform(black_box(&xof), &mut o1, 0));
        },
        || {
            black_box(Avx2::rej_uniform(black_box(&xof), &mut v1, 0));
        },
    );
    for eta in [2, 4] {
        time(
            &std::format!("rej_eta {eta} 136 bytes"),
            || {
                black_box(Portable::rej_eta(eta, black_box(&xof[..136]), &mut o1, 0));
            },
            || {
                black_box(Avx2::rej_eta(eta, black_box(&xof[..136]), &mut v1, 0));
            },
        );
    }
}
