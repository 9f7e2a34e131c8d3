//! The SHA-3 family as FIPS 203 and FIPS 204 use it.
//!
//! Everything runs on one sponge, pqkit's own (`keccak.rs`): the
//! fixed-input functions and XOF readers of the algorithms' inner loops
//! (`G`, `H`, `J`, `PRF`, `XOF`) and [`Shake256Hasher`] for the incremental
//! uses (ML-DSA's `mu` over a streamed message, the challenge hash over
//! `w1Encode` written row by row). Its permutation is pqkit's own on 32-bit
//! targets (a bit-interleaved state, `keccak32.rs`, on 32-bit cores; 64-bit
//! lanes in WebAssembly, 2-3x faster there than the `keccak` crate) and on
//! x86-64 (with BMI1 where the CPU has it, about 1.35x the crate's speed),
//! and that crate's on other 64-bit targets; SIMD backends add multi-lane
//! permutations of their own (`arith/avx2/keccak.rs`,
//! `arith/simd128/keccak.rs`) on the same round body ([`keccak::Lane`]).
//! Everything is tested against the `keccak`, `sha3` and `shake` crates.
//! Every state that absorbed secrets is zeroized on drop.

pub(crate) mod keccak;
#[cfg(any(test, not(any(target_pointer_width = "64", target_family = "wasm"))))]
mod keccak32;
use keccak::Sponge;

/// SHA3-256 rate in bytes (FIPS 202: 1600 - 2 * 256 bits).
const SHA3_256_RATE: usize = 136;
/// SHA3-512 rate in bytes.
const SHA3_512_RATE: usize = 72;
/// SHAKE128 rate in bytes.
pub(crate) const SHAKE128_RATE: usize = 168;
/// SHAKE256 rate in bytes.
pub(crate) const SHAKE256_RATE: usize = 136;
/// FIPS 202 domain bits plus the first padding bit: `01` for SHA-3.
const SHA3_DS: u8 = 0x06;
/// `1111` for SHAKE.
const SHAKE_DS: u8 = 0x1f;

/// Absorbs the concatenation of `parts` into a fresh sponge and pads it.
///
/// Fills a sponge the caller holds rather than returning one: a returned
/// 208-byte state would be built in this frame and copied out, and this
/// sits on the deepest stack path of ML-KEM decapsulation.
fn absorb_all<const RATE: usize>(s: &mut Sponge<RATE>, parts: &[&[u8]], ds: u8) {
    for p in parts {
        s.absorb(p);
    }
    s.finish(ds);
}

/// A fixed-length SHA-3 digest of the concatenation of `parts`.
fn sha3<const RATE: usize, const N: usize>(parts: &[&[u8]]) -> [u8; N] {
    let mut s = Sponge::<RATE>::new();
    absorb_all(&mut s, parts, SHA3_DS);
    let mut out = [0u8; N];
    s.squeeze(&mut out);
    out
}

/// SHA3-256 over the concatenation of `parts`.
pub fn sha3_256(parts: &[&[u8]]) -> [u8; 32] {
    sha3::<SHA3_256_RATE, 32>(parts)
}

/// SHA3-512 over the concatenation of `parts`.
pub fn sha3_512(parts: &[&[u8]]) -> [u8; 64] {
    sha3::<SHA3_512_RATE, 64>(parts)
}

/// SHAKE256 over the concatenation of `parts`, filling all of `out`.
pub fn shake256(parts: &[&[u8]], out: &mut [u8]) {
    let mut s = Sponge::<SHAKE256_RATE>::new();
    absorb_all(&mut s, parts, SHAKE_DS);
    s.squeeze(out);
}

/// SHAKE256 absorbing its input in pieces of any size, then squeezed once.
///
/// The state is wiped on drop, so it may absorb secrets.
pub struct Shake256Hasher(Sponge<SHAKE256_RATE>);

impl Shake256Hasher {
    /// An empty SHAKE256 state.
    pub const fn new() -> Self {
        Shake256Hasher(Sponge::new())
    }

    /// Absorbs the next piece of the input.
    pub fn update(&mut self, data: &[u8]) {
        self.0.absorb(data);
    }

