//! K-PKE's samplers four polynomials at a time: the 4-way Keccak of
//! [`super::keccak`] under the shared schedule of
//! [`crate::arith::sample_lanes`].

use super::keccak::{Shake128x4, shake256_x4};
use crate::arith::kem::SHAKE128_BLOCK;
use crate::arith::sample_lanes::KeccakLanes;

/// The AVX2 backend's 4-way SHAKE.
pub(super) struct X4(Shake128x4);

impl KeccakLanes for X4 {
    const WIDTH: usize = 4;

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
