//! The samplers of ML-KEM and ML-DSA two polynomials at a time: the 2-way
//! Keccak of [`super::keccak`] under the shared schedule of
//! [`crate::arith::sample_lanes`].

use super::keccak::{Shake128x2, Shake256x2, shake256_x2};
use crate::arith::sample_lanes::{KeccakLanes, SHAKE128_BLOCK, SHAKE256_BLOCK};

/// The simd128 backend's 2-way SHAKE.
pub(super) struct X2(Shake128x2);

impl KeccakLanes for X2 {
    const WIDTH: usize = 2;
    type Shake256 = Shake256x2;

    #[inline(always)]
    fn shake128_absorb(inputs: &[&[u8]]) -> Self {
        X2(Shake128x2::absorb([inputs[0], inputs[1]]))
    }

    fn shake128_squeeze(&mut self, out: &mut [[u8; SHAKE128_BLOCK]]) {
        let [b0, b1] = out else {
            unreachable!("two lanes")
        };
        self.0.squeeze_block([b0, b1]);
    }

    #[inline(always)]
    fn shake256_absorb(inputs: &[&[u8]]) -> Shake256x2 {
        Shake256x2::absorb([inputs[0], inputs[1]])
    }

    fn shake256_squeeze(state: &mut Shake256x2, out: &mut [[u8; SHAKE256_BLOCK]]) {
        let [b0, b1] = out else {
            unreachable!("two lanes")
        };
        state.squeeze_block([b0, b1]);
    }

    fn shake256(inputs: &[&[u8]], outs: &mut [&mut [u8]]) {
        let [o0, o1] = outs else {
            unreachable!("two lanes")
        };
        shake256_x2([inputs[0], inputs[1]], [o0, o1]);
    }
}
