//! ML-DSA.KeyGen_internal, Sign_internal and Verify_internal (FIPS 204,
//! Algorithms 6, 7 and 8), in two schedules of the same steps.
//!
//! The backend chooses through [`DsaArith::WIDE_SCHEDULE`]; both give the
//! same bytes, because every entry of `A_hat`, `s1`, `s2` and `t0` is the
//! same value whether it is held or derived again.
//!
//! Small-stack schedule (bare-metal firmware):
//! - The matrix `A_hat` is never held: each entry is sampled where it is
//!   multiplied (row by row for `A * y`, `A * s1` and `A * z`).
//! - Signing keeps the secret vectors packed in the expanded key and unpacks
//!   and transforms one polynomial at a time, on every attempt; what
//!   persists across an attempt is `y`, `NTT(y)` and `w` (`2l + k`
//!   polynomials). Verification holds four polynomials and transforms each
//!   `z[j]` once per row.
//!
//! A third schedule of the same algorithms, holding at most three
//! polynomials at a time, is in [`super::compact`].
//!
//! Wide schedule: signing expands the key once per signature
//! ([`SignExpanded`]: `A_hat`, `NTT(s1)`, `NTT(s2)`, `NTT(t0)`) and every
//! attempt runs on it; verification transforms `z` once. The prepared keys
//! of the public API hold [`SignExpanded`] and [`VerifyExpanded`] across
//! calls, so they skip the expansion altogether.

use super::params::Params;
use super::sample;
use crate::arith::dsa::{D, DsaArith, N, Poly};
use crate::arith::portable::declassify;
use crate::hash::{Shake256Hasher, shake256};
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

pub(super) fn array<const M: usize>(bytes: &[u8]) -> &[u8; M] {
    bytes[..M]
        .try_into()
        .expect("slice length fixed by the parameter set")
}

/// `t = NTT^-1(A * NTT(s1)) + s2` row by row, handing each row's
/// `Power2Round` halves `(t1, t0)` to `emit` (FIPS 204, Algorithm 6, lines
/// 5-6). `s2_of(i, out)` provides `s2[i]`.
fn t_rows<A: DsaArith, M: Matrix, const L: usize>(
    p: &Params,
    m: &M,
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
            A::pointwise_acc(&mut acc, m.a_hat::<A>(i, j, &mut a), s);
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
pub(crate) fn keygen<A: DsaArith, const K: usize, const L: usize>(
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
    sample::bounded::<A>(p.eta, rho_prime, 0, &mut s1_hat);
    for (j, s) in s1_hat.iter_mut().enumerate() {
        let at = Params::SK_S1 + j * eta_len;
        A::pack_offset(s, p.eta, p.eta_bits(), &mut sk[at..at + eta_len]);
        A::ntt(s);
    }
    let (head, t0_part) = sk.split_at_mut(p.sk_t0());
    let out = KeyOut {
        s2: &mut head[p.sk_s2()..],
        t1: &mut pk[32..],
        t0: t0_part,
    };
    if wide::<A>() {
        keygen_rows_wide::<A, K, L>(p, &rho, rho_prime, &s1_hat, out);
    } else {
        let s2_of = |i: usize, s2: &mut Poly| {
            sample::bounded::<A>(p.eta, rho_prime, p.l + i, core::slice::from_mut(s2));
        };
        keygen_rows::<A, _, L>(p, &Sampled(&rho), &s1_hat, s2_of, out);
    }
    let mut tr = [0u8; 64];
    shake256(&[&pk[..p.pk_len()]], &mut tr);
    sk[64..128].copy_from_slice(&tr);
    s1_hat.zeroize();
    seeds.zeroize();
}

/// Where key generation writes `s2`, `t1` and `t0` (their parts of
/// `skEncode` and `pkEncode`).
struct KeyOut<'o> {
    s2: &'o mut [u8],
    t1: &'o mut [u8],
    t0: &'o mut [u8],
}

