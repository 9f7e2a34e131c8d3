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

use zeroize::Zeroize;

/// The ML-KEM modulus `q = 3329`.
pub const Q: i16 = 3329;

/// Number of coefficients of a polynomial.
pub const N: usize = 256;

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
    /// [`KemArith::basemul_acc`] results). Output: reduced coefficients of
    /// `R * NTT^-1(p)`, which is the normal-form result when `p` came out of
    /// [`KemArith::basemul_acc`].
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
    /// Input coefficients may have any representative in `-q .. q`.
    fn compress_encode(d: u32, p: &Poly, out: &mut [u8]);

    /// `Decompress_d(ByteDecode_d(bytes))` (FIPS 203, Algorithm 6 and section
    /// 4.2.1) for `d` in `{1, 4, 5, 10, 11}`: reads `32 * d` bytes. Output is
    /// canonical.
    fn decode_decompress(d: u32, bytes: &[u8], out: &mut Poly);

    /// `ByteEncode_12` (FIPS 203, Algorithm 5) of a polynomial with
    /// coefficients in `-q .. q` (they are first brought to the canonical
    /// range): writes 384 bytes.
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
}