    /// Pads the input and fills all of `out` with output.
    pub fn finalize(mut self, out: &mut [u8]) {
        self.0.finish(SHAKE_DS);
        self.0.squeeze(out);
    }

    /// A copy of the state, for absorbing public data only (the copy is
    /// wiped on drop like the original).
    pub(crate) fn duplicate_public(&self) -> Self {
        Shake256Hasher(self.0.duplicate())
    }
}

impl Default for Shake256Hasher {
    fn default() -> Self {
        Self::new()
    }
}

impl core::fmt::Debug for Shake256Hasher {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Shake256Hasher")
    }
}

/// SHA3-256 absorbing its input in pieces of any size (a firmware image
/// streamed from storage).
pub struct Sha3_256Hasher(Sponge<SHA3_256_RATE>);

impl Sha3_256Hasher {
    /// An empty SHA3-256 state.
    pub const fn new() -> Self {
        Sha3_256Hasher(Sponge::new())
    }

    /// Absorbs the next piece of the input.
    pub fn update(&mut self, data: &[u8]) {
        self.0.absorb(data);
    }

    /// The digest.
    pub fn finalize(mut self) -> [u8; 32] {
        self.0.finish(SHA3_DS);
        let mut out = [0u8; 32];
        self.0.squeeze(&mut out);
        out
    }

    /// A copy of the state, for absorbing public data only.
    pub(crate) fn duplicate_public(&self) -> Self {
        Sha3_256Hasher(self.0.duplicate())
    }
}

impl Default for Sha3_256Hasher {
    fn default() -> Self {
        Self::new()
    }
}

impl core::fmt::Debug for Sha3_256Hasher {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Sha3_256Hasher")
    }
}

/// An absorbed SHAKE128 or SHAKE256 state being squeezed block by block.
pub trait Xof {
    /// Squeezes the next `out.len()` bytes.
    fn squeeze(&mut self, out: &mut [u8]);
}