/// Algorithm 6, lines 4-6 after `s1`: `t` row by row with `s2[i]` from
/// `s2_of`, packed as it is produced.
fn keygen_rows<A: DsaArith, M: Matrix, const L: usize>(
    p: &Params,
    m: &M,
    s1_hat: &[Poly; L],
    mut s2_of: impl FnMut(usize, &mut Poly),
    out: KeyOut<'_>,
) {
    let eta_len = p.eta_poly_len();
    t_rows::<A, M, L>(
        p,
        m,
        s1_hat,
        |i, s2| {
            s2_of(i, s2);
            A::pack_offset(s2, p.eta, p.eta_bits(), &mut out.s2[i * eta_len..]);
        },
        |i, t1, t0| {
            A::pack_simple(t1, 10, &mut out.t1[i * Params::T1_POLY_LEN..]);
            A::pack_offset(t0, 1 << (D - 1), D, &mut out.t0[i * Params::T0_POLY_LEN..]);
        },
    );
}

/// [`keygen_rows`] in the wide schedule: `A_hat` and `s2` sampled whole
/// first (several entries per Keccak permutation); its own frame, so the
/// small-stack schedule never reserves room for them.
#[inline(never)]
fn keygen_rows_wide<A: DsaArith, const K: usize, const L: usize>(
    p: &Params,
    rho: &[u8; 32],
    rho_prime: &[u8; 64],
    s1_hat: &[Poly; L],
    out: KeyOut<'_>,
) {
    let mut a_hat = [const { [Poly::ZERO; L] }; K];
    sample::matrix::<A, K, L>(rho, &mut a_hat);
    let mut s2: [Poly; K] = core::array::from_fn(|_| Poly::ZERO);
    sample::bounded::<A>(p.eta, rho_prime, p.l, &mut s2);
    keygen_rows::<A, _, L>(p, &a_hat, s1_hat, |i, o| o.clone_from(&s2[i]), out);
    s2.zeroize();
}

/// Checks that an expanded key `skEncode(rho, K, tr, s1, s2, t0)` is one that
/// Algorithm 6 can produce: `s1`, `s2` within `[-eta, eta]`, `t0` equal to the
/// low part of `A * s1 + s2`, and `tr = H(pk)` for the public key rebuilt
/// from it, which is written to `pk`. No early exit on the secret parts.
///
/// The wide schedule samples `A_hat` whole first (several entries per
/// Keccak permutation); the small-stack one samples each entry where used.
pub(crate) fn check_expanded<A: DsaArith, const K: usize, const L: usize>(
    p: &Params,
    sk: &[u8],
    pk: &mut [u8],
) -> bool {
    if wide::<A>() {
        check_expanded_wide::<A, K, L>(p, sk, pk)
    } else {
        check_expanded_with::<A, _, L>(p, &Sampled(array(sk)), sk, pk)
    }
}

/// [`check_expanded`] with `A_hat` held; its own frame, so the small-stack
/// schedule never reserves room for the matrix.
#[inline(never)]
fn check_expanded_wide<A: DsaArith, const K: usize, const L: usize>(
    p: &Params,
    sk: &[u8],
    pk: &mut [u8],
) -> bool {
    let mut a_hat = [const { [Poly::ZERO; L] }; K];
    sample::matrix::<A, K, L>(array(sk), &mut a_hat);
    check_expanded_with::<A, _, L>(p, &a_hat, sk, pk)
}

/// [`check_expanded`] with `A_hat` from `m`.
fn check_expanded_with<A: DsaArith, M: Matrix, const L: usize>(
    p: &Params,
    m: &M,
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
    t_rows::<A, _, L>(
        p,
        m,
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

/// Whether the wide schedule runs: the backend asks for it (hosted targets)
/// and no test has pinned the small-stack schedule.
fn wide<A: DsaArith>() -> bool {
    A::WIDE_SCHEDULE && !super::small_stack_forced()
}

/// Where the algorithms take `A_hat[i][j]` from: sampled where it is used
/// ([`Sampled`]) or held once sampled (an `[[Poly; L]; K]`).
pub(crate) trait Matrix {
    /// `A_hat[i][j]` (FIPS 204, Algorithm 32); `scratch` is room the source
    /// may fill and return.
    fn a_hat<'a, A: DsaArith>(&'a self, i: usize, j: usize, scratch: &'a mut Poly) -> &'a Poly;
}

/// `A_hat` as `rho`: every entry sampled (RejNTTPoly) where it is used.
pub(crate) struct Sampled<'r>(pub &'r [u8; 32]);

impl Matrix for Sampled<'_> {
    fn a_hat<'a, A: DsaArith>(&'a self, i: usize, j: usize, scratch: &'a mut Poly) -> &'a Poly {
        sample::matrix_entry::<A>(self.0, i, j, scratch);
        scratch
    }
}

