use core::fmt;

/// Every way a pqkit operation can refuse its input.
///
/// Errors never carry secret data. [`Error::code`] gives a stable,
/// machine-readable name for each variant (used by the npm package as
/// `PqkitError.code`).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Error {
    /// An input had the wrong number of bytes.
    InvalidLength {
        /// What was being read, e.g. `"ML-KEM-768 encapsulation key"`.
        what: &'static str,
        /// The length that input must have.
        expected: usize,
        /// The length that was given.
        actual: usize,
    },
    /// An ML-KEM encapsulation key holds a coefficient that is not reduced
    /// modulo q, so it fails the FIPS 203 section 7.2 modulus check.
    EncapsulationKeyNotReduced,
    /// An expanded ML-KEM decapsulation key fails the FIPS 203 section 7.3
    /// check: its embedded `H(ek)` does not match its embedded `ek`.
    DecapsulationKeyHashMismatch,
    /// An expanded private key is internally inconsistent or malformed.
    InvalidPrivateKey,
    /// An ML-DSA context string is longer than 255 bytes.
    ContextTooLong {
        /// The length that was given.
        actual: usize,
    },
    /// The random number generator failed.
    Rng,
}

impl Error {
    /// A stable, machine-readable name for this error.
    pub const fn code(&self) -> &'static str {
        match self {
            Error::InvalidLength { .. } => "INVALID_LENGTH",
            Error::EncapsulationKeyNotReduced => "ENCAPSULATION_KEY_NOT_REDUCED",
            Error::DecapsulationKeyHashMismatch => "DECAPSULATION_KEY_HASH_MISMATCH",
            Error::InvalidPrivateKey => "INVALID_PRIVATE_KEY",
            Error::ContextTooLong { .. } => "CONTEXT_TOO_LONG",
            Error::Rng => "RNG_FAILURE",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidLength {
                what,
                expected,
                actual,
            } => write!(f, "{what} must be {expected} bytes, got {actual}"),
            Error::EncapsulationKeyNotReduced => f.write_str(
                "encapsulation key has a coefficient >= q (FIPS 203 section 7.2 modulus check)",
            ),
            Error::DecapsulationKeyHashMismatch => f.write_str(
                "decapsulation key's H(ek) does not match its ek (FIPS 203 section 7.3 check)",
            ),
            Error::InvalidPrivateKey => f.write_str("private key is malformed or inconsistent"),
            Error::ContextTooLong { actual } => {
                write!(f, "context string must be at most 255 bytes, got {actual}")
            }
            Error::Rng => f.write_str("random number generator failed"),
        }
    }
}

impl core::error::Error for Error {}

/// Checks that `input` is exactly `N` bytes and returns it as an array
/// reference; the error names `what` so callers see which input was wrong.
pub(crate) fn expect_len<'a, const N: usize>(
    what: &'static str,
    input: &'a [u8],
) -> Result<&'a [u8; N], Error> {
    input.try_into().map_err(|_| Error::InvalidLength {
        what,
        expected: N,
        actual: input.len(),
    })
}
