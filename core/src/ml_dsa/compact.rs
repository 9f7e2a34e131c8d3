//! The compact schedule of ML-DSA.KeyGen_internal, Sign_internal and
//! Verify_internal (FIPS 204, Algorithms 6, 7 and 8): the same keys,
//! signatures and verdicts as the schedules of [`super::internal`], with at
//! most three polynomials alive at a time.
//!
//! The small-stack schedule of `internal` holds whole vectors where holding
//! them saves work: `y`, `NTT(y)` and `w` while signing (`2l + k`
//! polynomials, 16 KiB for ML-DSA-65), `NTT(s1)` in key generation, four
//! polynomials in verification. This schedule recomputes instead:
//!
//! - No entry of `A_hat` is ever held: [`DsaArith::sample_uniform_acc`]
//!   multiplies each coefficient into the accumulator as it is sampled.
//! - Signing accumulates `w = A * y` column by column, one `NTT(y[j])` at a
//!   time, into a store of its rows at 3 bytes a coefficient (768 bytes a
//!   row). Most rows sit in the `z` part of the signature being written,
//!   which holds nothing else until the attempt is accepted; the rest
//!   ([`w_local_len`] bytes) in room the caller provides. `w1` is absorbed into the hash for
//!   `c~` row by row. `c` is kept at 2 bits a coefficient (64 bytes) and
//!   transformed where it is used. `z[j] = y[j] + c s1[j]` is computed for
//!   the norm check with `y[j]` sampled again from ExpandMask, and once more
//!   to be packed when the attempt is accepted (the rows of `w` fill its
//!   place until then). The hint is kept at one bit a coefficient until the
//!   attempt is accepted. `s1`, `s2` and `t0` stay packed in the key.
//! - Key generation unpacks `NTT(s1[j])` from the key it has just written,
//!   for every row, and packs `t1`, `t0` and `s2` row by row.
//! - Verification starts each row from `-c t1 2^d` (`t1` unpacked negated)
//!   and accumulates `A z` onto it, transforming `z[j]` for every row.
//!
//! The price is instructions: `y` is sampled two or three times per
//! attempt, `c` transformed for every product, `s1` transformed `k` times
//! in key generation. Everything stays constant time as in `internal`:
//! the norm checks fold every coefficient into one flag, and an attempt
//! branches only on its accept/reject outcome.

use super::internal::{array, s1_hat_of, s2_hat_of, split_sig, t0_hat_of, z_in_range};
use super::params::{ML_DSA_44, ML_DSA_65, ML_DSA_87, Params};
use super::sample;
use crate::arith::dsa::{D, DsaArith, N, Poly};
use crate::arith::portable::declassify;
use crate::hash::{Shake256Hasher, shake256};
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

/// Bits of a stored coefficient of `w`: canonical values (below
/// `q < 2^23`) in whole bytes, which pack and unpack several times faster
/// than 23-bit fields; `w` is packed and unpacked `k * l` times an attempt.
const W_BITS: u32 = 24;
/// Bytes of one stored row of `w`.
const W_ROW: usize = 32 * W_BITS as usize;
/// `c` at 2 bits a coefficient.
const C_PACKED: usize = 32 * 2;
/// The hint of one row at one bit a coefficient.
const HINT_ROW: usize = N / 8;
/// The largest `k` (ML-DSA-87).
const MAX_K: usize = 8;

/// Whole rows of `w` that the `z` part of the signature holds.
const fn rows_in_sig(p: &Params) -> usize {
    let rows = p.l * p.z_poly_len() / W_ROW;
    if rows < p.k { rows } else { p.k }
}

/// Bytes of room [`sign`] needs besides the signature: the rows of `w`
/// that do not fit in its `z` part (768 bytes for ML-DSA-44, 1536 for
/// ML-DSA-65, 2304 for ML-DSA-87).
pub(super) const fn w_local_len(p: &Params) -> usize {
    (p.k - rows_in_sig(p)) * W_ROW
}