impl<const K: usize, const L: usize> Matrix for [[Poly; L]; K] {
    fn a_hat<'a, A: DsaArith>(&'a self, i: usize, j: usize, _: &'a mut Poly) -> &'a Poly {
        &self[i][j]
    }
}

/// Where Sign_internal takes `NTT(s1)`, `NTT(s2)` and `NTT(t0)` from:
/// unpacked and transformed from `skEncode` where used ([`Packed`]) or held
/// ([`SignExpanded`]). The values are the same either way, and so is the
/// signature.
pub(crate) trait SignSecrets {
    fn s1_hat<'a, A: DsaArith>(&'a self, j: usize, scratch: &'a mut Poly) -> &'a Poly;
    fn s2_hat<'a, A: DsaArith>(&'a self, i: usize, scratch: &'a mut Poly) -> &'a Poly;
    fn t0_hat<'a, A: DsaArith>(&'a self, i: usize, scratch: &'a mut Poly) -> &'a Poly;
}

/// `NTT(s1[j])` from `skEncode` (FIPS 204, Algorithm 25's `s1`).
pub(super) fn s1_hat_of<A: DsaArith>(p: &Params, sk: &[u8], j: usize, out: &mut Poly) {
    let at = Params::SK_S1 + j * p.eta_poly_len();
    A::unpack_offset(&sk[at..], p.eta, p.eta_bits(), out);
    A::ntt(out);
}

/// `NTT(s2[i])` from `skEncode`.
pub(super) fn s2_hat_of<A: DsaArith>(p: &Params, sk: &[u8], i: usize, out: &mut Poly) {
    let at = p.sk_s2() + i * p.eta_poly_len();
    A::unpack_offset(&sk[at..], p.eta, p.eta_bits(), out);
    A::ntt(out);
}

/// `NTT(t0[i])` from `skEncode`.
pub(super) fn t0_hat_of<A: DsaArith>(p: &Params, sk: &[u8], i: usize, out: &mut Poly) {
    let at = p.sk_t0() + i * Params::T0_POLY_LEN;
    A::unpack_offset(&sk[at..], 1 << (D - 1), D, out);
    A::ntt(out);
}

/// `skEncode` as a [`SignSecrets`]: one polynomial unpacked at a time.
pub(crate) struct Packed<'k> {
    p: &'k Params,
    sk: &'k [u8],
}

impl SignSecrets for Packed<'_> {
    fn s1_hat<'a, A: DsaArith>(&'a self, j: usize, scratch: &'a mut Poly) -> &'a Poly {
        s1_hat_of::<A>(self.p, self.sk, j, scratch);
        scratch
    }
    fn s2_hat<'a, A: DsaArith>(&'a self, i: usize, scratch: &'a mut Poly) -> &'a Poly {
        s2_hat_of::<A>(self.p, self.sk, i, scratch);
        scratch
    }
    fn t0_hat<'a, A: DsaArith>(&'a self, i: usize, scratch: &'a mut Poly) -> &'a Poly {
        t0_hat_of::<A>(self.p, self.sk, i, scratch);
        scratch
    }
}

