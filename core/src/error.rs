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
    /// A signature does not verify: wrong length, malformed encoding, or not
    /// made by the key for this message and context.
    InvalidSignature,
    /// An elliptic-curve public key is malformed, not on the curve, or the
    /// point at infinity.
    InvalidPoint,
    /// An elliptic-curve public key uses the SEC1 compressed form where the
    /// uncompressed form is required (RFC 8446 section 4.2.8.2).
    CompressedPoint,
    /// A P-256 / P-384 secret scalar is zero or not below the group order n.
    InvalidScalar,
    /// An X25519 exchange produced the all-zero value, meaning the peer sent a
    /// small-order point (RFC 7748 section 6.1, RFC 8446 section 7.4.2).
    AllZeroSharedSecret,
    /// A TLS ClientHello has a key share for a group missing from its
    /// `supported_groups` (RFC 8446 section 4.2.8): answer `illegal_parameter`.
    KeyShareNotInSupportedGroups,
    /// A TLS ClientHello has two key shares for the same group (RFC 8446
    /// section 4.2.8): answer `illegal_parameter`.
    DuplicateKeyShare,
    /// A DER encoding is malformed: bad tag, bad or non-minimal length,
    /// truncated, or a BIT STRING with unused bits.
    MalformedDer,
    /// Bytes follow the end of a DER structure that must end the input.
    TrailingData,
    /// An `AlgorithmIdentifier` names an algorithm other than
    /// ML-KEM-512/768/1024 or ML-DSA-44/65/87.
    UnknownAlgorithm,
    /// An ML-KEM / ML-DSA `AlgorithmIdentifier` carries parameters, which
    /// must be absent.
    AlgorithmParametersPresent,
    /// A PKCS#8 private key is none of the `seed`, `expandedKey` or `both`
    /// forms.
    UnknownPrivateKeyFormat,
    /// An output buffer is too small for the encoding.
    BufferTooSmall {
        /// Bytes the encoding needs.
        needed: usize,
        /// Bytes the buffer has.
        available: usize,
    },
    /// A PEM document is malformed (boundaries, Base64, line layout).
    InvalidPem,
    /// A PEM document has a label other than the expected one.
    UnexpectedPemLabel,
    /// The `seed` and `expandedKey` of a `both` private key disagree.
    SeedExpandedKeyMismatch,
    /// A private key does not correspond to the public key it was paired with.
    PublicKeyMismatch,
    /// A backend was requested that this build or this CPU cannot run.
    BackendUnavailable,
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
            Error::InvalidSignature => "INVALID_SIGNATURE",
            Error::InvalidPoint => "INVALID_POINT",
            Error::CompressedPoint => "COMPRESSED_POINT",
            Error::InvalidScalar => "INVALID_SCALAR",
            Error::AllZeroSharedSecret => "ALL_ZERO_SHARED_SECRET",
            Error::KeyShareNotInSupportedGroups => "KEY_SHARE_NOT_IN_SUPPORTED_GROUPS",
            Error::DuplicateKeyShare => "DUPLICATE_KEY_SHARE",
            Error::MalformedDer => "MALFORMED_DER",
            Error::TrailingData => "TRAILING_DATA",
            Error::UnknownAlgorithm => "UNKNOWN_ALGORITHM",
            Error::AlgorithmParametersPresent => "ALGORITHM_PARAMETERS_PRESENT",
            Error::UnknownPrivateKeyFormat => "UNKNOWN_PRIVATE_KEY_FORMAT",
            Error::BufferTooSmall { .. } => "BUFFER_TOO_SMALL",
            Error::InvalidPem => "INVALID_PEM",
            Error::UnexpectedPemLabel => "UNEXPECTED_PEM_LABEL",
            Error::SeedExpandedKeyMismatch => "SEED_EXPANDED_KEY_MISMATCH",
            Error::PublicKeyMismatch => "PUBLIC_KEY_MISMATCH",
            Error::BackendUnavailable => "BACKEND_UNAVAILABLE",
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
            Error::InvalidSignature => f.write_str("signature is invalid for this key and message"),
            Error::InvalidPoint => f.write_str(
                "public key is not a valid curve point (malformed, not on the curve, or the identity)",
            ),
            Error::CompressedPoint => f.write_str(
                "public key is a compressed point; the uncompressed SEC1 form is required",
            ),
            Error::InvalidScalar => {
                f.write_str("secret scalar must be in the range 1..n-1 of the curve's group order")
            }
            Error::AllZeroSharedSecret => f.write_str(
                "X25519 shared secret is all zero: the peer's public key is a small-order point",
            ),
            Error::KeyShareNotInSupportedGroups => f.write_str(
                "TLS key share for a group not listed in supported_groups (illegal_parameter)",
            ),
            Error::DuplicateKeyShare => {
                f.write_str("TLS key shares list the same group twice (illegal_parameter)")
            }
            Error::MalformedDer => f.write_str("malformed DER encoding"),
            Error::TrailingData => f.write_str("unexpected data after the end of the DER structure"),
            Error::UnknownAlgorithm => f.write_str(
                "algorithm identifier is not ML-KEM-512/768/1024 or ML-DSA-44/65/87",
            ),
            Error::AlgorithmParametersPresent => {
                f.write_str("algorithm identifier parameters must be absent")
            }
            Error::UnknownPrivateKeyFormat => f.write_str(
                "private key is none of the seed, expandedKey or both forms",
            ),
            Error::BufferTooSmall { needed, available } => write!(
                f,
                "output buffer too small: need {needed} bytes, have {available}"
            ),
            Error::InvalidPem => f.write_str("malformed PEM document"),
            Error::UnexpectedPemLabel => f.write_str("PEM document has an unexpected label"),
            Error::SeedExpandedKeyMismatch => {
                f.write_str("private key seed does not expand to the stored expanded key")
            }
            Error::PublicKeyMismatch => {
                f.write_str("private key does not correspond to the public key")
            }
            Error::BackendUnavailable => {
                f.write_str("the requested backend cannot run in this build or on this CPU")
            }
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