const _: () = {
    assert!(w_local_len(&ML_DSA_44) == W_ROW);
    assert!(w_local_len(&ML_DSA_65) == 2 * W_ROW);
    assert!(w_local_len(&ML_DSA_87) == 3 * W_ROW);
    assert!(ML_DSA_87.k == MAX_K);
};

/// FIPS 204, Algorithm 6 (ML-DSA.KeyGen_internal) on the compact schedule:
/// writes `pkEncode` to `pk` and `skEncode` to `sk`, byte for byte those of
/// [`super::internal::keygen`].
pub(super) fn keygen<A: DsaArith>(p: &Params, xi: &[u8; 32], pk: &mut [u8], sk: &mut [u8]) {
    // (rho, rho', K) = H(xi || k || l), lines 1-2.
    let mut seeds = [0u8; 128];
    shake256(&[xi, &[p.k as u8, p.l as u8]], &mut seeds);
    pk[..32].copy_from_slice(&seeds[..32]);
    sk[..32].copy_from_slice(&seeds[..32]);
    sk[32..64].copy_from_slice(&seeds[96..128]);
    key_rows::<A>(p, array(&seeds), array(&seeds[32..]), pk, sk);
    // tr = H(pk), line 9, over the key as written: hashing it afterwards
    // needs no state alive during the rows.
    let mut tr = [0u8; 64];
    shake256(&[&pk[..p.pk_len()]], &mut tr);
    sk[64..128].copy_from_slice(&tr);
    seeds.zeroize();
}

/// Algorithm 6, lines 3-6: `s1` sampled and packed into `sk`, then
/// `t = NTT^-1(A_hat * NTT(s1)) + s2` row by row, each row's `s2[i]`,
/// `t1[i]` and `t0[i]` packed as it is produced. Its own frame, so that its
/// three polynomials are gone when `tr` is hashed.
#[inline(never)]
fn key_rows<A: DsaArith>(
    p: &Params,
    rho: &[u8; 32],
    rho_prime: &[u8; 64],
    pk: &mut [u8],
    sk: &mut [u8],
) {
    let eta_len = p.eta_poly_len();
    let mut t = Poly::ZERO;
    let mut a = Poly::ZERO;
    let mut b = Poly::ZERO;
    for j in 0..p.l {
        sample::bounded::<A>(p.eta, rho_prime, j, core::slice::from_mut(&mut a));
        let at = Params::SK_S1 + j * eta_len;
        A::pack_offset(&a, p.eta, p.eta_bits(), &mut sk[at..at + eta_len]);
    }
    for i in 0..p.k {
        t = Poly::ZERO;
        for j in 0..p.l {
            s1_hat_of::<A>(p, sk, j, &mut a);
            A::sample_uniform_acc(rho, &[j as u8, i as u8], &a, &mut t);
        }
        A::reduce(&mut t);
        A::inv_ntt(&mut t);
        sample::bounded::<A>(p.eta, rho_prime, p.l + i, core::slice::from_mut(&mut a));
        let at = p.sk_s2() + i * eta_len;
        A::pack_offset(&a, p.eta, p.eta_bits(), &mut sk[at..at + eta_len]);
        A::add(&mut t, &a);
        A::freeze(&mut t);
        // (t1, t0) = Power2Round(t), lines 6-8.
        A::power2round(&t, &mut a, &mut b);
        A::pack_simple(&a, 10, &mut pk[32 + i * Params::T1_POLY_LEN..]);
        let at = p.sk_t0() + i * Params::T0_POLY_LEN;
        A::pack_offset(&b, 1 << (D - 1), D, &mut sk[at..]);
    }
    t.zeroize();
    a.zeroize();
    b.zeroize();
}

/// The rows of `w` (Algorithm 7, line 12), 3 bytes a coefficient: the
/// first ones in the `z` part of the signature, the others in `local`.
struct WRows<'a> {
    in_sig: &'a mut [u8],
    local: &'a mut [u8],
}

