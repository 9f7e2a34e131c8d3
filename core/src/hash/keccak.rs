//! Keccak-f[1600] and the sponge construction (FIPS 202), for the SHA-3
//! functions of [`super`].
//!
//! The `keccak` crate's portable permutation is a rolled loop with lanes
//! indexed through `% 5` arithmetic and rotations by table values; on a
//! 32-bit core without a barrel-shifted 64-bit rotate that costs about
//! 48 000 instructions per permutation, roughly 90 % of an ML-KEM
//! operation. Here every lane index and rotation amount of a round is a
//! constant, so each 64-bit rotate compiles to a few shifts, and the round
//! body is written out so that it stays unrolled at `opt-level = "s"`.
//! 32-bit cores go further with a bit-interleaved state (`keccak32.rs`);
//! the sponge is generic over the state's form ([`State`]).
//!
//! Nothing here depends on the data's value: no branches, no indexing by
//! data, so absorbing secrets is constant time.

use zeroize::{Zeroize, ZeroizeOnDrop};

/// Lanes of the 1600-bit state, `A[x, y]` at index `x + 5 y` (FIPS 202
/// section 3.1.2 with 64-bit lanes, little-endian bytes).
const LANES: usize = 25;

/// The round constants of iota (FIPS 202, Algorithms 5 and 6), computed
/// from the LFSR rather than copied as 24 opaque numbers.
pub(crate) const RC: [u64; 24] = round_constants();

/// FIPS 202 Algorithm 5, `rc(t)`, for every bit of every round constant.
const fn round_constants() -> [u64; 24] {
    let mut out = [0u64; 24];
    // The LFSR x^8 + x^6 + x^5 + x^4 + 1, stepped once per `t`.
    let mut r: u8 = 1;
    let mut round = 0;
    while round < 24 {
        let mut j = 0;
        while j <= 6 {
            // Bit 2^j - 1 of RC[round] is rc(j + 7 round): the LFSR's output
            // at its (j + 7 round)-th step.
            if r & 1 == 1 {
                out[round] |= 1u64 << ((1 << j) - 1);
            }
            let carry = r & 0x80 != 0;
            r <<= 1;
            if carry {
                r ^= 0x71;
            }
            j += 1;
        }
        round += 1;
    }
    out
}

/// The permutation the sponge uses on 64-bit lanes.
///
/// - x86-64: [`f1600_two_state`], through the x86-64 backend folder, which
///   compiles it a second time with BMI1's and-not where the CPU has it
///   (chi is a third of a round's instructions). On an AMD EPYC (Zen 3) of
///   the CI machine type it took 300-315 ns per permutation against 405-435
///   ns for the `keccak` crate's rolled loop, and 360-380 ns without BMI1;
///   the single-lane sponge is about 40 % of an AVX2 ML-KEM key generation
///   (`H(ek)` and `G`), so this is worth its code.
/// - Other 64-bit targets: the `keccak` crate (which has, for example, the
///   Armv8 SHA-3 instructions).
/// - WebAssembly: [`f1600`], the in-place form: 2-3x more ML-KEM and ML-DSA
///   operations per second than the crate under Node
///   (`wasm/tests/bench.mjs`).
///
/// Other 32-bit targets keep the sponge state bit-interleaved instead and
/// permute it with their own permutation, `keccak32.rs` (see
/// [`NativeState`]).
#[cfg(target_arch = "x86_64")]
pub(crate) fn permute(a: &mut [u64; LANES]) {
    crate::arith::avx2::keccak_f1600(a);
}

#[cfg(all(target_pointer_width = "64", not(target_arch = "x86_64")))]
pub(crate) fn permute(a: &mut [u64; LANES]) {
    keccak::Keccak::new().with_f1600(|f| f(a));
}

#[cfg(all(target_family = "wasm", not(target_pointer_width = "64")))]
pub(crate) fn permute(a: &mut [u64; LANES]) {
    f1600(a);
}

/// A Keccak-f[1600] state in the form its permutation works on, as the
/// sponge sees it: 25 little-endian 64-bit lanes.
pub(crate) trait State: Copy + Zeroize {
    /// The all-zero state.
    const ZERO: Self;
    /// `A[i] ^= v` for the lane at index `i = x + 5 y`.
    fn xor_lane(&mut self, i: usize, v: u64);
    /// The lane at index `i`.
    fn lane(&self, i: usize) -> u64;
    /// Keccak-f[1600].
    fn permute(&mut self);
}

