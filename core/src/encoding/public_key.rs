//! `SubjectPublicKeyInfo` for ML-KEM and ML-DSA public keys.

use der::asn1::BitStringRef;
use der::{Decode, Encode};
use spki::SubjectPublicKeyInfoRef;

use super::der_util::{
    ALGORITHM_IDENTIFIER_LEN, algorithm_identifier, check_len, der_error, ensure_room,
    parse_algorithm, tlv_len,
};
use super::{Algorithm, pem};
use crate::Error;

/// A decoded public key: the parameter set and the raw key bytes, borrowed
/// from the encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicKeyInfo<'a> {
    /// The parameter set named by the algorithm identifier.
    pub algorithm: Algorithm,
    /// The FIPS 203 `ek` or FIPS 204 `pk`, exactly
    /// [`Algorithm::public_key_len`] bytes.
    pub public_key: &'a [u8],
}

/// Exact DER length of the `SubjectPublicKeyInfo` of `algorithm`.
pub const fn public_key_der_len(algorithm: Algorithm) -> usize {
    // The BIT STRING content is one "unused bits" byte and the key.
    tlv_len(ALGORITHM_IDENTIFIER_LEN + tlv_len(1 + algorithm.public_key_len()))
}

/// The largest [`public_key_der_len`] (ML-DSA-87).
pub const MAX_PUBLIC_KEY_DER_LEN: usize = public_key_der_len(Algorithm::MlDsa87);

/// Encodes `SubjectPublicKeyInfo { algorithm, subjectPublicKey }` as DER into
/// `out`, returning its length ([`public_key_der_len`]).
pub fn encode_public_key_der(
    algorithm: Algorithm,
    public_key: &[u8],
    out: &mut [u8],
) -> Result<usize, Error> {
    check_len(
        algorithm.public_key_what(),
        public_key,
        algorithm.public_key_len(),
    )?;
    let needed = public_key_der_len(algorithm);
    ensure_room(out, needed)?;
    let spki = SubjectPublicKeyInfoRef {
        algorithm: algorithm_identifier(algorithm),
        subject_public_key: BitStringRef::from_bytes(public_key).map_err(der_error)?,
    };
    let written = spki.encode_to_slice(out).map_err(der_error)?.len();
    debug_assert_eq!(written, needed);
    Ok(written)
}

/// Decodes a DER `SubjectPublicKeyInfo`, which must be the whole input.
///
/// # Errors
/// [`Error::MalformedDer`], [`Error::TrailingData`],
/// [`Error::UnknownAlgorithm`], [`Error::AlgorithmParametersPresent`], or
/// [`Error::InvalidLength`] for a key of the wrong size.
pub fn decode_public_key_der(der: &[u8]) -> Result<PublicKeyInfo<'_>, Error> {
    let spki = SubjectPublicKeyInfoRef::from_der(der).map_err(der_error)?;
    let algorithm = parse_algorithm(&spki.algorithm)?;
    let public_key = spki
        .subject_public_key
        .as_bytes()
        .ok_or(Error::MalformedDer)?;
    check_len(
        algorithm.public_key_what(),
        public_key,
        algorithm.public_key_len(),
    )?;
    Ok(PublicKeyInfo {
        algorithm,
        public_key,
    })
}

/// Encodes the public key as a PEM `PUBLIC KEY` document into `out`,
/// returning its length.
pub fn encode_public_key_pem(
    algorithm: Algorithm,
    public_key: &[u8],
    out: &mut [u8],
) -> Result<usize, Error> {
    let mut der = [0u8; MAX_PUBLIC_KEY_DER_LEN];
    let len = encode_public_key_der(algorithm, public_key, &mut der)?;
    pem::encode(pem::PUBLIC_KEY_LABEL, &der[..len], out)
}

/// Decodes a PEM `PUBLIC KEY` document; the DER is decoded into `buf`
/// (at least [`MAX_PUBLIC_KEY_DER_LEN`] bytes always suffice) and the result
/// borrows from it.
pub fn decode_public_key_pem<'b>(
    pem: &[u8],
    buf: &'b mut [u8],
) -> Result<PublicKeyInfo<'b>, Error> {
    let der = pem::decode(pem::PUBLIC_KEY_LABEL, pem, buf)?;
    decode_public_key_der(der)
}
