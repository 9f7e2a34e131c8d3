//! ML-DSA.KeyGen_internal, Sign_internal and Verify_internal (FIPS 204,
//! Algorithms 6, 7 and 8), written for a small stack.
//!
//! The matrix `A` is never held: each entry is sampled where it is
//! multiplied (row by row for `A * y`, `A * s1` and `A * z`). Signing keeps
//! the secret vectors packed in the expanded key and unpacks one polynomial
//! at a time; what persists across a signing attempt is `y`, `NTT(y)` and
//! `w` (`2l + k` polynomials). Verification holds four polynomials.

use super::params::Params;
use super::sample;
use crate::arith::dsa::{D, DsaArith, N, Poly};
use crate::arith::portable::declassify;
use crate::hash::{Shake256Hasher, shake256};
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

fn array<const M: usize>(bytes: &[u8]) -> &[u8; M] {
    bytes[..M]
        .try_into()
        .expect("slice length fixed by the parameter set")
}

/// `t = NTT^-1(A * NTT(s1)) + s2` row by row, handing each row's
/// `Power2Round` halves `(t1, t0)` to `emit` (FIPS 204, Algorithm 6, lines
/// 5-6). `s2_of(i, out)` provides `s2[i]`.
fn t_rows<A: DsaArith, const L: usize>(
    p: &Params,
    rho: &[u8; 32],
    s1_hat: &[Poly; L],
    mut s2_of: impl FnMut(usize, &mut Poly),
    mut emit: impl FnMut(usize, &Poly, &Poly),
) {
    let mut acc = Poly::ZERO;
    let mut a = Poly::ZERO;
    let mut t0 = Poly::ZERO;
    for i in 0..p.k {
        acc = Poly::ZERO;
        for (j, s) in s1_hat.iter().enumerate() {
            sample::matrix_entry::<A>(rho, i, j, &mut a);
            A::pointwise_acc(&mut acc, &a, s);
        }
        A::reduce(&mut acc);
        A::inv_ntt(&mut acc);
        s2_of(i, &mut a);
        A::add(&mut acc, &a);
        A::freeze(&mut acc);
        A::power2round(&acc, &mut a, &mut t0);
        emit(i, &a, &t0);
    }
    acc.zeroize();
    a.zeroize();
    t0.zeroize();
}

/// FIPS 204, Algorithm 6 (ML-DSA.KeyGen_internal): writes `pkEncode` to `pk`
/// and `skEncode` to `sk`.
pub(crate) fn keygen<A: DsaArith, const L: usize>(
    p: &Params,
    xi: &[u8; 32],
    pk: &mut [u8],
    sk: &mut [u8],
) {
    let mut seeds = [0u8; 128];
    shake256(&[xi, &[p.k as u8, p.l as u8]], &mut seeds);
    let rho: [u8; 32] = *array(&seeds);
    let rho_prime: &[u8; 64] = array(&seeds[32..]);
    pk[..32].copy_from_slice(&rho);
    sk[..32].copy_from_slice(&rho);
    sk[32..64].copy_from_slice(&seeds[96..128]);

    let eta_len = p.eta_poly_len();
    let mut s1_hat: [Poly; L] = core::array::from_fn(|_| Poly::ZERO);
    for (j, s) in s1_hat.iter_mut().enumerate() {
        sample::bounded::<A>(p.eta, rho_prime, j, s);
        let at = Params::SK_S1 + j * eta_len;
        A::pack_offset(s, p.eta, p.eta_bits(), &mut sk[at..at + eta_len]);
        A::ntt(s);
    }
    let (head, t0_part) = sk.split_at_mut(p.sk_t0());
    let s2_part = &mut head[p.sk_s2()..];
    let pk_t1 = &mut pk[32..];
    t_rows::<A, L>(
        p,
        &rho,
        &s1_hat,
        |i, s2| {
            sample::bounded::<A>(p.eta, rho_prime, p.l + i, s2);
            A::pack_offset(s2, p.eta, p.eta_bits(), &mut s2_part[i * eta_len..]);
        },
        |i, t1, t0| {
            A::pack_simple(t1, 10, &mut pk_t1[i * Params::T1_POLY_LEN..]);
            A::pack_offset(t0, 1 << (D - 1), D, &mut t0_part[i * Params::T0_POLY_LEN..]);
        },
    );
    let mut tr = [0u8; 64];
    shake256(&[&pk[..p.pk_len()]], &mut tr);
    sk[64..128].copy_from_slice(&tr);
    s1_hat.zeroize();
    seeds.zeroize();
}