#[cfg(any(target_pointer_width = "64", target_family = "wasm"))]
impl State for [u64; LANES] {
    const ZERO: Self = [0; LANES];
    #[inline(always)]
    fn xor_lane(&mut self, i: usize, v: u64) {
        self[i] ^= v;
    }
    #[inline(always)]
    fn lane(&self, i: usize) -> u64 {
        self[i]
    }
    fn permute(&mut self) {
        permute(self);
    }
}

/// Bit-interleaved lanes (`keccak32.rs`): converting a lane costs a few
/// dozen instructions, paid only for the lanes a sponge XORs in or reads
/// out (at most 21 of 25 per block), where the permutation saves
/// thousands. Compiled on every host for the tests.
#[cfg(any(test, not(any(target_pointer_width = "64", target_family = "wasm"))))]
impl State for [u32; super::keccak32::WORDS] {
    const ZERO: Self = [0; super::keccak32::WORDS];
    #[inline(always)]
    fn xor_lane(&mut self, i: usize, v: u64) {
        let [even, odd] = super::keccak32::interleave(v);
        self[2 * i] ^= even;
        self[2 * i + 1] ^= odd;
    }
    #[inline(always)]
    fn lane(&self, i: usize) -> u64 {
        super::keccak32::deinterleave([self[2 * i], self[2 * i + 1]])
    }
    fn permute(&mut self) {
        super::keccak32::f1600(self);
    }
}

/// The sponge state of this target: 64-bit lanes where the target has
/// 64-bit registers, and in WebAssembly, whose engines run 64-bit
/// arithmetic natively (the interleaved form was not measured faster
/// there); bit-interleaved 32-bit words on other 32-bit targets, where
/// every 64-bit rotation of the permutation would otherwise cost six
/// instructions. On a Cortex-M4 (QEMU, `opt-level = "s"`) SHA3-256 of 1087
/// bytes, 8 permutations, took 112 800 instructions instead of 141 520 with
/// [`f1600`].
#[cfg(any(target_pointer_width = "64", target_family = "wasm"))]
pub(crate) type NativeState = [u64; LANES];
#[cfg(not(any(target_pointer_width = "64", target_family = "wasm")))]
pub(crate) type NativeState = [u32; super::keccak32::WORDS];

/// The round body of x86-64's sponge and of the SIMD backends' multi-lane
/// permutations (wasm32's scalar permutation is [`f1600`]; other 32-bit
/// cores use the bit-interleaved one in `keccak32.rs`).
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
))]
mod lanes {
    use super::{LANES, RC};

    /// The operations a Keccak round needs on one lane position: a 64-bit
    /// word, or the same lane of several states side by side in a vector
    /// register. One round body, [`round`], then serves every width.
    pub(crate) trait Lane: Copy {
        fn xor(self, other: Self) -> Self;
        /// `!self & other`, chi's step (one instruction with BMI1, AVX2 or
        /// simd128).
        fn andnot(self, other: Self) -> Self;
        /// Rotation left by `L` bits; `R` is `64 - L` (a stable const argument
        /// cannot be computed from another). Vector forms need both shifts.
        fn rol<const L: i32, const R: i32>(self) -> Self;
        /// `rc` in every state (iota).
        fn splat(rc: u64) -> Self;
    }

    impl Lane for u64 {
        #[inline(always)]
        fn xor(self, other: Self) -> Self {
            self ^ other
        }
        #[inline(always)]
        fn andnot(self, other: Self) -> Self {
            !self & other
        }
        #[inline(always)]
        fn rol<const L: i32, const R: i32>(self) -> Self {
            const { assert!(L > 0 && L < 64 && L + R == 64) };
            self.rotate_left(L as u32)
        }
        #[inline(always)]
        fn splat(rc: u64) -> Self {
            rc
        }
    }

    /// chi on one row (FIPS 202 Algorithm 4): `A[x, y] = B[x] ^ (!B[x + 1] &
    /// B[x + 2])`, written to `out[at..at + 5]`.
    #[inline(always)]
    fn chi_row<L: Lane>(out: &mut [L; LANES], at: usize, b: [L; 5]) {
        for x in 0..5 {
            out[at + x] = b[x].xor(b[(x + 1) % 5].andnot(b[(x + 2) % 5]));
        }
    }

