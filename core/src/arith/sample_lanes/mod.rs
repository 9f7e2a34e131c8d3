//! The samplers of ML-KEM and ML-DSA on a multi-lane Keccak: several
//! polynomials per permutation. The schedule is the same for every SIMD
//! backend; the backend brings its permutation width ([`KeccakLanes`]) and
//! its rejection, CBD and unpacking steps ([`crate::arith::kem::KemArith`],
//! [`crate::arith::dsa::DsaArith`]).
//!
//! A group of fewer polynomials than lanes fills the unused lanes with
//! copies of its last input and discards their output: one multi-lane
//! permutation costs less than two single ones, so padding beats falling
//! back, except for a lone polynomial, which takes the single-lane sponge.

pub(crate) mod dsa;
mod kem;

pub(crate) use kem::{sample_noise, sample_ntt};

/// The most lanes a backend's Keccak has (AVX2: 4 x 64 bits).
const MAX_LANES: usize = 4;

pub(crate) use crate::arith::kem::SHAKE128_BLOCK;
pub(crate) use crate::hash::SHAKE256_RATE as SHAKE256_BLOCK;

/// A backend's multi-lane SHAKE: `WIDTH` sponges in one state, all with
/// inputs (and outputs) of one length. Slices hold exactly `WIDTH` items.
pub(crate) trait KeccakLanes: Sized {
    const WIDTH: usize;

    /// `WIDTH` SHAKE256 sponges squeezed a block at a time.
    type Shake256;

    /// SHAKE128 of each input, ready to squeeze (FIPS 203 `XOF`, FIPS 204
    /// `G`).
    fn shake128_absorb(inputs: &[&[u8]]) -> Self;

    /// The next 168-byte block of each lane.
    fn shake128_squeeze(&mut self, out: &mut [[u8; SHAKE128_BLOCK]]);

    /// SHAKE256 of each input, ready to squeeze (FIPS 204 `H`); the state
    /// is wiped on drop.
    fn shake256_absorb(inputs: &[&[u8]]) -> Self::Shake256;

    /// The next 136-byte block of each lane.
    fn shake256_squeeze(state: &mut Self::Shake256, out: &mut [[u8; SHAKE256_BLOCK]]);

    /// SHAKE256 of each input into its output (FIPS 203 `PRF`); buffers
    /// that held output are wiped.
    fn shake256(inputs: &[&[u8]], outs: &mut [&mut [u8]]);
}

/// The input `prefix || idx[lane]` of each lane; lanes past the end of
/// `idx` repeat its last entry (their output is discarded).
fn seeds<const LEN: usize>(prefix: &[u8], idx: &[[u8; 2]]) -> [[u8; LEN]; MAX_LANES] {
    let mut seeds = [[0u8; LEN]; MAX_LANES];
    for (lane, seed) in seeds.iter_mut().enumerate() {
        seed[..LEN - 2].copy_from_slice(prefix);
        seed[LEN - 2..].copy_from_slice(&idx[lane.min(idx.len() - 1)]);
    }
    seeds
}

/// Rejection sampling of public data (SampleNTT, RejNTTPoly) on `X`'s
/// lanes: squeezes a SHAKE128 block per lane and hands each to `step`
/// (block, polynomial, fill level -> new fill level) until every one of
/// `polys` holds `n` coefficients.
fn fill_from_shake128<X: KeccakLanes, P>(
    mut xof: X,
    polys: &mut [P],
    n: usize,
    mut step: impl FnMut(&[u8; SHAKE128_BLOCK], &mut P, usize) -> usize,
) {
    let mut blocks = [[0u8; SHAKE128_BLOCK]; MAX_LANES];
    let mut filled = [0usize; MAX_LANES];
    while filled[..polys.len()].iter().any(|&f| f < n) {
        xof.shake128_squeeze(&mut blocks[..X::WIDTH]);
        for ((p, f), block) in polys.iter_mut().zip(filled.iter_mut()).zip(&blocks) {
            if *f < n {
                *f = step(block, p, *f);
            }
        }
    }
}
