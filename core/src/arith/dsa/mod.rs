//! Ring arithmetic for ML-DSA: `R_q = Z_q[X]/(X^256 + 1)` with `q = 8380417`.
//!
//! Every operation works on a whole polynomial ([`Poly`]) so that a SIMD
//! backend can process 8 or 16 coefficients per instruction; the algorithm
//! code in [`crate::ml_dsa`] never touches single coefficients.
//!
//! # Coefficient ranges
//!
//! Coefficients are signed 32-bit integers. "Canonical" means `0 .. q`,
//! "centred" means `-(q-1)/2 ..= (q-1)/2`. Products in the NTT domain use
//! Montgomery arithmetic with `R = 2^32`: [`DsaArith::pointwise`] yields
//! `a * b * R^-1` and [`DsaArith::inv_ntt`] multiplies by `R`, so
//! `inv_ntt(pointwise(ntt(a), ntt(b))) = a * b`.
//!
//! Every function runs in time independent of the coefficient values except
//! the samplers [`DsaArith::rej_uniform`] (public input) and
//! [`DsaArith::rej_eta`], whose accept/reject pattern on discarded nibbles is
//! independent of the accepted coefficients (FIPS 204, section 3.6.2).

use zeroize::Zeroize;

pub(crate) mod single;

/// The ML-DSA modulus `q = 2^23 - 2^13 + 1`.
pub const Q: i32 = 8_380_417;

/// Number of coefficients of a polynomial.
pub const N: usize = 256;

/// Number of dropped bits of `t` (FIPS 204, Table 1, `d`).
pub const D: u32 = 13;

/// `q^-1 mod 2^32`, for Montgomery reduction with `R = 2^32`.
pub(crate) const QINV: i32 = 58_728_449;

/// `R mod q = 2^32 mod q`: the Montgomery form of 1.
pub(crate) const MONT: i64 = 4_193_792;

/// `R^2 / 256 mod q`: undoes the `1/256` of the inverse transform (FIPS 204,
/// Algorithm 42) and leaves the factor `R` that cancels the `R^-1` of one
/// pointwise product.
pub(crate) const INV_NTT_F: i32 = 41_978;

/// `BitRev_8(k)` (FIPS 204, section 7.5).
const fn bit_rev8(k: usize) -> u32 {
    let mut r = 0u32;
    let mut i = 0;
    while i < 8 {
        r |= (((k >> i) & 1) as u32) << (7 - i);
        i += 1;
    }
    r
}

/// `zeta^BitRev8(k) * R mod q` in centred form, `zeta = 1753` (FIPS 204,
/// appendix B), computed at compile time; every backend's twiddles come
/// from this one table.
pub(crate) const ZETAS: [i32; N] = {
    let q = Q as i64;
    let mut z = [0i32; N];
    let mut k = 0;
    while k < N {
        let e = bit_rev8(k);
        let mut acc = 1i64;
        let mut i = 0;
        while i < e {
            acc = acc * 1753 % q;
            i += 1;
        }
        let mut v = acc * MONT % q;
        if v > q / 2 {
            v -= q;
        }
        z[k] = v as i32;
        k += 1;
    }
    z
};

/// A polynomial of `R_q` (or its NTT representation), 32-byte aligned so SIMD
/// backends can load it directly.
#[derive(Clone, PartialEq, Eq, Zeroize)]
#[repr(C, align(32))]
pub struct Poly(pub [i32; N]);

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

/// What ML-DSA needs from a backend.
pub trait DsaArith {
    /// Whether ML-DSA signing and verification hold the key's expanded form
    /// and `NTT(z)` (the wide schedule: `A_hat` and the transformed secrets
    /// once per signature, up to about 100 KiB of stack for ML-DSA-87) or
    /// re-derive each entry where it is used (the small-stack schedule:
    /// about 25 KiB to sign and 6 KiB to verify ML-DSA-65, at the price of
    /// sampling `A_hat` and transforming the secrets on every signing
    /// attempt). Both give the same bytes.
    const WIDE_SCHEDULE: bool = true;

    /// Forward NTT (FIPS 204, Algorithm 41) in place.
    ///
    /// Input: `|a| < 2^31 - 9q` (in practice `|a| < q`). Output: the NTT
    /// representation in bit-reversed order with `|a| < |input| + 8q`.
    fn ntt(p: &mut Poly);