/// Everything Sign_internal derives from the key alone (FIPS 204,
/// Algorithm 7, lines 1-5): `A_hat`, `NTT(s1)`, `NTT(s2)`, `NTT(t0)` and
/// `K`. Computed once, it serves any number of signing attempts and
/// signatures. The secret parts are wiped on drop; `A_hat` is public.
pub(crate) struct SignExpanded<const K: usize, const L: usize> {
    pub a_hat: [[Poly; L]; K],
    s1_hat: [Poly; L],
    s2_hat: [Poly; K],
    t0_hat: [Poly; K],
    pub key: [u8; 32],
}

impl<const K: usize, const L: usize> SignExpanded<K, L> {
    pub(crate) const EMPTY: Self = SignExpanded {
        a_hat: [const { [Poly::ZERO; L] }; K],
        s1_hat: [Poly::ZERO; L],
        s2_hat: [Poly::ZERO; K],
        t0_hat: [Poly::ZERO; K],
        key: [0; 32],
    };

    /// Algorithm 7, lines 1-5, from `skEncode`, in place.
    pub(crate) fn set<A: DsaArith>(&mut self, p: &Params, sk: &[u8]) {
        sample::matrix::<A, K, L>(array(sk), &mut self.a_hat);
        self.key.copy_from_slice(&sk[32..64]);
        for (j, s) in self.s1_hat.iter_mut().enumerate() {
            s1_hat_of::<A>(p, sk, j, s);
        }
        for (i, (s, t)) in self
            .s2_hat
            .iter_mut()
            .zip(self.t0_hat.iter_mut())
            .enumerate()
        {
            s2_hat_of::<A>(p, sk, i, s);
            t0_hat_of::<A>(p, sk, i, t);
        }
    }
}

impl<const K: usize, const L: usize> SignSecrets for SignExpanded<K, L> {
    fn s1_hat<'a, A: DsaArith>(&'a self, j: usize, _: &'a mut Poly) -> &'a Poly {
        &self.s1_hat[j]
    }
    fn s2_hat<'a, A: DsaArith>(&'a self, i: usize, _: &'a mut Poly) -> &'a Poly {
        &self.s2_hat[i]
    }
    fn t0_hat<'a, A: DsaArith>(&'a self, i: usize, _: &'a mut Poly) -> &'a Poly {
        &self.t0_hat[i]
    }
}

impl<const K: usize, const L: usize> Drop for SignExpanded<K, L> {
    fn drop(&mut self) {
        self.s1_hat.zeroize();
        self.s2_hat.zeroize();
        self.t0_hat.zeroize();
        self.key.zeroize();
    }
}

/// FIPS 204, Algorithm 7 (ML-DSA.Sign_internal) from the message
/// representative `mu` and the randomness `rnd`: writes `sigEncode` to `sig`.
///
/// The wide schedule expands the key once (`A_hat` and the transformed
/// secrets, [`SignExpanded`]) and runs every attempt on it; the small-stack
/// schedule re-derives each of them where an attempt uses it.
pub(crate) fn sign<A: DsaArith, const K: usize, const L: usize>(
    p: &Params,
    sk: &[u8],
    mu: &[u8; 64],
    rnd: &[u8; 32],
    sig: &mut [u8],
) {
    if wide::<A>() {
        sign_wide::<A, K, L>(p, sk, mu, rnd, sig);
    } else {
        let key: &[u8; 32] = array(&sk[32..]);
        let secrets = Packed { p, sk };
        sign_with::<A, _, _, K, L>(p, &Sampled(array(sk)), &secrets, key, mu, rnd, sig);
    }
}

/// The wide schedule of [`sign`]; its own frame, so the small-stack
/// schedule never reserves room for the expanded key.
#[inline(never)]
fn sign_wide<A: DsaArith, const K: usize, const L: usize>(
    p: &Params,
    sk: &[u8],
    mu: &[u8; 64],
    rnd: &[u8; 32],
    sig: &mut [u8],
) {
    let mut e = SignExpanded::<K, L>::EMPTY;
    e.set::<A>(p, sk);
    sign_expanded::<A, K, L>(p, &e, mu, rnd, sig);
}

