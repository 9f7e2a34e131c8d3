//! Keccak-f[1600] for 32-bit cores, on a bit-interleaved state.
//!
//! A 64-bit lane is held as two 32-bit words: its even-numbered bits and its
//! odd-numbered bits. A 64-bit rotation by `2 s` is then a rotation of each
//! word by `s`, and a rotation by `2 s + 1` swaps the words and rotates them
//! by `s + 1` and `s`: two 32-bit rotations, which an Arm core folds into the
//! shifted operand of the `eor` or `bic` that consumes them, where a 64-bit
//! rotation on a 32-bit core takes four shifts and two ORs. The state stays
//! interleaved between permutations; the sponge converts lanes only where
//! it XORs input in or reads output out (see [`super::keccak::State`]).
//!
//! Each round reads one state and writes the other (the two-state form of
//! [`super::keccak`]'s SIMD round): row `Y` of the output needs lanes from
//! every row of the input, so theta, rho, pi, chi and iota then take one pass
//! with no lane copied twice. The second state is 200 bytes of the
//! permutation's frame (360 bytes in all on a Cortex-M4, against 288 for
//! the in-place 64-bit form).
//!
//! Nothing here depends on the data's value: no branches, no indexing by
//! data, so permuting secrets is constant time.

use super::keccak::RC;
use core::hint::black_box;
use zeroize::Zeroize;

/// 25 lanes of two words: word `2 i` holds the even bits of lane `i`
/// (`A[x, y]` at `i = x + 5 y`, FIPS 202 section 3.1.2), word `2 i + 1` its
/// odd bits, each in bit order.
pub(crate) const WORDS: usize = 50;

/// Moves the even bits of `x` to its low half and the odd bits to its high
/// half, keeping their order: four swaps of bit groups (each step exchanges
/// the middle two quarters of every group of 4, 8, 16 and 32 bits).
#[inline(always)]
const fn unzip(mut x: u32) -> u32 {
    let t = (x ^ (x >> 1)) & 0x2222_2222;
    x ^= t ^ (t << 1);
    let t = (x ^ (x >> 2)) & 0x0c0c_0c0c;
    x ^= t ^ (t << 2);
    let t = (x ^ (x >> 4)) & 0x00f0_00f0;
    x ^= t ^ (t << 4);
    let t = (x ^ (x >> 8)) & 0x0000_ff00;
    x ^= t ^ (t << 8);
    x
}

/// The inverse of [`unzip`]: the same swaps in the opposite order (each swap
/// is its own inverse).
#[inline(always)]
const fn zip(mut x: u32) -> u32 {
    let t = (x ^ (x >> 8)) & 0x0000_ff00;
    x ^= t ^ (t << 8);
    let t = (x ^ (x >> 4)) & 0x00f0_00f0;
    x ^= t ^ (t << 4);
    let t = (x ^ (x >> 2)) & 0x0c0c_0c0c;
    x ^= t ^ (t << 2);
    let t = (x ^ (x >> 1)) & 0x2222_2222;
    x ^= t ^ (t << 1);
    x
}

/// A 64-bit lane as `[even bits, odd bits]`.
#[inline(always)]
pub(crate) const fn interleave(lane: u64) -> [u32; 2] {
    let lo = unzip(lane as u32);
    let hi = unzip((lane >> 32) as u32);
    [(lo & 0xffff) | (hi << 16), (lo >> 16) | (hi & 0xffff_0000)]
}

/// The 64-bit lane of `[even bits, odd bits]`.
#[inline(always)]
pub(crate) const fn deinterleave(w: [u32; 2]) -> u64 {
    let lo = zip((w[0] & 0xffff) | (w[1] << 16));
    let hi = zip((w[0] >> 16) | (w[1] & 0xffff_0000));
    (lo as u64) | ((hi as u64) << 32)
}

/// The iota constants (FIPS 202, Algorithm 6) interleaved once, at compile
/// time (a `static`, read in place rather than copied to the stack).
static RC_BI: [[u32; 2]; 24] = {
    let mut t = [[0u32; 2]; 24];
    let mut i = 0;
    while i < 24 {
        t[i] = interleave(RC[i]);
        i += 1;
    }
    t
};

/// One lane in registers, as its even and odd words.
#[derive(Clone, Copy)]
struct Lane {
    even: u32,
    odd: u32,
}

impl Lane {
    #[inline(always)]
    fn xor(self, other: Lane) -> Lane {
        Lane {
            even: self.even ^ other.even,
            odd: self.odd ^ other.odd,
        }
    }