impl WRows<'_> {
    fn row(&mut self, i: usize) -> &mut [u8] {
        let n = self.in_sig.len() / W_ROW;
        if i < n {
            &mut self.in_sig[i * W_ROW..(i + 1) * W_ROW]
        } else {
            &mut self.local[(i - n) * W_ROW..(i - n + 1) * W_ROW]
        }
    }
}

/// FIPS 204, Algorithm 7 (ML-DSA.Sign_internal) on the compact schedule,
/// from the message representative `mu` and the randomness `rnd`: writes
/// `sigEncode` to `sig`, byte for byte the signature of
/// [`super::internal::sign`]. `sig` is also the scratch room of `w` until
/// an attempt is accepted, with `local` ([`w_local_len`] bytes, wiped
/// before returning) for the rows that do not fit in it.
pub(super) fn sign<A: DsaArith>(
    p: &Params,
    sk: &[u8],
    mu: &[u8; 64],
    rnd: &[u8; 32],
    sig: &mut [u8],
    local: &mut [u8],
) {
    let (ctilde_z, hint) = sig.split_at_mut(p.sig_hint());
    let (ctilde, z_part) = ctilde_z.split_at_mut(p.ctilde_len);
    let rho: &[u8; 32] = array(sk);

    // rho'' = H(K || rnd || mu), line 7.
    let mut rho_pp = [0u8; 64];
    shake256(&[&sk[32..64], rnd, mu], &mut rho_pp);
    let local = &mut local[..w_local_len(p)];
    let mut c = [0u8; C_PACKED];
    let mut hints = [0u8; MAX_K * HINT_ROW];
    let mut kappa: u16 = 0;
    loop {
        let mut w = WRows {
            in_sig: &mut z_part[..rows_in_sig(p) * W_ROW],
            local,
        };
        commit::<A>(p, rho, &rho_pp, kappa, &mut w);
        hash_w1::<A>(p, mu, &mut w, ctilde);
        challenge::<A>(p, ctilde, &mut c);
        // Lines 17 and 23. As in `internal`, whether an attempt is refused
        // is the loop's own control flow: an attacker who counts attempts
        // learns it, and it says nothing about s1 beyond that.
        if declassify(z_exceeds::<A>(p, sk, &rho_pp, kappa, &c)) {
            kappa = kappa.wrapping_add(p.l as u16);
            continue;
        }
        let (reject, ones) = hint_rows::<A>(p, sk, &c, &mut w, &mut hints);
        // Lines 24 and 28, the same decision for the remaining checks.
        if declassify(reject | (ones as usize > p.omega)) {
            kappa = kappa.wrapping_add(p.l as u16);
            continue;
        }
        // sigEncode (Algorithm 26): `z` over the rows of `w`, then the hint.
        write_z::<A>(p, sk, &rho_pp, kappa, &c, z_part);
        write_hint(p, &hints, hint);
        break;
    }
    rho_pp.zeroize();
    local.zeroize();
    c.zeroize();
    hints.zeroize();
}

/// Algorithm 7, lines 11-12: `NTT(w) = A_hat * NTT(y)` with
/// `y = ExpandMask(rho'', kappa)`, into `w`.
///
/// `w` is accumulated in the NTT domain column by column: each `NTT(y[j])`
/// is sampled once and multiplied into every row, the row unpacked, added
/// to and frozen back to 3 bytes a coefficient. The sums are those of
/// `internal` modulo `q`.
#[inline(never)]
fn commit<A: DsaArith>(
    p: &Params,
    rho: &[u8; 32],
    rho_pp: &[u8; 64],
    kappa: u16,
    w: &mut WRows<'_>,
) {
    let mut y_hat = Poly::ZERO;
    let mut acc = Poly::ZERO;
    for j in 0..p.l {
        let r = kappa.wrapping_add(j as u16);
        sample::mask::<A>(p, rho_pp, r, core::slice::from_mut(&mut y_hat));
        A::ntt(&mut y_hat);
        for i in 0..p.k {
            let row = w.row(i);
            if j == 0 {
                acc = Poly::ZERO;
            } else {
                A::unpack_simple(row, W_BITS, &mut acc);
            }
            A::sample_uniform_acc(rho, &[j as u8, i as u8], &y_hat, &mut acc);
            A::freeze(&mut acc);
            A::pack_simple(&acc, W_BITS, row);
        }
    }
    y_hat.zeroize();
    acc.zeroize();
}