/// Checks that an expanded key `skEncode(rho, K, tr, s1, s2, t0)` is one that
/// Algorithm 6 can produce: `s1`, `s2` within `[-eta, eta]`, `t0` equal to the
/// low part of `A * s1 + s2`, and `tr = H(pk)` for the public key rebuilt
/// from it, which is written to `pk`. No early exit on the secret parts.
pub(crate) fn check_expanded<A: DsaArith, const L: usize>(
    p: &Params,
    sk: &[u8],
    pk: &mut [u8],
) -> bool {
    let rho: &[u8; 32] = array(sk);
    pk[..32].copy_from_slice(rho);
    let eta_len = p.eta_poly_len();
    let mut in_range = 1u8;
    let mut s1_hat: [Poly; L] = core::array::from_fn(|_| Poly::ZERO);
    for (j, s) in s1_hat.iter_mut().enumerate() {
        let at = Params::SK_S1 + j * eta_len;
        A::unpack_offset(&sk[at..], p.eta, p.eta_bits(), s);
        in_range &= u8::from(!A::exceeds_norm(s, p.eta + 1));
        A::ntt(s);
    }
    let s2_part = &sk[p.sk_s2()..p.sk_t0()];
    let mut s2 = Poly::ZERO;
    for i in 0..p.k {
        A::unpack_offset(&s2_part[i * eta_len..], p.eta, p.eta_bits(), &mut s2);
        in_range &= u8::from(!A::exceeds_norm(&s2, p.eta + 1));
    }
    s2.zeroize();
    let t0_part = &sk[p.sk_t0()..p.sk_len()];
    let mut t0_matches = 1u8;
    let mut t0_buf = [0u8; Params::T0_POLY_LEN];
    let pk_t1 = &mut pk[32..];
    t_rows::<A, L>(
        p,
        rho,
        &s1_hat,
        |i, s2| A::unpack_offset(&s2_part[i * eta_len..], p.eta, p.eta_bits(), s2),
        |i, t1, t0| {
            A::pack_simple(t1, 10, &mut pk_t1[i * Params::T1_POLY_LEN..]);
            A::pack_offset(t0, 1 << (D - 1), D, &mut t0_buf);
            let stored = &t0_part[i * Params::T0_POLY_LEN..(i + 1) * Params::T0_POLY_LEN];
            t0_matches &= t0_buf.ct_eq(stored).unwrap_u8();
        },
    );
    t0_buf.zeroize();
    s1_hat.zeroize();
    let mut tr = [0u8; 64];
    shake256(&[&pk[..p.pk_len()]], &mut tr);
    let tr_matches = tr.ct_eq(&sk[64..128]).unwrap_u8();
    (in_range & t0_matches & tr_matches) == 1
}