/// [`sign`] with an expanded key.
pub(crate) fn sign_expanded<A: DsaArith, const K: usize, const L: usize>(
    p: &Params,
    e: &SignExpanded<K, L>,
    mu: &[u8; 64],
    rnd: &[u8; 32],
    sig: &mut [u8],
) {
    sign_with::<A, _, _, K, L>(p, &e.a_hat, e, &e.key, mu, rnd, sig);
}

/// Algorithm 7, lines 6-33, with `A_hat` from `m` and the transformed
/// secrets from `s`.
///
/// Each attempt branches only on whether it is rejected: the norm checks
/// fold every coefficient of `z` (then of `r0` and `c * t0`, and the hint
/// count) into one flag before it is read.
fn sign_with<A: DsaArith, M: Matrix, S: SignSecrets, const K: usize, const L: usize>(
    p: &Params,
    m: &M,
    s: &S,
    key: &[u8; 32],
    mu: &[u8; 64],
    rnd: &[u8; 32],
    sig: &mut [u8],
) {
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
        sample::mask::<A>(p, &rho_pp, kappa, &mut y);
        for (yj, yj_hat) in y.iter().zip(y_hat.iter_mut()) {
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
                A::pointwise_acc(wi, m.a_hat::<A>(i, j, &mut a), yj_hat);
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
            A::pointwise(&mut acc, &c_hat, s.s1_hat::<A>(j, &mut a));
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
            A::pointwise(&mut acc, &c_hat, s.s2_hat::<A>(i, &mut a));
            A::inv_ntt(&mut acc);
            A::sub(wi, &acc);
            A::decompose(p.gamma2, wi, &mut a, &mut acc);
            reject |= A::exceeds_norm(&acc, p.gamma2 - p.beta);

            A::pointwise(&mut acc, &c_hat, s.t0_hat::<A>(i, &mut a));
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

/// Where Verify_internal takes `NTT(t1[i] * 2^d)` from: unpacked and
/// transformed from `pkEncode` where used ([`PackedT1`]) or held.
pub(crate) trait T1Source {
    fn t1_hat<'a, A: DsaArith>(&'a self, i: usize, scratch: &'a mut Poly) -> &'a Poly;
}

/// `NTT(t1[i] * 2^d)` from the `t1` part of `pkEncode`.
fn t1_hat_of<A: DsaArith>(t1: &[u8], i: usize, out: &mut Poly) {
    A::unpack_simple(&t1[i * Params::T1_POLY_LEN..], 10, out);
    A::shift_left_d(out);
    A::ntt(out);
}

/// The `t1` part of `pkEncode` as a [`T1Source`].
pub(crate) struct PackedT1<'k>(&'k [u8]);

impl T1Source for PackedT1<'_> {
    fn t1_hat<'a, A: DsaArith>(&'a self, i: usize, scratch: &'a mut Poly) -> &'a Poly {
        t1_hat_of::<A>(self.0, i, scratch);
        scratch
    }
}

impl<const K: usize> T1Source for [Poly; K] {
    fn t1_hat<'a, A: DsaArith>(&'a self, i: usize, _: &'a mut Poly) -> &'a Poly {
        &self[i]
    }
}

/// Where Verify_internal takes `NTT(z[j])` from: transformed once and held
/// (`[Poly; L]`, `l` transforms per signature) or unpacked and transformed
/// for every row ([`PackedZ`], `k * l` transforms, for the small stack).
trait ZSource {
    fn z_hat<'a, A: DsaArith>(&'a self, j: usize, scratch: &'a mut Poly) -> &'a Poly;
}

struct PackedZ<'s> {
    p: &'s Params,
    z: &'s [u8],
}

impl ZSource for PackedZ<'_> {
    fn z_hat<'a, A: DsaArith>(&'a self, j: usize, scratch: &'a mut Poly) -> &'a Poly {
        let p = self.p;
        A::unpack_offset(
            &self.z[j * p.z_poly_len()..],
            p.gamma1(),
            p.z_bits(),
            scratch,
        );
        A::ntt(scratch);
        scratch
    }
}

impl<const L: usize> ZSource for [Poly; L] {
    fn z_hat<'a, A: DsaArith>(&'a self, j: usize, _: &'a mut Poly) -> &'a Poly {
        &self[j]
    }
}

