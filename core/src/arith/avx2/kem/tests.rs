//! The AVX2 backend against the portable one, operation by operation, on
//! random and extreme inputs.

use super::super::{Avx2, available};
use crate::arith::kem::{KemArith, N, Poly, Q};
use crate::arith::portable::Portable;

const ITERS: usize = 3000;

/// xorshift64*: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `lo ..= hi`.
    fn range(&mut self, lo: i32, hi: i32) -> i16 {
        (lo + (self.next() >> 16) as i32 % (hi - lo + 1).max(1)) as i16
    }

    fn bytes(&mut self, out: &mut [u8]) {
        for b in out.iter_mut() {
            *b = (self.next() >> 32) as u8;
        }
    }

    /// A polynomial with coefficients in `-bound ..= bound`; every fourth
    /// one uses only the extremes `+-bound` and 0.
    fn poly(&mut self, bound: i32) -> Poly {
        let mut p = Poly::ZERO;
        let extreme = self.next().is_multiple_of(4);
        for x in p.0.iter_mut() {
            *x = if extreme {
                [-bound, 0, bound][(self.next() % 3) as usize] as i16
            } else {
                self.range(-bound, bound)
            };
        }
        p
    }
}

/// Runs the test only on CPUs with AVX2.
fn skip() -> bool {
    if !available() {
        std::println!("skipped: this CPU has no AVX2");
        return true;
    }
    false
}

fn canonical(x: i16) -> i32 {
    i32::from(x).rem_euclid(i32::from(Q))
}

#[track_caller]
fn assert_congruent(a: &Poly, b: &Poly, what: &str) {
    for i in 0..N {
        assert_eq!(
            canonical(a.0[i]),
            canonical(b.0[i]),
            "{what}: coefficient {i}"
        );
    }
}

#[track_caller]
fn assert_bound(p: &Poly, bound: i16, what: &str) {
    for (i, x) in p.0.iter().enumerate() {
        assert!(x.abs() <= bound, "{what}: coefficient {i} = {x}");
    }
}

const HALF: i16 = (Q - 1) / 2;

#[test]
fn ntt_matches_portable() {
    if skip() {
        return;
    }
    let mut rng = Rng(1);
    for it in 0..ITERS {
        let p = match it {
            0 => Poly([Q - 1; N]),
            1 => Poly([-(Q - 1); N]),
            _ => rng.poly(i32::from(Q) - 1),
        };
        let (mut a, mut b) = (p.clone(), p);
        Avx2::ntt(&mut a);
        Portable::ntt(&mut b);
        assert_congruent(&a, &b, "ntt");
        assert_bound(&a, HALF, "ntt");
    }
}

#[test]
fn inv_ntt_matches_portable() {
    if skip() {
        return;
    }
    let mut rng = Rng(2);
    for it in 0..ITERS {
        let p = match it {
            0 => Poly([i16::MAX; N]),
            1 => Poly([i16::MIN + 1; N]),
            2 => Poly([i16::MIN; N]),
            _ if it % 2 == 0 => rng.poly(i32::from(i16::MAX)),
            _ => rng.poly(4 * i32::from(Q)),
        };
        let (mut a, mut b) = (p.clone(), p);
        Avx2::inv_ntt(&mut a);
        Portable::inv_ntt(&mut b);
        assert_congruent(&a, &b, "inv_ntt");
        assert_bound(&a, Q - 1, "inv_ntt");
    }
}

#[test]
fn ntt_round_trip() {
    if skip() {
        return;
    }
    let mut rng = Rng(3);
    for _ in 0..200 {
        let p = rng.poly(i32::from(Q) - 1);
        let mut a = p.clone();
        Avx2::ntt(&mut a);
        Avx2::inv_ntt(&mut a);
        // inv_ntt multiplies by R = 2^16 = 2285 mod q.
        for i in 0..N {
            assert_eq!(canonical(a.0[i]), canonical(p.0[i]) * 2285 % 3329);
        }
    }
}

#[test]
fn basemul_acc_matches_portable() {
    if skip() {
        return;
    }
    let mut rng = Rng(4);
    for it in 0..ITERS {
        let terms = 1 + it % 4;
        let start = rng.poly(i32::from(HALF));
        let (mut a, mut b) = (start.clone(), start);
        for t in 0..terms {
            let (x, y) = match (it, t) {
                (0, _) => (Poly([Q - 1; N]), Poly([Q - 1; N])),
                (1, _) => (Poly([-(Q - 1); N]), Poly([Q - 1; N])),
                _ => (rng.poly(i32::from(Q) - 1), rng.poly(i32::from(Q) - 1)),
            };
            Avx2::basemul_acc(&mut a, &x, &y);
            Portable::basemul_acc(&mut b, &x, &y);
        }
        assert_congruent(&a, &b, "basemul_acc");
        // The contract lets the sum go through inv_ntt.
        Avx2::inv_ntt(&mut a);
        Portable::inv_ntt(&mut b);
        assert_congruent(&a, &b, "basemul_acc then inv_ntt");
    }
}

