//! Parameter sets (FIPS 203 section 8, Table 2) and the sizes they imply.

/// One ML-KEM parameter set. `k` is also the const generic `K` of the
/// algorithm code; everything else follows from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Params {
    pub(crate) k: usize,
    pub(crate) eta1: u32,
    pub(crate) eta2: u32,
    pub(crate) du: u32,
    pub(crate) dv: u32,
}

impl Params {
    /// Table 2 of FIPS 203, indexed by `k`.
    pub(crate) const fn of(k: usize) -> Params {
        match k {
            2 => Params {
                k,
                eta1: 3,
                eta2: 2,
                du: 10,
                dv: 4,
            },
            3 => Params {
                k,
                eta1: 2,
                eta2: 2,
                du: 10,
                dv: 4,
            },
            4 => Params {
                k,
                eta1: 2,
                eta2: 2,
                du: 11,
                dv: 5,
            },
            _ => panic!("ML-KEM is defined for k = 2, 3, 4 only"),
        }
    }

    /// `384 k`: a vector of `k` polynomials under ByteEncode_12.
    pub(crate) const fn vec12_len(&self) -> usize {
        384 * self.k
    }

    /// Encapsulation key: `ByteEncode_12(t_hat) || rho`.
    pub(crate) const fn ek_len(&self) -> usize {
        self.vec12_len() + 32
    }

    /// Expanded decapsulation key: `dk_pke || ek || H(ek) || z`.
    pub(crate) const fn dk_len(&self) -> usize {
        self.vec12_len() + self.ek_len() + 64
    }

    /// `c1` alone: `k` polynomials compressed to `du` bits.
    pub(crate) const fn c1_len(&self) -> usize {
        32 * self.du as usize * self.k
    }

    /// Ciphertext: `c1 || c2`.
    pub(crate) const fn ct_len(&self) -> usize {
        self.c1_len() + 32 * self.dv as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_match_fips_203_table_3() {
        let expect = [
            (2, 800, 1632, 768),
            (3, 1184, 2400, 1088),
            (4, 1568, 3168, 1568),
        ];
        for (k, ek, dk, ct) in expect {
            let p = Params::of(k);
            assert_eq!(
                (p.ek_len(), p.dk_len(), p.ct_len()),
                (ek, dk, ct),
                "k = {k}"
            );
        }
    }
}