macro_rules! shake_reader {
    ($(#[$doc:meta])* $name:ident, $rate:expr) => {
        $(#[$doc])*
        pub struct $name(Sponge<$rate>);

        impl $name {
            /// Absorbs the concatenation of `parts` and switches to squeezing.
            // Inlined so that the state is built in the caller's variable: as
            // an outlined function rustc builds it in its own frame and
            // copies it out, 230 more bytes on ML-KEM's deepest stack path.
            #[inline(always)]
            pub fn new(parts: &[&[u8]]) -> Self {
                let mut r = Self(Sponge::new());
                absorb_all(&mut r.0, parts, SHAKE_DS);
                r
            }

            /// A state that has absorbed nothing, to be set up with
            /// [`Self::restart`] before squeezing.
            pub(crate) const fn empty() -> Self {
                Self(Sponge::new())
            }

            /// [`Self::new`] in place of this state (which is wiped). Where
            /// `new`'s result is moved into a caller's variable, rustc may
            /// build it in a temporary and copy it: a second 208-byte state
            /// on the stack.
            pub(crate) fn restart(&mut self, parts: &[&[u8]]) {
                self.0 = Sponge::new();
                absorb_all(&mut self.0, parts, SHAKE_DS);
            }
        }

        impl Xof for $name {
            fn squeeze(&mut self, out: &mut [u8]) {
                self.0.squeeze(out);
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(stringify!($name))
            }
        }
    };
}

shake_reader!(
    /// SHAKE128 squeezing state (FIPS 203 `XOF`, FIPS 204 `G`).
    Shake128Reader,
    SHAKE128_RATE
);
shake_reader!(
    /// SHAKE256 squeezing state (FIPS 203 `PRF`, FIPS 204 `H`).
    Shake256Reader,
    SHAKE256_RATE
);

#[cfg(test)]
mod tests {
    use super::*;

    // Known answers from the NIST SHA-3 example values for the empty message.
    #[test]
    fn empty_message_digests() {
        assert_eq!(
            hex(&sha3_256(&[])),
            "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"
        );
        let mut out = [0u8; 32];
        shake256(&[], &mut out);
        assert_eq!(
            hex(&out),
            "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f"
        );
        let mut r = Shake128Reader::new(&[b"", b""]);
        let mut out = [0u8; 16];
        r.squeeze(&mut out[..7]);
        r.squeeze(&mut out[7..]);
        assert_eq!(hex(&out), "7f9c2ba4e88f827d616045507605853e");
    }

    #[test]
    fn incremental_shake256_equals_one_shot() {
        let data: std::vec::Vec<u8> = (0..1000u32).map(|i| (i * 7 + 3) as u8).collect();
        for split in [0, 1, 135, 136, 137, 500, 1000] {
            let mut h = Shake256Hasher::new();
            h.update(&data[..split]);
            h.update(&data[split..]);
            let copy = h.duplicate_public();
            let (mut a, mut b, mut c) = ([0u8; 300], [0u8; 300], [0u8; 300]);
            h.finalize(&mut a);
            copy.finalize(&mut c);
            shake256(&[&data], &mut b);
            assert_eq!(a, b, "split {split}");
            assert_eq!(a, c, "copy, split {split}");

            let mut h = Sha3_256Hasher::new();
            h.update(&data[..split]);
            let copy = h.duplicate_public();
            h.update(&data[split..]);
            assert_eq!(h.finalize(), sha3_256(&[&data]), "sha3-256, split {split}");
            assert_eq!(
                copy.finalize(),
                sha3_256(&[&data[..split]]),
                "sha3-256 copy"
            );
        }
    }

    #[test]
    fn parts_are_concatenated() {
        assert_eq!(sha3_512(&[b"ab", b"c"]), sha3_512(&[b"abc"]));
        let (mut a, mut b) = ([0u8; 40], [0u8; 40]);
        Shake256Reader::new(&[b"x", b"yz"]).squeeze(&mut a);
        shake256(&[b"xyz"], &mut b);
        assert_eq!(a, b);
    }

    /// Every input length across several blocks of every rate, and outputs
    /// squeezed in uneven pieces across block boundaries, against the
    /// `sha3` and `shake` crates.
    #[test]
    fn equals_the_sha3_crate() {
        use sha3::digest::{Digest, ExtendableOutput, Update, XofReader};
        use sha3::{Sha3_256, Sha3_512};
        use shake::{Shake128, Shake256};
        let data: std::vec::Vec<u8> = (0..700u32).map(|i| (i * 131 + 7) as u8).collect();
        for len in 0..data.len() {
            let msg = &data[..len];
            let (a, b) = msg.split_at(len / 3);
            assert_eq!(
                sha3_256(&[a, b]),
                <[u8; 32]>::from(Sha3_256::digest(msg)),
                "{len}"
            );
            assert_eq!(
                sha3_512(&[a, b]),
                <[u8; 64]>::from(Sha3_512::digest(msg)),
                "{len}"
            );

            let mut ours = [0u8; 400];
            let mut theirs = [0u8; 400];
            shake256(&[a, b], &mut ours);
            let mut h = Shake256::default();
            h.update(msg);
            h.finalize_xof().read(&mut theirs);
            assert_eq!(ours, theirs, "shake256 {len}");

            let mut h = Shake128::default();
            h.update(msg);
            h.finalize_xof().read(&mut theirs);
            let mut r = Shake128Reader::new(&[a, b]);
            let mut at = 0;
            for step in [1, 167, 168, 3, 61] {
                r.squeeze(&mut ours[at..at + step]);
                at += step;
            }
            assert_eq!(ours, theirs, "shake128 {len}");

            // Parts in the other order: a different input, absorbed in two
            // unequal pieces.
            let mut r = Shake256Reader::new(&[b, a]);
            r.squeeze(&mut ours[..0]);
            let mut swapped = [0u8; 400];
            let mut h2 = Shake256::default();
            h2.update(b);
            h2.update(a);
            h2.finalize_xof().read(&mut swapped);
            r.squeeze(&mut ours[..136]);
            r.squeeze(&mut ours[136..]);
            assert_eq!(ours, swapped, "shake256 reader {len}");
        }
    }

    fn hex(bytes: &[u8]) -> std::string::String {
        ::hex::encode(bytes)
    }
}
