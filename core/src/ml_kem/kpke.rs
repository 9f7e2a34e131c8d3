//! K-PKE, the CPA-secure encryption scheme inside ML-KEM (FIPS 203 section 5,
//! Algorithms 13, 14, 15), in two schedules of the same steps.
//!
//! The backend chooses through [`KemArith::SAMPLE_LANES`]: a backend that
//! samples one polynomial at a time (the portable one, which the firmware
//! runs) gets the small-stack schedule, a multi-lane one the wide schedule,
//! which holds the whole matrix and the noise vectors so that each sampling
//! call can fill several polynomials per Keccak permutation. Sampling order
//! never changes a result: every polynomial comes from its own seed and
//! nonce.
//!
//! Small-stack schedule:
//! - The matrix `A_hat` is never held: each entry is sampled (Algorithm 7)
//!   into one polynomial right before it is multiplied and accumulated, or,
//!   in encryption, multiplied into the accumulator pair by pair as its
//!   coefficients are accepted.
//! - Noise polynomials are sampled when needed from their PRF nonce, which is
//!   what makes the order of sampling irrelevant to the result.
//! - Encoded outputs are written directly, one polynomial at a time; the
//!   ciphertext goes through a [`Sink`] so decapsulation can compare instead
//!   of storing it.
//!
//! The working set of encryption is the vector `y_hat` (`k` polynomials,
//! encoded, 384 bytes a polynomial) plus one accumulator and the XOF
//! states, about 1.9 KiB for ML-KEM-768;
//! key generation and decryption hold three polynomials.
//! Everything that held secret values is wiped before returning.

use super::params::Params;
use super::sink::Sink;
use crate::arith::kem::{KemArith, Poly};
use crate::hash::sha3_512;
use zeroize::Zeroize;

/// `A_hat[row, col] = SampleNTT(rho || col || row)` (FIPS 203, Algorithm 7
/// as called from Algorithm 13).
///
/// Out of line so that the sampler's XOF state and block stay out of key
/// generation's frame, which the noise sampling also runs under: inlined,
/// key generation took 340 more bytes of stack on a Cortex-M4.
#[inline(never)]
fn sample_matrix_entry<B: KemArith>(rho: &[u8], row: usize, col: usize, out: &mut Poly) {
    B::sample_ntt(rho, &[[col as u8, row as u8]], core::slice::from_mut(out));
}

/// `SamplePolyCBD_eta(PRF_eta(seed, nonce))` (FIPS 203, Algorithm 8 and
/// section 4.1's `PRF`).
fn sample_noise<B: KemArith>(eta: u32, seed: &[u8], nonce: usize, out: &mut Poly) {
    B::sample_noise(eta, seed, nonce as u8, core::slice::from_mut(out));
}

/// The most matrix entries (`k^2` for `k = 4`) and noise polynomials of one
/// call (`k + 1`) the wide schedule holds.
const MAX_ENTRIES: usize = 16;
const MAX_NOISE: usize = 5;

/// Room for `A_hat`, `k x k` (zeroing 16 entries for every `k` would be a
/// measurable share of an AVX2 key generation).
type Matrix<const K: usize> = [[Poly; K]; K];

const fn empty_matrix<const K: usize>() -> Matrix<K> {
    [const { [Poly::ZERO; K] }; K]
}

/// All of `A_hat` (or its transpose) into `a`, row-major: entry `i * k + j`
/// is `A_hat[i, j]`, or `A_hat[j, i]` when `transpose` (FIPS 203, Algorithm
/// 7 as called from Algorithms 13 and 14).
fn sample_matrix<B: KemArith, const K: usize>(rho: &[u8], transpose: bool, a: &mut [Poly]) {
    let mut idx = [[0u8; 2]; MAX_ENTRIES];
    for i in 0..K {
        for j in 0..K {
            // A_hat[row, col] is seeded by rho || col || row.
            let (row, col) = if transpose { (j, i) } else { (i, j) };
            idx[i * K + j] = [col as u8, row as u8];
        }
    }
    B::sample_ntt(rho, &idx[..K * K], &mut a[..K * K]);
}

