//! Ring arithmetic for ML-KEM: `R_q = Z_q[X]/(X^256 + 1)` with `q = 3329`.
//!
//! Every operation works on a whole polynomial ([`Poly`]) so that a SIMD
//! backend can process 16 or 32 coefficients per instruction; the algorithm
//! code in [`crate::ml_kem`] never touches single coefficients.
//!
//! # Coefficient ranges
//!
//! Coefficients are signed 16-bit integers. Operations state which range they
//! accept and which they produce; "reduced" means the centred range
//! `-(q-1)/2 ..= (q-1)/2` and "canonical" means `0 .. q`. Products in the NTT
//! domain use Montgomery arithmetic with `R = 2^16`, so
//! [`KemArith::basemul_acc`] yields `a * b * R^-1`; the inverse NTT multiplies
//! by `R` to cancel it ([`KemArith::inv_ntt`]) and [`KemArith::to_mont`]
//! multiplies by `R` where a product must be brought back to normal form
//! without an inverse NTT.

use crate::hash::{Shake128Reader, Xof, shake256};
use zeroize::Zeroize;

/// The ML-KEM modulus `q = 3329`.
pub const Q: i16 = 3329;

/// Number of coefficients of a polynomial.
pub const N: usize = 256;

/// `zeta = 17`, the primitive 256-th root of unity modulo `q` that the NTT
/// is built on (FIPS 203, section 4.3).
pub(crate) const ZETA: i64 = 17;

/// `BitRev_7(i)` (FIPS 203, section 4.3), for the backends' twiddle tables
/// computed at compile time.
pub(crate) const fn bitrev7(i: usize) -> usize {
    let mut r = 0;
    let mut b = 0;
    while b < 7 {
        r |= ((i >> b) & 1) << (6 - b);
        b += 1;
    }
    r
}

/// `base^exp mod q`, for tables computed at compile time (never at run
/// time: it divides).
pub(crate) const fn pow_mod_q(base: i64, mut exp: usize) -> i64 {
    let q = Q as i64;
    let mut acc = 1;
    let mut b = base % q;
    while exp > 0 {
        if exp & 1 == 1 {
            acc = acc * b % q;
        }
        b = b * b % q;
        exp >>= 1;
    }
    acc
}

/// For every 8-bit mask of accepted 16-bit lanes, the byte shuffle that
/// moves those lanes to the front of a 128-bit vector in order (`0x80`
/// clears a byte): the SIMD backends' SampleNTT compaction.
///
/// Indexing a table by the mask is a data-dependent memory access; that is
/// fine because rejection sampling only ever sees the XOF output on the
/// public seed `rho` (the matrix `A` is public).
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
))]
pub(crate) static REJ_COMPACT: [[u8; 16]; 256] = {
    let mut t = [[0x80u8; 16]; 256];
    let mut m = 0;
    while m < 256 {
        let mut n = 0;
        let mut i = 0;
        while i < 8 {
            if m >> i & 1 == 1 {
                t[m][2 * n] = 2 * i as u8;
                t[m][2 * n + 1] = 2 * i as u8 + 1;
                n += 1;
            }
            i += 1;
        }
        m += 1;
    }
    t
};

/// A polynomial of `R_q` (or its NTT representation), 32-byte aligned so SIMD
/// backends can load it directly.
#[derive(Clone, PartialEq, Eq, Zeroize)]
#[repr(C, align(32))]
pub struct Poly(pub [i16; N]);

impl Poly {
    /// The zero polynomial.
    pub const ZERO: Poly = Poly([0; N]);
}

impl Default for Poly {
    fn default() -> Self {
        Poly::ZERO
    }
}

impl core::fmt::Debug for Poly {
    // Polynomials usually hold secrets; never print coefficients.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Poly(..)")
    }
}

/// What ML-KEM needs from a backend.
///
/// All functions run in time independent of the coefficient values, except
/// [`KemArith::rej_sample`], whose input is public (it expands the matrix
/// `A` from the public seed `rho`).
pub trait KemArith {
    /// Forward NTT (FIPS 203, Algorithm 9) in place.
    ///
    /// Input: coefficients with `|a| < q`, in standard order. Output: the
    /// NTT representation in the FIPS 203 bit-reversed order, reduced.
    fn ntt(p: &mut Poly);