    /// One round (FIPS 202 Algorithm 7 steps theta, rho, pi, chi, iota) from
    /// `a` into `e`.
    ///
    /// Row `Y` of the output reads `B[X, Y] = rot(A[x, X] ^ D[x], r[x, X])`
    /// with `x = X + 3 Y (mod 5)`: pi moves `A[x, y]` to `(y, 2 x + 3 y)`, and
    /// rho's offset `r` is the one of the position the lane leaves. Writing
    /// into a second state lets every lane of a row be read before any is
    /// overwritten, with no copies.
    #[inline(always)]
    fn round<L: Lane>(a: &[L; LANES], e: &mut [L; LANES], rc: u64) {
        // theta: column parities C[x], then D[x] = C[x - 1] ^ rot(C[x + 1], 1).
        let c0 = a[0].xor(a[5]).xor(a[10].xor(a[15])).xor(a[20]);
        let c1 = a[1].xor(a[6]).xor(a[11].xor(a[16])).xor(a[21]);
        let c2 = a[2].xor(a[7]).xor(a[12].xor(a[17])).xor(a[22]);
        let c3 = a[3].xor(a[8]).xor(a[13].xor(a[18])).xor(a[23]);
        let c4 = a[4].xor(a[9]).xor(a[14].xor(a[19])).xor(a[24]);
        let d0 = c4.xor(c1.rol::<1, 63>());
        let d1 = c0.xor(c2.rol::<1, 63>());
        let d2 = c1.xor(c3.rol::<1, 63>());
        let d3 = c2.xor(c4.rol::<1, 63>());
        let d4 = c3.xor(c0.rol::<1, 63>());

        // Row 0, then iota on A[0, 0] (r[0, 0] = 0: no rotation).
        let b0 = a[0].xor(d0);
        let b1 = a[6].xor(d1).rol::<44, 20>();
        let b2 = a[12].xor(d2).rol::<43, 21>();
        let b3 = a[18].xor(d3).rol::<21, 43>();
        let b4 = a[24].xor(d4).rol::<14, 50>();
        chi_row(e, 0, [b0, b1, b2, b3, b4]);
        e[0] = e[0].xor(L::splat(rc));
        // Row 1.
        let b0 = a[3].xor(d3).rol::<28, 36>();
        let b1 = a[9].xor(d4).rol::<20, 44>();
        let b2 = a[10].xor(d0).rol::<3, 61>();
        let b3 = a[16].xor(d1).rol::<45, 19>();
        let b4 = a[22].xor(d2).rol::<61, 3>();
        chi_row(e, 5, [b0, b1, b2, b3, b4]);
        // Row 2.
        let b0 = a[1].xor(d1).rol::<1, 63>();
        let b1 = a[7].xor(d2).rol::<6, 58>();
        let b2 = a[13].xor(d3).rol::<25, 39>();
        let b3 = a[19].xor(d4).rol::<8, 56>();
        let b4 = a[20].xor(d0).rol::<18, 46>();
        chi_row(e, 10, [b0, b1, b2, b3, b4]);
        // Row 3.
        let b0 = a[4].xor(d4).rol::<27, 37>();
        let b1 = a[5].xor(d0).rol::<36, 28>();
        let b2 = a[11].xor(d1).rol::<10, 54>();
        let b3 = a[17].xor(d2).rol::<15, 49>();
        let b4 = a[23].xor(d3).rol::<56, 8>();
        chi_row(e, 15, [b0, b1, b2, b3, b4]);
        // Row 4.
        let b0 = a[2].xor(d2).rol::<62, 2>();
        let b1 = a[8].xor(d3).rol::<55, 9>();
        let b2 = a[14].xor(d4).rol::<39, 25>();
        let b3 = a[15].xor(d0).rol::<41, 23>();
        let b4 = a[21].xor(d1).rol::<2, 62>();
        chi_row(e, 20, [b0, b1, b2, b3, b4]);
    }