/// Algorithm 7, lines 12-15: `w = NTT^-1(NTT(w))` row by row in place,
/// frozen (the inverse transform leaves each value below `q` in magnitude;
/// freezing makes the rows the canonical `w` of `internal`), and `c~ = H(mu || w1Encode(w1))`
/// into `ctilde`. Its own frame, so that the hash state is not alive while
/// [`commit`] samples.
#[inline(never)]
fn hash_w1<A: DsaArith>(p: &Params, mu: &[u8; 64], w: &mut WRows<'_>, ctilde: &mut [u8]) {
    let mut acc = Poly::ZERO;
    let mut h = Shake256Hasher::new();
    h.update(mu);
    let mut w1 = [0u8; 32 * 6];
    let w1_len = 32 * p.w1_bits() as usize;
    for i in 0..p.k {
        let row = w.row(i);
        A::unpack_simple(row, W_BITS, &mut acc);
        A::inv_ntt(&mut acc);
        A::freeze(&mut acc);
        A::pack_simple(&acc, W_BITS, row);
        // w1 = HighBits(w), absorbed as w1Encode row by row.
        A::high_bits(p.gamma2, &mut acc);
        A::pack_simple(&acc, p.w1_bits(), &mut w1);
        h.update(&w1[..w1_len]);
    }
    h.finalize(ctilde);
    acc.zeroize();
    w1.zeroize();
}

/// `c = SampleInBall(c~)` (Algorithm 29; Algorithm 7, line 16 and
/// Algorithm 8, line 8) as `1 - c_i` in 2 bits a coefficient. Its own
/// frame, so that its polynomial is gone before the rows are worked on.
#[inline(never)]
fn challenge<A: DsaArith>(p: &Params, ctilde: &[u8], c: &mut [u8; C_PACKED]) {
    let mut poly = Poly::ZERO;
    sample::in_ball(p.tau, ctilde, &mut poly);
    A::pack_offset(&poly, 1, 2, c);
    poly.zeroize();
}

/// `NTT(c)` from its packed form.
fn c_hat<A: DsaArith>(c: &[u8; C_PACKED], out: &mut Poly) {
    A::unpack_offset(c, 1, 2, out);
    A::ntt(out);
}

/// `z[j] = y[j] + NTT^-1(NTT(c) * NTT(s1[j]))` (Algorithm 7, line 17) into
/// `z`, with `y[j]` sampled again (ExpandMask, `kappa + j`) into `scratch`.
#[allow(clippy::too_many_arguments)]
fn z_poly<A: DsaArith>(
    p: &Params,
    sk: &[u8],
    rho_pp: &[u8; 64],
    kappa: u16,
    c: &[u8; C_PACKED],
    j: usize,
    z: &mut Poly,
    scratch: &mut Poly,
) {
    s1_hat_of::<A>(p, sk, j, z);
    c_hat::<A>(c, scratch);
    A::pointwise_in_place(z, scratch);
    A::inv_ntt(z);
    let r = kappa.wrapping_add(j as u16);
    sample::mask::<A>(p, rho_pp, r, core::slice::from_mut(scratch));
    A::add(z, scratch);
    A::reduce(z);
}