/// FIPS 203, Algorithm 13 (K-PKE.KeyGen) from the 32-byte seed `d`.
///
/// Writes `ek_pke` (`384k + 32` bytes) and `dk_pke` (`384k` bytes).
pub(crate) fn keygen<B: KemArith, const K: usize>(d: &[u8; 32], ek: &mut [u8], dk: &mut [u8]) {
    if B::SAMPLE_LANES > 1 {
        keygen_wide::<B, K>(d, ek, dk);
    } else {
        keygen_small::<B, K>(d, ek, dk);
    }
}

/// Algorithm 13, wide schedule: `A_hat`, `s` and `e` sampled in batches.
fn keygen_wide<B: KemArith, const K: usize>(d: &[u8; 32], ek: &mut [u8], dk: &mut [u8]) {
    let p = Params::of(K);
    let mut g = sha3_512(&[d, &[K as u8]]);
    let (rho, sigma) = g.split_at(32);

    // s (nonces 0..k) and e (nonces k..2k) in one call: same eta1.
    let mut se = [const { [Poly::ZERO; K] }; 2];
    B::sample_noise(p.eta1, sigma, 0, se.as_flattened_mut());
    for x in se.as_flattened_mut() {
        B::ntt(x);
    }
    let [s_hat, e_hat] = &se;
    for (i, s) in s_hat.iter().enumerate() {
        B::encode12(s, &mut dk[384 * i..384 * (i + 1)]);
    }

    let mut a = empty_matrix::<K>();
    let a = a.as_flattened_mut();
    sample_matrix::<B, K>(rho, false, a);
    let mut t = Poly::ZERO;
    for i in 0..K {
        t.0.fill(0);
        for (a_ij, s) in a[i * K..(i + 1) * K].iter().zip(s_hat) {
            B::basemul_acc(&mut t, a_ij, s);
        }
        B::to_mont(&mut t);
        B::add(&mut t, &e_hat[i]);
        B::encode12(&t, &mut ek[384 * i..384 * (i + 1)]);
    }
    ek[p.vec12_len()..].copy_from_slice(rho);

    se.zeroize();
    t.zeroize();
    g.zeroize();
}

/// Algorithm 13, small-stack schedule.
fn keygen_small<B: KemArith, const K: usize>(d: &[u8; 32], ek: &mut [u8], dk: &mut [u8]) {
    let p = Params::of(K);
    // (rho, sigma) = G(d || k): the domain separator added in the final FIPS 203.
    let mut g = sha3_512(&[d, &[K as u8]]);
    let (rho, sigma) = g.split_at(32);

    // s_hat goes straight into dk_pke and is decoded back one polynomial at
    // a time: holding all k polynomials would cost (k - 1) * 512 bytes of
    // stack for 2k cheap decodings saved.
    let mut a = Poly::ZERO;
    let mut s = Poly::ZERO;
    for i in 0..K {
        sample_noise::<B>(p.eta1, sigma, i, &mut s);
        B::ntt(&mut s);
        B::encode12(&s, &mut dk[384 * i..384 * (i + 1)]);
    }

    let mut t = Poly::ZERO;
    for i in 0..K {
        t.0.fill(0);
        for j in 0..K {
            sample_matrix_entry::<B>(rho, i, j, &mut a);
            B::decode12(&dk[384 * j..384 * (j + 1)], &mut s);
            B::basemul_acc(&mut t, &a, &s);
        }
        // basemul_acc left a factor R^-1; to_mont removes it and reduces.
        B::to_mont(&mut t);
        // e_hat[i], nonces k..2k.
        sample_noise::<B>(p.eta1, sigma, K + i, &mut a);
        B::ntt(&mut a);
        B::add(&mut t, &a);
        B::encode12(&t, &mut ek[384 * i..384 * (i + 1)]);
    }
    ek[p.vec12_len()..].copy_from_slice(rho);

    s.zeroize();
    a.zeroize();
    t.zeroize();
    g.zeroize();
}