    /// Keccak-f[1600] (FIPS 202 section 3.3, `n_r = 24`) on the states held
    /// lane-wise in `a`, alternating between `a` and `scratch` so that no round
    /// copies a state; two rounds per loop iteration keep the code small (the
    /// caller's target features decide the instructions, so this is inlined
    /// into each of them).
    ///
    /// `scratch` ends up holding the state after round 23, as secret as the
    /// result: callers wipe it.
    #[inline(always)]
    pub(crate) fn f1600_lanes<L: Lane>(a: &mut [L; LANES], scratch: &mut [L; LANES]) {
        for rc in RC.chunks_exact(2) {
            round(a, scratch, rc[0]);
            round(scratch, a, rc[1]);
        }
    }
}
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
))]
pub(crate) use lanes::{Lane, f1600_lanes};

/// Keccak-f[1600] on one state with [`f1600_lanes`], its scratch state
/// wiped. The x86-64 backend instantiates it with and without BMI1.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(crate) fn f1600_two_state(a: &mut [u64; LANES]) {
    let mut scratch = [0u64; LANES];
    f1600_lanes(a, &mut scratch);
    scratch.zeroize();
}

/// Keccak-f[1600] (FIPS 202 section 3.3 with `n_r = 24`): theta, rho, pi,
/// chi and iota, one round per iteration.
#[cfg_attr(not(target_family = "wasm"), allow(dead_code))]
fn f1600(a: &mut [u64; LANES]) {
    for rc in RC {
        // theta: column parities C[x], then A[x, y] ^= C[x - 1] ^ rot(C[x + 1], 1).
        let c0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20];
        let c1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21];
        let c2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22];
        let c3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23];
        let c4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24];
        let d0 = c4 ^ c1.rotate_left(1);
        let d1 = c0 ^ c2.rotate_left(1);
        let d2 = c1 ^ c3.rotate_left(1);
        let d3 = c2 ^ c4.rotate_left(1);
        let d4 = c3 ^ c0.rotate_left(1);
        for row in a.chunks_exact_mut(5) {
            row[0] ^= d0;
            row[1] ^= d1;
            row[2] ^= d2;
            row[3] ^= d3;
            row[4] ^= d4;
        }
        // rho and pi in place: pi moves A[x, y] to (y, 2x + 3y), one cycle
        // through the 24 lanes other than (0, 0); each is rotated by rho's
        // offset of the position it leaves.
        let mut moving = a[1];
        let next = a[10];
        a[10] = moving.rotate_left(1);
        moving = next;
        let next = a[7];
        a[7] = moving.rotate_left(3);
        moving = next;
        let next = a[11];
        a[11] = moving.rotate_left(6);
        moving = next;
        let next = a[17];
        a[17] = moving.rotate_left(10);
        moving = next;
        let next = a[18];
        a[18] = moving.rotate_left(15);
        moving = next;
        let next = a[3];
        a[3] = moving.rotate_left(21);
        moving = next;
        let next = a[5];
        a[5] = moving.rotate_left(28);
        moving = next;
        let next = a[16];
        a[16] = moving.rotate_left(36);
        moving = next;
        let next = a[8];
        a[8] = moving.rotate_left(45);
        moving = next;
        let next = a[21];
        a[21] = moving.rotate_left(55);
        moving = next;
        let next = a[24];
        a[24] = moving.rotate_left(2);
        moving = next;
        let next = a[4];
        a[4] = moving.rotate_left(14);
        moving = next;
        let next = a[15];
        a[15] = moving.rotate_left(27);
        moving = next;
        let next = a[23];
        a[23] = moving.rotate_left(41);
        moving = next;
        let next = a[19];
        a[19] = moving.rotate_left(56);
        moving = next;
        let next = a[13];
        a[13] = moving.rotate_left(8);
        moving = next;
        let next = a[12];
        a[12] = moving.rotate_left(25);
        moving = next;
        let next = a[2];
        a[2] = moving.rotate_left(43);
        moving = next;
        let next = a[20];
        a[20] = moving.rotate_left(62);
        moving = next;
        let next = a[14];
        a[14] = moving.rotate_left(18);
        moving = next;
        let next = a[22];
        a[22] = moving.rotate_left(39);
        moving = next;
        let next = a[9];
        a[9] = moving.rotate_left(61);
        moving = next;
        let next = a[6];
        a[6] = moving.rotate_left(20);
        moving = next;
        a[1] = moving.rotate_left(44);
        // chi, a row at a time: A[x, y] ^= !A[x + 1, y] & A[x + 2, y].
        for row in a.chunks_exact_mut(5) {
            let [t0, t1, t2, t3, t4] = [row[0], row[1], row[2], row[3], row[4]];
            row[0] = t0 ^ (!t1 & t2);
            row[1] = t1 ^ (!t2 & t3);
            row[2] = t2 ^ (!t3 & t4);
            row[3] = t3 ^ (!t4 & t0);
            row[4] = t4 ^ (!t0 & t1);
        }
        // iota
        a[0] ^= rc;
    }
}