/// Whether some `z[j]` has a coefficient of norm `>= gamma1 - beta`
/// (Algorithm 7, line 23), every `j` checked whatever the others gave.
#[inline(never)]
fn z_exceeds<A: DsaArith>(
    p: &Params,
    sk: &[u8],
    rho_pp: &[u8; 64],
    kappa: u16,
    c: &[u8; C_PACKED],
) -> bool {
    let mut z = Poly::ZERO;
    let mut scratch = Poly::ZERO;
    let mut reject = false;
    for j in 0..p.l {
        z_poly::<A>(p, sk, rho_pp, kappa, c, j, &mut z, &mut scratch);
        reject |= A::exceeds_norm(&z, p.gamma1() - p.beta);
    }
    z.zeroize();
    scratch.zeroize();
    reject
}

/// `z` of the accepted attempt, packed into the signature (Algorithm 26).
#[inline(never)]
fn write_z<A: DsaArith>(
    p: &Params,
    sk: &[u8],
    rho_pp: &[u8; 64],
    kappa: u16,
    c: &[u8; C_PACKED],
    z_part: &mut [u8],
) {
    let z_len = p.z_poly_len();
    let mut z = Poly::ZERO;
    let mut scratch = Poly::ZERO;
    for j in 0..p.l {
        z_poly::<A>(p, sk, rho_pp, kappa, c, j, &mut z, &mut scratch);
        A::pack_offset(&z, p.gamma1(), p.z_bits(), &mut z_part[j * z_len..]);
    }
    z.zeroize();
    scratch.zeroize();
}

/// Algorithm 7, lines 18-22 and 24-26, row by row: `r0 = LowBits(w - c s2)`
/// and `c t0` against their bounds, and the hint
/// `MakeHint(-c t0, w - c s2 + c t0)` at one bit a coefficient into
/// `hints`. Returns whether a bound is exceeded and the number of ones,
/// both over every row.
#[inline(never)]
fn hint_rows<A: DsaArith>(
    p: &Params,
    sk: &[u8],
    c: &[u8; C_PACKED],
    w: &mut WRows<'_>,
    hints: &mut [u8; MAX_K * HINT_ROW],
) -> (bool, u32) {
    let mut r = Poly::ZERO;
    let mut a = Poly::ZERO;
    let mut b = Poly::ZERO;
    let mut reject = false;
    let mut ones = 0u32;
    for i in 0..p.k {
        // r = w - c s2.
        c_hat::<A>(c, &mut a);
        s2_hat_of::<A>(p, sk, i, &mut b);
        A::pointwise_in_place(&mut b, &a);
        A::inv_ntt(&mut b);
        A::unpack_simple(w.row(i), W_BITS, &mut r);
        A::sub(&mut r, &b);
        A::decompose(p.gamma2, &r, &mut a, &mut b);
        reject |= A::exceeds_norm(&b, p.gamma2 - p.beta);
        // c t0.
        c_hat::<A>(c, &mut a);
        t0_hat_of::<A>(p, sk, i, &mut b);
        A::pointwise_in_place(&mut b, &a);
        A::inv_ntt(&mut b);
        reject |= A::exceeds_norm(&b, p.gamma2);
        A::add(&mut r, &b);
        a = Poly::ZERO;
        A::sub(&mut a, &b);
        ones += A::make_hint(p.gamma2, &a, &r, &mut b);
        A::pack_simple(&b, 1, &mut hints[i * HINT_ROW..(i + 1) * HINT_ROW]);
    }
    r.zeroize();
    a.zeroize();
    b.zeroize();
    (reject, ones)
}

/// HintBitPack (Algorithm 20) from the hints at one bit a coefficient. The
/// hint of an accepted signature is public, so its positions may steer the
/// packing.
fn write_hint(p: &Params, hints: &[u8; MAX_K * HINT_ROW], hint: &mut [u8]) {
    hint.fill(0);
    let mut index = 0;
    for i in 0..p.k {
        let row = &hints[i * HINT_ROW..(i + 1) * HINT_ROW];
        for pos in 0..N {
            // The hint of the accepted signature is published in it.
            if declassify((row[pos / 8] >> (pos % 8)) & 1 != 0) {
                hint[index] = pos as u8;
                index += 1;
            }
        }
        hint[p.omega + i] = index as u8;
    }
}