/// FIPS 203, Algorithm 14 (K-PKE.Encrypt) of the message `m` under `ek_pke`
/// with randomness `r`, streaming `c1 || c2` into `out`.
///
/// `ek` must have passed the section 7.2 check (its coefficients are then
/// canonical and `decode12` changes nothing).
pub(crate) fn encrypt<B: KemArith, const K: usize>(
    ek: &[u8],
    m: &[u8; 32],
    r: &[u8],
    out: &mut impl Sink,
) {
    if B::SAMPLE_LANES > 1 {
        encrypt_wide::<B, K>(ek, m, r, out);
    } else {
        encrypt_small::<B, K>(ek, m, r, out);
    }
}

/// Algorithm 14, wide schedule: `A_hat^T`, `y`, `e1` and `e2` sampled in
/// batches.
fn encrypt_wide<B: KemArith, const K: usize>(
    ek: &[u8],
    m: &[u8; 32],
    r: &[u8],
    out: &mut impl Sink,
) {
    let p = Params::of(K);
    let rho = &ek[p.vec12_len()..];

    // y (nonces 0..k, eta1), then e1 and e2 (nonces k..=2k, eta2).
    let mut y_hat = [Poly::ZERO; K];
    B::sample_noise(p.eta1, r, 0, &mut y_hat);
    for y in y_hat.iter_mut() {
        B::ntt(y);
    }
    let mut e = [Poly::ZERO; MAX_NOISE];
    B::sample_noise(p.eta2, r, K as u8, &mut e[..K + 1]);

    let mut a = empty_matrix::<K>();
    let a = a.as_flattened_mut();
    sample_matrix::<B, K>(rho, true, a);
    let mut acc = Poly::ZERO;
    let u_len = 32 * p.du as usize;
    for i in 0..K {
        // u[i] = NTT^-1((A_hat^T o y_hat)[i]) + e1[i].
        acc.0.fill(0);
        for (a_ji, y) in a[i * K..(i + 1) * K].iter().zip(&y_hat) {
            B::basemul_acc(&mut acc, a_ji, y);
        }
        B::inv_ntt(&mut acc);
        B::add(&mut acc, &e[i]);
        out.put(u_len, |c| B::compress_encode(p.du, &acc, c));
    }

    // v = NTT^-1(t_hat^T o y_hat) + e2 + Decompress_1(m); the matrix is done
    // with, so its first entry holds t_hat[j] and then the message.
    let t = &mut a[0];
    acc.0.fill(0);
    for (j, y) in y_hat.iter().enumerate() {
        B::decode12(&ek[384 * j..384 * (j + 1)], t);
        B::basemul_acc(&mut acc, t, y);
    }
    B::inv_ntt(&mut acc);
    B::add(&mut acc, &e[K]);
    B::decode_decompress(1, m, t);
    B::add(&mut acc, t);
    out.put(32 * p.dv as usize, |c| B::compress_encode(p.dv, &acc, c));

    y_hat.zeroize();
    e.zeroize();
    a[0].zeroize();
    acc.zeroize();
}