/// FIPS 204, Algorithm 7 (ML-DSA.Sign_internal) from the message
/// representative `mu` and the randomness `rnd`: writes `sigEncode` to `sig`.
///
/// Each attempt branches only on whether it is rejected: the norm checks
/// fold every coefficient of `z` (then of `r0` and `c * t0`, and the hint
/// count) into one flag before it is read.
pub(crate) fn sign<A: DsaArith, const K: usize, const L: usize>(
    p: &Params,
    sk: &[u8],
    mu: &[u8; 64],
    rnd: &[u8; 32],
    sig: &mut [u8],
) {
    let rho: &[u8; 32] = array(sk);
    let key = &sk[32..64];
    let eta_len = p.eta_poly_len();
    let s1_part = &sk[Params::SK_S1..p.sk_s2()];
    let s2_part = &sk[p.sk_s2()..p.sk_t0()];
    let t0_part = &sk[p.sk_t0()..p.sk_len()];
    let z_len = p.z_poly_len();
    let w1_len = 32 * p.w1_bits() as usize;
    let (ctilde_z, hint) = sig.split_at_mut(p.sig_hint());
    let (ctilde, z_part) = ctilde_z.split_at_mut(p.ctilde_len);

    let mut rho_pp = [0u8; 64];
    shake256(&[key, rnd, mu], &mut rho_pp);

    let mut y: [Poly; L] = core::array::from_fn(|_| Poly::ZERO);
    let mut y_hat: [Poly; L] = core::array::from_fn(|_| Poly::ZERO);
    let mut w: [Poly; K] = core::array::from_fn(|_| Poly::ZERO);
    let mut a = Poly::ZERO;
    let mut acc = Poly::ZERO;
    let mut c_hat = Poly::ZERO;
    let mut w1_buf = [0u8; 32 * 6];
    let mut kappa: u16 = 0;
    loop {
        // y = ExpandMask(rho'', kappa), w = NTT^-1(A * NTT(y)) (lines 11-12).
        for (j, (yj, yj_hat)) in y.iter_mut().zip(y_hat.iter_mut()).enumerate() {
            sample::mask::<A>(p, &rho_pp, kappa.wrapping_add(j as u16), yj);
            yj_hat.clone_from(yj);
            A::ntt(yj_hat);
        }
        kappa = kappa.wrapping_add(p.l as u16);
        // c~ = H(mu || w1Encode(w1)), w1 streamed row by row (lines 13-15).
        let mut h = Shake256Hasher::new();
        h.update(mu);
        for (i, wi) in w.iter_mut().enumerate() {
            *wi = Poly::ZERO;
            for (j, yj_hat) in y_hat.iter().enumerate() {
                sample::matrix_entry::<A>(rho, i, j, &mut a);
                A::pointwise_acc(wi, &a, yj_hat);
            }
            A::reduce(wi);
            A::inv_ntt(wi);
            A::freeze(wi);
            a.clone_from(wi);
            A::high_bits(p.gamma2, &mut a);
            A::pack_simple(&a, p.w1_bits(), &mut w1_buf);
            h.update(&w1_buf[..w1_len]);
        }
        h.finalize(ctilde);
        sample::in_ball(p.tau, ctilde, &mut c_hat);
        A::ntt(&mut c_hat);

        // z = y + c * s1 and its norm check (lines 17-23).
        let mut reject = false;
        for (j, yj) in y.iter().enumerate() {
            A::unpack_offset(&s1_part[j * eta_len..], p.eta, p.eta_bits(), &mut a);
            A::ntt(&mut a);
            A::pointwise(&mut acc, &c_hat, &a);
            A::inv_ntt(&mut acc);
            A::add(&mut acc, yj);
            A::reduce(&mut acc);
            reject |= A::exceeds_norm(&acc, p.gamma1() - p.beta);
            A::pack_offset(&acc, p.gamma1(), p.z_bits(), &mut z_part[j * z_len..]);
        }
        // Algorithm 7, lines 23-24: whether this attempt's z is refused is
        // the loop's own control flow; an attacker who counts attempts
        // learns it, and it says nothing about s1 beyond that (the refused
        // z itself stays secret and is overwritten).
        if declassify(reject) {
            continue;
        }

        // r0 = LowBits(w - c s2), c t0, and the hint (lines 18-26); each
        // w[i] is replaced by its hint once used.
        let mut ones = 0u32;
        for (i, wi) in w.iter_mut().enumerate() {
            A::unpack_offset(&s2_part[i * eta_len..], p.eta, p.eta_bits(), &mut a);
            A::ntt(&mut a);
            A::pointwise(&mut acc, &c_hat, &a);
            A::inv_ntt(&mut acc);
            A::sub(wi, &acc);
            A::decompose(p.gamma2, wi, &mut a, &mut acc);
            reject |= A::exceeds_norm(&acc, p.gamma2 - p.beta);

            A::unpack_offset(&t0_part[i * Params::T0_POLY_LEN..], 1 << (D - 1), D, &mut a);
            A::ntt(&mut a);
            A::pointwise(&mut acc, &c_hat, &a);
            A::inv_ntt(&mut acc);
            reject |= A::exceeds_norm(&acc, p.gamma2);
            // MakeHint(-c t0, w - c s2 + c t0).
            A::add(wi, &acc);
            a = Poly::ZERO;
            A::sub(&mut a, &acc);
            ones += A::make_hint(p.gamma2, &a, wi, &mut acc);
            core::mem::swap(wi, &mut acc);
        }
        // The same accept/reject decision for the remaining checks.
        if declassify(reject | (ones as usize > p.omega)) {
            continue;
        }

        // HintBitPack (Algorithm 20). The hint of an accepted signature is
        // public, so its positions may steer the packing.
        hint.fill(0);
        let mut index = 0;
        for (i, hi) in w.iter().enumerate() {
            for (pos, &bit) in hi.0.iter().enumerate() {
                // The hint of the accepted signature is published in it.
                if declassify(bit != 0) {
                    hint[index] = pos as u8;
                    index += 1;
                }
            }
            hint[p.omega + i] = index as u8;
        }
        break;
    }
    y.zeroize();
    y_hat.zeroize();
    w.zeroize();
    a.zeroize();
    acc.zeroize();
    rho_pp.zeroize();
}