/// What Verify_internal derives from the public key alone (FIPS 204,
/// Algorithm 8, lines 5 and 9): `A_hat` and `NTT(t1 * 2^d)`.
pub(crate) struct VerifyExpanded<const K: usize, const L: usize> {
    a_hat: [[Poly; L]; K],
    t1_hat: [Poly; K],
}

impl<const K: usize, const L: usize> VerifyExpanded<K, L> {
    pub(crate) const EMPTY: Self = VerifyExpanded {
        a_hat: [const { [Poly::ZERO; L] }; K],
        t1_hat: [Poly::ZERO; K],
    };

    /// Expands `pkEncode` in place.
    pub(crate) fn set<A: DsaArith>(&mut self, pk: &[u8]) {
        sample::matrix::<A, K, L>(array(pk), &mut self.a_hat);
        for (i, t) in self.t1_hat.iter_mut().enumerate() {
            t1_hat_of::<A>(&pk[32..], i, t);
        }
    }
}

/// `sigDecode` (FIPS 204, Algorithm 27) as `(c~, z, h)` slices, or `None`
/// when the hint is malformed. `sig` has the parameter set's length.
pub(super) fn split_sig<'s>(p: &Params, sig: &'s [u8]) -> Option<(&'s [u8], &'s [u8], &'s [u8])> {
    let (ctilde_z, hint) = sig.split_at(p.sig_hint());
    let (ctilde, z) = ctilde_z.split_at(p.ctilde_len);
    hint_is_canonical(p, hint).then_some((ctilde, z, hint))
}

/// FIPS 204, Algorithm 8 (ML-DSA.Verify_internal) from the message
/// representative `mu`. `sig` has the parameter set's signature length.
/// All inputs are public.
///
/// The wide schedule expands the key ([`VerifyExpanded`]: `A_hat` sampled
/// several entries per Keccak permutation, and `NTT(t1)`) and transforms
/// `z` once; the small-stack schedule holds four polynomials, samples each
/// entry of `A_hat` where it is used and transforms each `z[j]` again for
/// every row.
pub(crate) fn verify<A: DsaArith, const K: usize, const L: usize>(
    p: &Params,
    pk: &[u8],
    mu: &[u8; 64],
    sig: &[u8],
) -> bool {
    if wide::<A>() {
        verify_wide::<A, K, L>(p, pk, mu, sig)
    } else {
        verify_small::<A>(p, pk, mu, sig)
    }
}

/// The wide schedule of [`verify`]; its own frame, so the small-stack
/// schedule never reserves room for the expanded key.
#[inline(never)]
fn verify_wide<A: DsaArith, const K: usize, const L: usize>(
    p: &Params,
    pk: &[u8],
    mu: &[u8; 64],
    sig: &[u8],
) -> bool {
    let mut e = VerifyExpanded::<K, L>::EMPTY;
    e.set::<A>(pk);
    verify_expanded::<A, K, L>(p, &e, mu, sig)
}

/// The small-stack schedule of [`verify`].
fn verify_small<A: DsaArith>(p: &Params, pk: &[u8], mu: &[u8; 64], sig: &[u8]) -> bool {
    let a_hat = Sampled(array(pk));
    let t1 = PackedT1(&pk[32..]);
    let Some((ctilde, z, hint)) = split_sig(p, sig) else {
        return false;
    };
    if !z_in_range::<A>(p, z) {
        return false;
    }
    verify_with::<A, _, _, _>(p, &a_hat, &t1, &PackedZ { p, z }, ctilde, hint, mu)
}

/// Whether every coefficient of the encoded `z` is below `gamma1 - beta`
/// (Algorithm 8, line 13). Its own frame, so that its polynomial is gone
/// before the small-stack schedule's four are in use.
#[inline(never)]
pub(super) fn z_in_range<A: DsaArith>(p: &Params, z: &[u8]) -> bool {
    let mut zj = Poly::ZERO;
    (0..p.l).all(|j| {
        A::unpack_offset(&z[j * p.z_poly_len()..], p.gamma1(), p.z_bits(), &mut zj);
        !A::exceeds_norm(&zj, p.gamma1() - p.beta)
    })
}