    /// Inverse NTT (FIPS 204, Algorithm 42) in place, times the Montgomery
    /// factor `R = 2^32`.
    ///
    /// Input: `|a| < q`. Output: `|a| < q`.
    fn inv_ntt(p: &mut Poly);

    /// `out = a * b * R^-1` in the NTT domain (FIPS 204, Algorithm 45
    /// MultiplyNTT). Inputs with `|a|, |b| < 9q`; output `|out| < q`.
    fn pointwise(out: &mut Poly, a: &Poly, b: &Poly);

    /// `acc += a * b * R^-1` in the NTT domain; up to 8 calls may be
    /// accumulated on a reduced `acc` before [`DsaArith::reduce`].
    fn pointwise_acc(acc: &mut Poly, a: &Poly, b: &Poly);

    /// [`DsaArith::pointwise`] into its first operand: `a = a * b * R^-1`,
    /// the same values. The compact schedule of [`crate::ml_dsa`] has room
    /// for two polynomials at a time; the default goes through a temporary,
    /// a backend that can write in place saves its 1 KiB.
    fn pointwise_in_place(a: &mut Poly, b: &Poly) {
        let mut out = Poly::ZERO;
        Self::pointwise(&mut out, a, b);
        a.clone_from(&out);
        // The product is `c * s1`, `c * s2` or `c * t0` when signing.
        out.zeroize();
    }

    /// `acc += b`, coefficient-wise, without reduction.
    fn add(acc: &mut Poly, b: &Poly);

    /// `acc -= b`, coefficient-wise, without reduction.
    fn sub(acc: &mut Poly, b: &Poly);

    /// Reduces every coefficient (any `a < 2^31 - 2^22`) to `|a| < q`
    /// (precisely `-6283009 ..= 6283008`).
    fn reduce(p: &mut Poly);

    /// Brings every coefficient to the canonical range (input `|a| < 2^31 - 2^22`).
    fn freeze(p: &mut Poly);

    /// Multiplies every coefficient by `2^d` (the caller keeps it below `q`).
    fn shift_left_d(p: &mut Poly);

    /// Power2Round (FIPS 204, Algorithm 35) of a canonical `t`: `t = t1 * 2^d + t0`
    /// with `t0` in `-(2^(d-1)) + 1 ..= 2^(d-1)`.
    fn power2round(t: &Poly, t1: &mut Poly, t0: &mut Poly);

    /// Decompose (FIPS 204, Algorithm 36) of every coefficient, any
    /// representative with `|a| < 2^31 - 2^22`: `a = a1 * 2 * gamma2 + a0 mod q`,
    /// `a0` centred, computed with multiplications and shifts only (no
    /// division). `gamma2` is `(q-1)/88` or `(q-1)/32`.
    fn decompose(gamma2: i32, a: &Poly, a1: &mut Poly, a0: &mut Poly);

    /// HighBits (FIPS 204, Algorithm 37) in place.
    fn high_bits(gamma2: i32, a: &mut Poly);

    /// MakeHint (FIPS 204, Algorithm 39): `h = [HighBits(r) != HighBits(r + z)]`
    /// as 0/1 coefficients; returns the number of ones. Constant time.
    fn make_hint(gamma2: i32, z: &Poly, r: &Poly, h: &mut Poly) -> u32;

    /// UseHint (FIPS 204, Algorithm 40) in place: `a` (any representative)
    /// becomes the corrected high bits under the 0/1 hint `h`.
    fn use_hint(gamma2: i32, a: &mut Poly, h: &Poly);

    /// Whether some coefficient has centred absolute value `>= bound`
    /// (FIPS 204, section 7.2 infinity norm). Input `|a| < 2^31 - 2^22`,
    /// `bound <= (q-1)/2`. No branch or early exit on the values.
    fn exceeds_norm(p: &Poly, bound: i32) -> bool;

    /// `SimpleBitPack` (FIPS 204, Algorithm 16) of coefficients in
    /// `0 .. 2^bits`: writes `32 * bits` bytes.
    fn pack_simple(p: &Poly, bits: u32, out: &mut [u8]);

    /// `SimpleBitUnpack` (FIPS 204, Algorithm 18): reads `32 * bits` bytes.
    fn unpack_simple(bytes: &[u8], bits: u32, out: &mut Poly);