/// A Keccak sponge with a rate of `RATE` bytes (FIPS 202 section 4), for
/// absorbing and then squeezing; the capacity is `200 - RATE`.
pub(crate) struct Sponge<const RATE: usize, S: State = NativeState> {
    state: S,
    /// Bytes absorbed into, or squeezed from, the current block.
    pos: usize,
}

impl<const RATE: usize, S: State> Sponge<RATE, S> {
    pub(crate) const fn new() -> Self {
        const { assert!(RATE.is_multiple_of(8) && RATE < 200) };
        Sponge {
            state: S::ZERO,
            pos: 0,
        }
    }

    /// XORs `data` into the state at the current position, permuting after
    /// every full block.
    /// A copy of the state; the callers say why the copy may exist.
    pub(crate) fn duplicate(&self) -> Self {
        Sponge {
            state: self.state,
            pos: self.pos,
        }
    }

    pub(crate) fn absorb(&mut self, mut data: &[u8]) {
        while !data.is_empty() {
            let take = (RATE - self.pos).min(data.len());
            let (now, rest) = data.split_at(take);
            self.xor_into_block(now);
            self.pos += take;
            data = rest;
            if self.pos == RATE {
                self.state.permute();
                self.pos = 0;
            }
        }
    }

    /// Pads with the domain bits `ds` (FIPS 202 section 6: `0x06` for SHA-3,
    /// `0x1f` for SHAKE, each with the first `1` of pad10*1) and the final
    /// `0x80`, and switches to squeezing.
    pub(crate) fn finish(&mut self, ds: u8) {
        self.xor_byte(self.pos, ds);
        self.xor_byte(RATE - 1, 0x80);
        self.state.permute();
        self.pos = 0;
    }

    /// Squeezes the next `out.len()` bytes (after [`Sponge::finish`]).
    pub(crate) fn squeeze(&mut self, mut out: &mut [u8]) {
        while !out.is_empty() {
            if self.pos == RATE {
                self.state.permute();
                self.pos = 0;
            }
            let take = (RATE - self.pos).min(out.len());
            let (now, rest) = out.split_at_mut(take);
            self.read_from_block(now);
            self.pos += take;
            out = rest;
        }
    }

    /// XORs `bytes` into the block from `pos` on, whole lanes where they are
    /// aligned: byte by byte, absorbing costs as much as a permutation per
    /// block on x86-64. `bytes` must fit in the rest of the block.
    fn xor_into_block(&mut self, mut bytes: &[u8]) {
        let mut at = self.pos;
        while !at.is_multiple_of(8) && !bytes.is_empty() {
            self.xor_byte(at, bytes[0]);
            at += 1;
            bytes = &bytes[1..];
        }
        let mut lanes = bytes.chunks_exact(8);
        for lane in &mut lanes {
            self.state.xor_lane(
                at / 8,
                u64::from_le_bytes(lane.try_into().expect("8 bytes")),
            );
            at += 8;
        }
        for &byte in lanes.remainder() {
            self.xor_byte(at, byte);
            at += 1;
        }
    }

    /// Copies the block from `pos` on into `out`, whole lanes where they
    /// are aligned. `out` must fit in the rest of the block.
    fn read_from_block(&self, out: &mut [u8]) {
        let mut at = self.pos;
        let head = ((8 - at % 8) % 8).min(out.len());
        let (head, rest) = out.split_at_mut(head);
        for byte in head {
            *byte = self.byte(at);
            at += 1;
        }
        let mut lanes = rest.chunks_exact_mut(8);
        for lane in &mut lanes {
            lane.copy_from_slice(&self.state.lane(at / 8).to_le_bytes());
            at += 8;
        }
        for byte in lanes.into_remainder() {
            *byte = self.byte(at);
            at += 1;
        }
    }