/// [`verify`] with an expanded key.
pub(crate) fn verify_expanded<A: DsaArith, const K: usize, const L: usize>(
    p: &Params,
    e: &VerifyExpanded<K, L>,
    mu: &[u8; 64],
    sig: &[u8],
) -> bool {
    verify_held_z::<A, _, _, L>(p, &e.a_hat, &e.t1_hat, mu, sig)
}

/// Algorithm 8 with `NTT(z)` computed once and held; its own frame, so the
/// small-stack schedule never reserves room for `z`.
#[inline(never)]
fn verify_held_z<A: DsaArith, M: Matrix, T: T1Source, const L: usize>(
    p: &Params,
    a_hat: &M,
    t1: &T,
    mu: &[u8; 64],
    sig: &[u8],
) -> bool {
    let Some((ctilde, z, hint)) = split_sig(p, sig) else {
        return false;
    };
    let mut z_hat: [Poly; L] = core::array::from_fn(|_| Poly::ZERO);
    for (j, zj) in z_hat.iter_mut().enumerate() {
        A::unpack_offset(&z[j * p.z_poly_len()..], p.gamma1(), p.z_bits(), zj);
        if A::exceeds_norm(zj, p.gamma1() - p.beta) {
            return false;
        }
        A::ntt(zj);
    }
    verify_with::<A, _, _, _>(p, a_hat, t1, &z_hat, ctilde, hint, mu)
}

