//! K-PKE, the CPA-secure encryption scheme inside ML-KEM (FIPS 203 section 5,
//! Algorithms 13, 14, 15), written for a small stack.
//!
//! - The matrix `A_hat` is never held: each entry is sampled (Algorithm 7)
//!   into one polynomial right before it is multiplied and accumulated.
//! - Noise polynomials are sampled when needed from their PRF nonce, which is
//!   what makes the order of sampling irrelevant to the result.
//! - Encoded outputs are written directly, one polynomial at a time; the
//!   ciphertext goes through a [`Sink`] so decapsulation can compare instead
//!   of storing it.
//!
//! The working set of encryption is the vector `y_hat` (`k` polynomials)
//! plus two polynomials and the hash buffers, about 2.6 KiB for ML-KEM-768;
//! key generation and decryption hold three polynomials.
//! Everything that held secret values is wiped before returning.

use super::params::Params;
use super::sink::Sink;
use crate::arith::kem::{KemArith, Poly};
use crate::hash::sha3_512;
use zeroize::Zeroize;

/// `A_hat[row, col] = SampleNTT(rho || col || row)` (FIPS 203, Algorithm 7
/// as called from Algorithms 13 and 14).
fn sample_matrix_entry<B: KemArith>(rho: &[u8], row: usize, col: usize, out: &mut Poly) {
    B::sample_ntt(rho, &[[col as u8, row as u8]], core::slice::from_mut(out));
}

/// `SamplePolyCBD_eta(PRF_eta(seed, nonce))` (FIPS 203, Algorithm 8 and
/// section 4.1's `PRF`).
fn sample_noise<B: KemArith>(eta: u32, seed: &[u8], nonce: usize, out: &mut Poly) {
    B::sample_noise(eta, seed, nonce as u8, core::slice::from_mut(out));
}

/// FIPS 203, Algorithm 13 (K-PKE.KeyGen) from the 32-byte seed `d`.
///
/// Writes `ek_pke` (`384k + 32` bytes) and `dk_pke` (`384k` bytes).
pub(crate) fn keygen<B: KemArith, const K: usize>(d: &[u8; 32], ek: &mut [u8], dk: &mut [u8]) {
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
    let p = Params::of(K);
    let rho = &ek[p.vec12_len()..];

    // y_hat = NTT(y), nonces 0..k.
    let mut y_hat = [Poly::ZERO; K];
    for (i, y) in y_hat.iter_mut().enumerate() {
        sample_noise::<B>(p.eta1, r, i, y);
        B::ntt(y);
    }

    let mut a = Poly::ZERO;
    let mut acc = Poly::ZERO;
    let u_len = 32 * p.du as usize;
    for i in 0..K {
        // u[i] = NTT^-1((A_hat^T o y_hat)[i]) + e1[i]; A_hat^T[i, j] = A_hat[j, i].
        acc.0.fill(0);
        for (j, y) in y_hat.iter().enumerate() {
            sample_matrix_entry::<B>(rho, j, i, &mut a);
            B::basemul_acc(&mut acc, &a, y);
        }
        B::inv_ntt(&mut acc);
        sample_noise::<B>(p.eta2, r, K + i, &mut a);
        B::add(&mut acc, &a);
        out.put(u_len, |c| B::compress_encode(p.du, &acc, c));
    }

    // v = NTT^-1(t_hat^T o y_hat) + e2 + Decompress_1(m).
    acc.0.fill(0);
    for (j, y) in y_hat.iter().enumerate() {
        B::decode12(&ek[384 * j..384 * (j + 1)], &mut a);
        B::basemul_acc(&mut acc, &a, y);
    }
    B::inv_ntt(&mut acc);
    sample_noise::<B>(p.eta2, r, 2 * K, &mut a);
    B::add(&mut acc, &a);
    B::decode_decompress(1, m, &mut a);
    B::add(&mut acc, &a);
    out.put(32 * p.dv as usize, |c| B::compress_encode(p.dv, &acc, c));

    y_hat.zeroize();
    a.zeroize();
    acc.zeroize();
}

/// FIPS 203, Algorithm 15 (K-PKE.Decrypt): the message `m` encrypted in `c`
/// under the key whose `dk_pke` is given.
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