    /// Rotation of the 64-bit lane left by `R` bits. An even bit `2 j` moves
    /// to `2 j + R`: for odd `R = 2 s + 1` that is odd bit `j + s`, so the new
    /// odd word is the even word rotated by `s`, and the new even word the
    /// odd word rotated by `s + 1`.
    #[inline(always)]
    fn rol<const R: u32>(self) -> Lane {
        const { assert!(R > 0 && R < 64) };
        let s = R / 2;
        if R.is_multiple_of(2) {
            Lane {
                even: self.even.rotate_left(s),
                odd: self.odd.rotate_left(s),
            }
        } else {
            Lane {
                even: self.odd.rotate_left((s + 1) % 32),
                odd: self.even.rotate_left(s),
            }
        }
    }
}

/// chi on one row (FIPS 202 Algorithm 4): `A[x, y] = B[x] ^ (!B[x + 1] &
/// B[x + 2])`, written to lanes `at..at + 5` of `out`. Spelled out: as a
/// loop over `x` it stays rolled at `opt-level = "s"`, with `% 5` index
/// arithmetic and `b` in memory.
#[inline(always)]
fn chi_row(out: &mut [u32; WORDS], at: usize, b: [Lane; 5]) {
    let [b0, b1, b2, b3, b4] = b;
    let mut put = |x: usize, b: Lane, b1: Lane, b2: Lane| {
        out[2 * (at + x)] = b.even ^ (!b1.even & b2.even);
        out[2 * (at + x) + 1] = b.odd ^ (!b1.odd & b2.odd);
    };
    put(0, b0, b1, b2);
    put(1, b1, b2, b3);
    put(2, b2, b3, b4);
    put(3, b3, b4, b0);
    put(4, b4, b0, b1);
}

/// Lanes `idx` of `a`, loaded from memory now, after `after` has been
/// computed.
///
/// The state is 50 words and a 32-bit core has 13 registers. Left alone,
/// LLVM's scheduler issues the loads of theta's columns first (it knows
/// nothing else writes `a`) and spills the words to the stack. Passing the
/// pointer and the previous group's result through [`black_box`] keeps
/// each group of loads after the work before it: on a Cortex-M4, 3 % fewer
/// instructions and a 40-byte smaller frame. It only costs speed if
/// ignored, never correctness: it returns its argument.
#[inline(always)]
fn load5(a: &[u32; WORDS], idx: [usize; 5], after: Lane) -> [Lane; 5] {
    let (a, _) = black_box((a, after));
    let l = |i: usize| Lane {
        even: a[2 * i],
        odd: a[2 * i + 1],
    };
    [l(idx[0]), l(idx[1]), l(idx[2]), l(idx[3]), l(idx[4])]
}

/// One round (FIPS 202 Algorithm 7 steps theta, rho, pi, chi, iota) from `a`
/// into `e`.
///
/// Row `Y` of the output reads `B[X, Y] = rot(A[x, X] ^ D[x], r[x, X])` with
/// `x = X + 3 Y (mod 5)`: pi moves `A[x, y]` to `(y, 2 x + 3 y)`, and rho's
/// offset `r` is the one of the position the lane leaves.
#[inline(always)]
fn round(a: &[u32; WORDS], e: &mut [u32; WORDS], rc: [u32; 2]) {
    // theta: column parities C[x], then D[x] = C[x - 1] ^ rot(C[x + 1], 1).
    let column = |x, after| {
        let [l0, l1, l2, l3, l4] = load5(a, [x, x + 5, x + 10, x + 15, x + 20], after);
        l0.xor(l1).xor(l2).xor(l3).xor(l4)
    };
    let c0 = column(0, Lane { even: 0, odd: 0 });
    let c1 = column(1, c0);
    let c2 = column(2, c1);
    let c3 = column(3, c2);
    let c4 = column(4, c3);
    let d0 = c4.xor(c1.rol::<1>());
    let d1 = c0.xor(c2.rol::<1>());
    let d2 = c1.xor(c3.rol::<1>());
    let d3 = c2.xor(c4.rol::<1>());
    let d4 = c3.xor(c0.rol::<1>());

    // Row 0, then iota on A[0, 0] (r[0, 0] = 0: no rotation).
    let [l0, l1, l2, l3, l4] = load5(a, [0, 6, 12, 18, 24], d4);
    let b0 = l0.xor(d0);
    let b1 = l1.xor(d1).rol::<44>();
    let b2 = l2.xor(d2).rol::<43>();
    let b3 = l3.xor(d3).rol::<21>();
    let b4 = l4.xor(d4).rol::<14>();
    chi_row(e, 0, [b0, b1, b2, b3, b4]);
    e[0] ^= rc[0];
    e[1] ^= rc[1];
    // Row 1.
    let [l0, l1, l2, l3, l4] = load5(a, [3, 9, 10, 16, 22], d0);
    let b0 = l0.xor(d3).rol::<28>();
    let b1 = l1.xor(d4).rol::<20>();
    let b2 = l2.xor(d0).rol::<3>();
    let b3 = l3.xor(d1).rol::<45>();
    let b4 = l4.xor(d2).rol::<61>();
    chi_row(e, 5, [b0, b1, b2, b3, b4]);
    // Row 2.
    let [l0, l1, l2, l3, l4] = load5(a, [1, 7, 13, 19, 20], d0);
    let b0 = l0.xor(d1).rol::<1>();
    let b1 = l1.xor(d2).rol::<6>();
    let b2 = l2.xor(d3).rol::<25>();
    let b3 = l3.xor(d4).rol::<8>();
    let b4 = l4.xor(d0).rol::<18>();
    chi_row(e, 10, [b0, b1, b2, b3, b4]);
    // Row 3.
    let [l0, l1, l2, l3, l4] = load5(a, [4, 5, 11, 17, 23], d0);
    let b0 = l0.xor(d4).rol::<27>();
    let b1 = l1.xor(d0).rol::<36>();
    let b2 = l2.xor(d1).rol::<10>();
    let b3 = l3.xor(d2).rol::<15>();
    let b4 = l4.xor(d3).rol::<56>();
    chi_row(e, 15, [b0, b1, b2, b3, b4]);
    // Row 4.
    let [l0, l1, l2, l3, l4] = load5(a, [2, 8, 14, 15, 21], d0);
    let b0 = l0.xor(d2).rol::<62>();
    let b1 = l1.xor(d3).rol::<55>();
    let b2 = l2.xor(d4).rol::<39>();
    let b3 = l3.xor(d0).rol::<41>();
    let b4 = l4.xor(d1).rol::<2>();
    chi_row(e, 20, [b0, b1, b2, b3, b4]);
}