    /// `BitPack(w, a, b)` (FIPS 204, Algorithm 17): writes each `b - w_i` in
    /// `bits` bits (`32 * bits` bytes). Coefficients must be centred.
    fn pack_offset(p: &Poly, b: i32, bits: u32, out: &mut [u8]);

    /// `BitUnpack` (FIPS 204, Algorithm 19): `w_i = b - v_i` for each
    /// `bits`-bit value `v_i` of `32 * bits` bytes. The caller checks ranges.
    fn unpack_offset(bytes: &[u8], b: i32, bits: u32, out: &mut Poly);

    /// How many polynomials [`DsaArith::sample_uniform`],
    /// [`DsaArith::sample_bounded`] and [`DsaArith::sample_mask`] derive
    /// per Keccak permutation. A backend with a multi-lane Keccak says how
    /// many lanes it has; callers with room hand it that many (or more)
    /// polynomials per call. The output is the same whatever the grouping.
    const SAMPLE_LANES: usize = 1;

    /// `out[n] = RejNTTPoly(rho || idx[n])` (FIPS 204, Algorithm 30; ExpandA,
    /// Algorithm 32, gives `idx = (j, i)` for `A_hat[i][j]`). Public data.
    fn sample_uniform(rho: &[u8; 32], idx: &[[u8; 2]], out: &mut [Poly]) {
        for (ij, p) in idx.iter().zip(out.iter_mut()) {
            single::uniform::<Self>(rho, ij, p);
        }
    }

    /// `acc += RejNTTPoly(rho || ij) * b * R^-1`: one entry of `A_hat`
    /// (FIPS 204, Algorithms 30 and 32) multiplied into an accumulator as
    /// [`DsaArith::pointwise_acc`] would, with the same values. The default
    /// samples the entry into a temporary first; a backend may multiply each
    /// coefficient as it is accepted, so that the entry never exists whole
    /// (the compact schedule's matrix products). `rho` is public.
    fn sample_uniform_acc(rho: &[u8; 32], ij: &[u8; 2], b: &Poly, acc: &mut Poly) {
        let mut a = Poly::ZERO;
        Self::sample_uniform(rho, &[*ij], core::slice::from_mut(&mut a));
        Self::pointwise_acc(acc, &a, b);
    }

    /// `out[n] = RejBoundedPoly(rho' || idx[n])` (FIPS 204, Algorithm 31;
    /// ExpandS, Algorithm 33, gives `idx = IntegerToBytes(r, 2)`).
    fn sample_bounded(eta: i32, rho_prime: &[u8; 64], idx: &[[u8; 2]], out: &mut [Poly]) {
        for (r, p) in idx.iter().zip(out.iter_mut()) {
            single::bounded::<Self>(eta, rho_prime, r, p);
        }
    }

    /// `out[n] = BitUnpack(H(rho'' || idx[n], 32 * bits), gamma1 - 1,
    /// gamma1)` (FIPS 204, Algorithm 34, ExpandMask, with `idx =
    /// IntegerToBytes(kappa + n, 2)`); `bits` is 18 or 20.
    fn sample_mask(gamma1: i32, bits: u32, rho_pp: &[u8; 64], idx: &[[u8; 2]], out: &mut [Poly]) {
        for (r, p) in idx.iter().zip(out.iter_mut()) {
            single::mask::<Self>(gamma1, bits, rho_pp, r, p);
        }
    }

    /// The rejection step of RejNTTPoly (FIPS 204, Algorithm 30, with
    /// CoeffFromThreeBytes, Algorithm 14): reads 3-byte groups of `bytes` (a
    /// multiple of 3 long), appends each accepted value to `out.0[filled..]`
    /// and returns the new fill level (at most 256). Public data only.
    fn rej_uniform(bytes: &[u8], out: &mut Poly, filled: usize) -> usize;

    /// The rejection step of RejBoundedPoly (FIPS 204, Algorithm 31, with
    /// CoeffFromHalfByte, Algorithm 15) for `eta` in `{2, 4}`: appends the
    /// accepted half-bytes of `bytes` to `out.0[filled..]` and returns the new
    /// fill level (at most 256).
    fn rej_eta(eta: i32, bytes: &[u8], out: &mut Poly, filled: usize) -> usize;
}
