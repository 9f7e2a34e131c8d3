use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A fixed-size byte array, so that generic hybrid code can name each
/// group's share and secret sizes without const-generic arithmetic.
pub trait ByteArray: AsRef<[u8]> + AsMut<[u8]> + Copy + Zeroize + 'static {
    /// The array's length in bytes.
    const LEN: usize;
    /// An all-zero array.
    fn zeroed() -> Self;
}

impl<const N: usize> ByteArray for [u8; N] {
    const LEN: usize = N;
    fn zeroed() -> Self {
        [0; N]
    }
}

/// A hybrid shared secret; wiped on drop, compared in constant time.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SharedSecret<B: ByteArray>(pub(crate) B);

impl<B: ByteArray> SharedSecret<B> {
    /// The secret's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_ref()
    }
}

impl<B: ByteArray> ConstantTimeEq for SharedSecret<B> {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.0.as_ref().ct_eq(other.0.as_ref())
    }
}

impl<B: ByteArray> core::fmt::Debug for SharedSecret<B> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "SharedSecret({} bytes, redacted)", B::LEN)
    }
}
