//! Small DER helpers shared by the encoders and decoders.

use spki::AlgorithmIdentifierRef;

use super::Algorithm;
use crate::Error;

/// Maps a `der` failure to a pqkit error: trailing bytes get their own
/// variant, everything else is a malformed encoding.
pub(crate) fn der_error(err: der::Error) -> Error {
    match err.kind() {
        der::ErrorKind::TrailingData { .. } => Error::TrailingData,
        _ => Error::MalformedDer,
    }
}

/// Length of a DER TLV whose tag takes one byte and whose value takes
/// `content_len` bytes (X.690 section 8.1.3: short form below 128, else
/// 0x80 | n followed by n length bytes).
pub(crate) const fn tlv_len(content_len: usize) -> usize {
    let len_len = if content_len < 0x80 {
        1
    } else if content_len <= 0xff {
        2
    } else if content_len <= 0xffff {
        3
    } else {
        4
    };
    1 + len_len + content_len
}

/// DER length of `AlgorithmIdentifier { oid, parameters absent }`; all six
/// OIDs have 9 content bytes.
pub(crate) const ALGORITHM_IDENTIFIER_LEN: usize = tlv_len(tlv_len(9));

pub(crate) fn algorithm_identifier(algorithm: Algorithm) -> AlgorithmIdentifierRef<'static> {
    AlgorithmIdentifierRef {
        oid: algorithm.oid(),
        parameters: None,
    }
}

/// Identifies the parameter set, insisting on absent parameters (not even
/// NULL) as both LAMPS drafts require.
pub(crate) fn parse_algorithm(id: &AlgorithmIdentifierRef<'_>) -> Result<Algorithm, Error> {
    let algorithm = Algorithm::from_oid(&id.oid).ok_or(Error::UnknownAlgorithm)?;
    if id.parameters.is_some() {
        return Err(Error::AlgorithmParametersPresent);
    }
    Ok(algorithm)
}

/// Fails with [`Error::InvalidLength`] unless `bytes` has `expected` bytes.
pub(crate) fn check_len(what: &'static str, bytes: &[u8], expected: usize) -> Result<(), Error> {
    if bytes.len() == expected {
        Ok(())
    } else {
        Err(Error::InvalidLength {
            what,
            expected,
            actual: bytes.len(),
        })
    }
}

pub(crate) fn ensure_room(out: &[u8], needed: usize) -> Result<(), Error> {
    if out.len() < needed {
        Err(Error::BufferTooSmall {
            needed,
            available: out.len(),
        })
    } else {
        Ok(())
    }
}

pub(crate) fn length(len: usize) -> Result<der::Length, Error> {
    der::Length::try_from(len).map_err(der_error)
}
