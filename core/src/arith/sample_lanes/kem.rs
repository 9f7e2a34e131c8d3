//! K-PKE's samplers on a multi-lane Keccak: `SampleNTT` (FIPS 203,
//! Algorithm 7) and `SamplePolyCBD` of `PRF` output (Algorithm 8 and
//! section 4.1), several polynomials per permutation.

use super::{KeccakLanes, MAX_LANES, fill_from_shake128, seeds};
use crate::arith::kem::{KemArith, N, Poly, SHAKE128_BLOCK};
use crate::hash::{Shake128Reader, Xof, shake256};
use zeroize::Zeroize;

/// [`KemArith::sample_ntt`] on `X`'s lanes: `out[i] = SampleNTT(rho ||
/// idx[i])`. `rho` and the indices are public, so the loop may stop as
/// soon as every polynomial is full.
pub(crate) fn sample_ntt<B: KemArith, X: KeccakLanes>(
    rho: &[u8],
    idx: &[[u8; 2]],
    out: &mut [Poly],
) {
    const { assert!(X::WIDTH >= 2 && X::WIDTH <= MAX_LANES) };
    for (ids, polys) in idx.chunks(X::WIDTH).zip(out.chunks_mut(X::WIDTH)) {
        if let [ij] = ids {
            let mut xof = Shake128Reader::new(&[rho, ij]);
            let mut block = [0u8; SHAKE128_BLOCK];
            let mut filled = 0;
            while filled < N {
                xof.squeeze(&mut block);
                filled = B::rej_sample(&block, &mut polys[0], filled);
            }
            continue;
        }
        let seeds = seeds::<34>(rho, ids);
        let inputs = seeds.each_ref().map(|s| s.as_slice());
        let xof = X::shake128_absorb(&inputs[..X::WIDTH]);
        fill_from_shake128(xof, polys, N, |block, p, f| B::rej_sample(block, p, f));
    }
}

/// [`KemArith::sample_noise`] on `X`'s lanes: `out[i] =
/// SamplePolyCBD_eta(PRF_eta(seed, nonce + i))`.
pub(crate) fn sample_noise<B: KemArith, X: KeccakLanes>(
    eta: u32,
    seed: &[u8],
    nonce: u8,
    out: &mut [Poly],
) {
    // 64 * eta bytes per polynomial; eta is 2 or 3.
    let len = 64 * eta as usize;
    let mut prf = [[0u8; 192]; MAX_LANES];
    for (group, polys) in out.chunks_mut(X::WIDTH).enumerate() {
        let first = nonce.wrapping_add((group * X::WIDTH) as u8);
        if polys.len() == 1 {
            shake256(&[seed, &[first]], &mut prf[0][..len]);
        } else {
            let mut inputs = [[0u8; 33]; MAX_LANES];
            for (lane, input) in inputs[..X::WIDTH].iter_mut().enumerate() {
                input[..32].copy_from_slice(seed);
                input[32] = first.wrapping_add(lane.min(polys.len() - 1) as u8);
            }
            let ins = inputs.each_ref().map(|i| i.as_slice());
            let [p0, p1, p2, p3] = &mut prf;
            let mut outs = [
                &mut p0[..len],
                &mut p1[..len],
                &mut p2[..len],
                &mut p3[..len],
            ];
            X::shake256(&ins[..X::WIDTH], &mut outs[..X::WIDTH]);
            inputs.as_flattened_mut().zeroize();
        }
        for (p, bytes) in polys.iter_mut().zip(&prf) {
            B::sample_cbd(eta, &bytes[..len], p);
        }
    }
    prf.as_flattened_mut().zeroize();
}