/// Algorithm 14, small-stack schedule: `y_hat` (encoded) and one
/// accumulator are all that is held. The matrix entries and the noise are multiplied
/// or added into the accumulator as they are sampled
/// ([`KemArith::sample_ntt_mul_acc`], [`KemArith::add_noise`]), and the
/// terms that need a polynomial of their own (`t_hat[j]`, the message) get
/// it in a callee's frame, above which nothing else is called.
///
/// Out of line, like [`decrypt`]: decapsulation runs both, and inlined
/// into it their working sets did not fully share stack.
#[inline(never)]
fn encrypt_small<B: KemArith, const K: usize>(
    ek: &[u8],
    m: &[u8; 32],
    r: &[u8],
    out: &mut impl Sink,
) {
    let p = Params::of(K);
    let rho = &ek[p.vec12_len()..];

    // y_hat = NTT(y), nonces 0..k, held as ByteEncode_12 (384 rather than
    // 512 bytes a polynomial): the products below decode it a pair at a
    // time. The accumulator is free until then.
    let mut y_hat = [[0u8; 384]; K];
    let mut acc = Poly::ZERO;
    for (i, y) in y_hat.iter_mut().enumerate() {
        acc.0.fill(0);
        B::add_noise(p.eta1, r, i as u8, &mut acc);
        B::ntt(&mut acc);
        B::encode12(&acc, y);
    }

    let u_len = 32 * p.du as usize;
    for i in 0..K {
        // u[i] = NTT^-1((A_hat^T o y_hat)[i]) + e1[i]; A_hat^T[i, j] is
        // A_hat[j, i], seeded by rho || i || j.
        acc.0.fill(0);
        for (j, y) in y_hat.iter().enumerate() {
            B::sample_ntt_mul_acc(rho, [i as u8, j as u8], y, &mut acc);
        }
        B::inv_ntt(&mut acc);
        B::add_noise(p.eta2, r, (K + i) as u8, &mut acc);
        out.put(u_len, |c| B::compress_encode(p.du, &acc, c));
    }

    // v = NTT^-1(t_hat^T o y_hat) + e2 + Decompress_1(m).
    acc.0.fill(0);
    for (j, y) in y_hat.iter().enumerate() {
        mul_acc_decoded::<B>(&mut acc, &ek[384 * j..384 * (j + 1)], y);
    }
    B::inv_ntt(&mut acc);
    B::add_noise(p.eta2, r, (2 * K) as u8, &mut acc);
    add_message::<B>(&mut acc, m);
    out.put(32 * p.dv as usize, |c| B::compress_encode(p.dv, &acc, c));

    y_hat.zeroize();
    acc.zeroize();
}

/// `acc += ByteDecode_12(t) o ByteDecode_12(y) * R^-1` for an encoded
/// `t_hat[j]` (public) and `y_hat[j]`.
#[inline(never)]
fn mul_acc_decoded<B: KemArith>(acc: &mut Poly, t: &[u8], y: &[u8]) {
    let mut t_hat = Poly::ZERO;
    B::decode12(t, &mut t_hat);
    B::basemul_acc_packed(acc, &t_hat, y);
}

/// `acc += Decompress_1(ByteDecode_1(m))`.
#[inline(never)]
fn add_message<B: KemArith>(acc: &mut Poly, m: &[u8; 32]) {
    let mut mu = Poly::ZERO;
    B::decode_decompress(1, m, &mut mu);
    B::add(acc, &mu);
    mu.zeroize();
}