    /// Inverse NTT (FIPS 203, Algorithm 10) in place, times the Montgomery
    /// factor `R = 2^16`.
    ///
    /// Input: coefficients with `|a| < 2^15` (e.g. an accumulation of
    /// [`KemArith::basemul_acc`] results). Output: coefficients of
    /// `R * NTT^-1(p)` with `|a| < q`, which is the normal-form result when
    /// `p` came out of [`KemArith::basemul_acc`].
    fn inv_ntt(p: &mut Poly);

    /// `acc += a * b * R^-1` in the NTT domain (FIPS 203, Algorithms 11
    /// MultiplyNTTs and 12 BaseCaseMultiply).
    ///
    /// `a` and `b` must have `|coefficient| < q`. Each call adds terms of
    /// magnitude below `q`, so up to four calls may be accumulated on a
    /// reduced `acc` before [`KemArith::reduce`] or [`KemArith::inv_ntt`].
    fn basemul_acc(acc: &mut Poly, a: &Poly, b: &Poly);

    /// `acc += b`, coefficient-wise, without reduction (the caller keeps the
    /// sum within `i16`).
    fn add(acc: &mut Poly, b: &Poly);

    /// `acc = b - acc`, coefficient-wise, without reduction.
    fn sub_from(acc: &mut Poly, b: &Poly);

    /// Reduces every coefficient to the centred range.
    fn reduce(p: &mut Poly);

    /// Multiplies every coefficient by `R = 2^16` modulo `q` (reduced output).
    fn to_mont(p: &mut Poly);

    /// `ByteEncode_d(Compress_d(p))` (FIPS 203, Algorithm 5 and section
    /// 4.2.1) for `d` in `{1, 4, 5, 10, 11}`: writes `32 * d` bytes to `out`.
    ///
    /// Input coefficients may be any `i16` representative.
    fn compress_encode(d: u32, p: &Poly, out: &mut [u8]);

    /// `Decompress_d(ByteDecode_d(bytes))` (FIPS 203, Algorithm 6 and section
    /// 4.2.1) for `d` in `{1, 4, 5, 10, 11}`: reads `32 * d` bytes. Output is
    /// canonical.
    fn decode_decompress(d: u32, bytes: &[u8], out: &mut Poly);

    /// `ByteEncode_12` (FIPS 203, Algorithm 5) of a polynomial with any `i16`
    /// coefficients (they are first brought to the canonical range): writes
    /// 384 bytes.
    fn encode12(p: &Poly, out: &mut [u8]);

    /// `ByteDecode_12` (FIPS 203, Algorithm 6) of 384 bytes into canonical
    /// coefficients, reducing each 12-bit value modulo `q`.
    ///
    /// Returns `true` when every value was already below `q`, which is the
    /// section 7.2 modulus check when the bytes are an encapsulation key. The
    /// result is computed without branching on the values.
    fn decode12(bytes: &[u8], out: &mut Poly) -> bool;

    /// The rejection step of SampleNTT (FIPS 203, Algorithm 7): reads 3-byte
    /// groups of XOF output from `bytes` (a multiple of 3 long), appends each
    /// accepted value to `out.0[filled..]` and returns the new fill level
    /// (at most 256). Public data only.
    fn rej_sample(bytes: &[u8], out: &mut Poly, filled: usize) -> usize;

    /// SamplePolyCBD_eta (FIPS 203, Algorithm 8) for `eta` in `{2, 3}` from
    /// `64 * eta` PRF bytes. Output coefficients lie in `-eta ..= eta`.
    fn sample_cbd(eta: u32, bytes: &[u8], out: &mut Poly);

    /// How many polynomials [`KemArith::sample_ntt`] and
    /// [`KemArith::sample_noise`] are best given at once: 1 keeps K-PKE's
    /// small-stack schedule (one matrix entry live at a time); more lets a
    /// multi-lane Keccak fill several polynomials per permutation, at the
    /// cost of holding a matrix row.
    const SAMPLE_LANES: usize = 1;

