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