/// FIPS 203, Algorithm 15 (K-PKE.Decrypt): the message `m` encrypted in `c`
/// under the key whose `dk_pke` is given.
#[inline(never)]
pub(crate) fn decrypt<B: KemArith, const K: usize>(dk: &[u8], c: &[u8], m: &mut [u8; 32]) {
    let p = Params::of(K);
    let (c1, c2) = c.split_at(p.c1_len());
    let u_len = 32 * p.du as usize;

    let mut u = Poly::ZERO;
    let mut s = Poly::ZERO;
    let mut w = Poly::ZERO;
    // w = v' - NTT^-1(s_hat^T o NTT(u')).
    for i in 0..K {
        B::decode_decompress(p.du, &c1[u_len * i..u_len * (i + 1)], &mut u);
        B::ntt(&mut u);
        // An expanded key's dk_pke is not checked (section 7.3 does not ask
        // for it); decode12 reduces any out-of-range value modulo q.
        B::decode12(&dk[384 * i..384 * (i + 1)], &mut s);
        B::basemul_acc(&mut w, &s, &u);
    }
    B::inv_ntt(&mut w);
    B::decode_decompress(p.dv, c2, &mut u);
    B::sub_from(&mut w, &u);
    B::compress_encode(1, &w, m);

    s.zeroize();
    w.zeroize();
    u.zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::portable::Portable;
    use crate::ml_kem::sink::Writer;

    /// The portable arithmetic, claiming several lanes: runs the wide
    /// schedule on the reference backend.
    struct Wide;

    impl KemArith for Wide {
        const SAMPLE_LANES: usize = 4;
        fn ntt(p: &mut Poly) {
            Portable::ntt(p)
        }
        fn inv_ntt(p: &mut Poly) {
            Portable::inv_ntt(p)
        }
        fn basemul_acc(acc: &mut Poly, a: &Poly, b: &Poly) {
            Portable::basemul_acc(acc, a, b)
        }
        fn add(acc: &mut Poly, b: &Poly) {
            Portable::add(acc, b)
        }
        fn sub_from(acc: &mut Poly, b: &Poly) {
            Portable::sub_from(acc, b)
        }
        fn reduce(p: &mut Poly) {
            Portable::reduce(p)
        }
        fn to_mont(p: &mut Poly) {
            Portable::to_mont(p)
        }
        fn compress_encode(d: u32, p: &Poly, out: &mut [u8]) {
            Portable::compress_encode(d, p, out)
        }
        fn decode_decompress(d: u32, bytes: &[u8], out: &mut Poly) {
            Portable::decode_decompress(d, bytes, out)
        }
        fn encode12(p: &Poly, out: &mut [u8]) {
            Portable::encode12(p, out)
        }
        fn decode12(bytes: &[u8], out: &mut Poly) -> bool {
            Portable::decode12(bytes, out)
        }
        fn rej_sample(bytes: &[u8], out: &mut Poly, filled: usize) -> usize {
            Portable::rej_sample(bytes, out, filled)
        }
        fn sample_cbd(eta: u32, bytes: &[u8], out: &mut Poly) {
            Portable::sample_cbd(eta, bytes, out)
        }
    }

    fn schedules_agree<const K: usize>() {
        let p = Params::of(K);
        for round in 0u8..8 {
            let d = [round.wrapping_mul(37).wrapping_add(K as u8); 32];
            let m = [round ^ 0x5a; 32];
            let r = [round.wrapping_add(101); 32];
            let mut ek = [[0u8; 1568]; 2];
            let mut dk = [[0u8; 1536]; 2];
            keygen_small::<Portable, K>(&d, &mut ek[0][..p.ek_len()], &mut dk[0][..p.vec12_len()]);
            keygen_wide::<Wide, K>(&d, &mut ek[1][..p.ek_len()], &mut dk[1][..p.vec12_len()]);
            assert_eq!(ek[0], ek[1], "K = {K}, round {round}: ek");
            assert_eq!(dk[0], dk[1], "K = {K}, round {round}: dk");

            let mut ct = [[0u8; 1568]; 3];
            let ek = &ek[0][..p.ek_len()];
            encrypt_small::<Portable, K>(ek, &m, &r, &mut Writer::new(&mut ct[0][..p.ct_len()]));
            encrypt_wide::<Wide, K>(ek, &m, &r, &mut Writer::new(&mut ct[1][..p.ct_len()]));
            assert_eq!(ct[0], ct[1], "K = {K}, round {round}: ciphertext");
            // `Wide` keeps the trait's whole-polynomial defaults of the
            // streaming operations, which no shipped backend reaches.
            encrypt_small::<Wide, K>(ek, &m, &r, &mut Writer::new(&mut ct[2][..p.ct_len()]));
            assert_eq!(
                ct[0], ct[2],
                "K = {K}, round {round}: ciphertext, trait defaults"
            );
        }
    }

    #[test]
    fn wide_schedule_equals_small_schedule() {
        schedules_agree::<2>();
        schedules_agree::<3>();
        schedules_agree::<4>();
    }
}