/// HintBitUnpack's checks (FIPS 204, Algorithm 21): per-row end indices
/// non-decreasing and at most `omega`, positions strictly increasing within
/// a row, unused slots zero.
fn hint_is_canonical(p: &Params, hint: &[u8]) -> bool {
    let mut index = 0usize;
    for i in 0..p.k {
        let end = usize::from(hint[p.omega + i]);
        if end < index || end > p.omega {
            return false;
        }
        for x in index + 1..end {
            if hint[x - 1] >= hint[x] {
                return false;
            }
        }
        index = end;
    }
    hint[index..p.omega].iter().all(|&b| b == 0)
}

/// FIPS 204, Algorithm 8 (ML-DSA.Verify_internal) from the message
/// representative `mu`. `sig` has the parameter set's signature length.
/// All inputs are public.
pub(crate) fn verify<A: DsaArith>(p: &Params, pk: &[u8], mu: &[u8; 64], sig: &[u8]) -> bool {
    let rho: &[u8; 32] = array(pk);
    let (ctilde_z, hint) = sig.split_at(p.sig_hint());
    let (ctilde, z_part) = ctilde_z.split_at(p.ctilde_len);
    if !hint_is_canonical(p, hint) {
        return false;
    }
    let z_len = p.z_poly_len();
    let mut a = Poly::ZERO;
    for j in 0..p.l {
        A::unpack_offset(&z_part[j * z_len..], p.gamma1(), p.z_bits(), &mut a);
        if A::exceeds_norm(&a, p.gamma1() - p.beta) {
            return false;
        }
    }
    let mut c_hat = Poly::ZERO;
    sample::in_ball(p.tau, ctilde, &mut c_hat);
    A::ntt(&mut c_hat);

    let mut z_hat = Poly::ZERO;
    let mut w1_buf = [0u8; 32 * 6];
    let w1_len = 32 * p.w1_bits() as usize;
    let mut h = Shake256Hasher::new();
    h.update(mu);
    let mut start = 0;
    for i in 0..p.k {
        // w'_approx = NTT^-1(A * NTT(z) - NTT(c) * NTT(t1 * 2^d)), row i.
        let mut acc = Poly::ZERO;
        for j in 0..p.l {
            A::unpack_offset(&z_part[j * z_len..], p.gamma1(), p.z_bits(), &mut z_hat);
            A::ntt(&mut z_hat);
            sample::matrix_entry::<A>(rho, i, j, &mut a);
            A::pointwise_acc(&mut acc, &a, &z_hat);
        }
        A::unpack_simple(&pk[32 + i * Params::T1_POLY_LEN..], 10, &mut a);
        A::shift_left_d(&mut a);
        A::ntt(&mut a);
        A::pointwise(&mut z_hat, &c_hat, &a);
        A::sub(&mut acc, &z_hat);
        A::reduce(&mut acc);
        A::inv_ntt(&mut acc);

        // w'1 = UseHint(h, w'_approx), hashed as it is produced.
        a = Poly::ZERO;
        let end = usize::from(hint[p.omega + i]);
        for &pos in &hint[start..end] {
            a.0[usize::from(pos)] = 1;
        }
        start = end;
        A::use_hint(p.gamma2, &mut acc, &a);
        A::pack_simple(&acc, p.w1_bits(), &mut w1_buf);
        h.update(&w1_buf[..w1_len]);
    }
    let mut ctilde2 = [0u8; 64];
    h.finalize(&mut ctilde2[..p.ctilde_len]);
    bool::from(ctilde2[..p.ctilde_len].ct_eq(ctilde))
}

const _: () = assert!(N == 256);