    /// `out[i] = SampleNTT(rho || idx[i][0] || idx[i][1])` (FIPS 203,
    /// Algorithm 7) for every `i`; `rho` is 32 bytes and `idx.len() ==
    /// out.len()`. Public data only.
    ///
    /// The default runs one SHAKE128 after the other, squeezing one block at
    /// a time so that the buffer stays small.
    fn sample_ntt(rho: &[u8], idx: &[[u8; 2]], out: &mut [Poly]) {
        for (ij, p) in idx.iter().zip(out.iter_mut()) {
            let mut xof = Shake128Reader::new(&[rho, ij]);
            let mut buf = [0u8; SHAKE128_BLOCK];
            let mut filled = 0;
            while filled < N {
                xof.squeeze(&mut buf);
                filled = Self::rej_sample(&buf, p, filled);
            }
        }
    }

    /// `out[i] = SamplePolyCBD_eta(PRF_eta(seed, nonce + i))` (FIPS 203,
    /// Algorithm 8 and section 4.1's `PRF`) for every `i`; `seed` is 32
    /// bytes, `eta` is 2 or 3.
    fn sample_noise(eta: u32, seed: &[u8], nonce: u8, out: &mut [Poly]) {
        for (i, p) in out.iter_mut().enumerate() {
            let n = nonce.wrapping_add(i as u8);
            // eta is a public parameter; a buffer sized to it keeps the
            // deepest call chain of decapsulation (which only uses eta = 2)
            // 64 bytes lower.
            if eta == 2 {
                sample_noise_one::<Self, 128>(eta, seed, n, p);
            } else {
                sample_noise_one::<Self, 192>(eta, seed, n, p);
            }
        }
    }

    /// `acc += a x ByteDecode_12(b) * R^-1`: [`KemArith::basemul_acc`] with
    /// the second factor as its 384-byte encoding, whose values must be
    /// below q (this crate's `encode12` output, or a checked key).
    ///
    /// The default decodes `b` whole; a backend may decode it pair by pair,
    /// so that a vector can be held encoded (384 rather than 512 bytes a
    /// polynomial).
    fn basemul_acc_packed(acc: &mut Poly, a: &Poly, b: &[u8]) {
        let mut d = Poly::ZERO;
        Self::decode12(b, &mut d);
        Self::basemul_acc(acc, a, &d);
        d.zeroize();
    }

    /// `acc += SampleNTT(rho || idx) x ByteDecode_12(b) * R^-1` (FIPS 203,
    /// Algorithm 7 followed by Algorithms 11 and 12, as in
    /// [`KemArith::basemul_acc_packed`] with the sampled polynomial as `a`):
    /// one matrix entry times an encoded vector entry. `rho` is 32 bytes and
    /// public, `b` may be secret.
    ///
    /// The default samples the entry whole; a backend may instead multiply
    /// each pair of coefficients as it is accepted, so that the matrix entry
    /// never takes stack (K-PKE.Encrypt's small-stack schedule).
    fn sample_ntt_mul_acc(rho: &[u8], idx: [u8; 2], b: &[u8], acc: &mut Poly) {
        let mut a = Poly::ZERO;
        Self::sample_ntt(rho, &[idx], core::slice::from_mut(&mut a));
        Self::basemul_acc_packed(acc, &a, b);
    }

    /// `acc += SamplePolyCBD_eta(PRF_eta(seed, nonce))` (FIPS 203, Algorithm
    /// 8 and section 4.1's `PRF`), without reduction; `seed` is 32 bytes,
    /// `eta` is 2 or 3.
    ///
    /// The default samples the noise whole; a backend may add it a few
    /// coefficients at a time, so that no noise polynomial takes stack.
    fn add_noise(eta: u32, seed: &[u8], nonce: u8, acc: &mut Poly) {
        let mut e = Poly::ZERO;
        Self::sample_noise(eta, seed, nonce, core::slice::from_mut(&mut e));
        Self::add(acc, &e);
        e.zeroize();
    }
}

/// SHAKE128 rate: what [`KemArith::sample_ntt`] squeezes at a time.
pub const SHAKE128_BLOCK: usize = 168;

fn sample_noise_one<B: KemArith + ?Sized, const LEN: usize>(
    eta: u32,
    seed: &[u8],
    nonce: u8,
    out: &mut Poly,
) {
    debug_assert_eq!(LEN, 64 * eta as usize);
    let mut buf = [0u8; LEN];
    shake256(&[seed, &[nonce]], &mut buf);
    B::sample_cbd(eta, &buf, out);
    buf.zeroize();
}