    fn byte(&self, at: usize) -> u8 {
        (self.state.lane(at / 8) >> (8 * (at % 8))) as u8
    }

    fn xor_byte(&mut self, at: usize, byte: u8) {
        self.state
            .xor_lane(at / 8, u64::from(byte) << (8 * (at % 8)));
    }
}

impl<const RATE: usize, S: State> Drop for Sponge<RATE, S> {
    fn drop(&mut self) {
        self.state.zeroize();
    }
}

impl<const RATE: usize, S: State> ZeroizeOnDrop for Sponge<RATE, S> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_constants_match_fips_202() {
        // The first, a middle and the last constant as printed in the
        // Keccak reference.
        assert_eq!(RC[0], 0x0000_0000_0000_0001);
        assert_eq!(RC[1], 0x0000_0000_0000_8082);
        assert_eq!(RC[12], 0x0000_0000_8000_808b);
        assert_eq!(RC[23], 0x8000_0000_8000_8008);
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn two_state_permutation_equals_the_keccak_crate() {
        let mut ours = [0u64; LANES];
        let mut plain = [0u64; LANES];
        let mut theirs = [0u64; LANES];
        for round in 0..64u64 {
            // The selected form (BMI1 where the CPU has it) and the plain one.
            permute(&mut ours);
            f1600_two_state(&mut plain);
            keccak::Keccak::new().with_f1600(|f| f(&mut theirs));
            assert_eq!(ours, theirs, "after {} permutations", round + 1);
            assert_eq!(plain, theirs, "after {} permutations", round + 1);
            let k = round.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            ours[(round % 25) as usize] ^= k;
            plain[(round % 25) as usize] ^= k;
            theirs[(round % 25) as usize] ^= k;
        }
    }

    /// The sponge on the bit-interleaved state that 32-bit cores use, run
    /// here on the host: inputs split at unaligned points, output squeezed
    /// in uneven pieces across block boundaries, against the `shake` and
    /// `sha3` crates.
    #[test]
    fn interleaved_sponge_equals_the_sha3_crate() {
        use sha3::digest::{Digest, ExtendableOutput, Update, XofReader};
        type Interleaved = [u32; crate::hash::keccak32::WORDS];
        let data: std::vec::Vec<u8> = (0..600u32).map(|i| (i * 29 + 5) as u8).collect();
        let lens = (0..data.len())
            .step_by(7)
            .chain([135, 136, 137, 167, 168, 169, 336]);
        for len in lens {
            let msg = &data[..len];
            let (a, b) = msg.split_at(len / 3);
            let mut s = Sponge::<168, Interleaved>::new();
            s.absorb(a);
            s.absorb(b);
            s.finish(0x1f);
            let mut ours = [0u8; 400];
            let mut at = 0;
            for step in [1, 7, 160, 8, 3, 221] {
                s.squeeze(&mut ours[at..at + step]);
                at += step;
            }
            let mut theirs = [0u8; 400];
            let mut h = shake::Shake128::default();
            h.update(msg);
            h.finalize_xof().read(&mut theirs);
            assert_eq!(ours, theirs, "shake128 {len}");

            let mut s = Sponge::<136, Interleaved>::new();
            s.absorb(b);
            s.absorb(a);
            s.finish(0x06);
            let mut digest = [0u8; 32];
            s.squeeze(&mut digest);
            let mut h = sha3::Sha3_256::new();
            Digest::update(&mut h, b);
            Digest::update(&mut h, a);
            assert_eq!(digest, <[u8; 32]>::from(h.finalize()), "sha3-256 {len}");
        }
    }

    #[test]
    fn permutation_equals_the_keccak_crate() {
        let mut ours = [0u64; LANES];
        let mut theirs = [0u64; LANES];
        for round in 0..64u64 {
            f1600(&mut ours);
            keccak::Keccak::new().with_f1600(|f| f(&mut theirs));
            assert_eq!(ours, theirs, "after {} permutations", round + 1);
            // Perturb the state so later rounds start from other values.
            ours[(round % 25) as usize] ^= round.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            theirs[(round % 25) as usize] ^= round.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
}