/// FIPS 204, Algorithm 8 (ML-DSA.Verify_internal) on the compact schedule,
/// from the message representative `mu`; the verdict of
/// [`super::internal::verify`]. `sig` has the parameter set's signature
/// length. All inputs are public.
pub(super) fn verify<A: DsaArith>(p: &Params, pk: &[u8], mu: &[u8; 64], sig: &[u8]) -> bool {
    let Some((ctilde, z, hint)) = split_sig(p, sig) else {
        return false;
    };
    if !z_in_range::<A>(p, z) {
        return false;
    }
    let mut c = [0u8; C_PACKED];
    challenge::<A>(p, ctilde, &mut c);
    let mut ctilde2 = [0u8; 64];
    w1_hash::<A>(p, pk, &c, z, hint, mu, &mut ctilde2[..p.ctilde_len]);
    bool::from(ctilde2[..p.ctilde_len].ct_eq(ctilde))
}

/// Algorithm 8, lines 9-12: `w'1` row by row ([`w1_row`]) and
/// `c~' = H(mu || w1Encode(w'1))` into `out`.
#[inline(never)]
fn w1_hash<A: DsaArith>(
    p: &Params,
    pk: &[u8],
    c: &[u8; C_PACKED],
    z: &[u8],
    hint: &[u8],
    mu: &[u8; 64],
    out: &mut [u8],
) {
    let mut h = Shake256Hasher::new();
    h.update(mu);
    let mut w1 = [0u8; 32 * 6];
    let w1_len = 32 * p.w1_bits() as usize;
    let mut start = 0;
    for i in 0..p.k {
        let end = usize::from(hint[p.omega + i]);
        w1_row::<A>(p, pk, c, z, &hint[start..end], i, &mut w1);
        start = end;
        h.update(&w1[..w1_len]);
    }
    finish(&mut h, out);
}

/// Finalizes `h` into `out`. Finalizing consumes the state, and the moved
/// copy lands in the caller's frame: here it is this frame, not on the
/// deepest path of verification. `h` is left empty.
#[inline(never)]
fn finish(h: &mut Shake256Hasher, out: &mut [u8]) {
    core::mem::take(h).finalize(out);
}