#[test]
fn elementwise_match_portable() {
    if skip() {
        return;
    }
    let mut rng = Rng(5);
    for it in 0..ITERS {
        let x = rng.poly(i32::from(i16::MAX) / 2);
        let y = rng.poly(i32::from(i16::MAX) / 2);

        let (mut a, mut b) = (x.clone(), x.clone());
        Avx2::add(&mut a, &y);
        Portable::add(&mut b, &y);
        assert_eq!(a, b, "add");

        let (mut a, mut b) = (x.clone(), x.clone());
        Avx2::sub_from(&mut a, &y);
        Portable::sub_from(&mut b, &y);
        assert_eq!(a, b, "sub_from");

        let z = match it {
            0 => Poly([i16::MAX; N]),
            1 => Poly([i16::MIN; N]),
            _ => rng.poly(i32::from(i16::MAX)),
        };
        let (mut a, mut b) = (z.clone(), z.clone());
        Avx2::reduce(&mut a);
        Portable::reduce(&mut b);
        assert_eq!(a, b, "reduce");
        assert_bound(&a, HALF, "reduce");

        let (mut a, mut b) = (z.clone(), z);
        Avx2::to_mont(&mut a);
        Portable::to_mont(&mut b);
        assert_congruent(&a, &b, "to_mont");
        assert_bound(&a, HALF, "to_mont");
    }
}

#[test]
fn reduce_every_i16() {
    if skip() {
        return;
    }
    let mut all = (i16::MIN..=i16::MAX).collect::<std::vec::Vec<_>>();
    for chunk in all.chunks_mut(N) {
        let mut p = Poly::ZERO;
        p.0.copy_from_slice(chunk);
        let mut q = p.clone();
        Avx2::reduce(&mut p);
        Portable::reduce(&mut q);
        assert_eq!(p, q);
        let mut m = q.clone();
        Avx2::to_mont(&mut m);
        for (x, y) in m.0.iter().zip(q.0.iter()) {
            assert!(x.abs() <= HALF);
            assert_eq!(canonical(*x), canonical(*y) * 2285 % 3329);
        }
    }
}

const DS: [u32; 5] = [1, 4, 5, 10, 11];

#[test]
fn compress_encode_matches_portable() {
    if skip() {
        return;
    }
    let mut rng = Rng(6);
    // Every canonical value, then random and extreme representatives.
    let mut every = std::vec::Vec::new();
    for chunk in (0..Q).collect::<std::vec::Vec<_>>().chunks(N) {
        let mut p = Poly::ZERO;
        p.0[..chunk.len()].copy_from_slice(chunk);
        every.push(p);
    }
    for d in DS {
        let len = 32 * d as usize;
        let mut polys = every.clone();
        polys.push(Poly([i16::MAX; N]));
        polys.push(Poly([i16::MIN; N]));
        for _ in 0..ITERS / 5 {
            polys.push(rng.poly(i32::from(i16::MAX)));
        }
        for p in &polys {
            let mut a = [0xa5u8; 352];
            let mut b = [0x5au8; 352];
            Avx2::compress_encode(d, p, &mut a[..len]);
            Portable::compress_encode(d, p, &mut b[..len]);
            assert_eq!(a[..len], b[..len], "d {d}");
            assert!(
                a[len..].iter().all(|&x| x == 0xa5),
                "d {d}: wrote past the end"
            );
        }
    }
}

#[test]
fn decode_decompress_matches_portable() {
    if skip() {
        return;
    }
    let mut rng = Rng(7);
    for d in DS {
        let len = 32 * d as usize;
        for it in 0..ITERS / 5 {
            let mut bytes = [0u8; 352];
            match it {
                0 => bytes.fill(0xff),
                1 => {}
                _ => rng.bytes(&mut bytes),
            }
            let (mut a, mut b) = (Poly([7; N]), Poly([9; N]));
            Avx2::decode_decompress(d, &bytes[..len], &mut a);
            Portable::decode_decompress(d, &bytes[..len], &mut b);
            assert_eq!(a, b, "d {d}");
        }
    }
}

#[test]
fn encode12_matches_portable() {
    if skip() {
        return;
    }
    let mut rng = Rng(8);
    for it in 0..ITERS {
        let p = match it {
            0 => Poly([i16::MAX; N]),
            1 => Poly([i16::MIN; N]),
            2 => Poly([Q - 1; N]),
            _ => rng.poly(i32::from(i16::MAX)),
        };
        let mut a = [0xa5u8; 400];
        let mut b = [0u8; 384];
        Avx2::encode12(&p, &mut a[..384]);
        Portable::encode12(&p, &mut b);
        assert_eq!(a[..384], b[..]);
        assert!(a[384..].iter().all(|&x| x == 0xa5), "wrote past the end");
    }
}