/// Algorithm 8, lines 9-13, once `z` is known to be in range.
fn verify_with<A: DsaArith, M: Matrix, T: T1Source, Z: ZSource>(
    p: &Params,
    a_hat: &M,
    t1: &T,
    z_hat: &Z,
    ctilde: &[u8],
    hint: &[u8],
    mu: &[u8; 64],
) -> bool {
    let mut c_hat = Poly::ZERO;
    sample::in_ball(p.tau, ctilde, &mut c_hat);
    A::ntt(&mut c_hat);

    let mut a = Poly::ZERO;
    let mut b = Poly::ZERO;
    let mut w1_buf = [0u8; 32 * 6];
    let w1_len = 32 * p.w1_bits() as usize;
    let mut h = Shake256Hasher::new();
    h.update(mu);
    let mut start = 0;
    for i in 0..p.k {
        // w'_approx = NTT^-1(A * NTT(z) - NTT(c) * NTT(t1 * 2^d)), row i.
        let mut acc = Poly::ZERO;
        for j in 0..p.l {
            A::pointwise_acc(
                &mut acc,
                a_hat.a_hat::<A>(i, j, &mut a),
                z_hat.z_hat::<A>(j, &mut b),
            );
        }
        A::pointwise(&mut b, &c_hat, t1.t1_hat::<A>(i, &mut a));
        A::sub(&mut acc, &b);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::portable::Portable;
    use crate::ml_dsa::params::{ML_DSA_44, ML_DSA_65, ML_DSA_87};

    /// The small-stack schedule (everything re-derived where used), the
    /// wide one (key expanded once per signature, `NTT(z)` held) and the
    /// expanded keys give the same signatures and the same verdicts, also
    /// on signatures with a flipped bit.
    fn schedules_agree<const K: usize, const L: usize>(p: &Params) {
        let (mut pk, mut sk) = ([0u8; 2592], [0u8; 4896]);
        let (pk, sk) = (&mut pk[..p.pk_len()], &mut sk[..p.sk_len()]);
        let mut signed = [[0u8; 4627]; 3];
        let mut e = SignExpanded::<K, L>::EMPTY;
        let mut v = VerifyExpanded::<K, L>::EMPTY;
        for round in 0..6u8 {
            keygen::<Portable, K, L>(p, &[round; 32], pk, sk);
            let mu = [round ^ 0x5a; 64];
            let rnd = [round.wrapping_mul(37); 32];
            let [small, wide, held] = &mut signed;
            let (small, wide, held) = (
                &mut small[..p.sig_len()],
                &mut wide[..p.sig_len()],
                &mut held[..p.sig_len()],
            );
            let key: &[u8; 32] = array(&sk[32..]);
            let packed = Packed { p, sk };
            sign_with::<Portable, _, _, K, L>(
                p,
                &Sampled(array(sk)),
                &packed,
                key,
                &mu,
                &rnd,
                small,
            );
            sign_wide::<Portable, K, L>(p, sk, &mu, &rnd, wide);
            e.set::<Portable>(p, sk);
            sign_expanded::<Portable, K, L>(p, &e, &mu, &rnd, held);
            assert_eq!(small, wide, "round {round}");
            assert_eq!(small, held, "round {round}");

            v.set::<Portable>(pk);
            let sampled = Sampled(array(pk));
            let t1 = PackedT1(&pk[32..]);
            for flip in [None, Some(usize::from(round) * 997 % (p.sig_len() * 8))] {
                let mut sig = [0u8; 4627];
                let sig = &mut sig[..p.sig_len()];
                sig.copy_from_slice(small);
                if let Some(bit) = flip {
                    sig[bit / 8] ^= 1 << (bit % 8);
                }
                let want = flip.is_none();
                assert_eq!(verify_small::<Portable>(p, pk, &mu, sig), want);
                assert_eq!(
                    verify_held_z::<Portable, _, _, L>(p, &sampled, &t1, &mu, sig),
                    want
                );
                assert_eq!(verify_expanded::<Portable, K, L>(p, &v, &mu, sig), want);
            }
        }
    }

    #[test]
    fn small_and_wide_schedules_agree() {
        schedules_agree::<4, 4>(&ML_DSA_44);
        schedules_agree::<6, 5>(&ML_DSA_65);
        schedules_agree::<8, 7>(&ML_DSA_87);
    }

    /// Algorithm 8, line 13: `||z||_inf < gamma1 - beta`, decided on the
    /// encoded `z` at the boundary, in the last coefficient of the last
    /// polynomial, so that a verifier without the check is caught here
    /// rather than by a `c~` mismatch.
    #[test]
    fn z_range_check_is_exact_at_its_bound() {
        for p in [&ML_DSA_44, &ML_DSA_65, &ML_DSA_87] {
            let bound = p.gamma1() - p.beta;
            let mut z = [0u8; 7 * 640];
            let z = &mut z[..p.l * p.z_poly_len()];
            for (value, inside) in [
                (bound - 1, true),
                (bound, false),
                (1 - bound, true),
                (-bound, false),
            ] {
                let mut poly = Poly::ZERO;
                for j in 0..p.l {
                    poly.0[N - 1] = if j == p.l - 1 { value } else { 0 };
                    Portable::pack_offset(
                        &poly,
                        p.gamma1(),
                        p.z_bits(),
                        &mut z[j * p.z_poly_len()..],
                    );
                }
                assert_eq!(
                    z_in_range::<Portable>(p, z),
                    inside,
                    "{value} for gamma1 - beta = {bound}"
                );
            }
        }
    }

    /// Algorithm 21 (HintBitUnpack): an end index past `omega` is refused.
    /// Every position sits in the first row, so the ordering checks alone
    /// would let the index run past the hint.
    #[test]
    fn hint_end_index_past_omega_is_refused() {
        for p in [&ML_DSA_44, &ML_DSA_65, &ML_DSA_87] {
            let mut hint = [0u8; 96];
            let hint = &mut hint[..p.omega + p.k];
            assert!(hint_is_canonical(p, hint), "an empty hint is canonical");
            for (x, b) in hint[..p.omega].iter_mut().enumerate() {
                *b = x as u8;
            }
            hint[p.omega..].fill(p.omega as u8);
            assert!(hint_is_canonical(p, hint), "omega ordered positions");
            hint[p.omega..].fill(p.omega as u8 + 1);
            assert!(!hint_is_canonical(p, hint));
        }
    }
}