/// Row `i` of `w'1 = UseHint(h, NTT^-1(A_hat * NTT(z) - NTT(c) *
/// NTT(t1 * 2^d)))`, `w1Encode`d into `w1`; `hint_row` holds the positions
/// of the row's hint. The row starts from `NTT(c) * NTT(-t1 * 2^d)` (`t1`
/// unpacked as `0 - t1`), so that `A_hat * NTT(z)` accumulates onto it and
/// no third polynomial is needed; the sum is that of `internal` modulo `q`,
/// and UseHint reads it modulo `q`.
#[inline(never)]
fn w1_row<A: DsaArith>(
    p: &Params,
    pk: &[u8],
    c: &[u8; C_PACKED],
    z: &[u8],
    hint_row: &[u8],
    i: usize,
    w1: &mut [u8],
) {
    let rho: &[u8; 32] = array(pk);
    let z_len = p.z_poly_len();
    let mut w = Poly::ZERO;
    let mut u = Poly::ZERO;
    c_hat::<A>(c, &mut w);
    A::unpack_offset(&pk[32 + i * Params::T1_POLY_LEN..], 0, 10, &mut u);
    A::shift_left_d(&mut u);
    A::ntt(&mut u);
    A::pointwise_in_place(&mut w, &u);
    for j in 0..p.l {
        A::unpack_offset(&z[j * z_len..], p.gamma1(), p.z_bits(), &mut u);
        A::ntt(&mut u);
        A::sample_uniform_acc(rho, &[j as u8, i as u8], &u, &mut w);
    }
    A::reduce(&mut w);
    A::inv_ntt(&mut w);

    u = Poly::ZERO;
    for &pos in hint_row {
        u.0[usize::from(pos)] = 1;
    }
    A::use_hint(p.gamma2, &mut w, &u);
    A::pack_simple(&w, p.w1_bits(), w1);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::portable::Portable;
    use crate::ml_dsa::internal;

    /// The compact schedule on the portable backend (what firmware runs)
    /// against `internal` on the same backend: keys, signatures and verdicts,
    /// also on signatures with a flipped bit or a malformed hint.
    fn agrees<const K: usize, const L: usize>(p: &Params) {
        let (mut pk, mut sk) = ([0u8; 2592], [0u8; 4896]);
        let (mut pk2, mut sk2) = ([0u8; 2592], [0u8; 4896]);
        let (pk, sk) = (&mut pk[..p.pk_len()], &mut sk[..p.sk_len()]);
        let (pk2, sk2) = (&mut pk2[..p.pk_len()], &mut sk2[..p.sk_len()]);
        for round in 0..8u8 {
            internal::keygen::<Portable, K, L>(p, &[round; 32], pk, sk);
            keygen::<Portable>(p, &[round; 32], pk2, sk2);
            assert_eq!(pk, pk2, "round {round}");
            assert_eq!(sk, sk2, "round {round}");

            let mu = [round ^ 0x3c; 64];
            let rnd = [round.wrapping_mul(91); 32];
            let (mut want, mut got) = ([0u8; 4627], [0xffu8; 4627]);
            let (want, got) = (&mut want[..p.sig_len()], &mut got[..p.sig_len()]);
            internal::sign::<Portable, K, L>(p, sk, &mu, &rnd, want);
            let mut local = [0x55u8; 3 * W_ROW];
            sign::<Portable>(p, sk, &mu, &rnd, got, &mut local);
            let (used, rest) = local.split_at(w_local_len(p));
            assert!(
                used.iter().all(|&b| b == 0),
                "round {round}: room not wiped"
            );
            assert!(rest.iter().all(|&b| b == 0x55), "round {round}");
            assert_eq!(want, got, "round {round}");

            assert!(verify::<Portable>(p, pk, &mu, got));
            for n in 0..6usize {
                let bit = (usize::from(round) * 7919 + n * 104_729) % (p.sig_len() * 8);
                got[bit / 8] ^= 1 << (bit % 8);
                assert_eq!(
                    verify::<Portable>(p, pk, &mu, got),
                    internal::verify::<Portable, K, L>(p, pk, &mu, got),
                    "round {round}, bit {bit}"
                );
                assert!(!verify::<Portable>(p, pk, &mu, got));
                got[bit / 8] ^= 1 << (bit % 8);
            }
            // An end index past omega.
            got[p.sig_len() - 1] = p.omega as u8 + 1;
            assert!(!verify::<Portable>(p, pk, &mu, got));
            assert!(!internal::verify::<Portable, K, L>(p, pk, &mu, got));
        }
    }

    #[test]
    fn compact_and_internal_schedules_agree() {
        agrees::<4, 4>(&ML_DSA_44);
        agrees::<6, 5>(&ML_DSA_65);
        agrees::<8, 7>(&ML_DSA_87);
    }

    /// The portable backend's in-place and fused products give exactly the
    /// values of the separate operations.
    #[test]
    fn fused_products_match_separate_ones() {
        let rho = [7u8; 32];
        let mut b = Poly::ZERO;
        sample::matrix_entry::<Portable>(&[9u8; 32], 1, 2, &mut b);
        let mut a = Poly::ZERO;
        sample::matrix_entry::<Portable>(&rho, 3, 4, &mut a);
        let mut acc = Poly::ZERO;
        Portable::pointwise(&mut acc, &b, &b);
        let mut want = acc.clone();
        Portable::pointwise_acc(&mut want, &a, &b);
        Portable::sample_uniform_acc(&rho, &[4, 3], &b, &mut acc);
        assert_eq!(acc, want);
        assert_ne!(acc, Poly::ZERO);

        Portable::pointwise(&mut want, &a, &b);
        Portable::pointwise_in_place(&mut a, &b);
        assert_eq!(a, want);
    }
}
