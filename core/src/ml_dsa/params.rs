//! ML-DSA parameter sets (FIPS 204, Table 1) and the encoded sizes derived
//! from them (Table 2).

use crate::arith::dsa::{D, Q};

/// One ML-DSA parameter set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Params {
    /// Rows of `A` (length of `s2`, `t`, `w`).
    pub k: usize,
    /// Columns of `A` (length of `s1`, `y`, `z`).
    pub l: usize,
    /// Bound of the secret coefficients.
    pub eta: i32,
    /// Number of +-1 in the challenge `c`.
    pub tau: usize,
    /// `tau * eta`.
    pub beta: i32,
    /// `gamma1 = 2^gamma1_bits`, range of the mask `y`.
    pub gamma1_bits: u32,
    /// Low-order rounding range.
    pub gamma2: i32,
    /// Maximum number of ones in the hint.
    pub omega: usize,
    /// Length of the commitment hash `c~` (`lambda / 4`).
    pub ctilde_len: usize,
}

impl Params {
    pub const fn gamma1(&self) -> i32 {
        1 << self.gamma1_bits
    }

    /// Bits per coefficient of `z`: `1 + bitlen(gamma1 - 1)`.
    pub const fn z_bits(&self) -> u32 {
        self.gamma1_bits + 1
    }

    /// Bits per coefficient of `w1`: `bitlen((q-1)/(2 gamma2) - 1)`.
    pub const fn w1_bits(&self) -> u32 {
        if self.gamma2 == (Q - 1) / 88 { 6 } else { 4 }
    }

    /// Bits per coefficient of `s1`, `s2`: `bitlen(2 eta)`.
    pub const fn eta_bits(&self) -> u32 {
        if self.eta == 2 { 3 } else { 4 }
    }

    pub const fn eta_poly_len(&self) -> usize {
        32 * self.eta_bits() as usize
    }

    pub const T0_POLY_LEN: usize = 32 * D as usize;
    pub const T1_POLY_LEN: usize = 32 * 10;

    pub const fn z_poly_len(&self) -> usize {
        32 * self.z_bits() as usize
    }

    /// `pkEncode` (Algorithm 22): `rho || t1`.
    pub const fn pk_len(&self) -> usize {
        32 + self.k * Self::T1_POLY_LEN
    }

    /// Offset of `s1` in `skEncode` (Algorithm 24): after `rho || K || tr`.
    pub const SK_S1: usize = 128;

    pub const fn sk_s2(&self) -> usize {
        Self::SK_S1 + self.l * self.eta_poly_len()
    }

    pub const fn sk_t0(&self) -> usize {
        self.sk_s2() + self.k * self.eta_poly_len()
    }

    pub const fn sk_len(&self) -> usize {
        self.sk_t0() + self.k * Self::T0_POLY_LEN
    }

    /// Offset of the hint in `sigEncode` (Algorithm 26): after `c~ || z`.
    pub const fn sig_hint(&self) -> usize {
        self.ctilde_len + self.l * self.z_poly_len()
    }

    pub const fn sig_len(&self) -> usize {
        self.sig_hint() + self.omega + self.k
    }
}

pub(crate) const ML_DSA_44: Params = Params {
    k: 4,
    l: 4,
    eta: 2,
    tau: 39,
    beta: 78,
    gamma1_bits: 17,
    gamma2: (Q - 1) / 88,
    omega: 80,
    ctilde_len: 32,
};

pub(crate) const ML_DSA_65: Params = Params {
    k: 6,
    l: 5,
    eta: 4,
    tau: 49,
    beta: 196,
    gamma1_bits: 19,
    gamma2: (Q - 1) / 32,
    omega: 55,
    ctilde_len: 48,
};

pub(crate) const ML_DSA_87: Params = Params {
    k: 8,
    l: 7,
    eta: 2,
    tau: 60,
    beta: 120,
    gamma1_bits: 19,
    gamma2: (Q - 1) / 32,
    omega: 75,
    ctilde_len: 64,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_match_fips_204_table_2() {
        let sizes = |p: Params| (p.pk_len(), p.sk_len(), p.sig_len());
        assert_eq!(sizes(ML_DSA_44), (1312, 2560, 2420));
        assert_eq!(sizes(ML_DSA_65), (1952, 4032, 3309));
        assert_eq!(sizes(ML_DSA_87), (2592, 4896, 4627));
    }
}
