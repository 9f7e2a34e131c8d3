//! ML-DSA's samplers on a multi-lane Keccak: RejNTTPoly (FIPS 204,
//! Algorithm 30) for ExpandA, RejBoundedPoly (Algorithm 31) for ExpandS and
//! the polynomials of ExpandMask (Algorithm 34), one per lane.

use super::{KeccakLanes, MAX_LANES, SHAKE256_BLOCK, fill_from_shake128, seeds};
use crate::arith::dsa::{DsaArith, N, Poly, single};
use zeroize::Zeroize;

/// [`DsaArith::sample_uniform`] on `X`'s lanes. `rho` and the indices are
/// public, so the loop may stop as soon as every polynomial is full.
pub(crate) fn sample_uniform<B: DsaArith, X: KeccakLanes>(
    rho: &[u8; 32],
    idx: &[[u8; 2]],
    out: &mut [Poly],
) {
    const { assert!(X::WIDTH >= 2 && X::WIDTH <= MAX_LANES) };
    for (ids, polys) in idx.chunks(X::WIDTH).zip(out.chunks_mut(X::WIDTH)) {
        if let ([ij], [p]) = (ids, &mut *polys) {
            single::uniform::<B>(rho, ij, p);
            continue;
        }
        let seeds = seeds::<34>(rho, ids);
        let inputs = seeds.each_ref().map(|s| s.as_slice());
        let xof = X::shake128_absorb(&inputs[..X::WIDTH]);
        fill_from_shake128(xof, polys, N, |block, p, f| B::rej_uniform(block, p, f));
    }
}

/// [`DsaArith::sample_bounded`] on `X`'s lanes. The fill levels follow
/// from which half-bytes were rejected, which FIPS 204 (section 3.6.2)
/// lets be public, so the loop may stop as soon as every polynomial is
/// full; the seeds and squeezed bytes are secret and wiped.
pub(crate) fn sample_bounded<B: DsaArith, X: KeccakLanes>(
    eta: i32,
    rho_prime: &[u8; 64],
    idx: &[[u8; 2]],
    out: &mut [Poly],
) {
    const { assert!(X::WIDTH >= 2 && X::WIDTH <= MAX_LANES) };
    for (ids, polys) in idx.chunks(X::WIDTH).zip(out.chunks_mut(X::WIDTH)) {
        if let ([r], [p]) = (ids, &mut *polys) {
            single::bounded::<B>(eta, rho_prime, r, p);
            continue;
        }
        let mut seeds = seeds::<66>(rho_prime, ids);
        let inputs = seeds.each_ref().map(|s| s.as_slice());
        let mut xof = X::shake256_absorb(&inputs[..X::WIDTH]);
        seeds.as_flattened_mut().zeroize();
        let mut blocks = [[0u8; SHAKE256_BLOCK]; MAX_LANES];
        let mut filled = [0usize; MAX_LANES];
        while filled[..polys.len()].iter().any(|&f| f < N) {
            X::shake256_squeeze(&mut xof, &mut blocks[..X::WIDTH]);
            for ((p, f), block) in polys.iter_mut().zip(filled.iter_mut()).zip(&blocks) {
                if *f < N {
                    *f = B::rej_eta(eta, block, p, *f);
                }
            }
        }
        blocks.as_flattened_mut().zeroize();
    }
}

/// Blocks of SHAKE256 output one mask polynomial takes at most (20-bit
/// coefficients: 640 bytes).
const MASK_BLOCKS: usize = (32 * 20usize).div_ceil(SHAKE256_BLOCK);

/// [`DsaArith::sample_mask`] on `X`'s lanes. Everything here is secret;
/// the amount squeezed depends only on `bits`.
pub(crate) fn sample_mask<B: DsaArith, X: KeccakLanes>(
    gamma1: i32,
    bits: u32,
    rho_pp: &[u8; 64],
    idx: &[[u8; 2]],
    out: &mut [Poly],
) {
    const { assert!(X::WIDTH >= 2 && X::WIDTH <= MAX_LANES) };
    let len = (32 * bits as usize).min(MASK_BLOCKS * SHAKE256_BLOCK);
    for (ids, polys) in idx.chunks(X::WIDTH).zip(out.chunks_mut(X::WIDTH)) {
        if let ([r], [p]) = (ids, &mut *polys) {
            single::mask::<B>(gamma1, bits, rho_pp, r, p);
            continue;
        }
        let mut seeds = seeds::<66>(rho_pp, ids);
        let inputs = seeds.each_ref().map(|s| s.as_slice());
        let mut xof = X::shake256_absorb(&inputs[..X::WIDTH]);
        seeds.as_flattened_mut().zeroize();
        let mut bytes = [[[0u8; SHAKE256_BLOCK]; MASK_BLOCKS]; MAX_LANES];
        let mut blocks = [[0u8; SHAKE256_BLOCK]; MAX_LANES];
        for b in 0..len.div_ceil(SHAKE256_BLOCK) {
            X::shake256_squeeze(&mut xof, &mut blocks[..X::WIDTH]);
            for (lane, block) in bytes.iter_mut().zip(&blocks) {
                lane[b] = *block;
            }
        }
        for (p, lane) in polys.iter_mut().zip(&bytes) {
            B::unpack_offset(&lane.as_flattened()[..len], gamma1, bits, p);
        }
        blocks.as_flattened_mut().zeroize();
        bytes.as_flattened_mut().as_flattened_mut().zeroize();
    }
}