#[test]
fn decode12_matches_portable() {
    if skip() {
        return;
    }
    let mut rng = Rng(9);
    let mut seen = [false; 2];
    for it in 0..ITERS {
        let mut bytes = [0u8; 384];
        match it {
            0 => bytes.fill(0xff),
            1 => {}
            _ => {
                // Mostly valid keys, some with one or more values >= q.
                let mut p = Poly::ZERO;
                for x in p.0.iter_mut() {
                    *x = rng.range(0, i32::from(Q) - 1);
                }
                Portable::encode12(&p, &mut bytes);
                for _ in 0..rng.next() % 3 {
                    let i = (rng.next() % N as u64) as usize;
                    let v = rng.range(i32::from(Q), 4095) as u16;
                    let o = 3 * (i / 2);
                    if i.is_multiple_of(2) {
                        bytes[o] = v as u8;
                        bytes[o + 1] = bytes[o + 1] & 0xf0 | (v >> 8) as u8;
                    } else {
                        bytes[o + 1] = bytes[o + 1] & 0x0f | (v << 4) as u8;
                        bytes[o + 2] = (v >> 4) as u8;
                    }
                }
                if it % 5 == 0 {
                    rng.bytes(&mut bytes);
                }
            }
        }
        let (mut a, mut b) = (Poly([7; N]), Poly([9; N]));
        let ra = Avx2::decode12(&bytes, &mut a);
        let rb = Portable::decode12(&bytes, &mut b);
        assert_eq!(a, b);
        assert_eq!(ra, rb, "iteration {it}");
        seen[usize::from(ra)] = true;
    }
    assert_eq!(seen, [true, true]);
}

#[test]
fn rej_sample_matches_portable() {
    if skip() {
        return;
    }
    let mut rng = Rng(10);
    for it in 0..ITERS {
        let mut bytes = [0u8; 3 * 200];
        let len = 3 * (rng.next() % 201) as usize;
        match it % 4 {
            // Everything accepted, everything rejected.
            0 if it % 8 == 0 => bytes.fill(0),
            0 => bytes.fill(0xff),
            // Values near q: 12-bit values q - 1, q, q + 1 and 4095.
            1 => {
                for c in bytes.chunks_exact_mut(3) {
                    let pick = [Q as u16 - 1, Q as u16, Q as u16 + 1, 4095, 0];
                    let d1 = pick[(rng.next() % 5) as usize];
                    let d2 = pick[(rng.next() % 5) as usize];
                    c[0] = d1 as u8;
                    c[1] = (d1 >> 8) as u8 | (d2 << 4) as u8;
                    c[2] = (d2 >> 4) as u8;
                }
            }
            _ => rng.bytes(&mut bytes),
        }
        let filled = match it % 3 {
            0 => 0,
            1 => (rng.next() % 257) as usize,
            _ => 240 + (rng.next() % 17) as usize,
        };
        let p = rng.poly(100);
        let (mut a, mut b) = (p.clone(), p);
        let na = Avx2::rej_sample(&bytes[..len], &mut a, filled);
        let nb = Portable::rej_sample(&bytes[..len], &mut b, filled);
        assert_eq!(na, nb, "iteration {it}");
        assert_eq!(a, b, "iteration {it}");
    }
}

#[test]
fn sample_cbd_matches_portable() {
    if skip() {
        return;
    }
    let mut rng = Rng(11);
    for eta in [2u32, 3] {
        let len = 64 * eta as usize;
        for it in 0..ITERS {
            let mut bytes = [0u8; 192];
            match it {
                0 => bytes.fill(0xff),
                1 => {}
                2 => bytes.fill(0x0f),
                3 => bytes.fill(0xf0),
                _ => rng.bytes(&mut bytes),
            }
            let (mut a, mut b) = (Poly([7; N]), Poly([9; N]));
            Avx2::sample_cbd(eta, &bytes[..len], &mut a);
            Portable::sample_cbd(eta, &bytes[..len], &mut b);
            assert_eq!(a, b, "eta {eta} iteration {it}");
        }
    }
}

#[test]
fn selected_when_available() {
    // Detection itself: a test run may pin another backend on top of it
    // (PQKIT_BACKEND), which `selected_backend` would then report.
    let want = if available() {
        crate::arith::BackendKind::Avx2
    } else {
        crate::arith::BackendKind::Portable
    };
    assert_eq!(crate::arith::detected_backend(), want);
}

#[test]
fn rej_sample_past_the_end_changes_nothing() {
    if skip() {
        return;
    }
    for filled in [N, N + 1, usize::MAX] {
        let mut p = Poly([5; N]);
        assert_eq!(Avx2::rej_sample(&[0u8; 48], &mut p, filled), filled);
        assert_eq!(p, Poly([5; N]));
    }
}
