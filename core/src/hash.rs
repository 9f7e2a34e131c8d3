//! The SHA-3 family as FIPS 203 and FIPS 204 use it.
//!
//! Thin wrappers over the `sha3` and `shake` crates so that the algorithm code reads like
//! the standards (`G`, `H`, `J`, `PRF`, `XOF`) and so that a SIMD backend can
//! later swap in multi-lane Keccak without touching the algorithms. Hash
//! states that absorbed secrets are zeroized on drop (the crates' `zeroize`
//! feature).

use sha3::digest::{Digest, ExtendableOutput, Update, XofReader};
pub use sha3::{Sha3_256, Sha3_512};
pub use shake::{Shake128, Shake256};

/// SHA3-256 over the concatenation of `parts`.
pub fn sha3_256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha3_256::new();
    for p in parts {
        Digest::update(&mut h, p);
    }
    h.finalize().into()
}

/// SHA3-512 over the concatenation of `parts`.
pub fn sha3_512(parts: &[&[u8]]) -> [u8; 64] {
    let mut h = Sha3_512::new();
    for p in parts {
        Digest::update(&mut h, p);
    }
    h.finalize().into()
}

/// SHAKE256 over the concatenation of `parts`, filling all of `out`.
pub fn shake256(parts: &[&[u8]], out: &mut [u8]) {
    let mut h = Shake256::default();
    for p in parts {
        h.update(p);
    }
    h.finalize_xof().read(out);
}

/// An absorbed SHAKE128 or SHAKE256 state being squeezed block by block.
pub trait Xof {
    /// Squeezes the next `out.len()` bytes.
    fn squeeze(&mut self, out: &mut [u8]);
}

/// SHAKE128 squeezing state (FIPS 203 `XOF`, FIPS 204 `G`).
pub struct Shake128Reader(shake::Shake128Reader);

/// SHAKE256 squeezing state (FIPS 203 `PRF`, FIPS 204 `H`).
pub struct Shake256Reader(shake::Shake256Reader);

impl core::fmt::Debug for Shake128Reader {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Shake128Reader")
    }
}

impl core::fmt::Debug for Shake256Reader {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Shake256Reader")
    }
}

impl Shake128Reader {
    /// Absorbs the concatenation of `parts` and switches to squeezing.
    pub fn new(parts: &[&[u8]]) -> Self {
        let mut h = Shake128::default();
        for p in parts {
            h.update(p);
        }
        Self(h.finalize_xof())
    }
}

impl Shake256Reader {
    /// Absorbs the concatenation of `parts` and switches to squeezing.
    pub fn new(parts: &[&[u8]]) -> Self {
        let mut h = Shake256::default();
        for p in parts {
            h.update(p);
        }
        Self(h.finalize_xof())
    }
}

impl Xof for Shake128Reader {
    fn squeeze(&mut self, out: &mut [u8]) {
        self.0.read(out);
    }
}

impl Xof for Shake256Reader {
    fn squeeze(&mut self, out: &mut [u8]) {
        self.0.read(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Known answers from the NIST SHA-3 example values for the empty message.
    #[test]
    fn empty_message_digests() {
        assert_eq!(
            hex(&sha3_256(&[])),
            "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"
        );
        let mut out = [0u8; 32];
        shake256(&[], &mut out);
        assert_eq!(
            hex(&out),
            "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f"
        );
        let mut r = Shake128Reader::new(&[b"", b""]);
        let mut out = [0u8; 16];
        r.squeeze(&mut out[..7]);
        r.squeeze(&mut out[7..]);
        assert_eq!(hex(&out), "7f9c2ba4e88f827d616045507605853e");
    }

    #[test]
    fn parts_are_concatenated() {
        assert_eq!(sha3_512(&[b"ab", b"c"]), sha3_512(&[b"abc"]));
        let (mut a, mut b) = ([0u8; 40], [0u8; 40]);
        Shake256Reader::new(&[b"x", b"yz"]).squeeze(&mut a);
        shake256(&[b"xyz"], &mut b);
        assert_eq!(a, b);
    }

    fn hex(bytes: &[u8]) -> std::string::String {
        ::hex::encode(bytes)
    }
}
