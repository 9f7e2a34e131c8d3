//! The samplers of ML-KEM and ML-DSA four polynomials at a time: the 4-way
//! Keccak of [`super::keccak`] under the shared schedule of
//! [`crate::arith::sample_lanes`].

use super::keccak::{Shake128x4, Shake256x4, shake256_x4};
use crate::arith::sample_lanes::{KeccakLanes, SHAKE128_BLOCK, SHAKE256_BLOCK};

/// The AVX2 backend's 4-way SHAKE.
pub(super) struct X4(Shake128x4);

impl KeccakLanes for X4 {
    const WIDTH: usize = 4;
    type Shake256 = Shake256x4;

    #[inline(always)]
    fn shake128_absorb(inputs: &[&[u8]]) -> Self {
        X4(Shake128x4::absorb([
            inputs[0], inputs[1], inputs[2], inputs[3],
        ]))
    }

    fn shake128_squeeze(&mut self, out: &mut [[u8; SHAKE128_BLOCK]]) {
        let [b0, b1, b2, b3] = out else {
            unreachable!("four lanes")
        };
        self.0.squeeze_block([b0, b1, b2, b3]);
    }

    #[inline(always)]
    fn shake256_absorb(inputs: &[&[u8]]) -> Shake256x4 {
        Shake256x4::absorb([inputs[0], inputs[1], inputs[2], inputs[3]])
    }

    fn shake256_squeeze(state: &mut Shake256x4, out: &mut [[u8; SHAKE256_BLOCK]]) {
        let [b0, b1, b2, b3] = out else {
            unreachable!("four lanes")
        };
        state.squeeze_block([b0, b1, b2, b3]);
    }

    fn shake256(inputs: &[&[u8]], outs: &mut [&mut [u8]]) {
        let [o0, o1, o2, o3] = outs else {
            unreachable!("four lanes")
        };
        shake256_x4(
            [inputs[0], inputs[1], inputs[2], inputs[3]],
            [o0, o1, o2, o3],
        );
    }
}