/// Keccak-f[1600] (FIPS 202 section 3.3, `n_r = 24`) on an interleaved
/// state, alternating between `s` and a scratch state (24 rounds: the
/// result lands in `s`). The scratch state ends up holding the state after
/// round 22 and is wiped.
pub(crate) fn f1600(s: &mut [u32; WORDS]) {
    let mut scratch = [0u32; WORDS];
    let (mut from, mut to) = (s, &mut scratch);
    // One round per iteration, not two: the loop body stays one round long
    // (half the code), and no round's stores can be forwarded into the
    // next round's loads, which would keep the whole state in registers.
    for rc in &RC_BI {
        round(from, to, *rc);
        core::mem::swap(&mut from, &mut to);
    }
    scratch.zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64*: reproducible pseudo-random test states.
    fn next(x: &mut u64) -> u64 {
        *x ^= *x >> 12;
        *x ^= *x << 25;
        *x ^= *x >> 27;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    #[test]
    fn interleaving_splits_even_and_odd_bits() {
        let mut seed = 0x0123_4567_89ab_cdef;
        for _ in 0..1000 {
            let lane = next(&mut seed);
            let [even, odd] = interleave(lane);
            for j in 0..32 {
                assert_eq!((even >> j) & 1, ((lane >> (2 * j)) & 1) as u32, "{lane:x}");
                assert_eq!(
                    (odd >> j) & 1,
                    ((lane >> (2 * j + 1)) & 1) as u32,
                    "{lane:x}"
                );
            }
            assert_eq!(deinterleave([even, odd]), lane);
        }
    }

    #[test]
    fn rotations_match_64_bit_rotations() {
        fn check<const R: u32>(lane: u64) {
            let [even, odd] = interleave(lane);
            let r = Lane { even, odd }.rol::<R>();
            assert_eq!(deinterleave([r.even, r.odd]), lane.rotate_left(R), "by {R}");
        }
        let mut seed = 7;
        for _ in 0..100 {
            let lane = next(&mut seed);
            check::<1>(lane);
            check::<2>(lane);
            check::<3>(lane);
            check::<32>(lane);
            check::<33>(lane);
            check::<62>(lane);
            check::<63>(lane);
        }
    }

    /// Many random states, and chains of permutations, against the
    /// `keccak` crate's permutation on the same lanes.
    #[test]
    fn permutation_equals_the_keccak_crate() {
        let mut seed = 0x9e37_79b9_7f4a_7c15;
        for trial in 0..500 {
            let mut theirs = [0u64; 25];
            for lane in theirs.iter_mut() {
                *lane = next(&mut seed);
            }
            let mut ours = [0u32; WORDS];
            for (i, lane) in theirs.iter().enumerate() {
                ours[2 * i..2 * i + 2].copy_from_slice(&interleave(*lane));
            }
            // Several permutations in a row from some of the states.
            for _ in 0..1 + trial % 3 {
                f1600(&mut ours);
                keccak::Keccak::new().with_f1600(|f| f(&mut theirs));
            }
            for (i, lane) in theirs.iter().enumerate() {
                assert_eq!(
                    deinterleave([ours[2 * i], ours[2 * i + 1]]),
                    *lane,
                    "trial {trial}, lane {i}"
                );
            }
        }
    }
}
