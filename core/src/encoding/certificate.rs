//! Reading the public key out of an X.509 certificate (RFC 5280 section 4.1).
//!
//! Only the path to `subjectPublicKeyInfo` is parsed; the other fields are
//! skipped as whole TLVs, and nothing about the certificate is verified.

use der::{Reader, SliceReader, Tag, TagNumber};

use super::der_util::der_error;
use super::{PublicKeyInfo, decode_public_key_der, pem};
use crate::Error;

/// `version [0] EXPLICIT Version DEFAULT v1`.
const VERSION_TAG: Tag = Tag::ContextSpecific {
    constructed: true,
    number: TagNumber(0),
};

/// Decodes the ML-KEM / ML-DSA `subjectPublicKeyInfo` of a DER certificate.
pub fn decode_certificate_public_key_der(cert: &[u8]) -> Result<PublicKeyInfo<'_>, Error> {
    let mut reader = SliceReader::new(cert).map_err(der_error)?;
    let spki = reader
        .sequence(|certificate| {
            let spki = certificate.sequence(|tbs| {
                if Tag::peek(tbs)? == VERSION_TAG {
                    tbs.tlv_bytes()?;
                }
                // serialNumber, signature, issuer, validity, subject.
                for _ in 0..5 {
                    tbs.tlv_bytes()?;
                }
                let spki = tbs.tlv_bytes()?;
                // issuerUniqueID, subjectUniqueID, extensions.
                while !tbs.is_finished() {
                    tbs.tlv_bytes()?;
                }
                Ok::<_, der::Error>(spki)
            })?;
            // signatureAlgorithm, signatureValue.
            certificate.tlv_bytes()?;
            certificate.tlv_bytes()?;
            Ok::<_, der::Error>(spki)
        })
        .map_err(der_error)?;
    reader.finish().map_err(der_error)?;
    decode_public_key_der(spki)
}

/// Like [`decode_certificate_public_key_der`] for a PEM `CERTIFICATE`,
/// decoded into `buf`.
pub fn decode_certificate_public_key_pem<'b>(
    pem: &[u8],
    buf: &'b mut [u8],
) -> Result<PublicKeyInfo<'b>, Error> {
    let der = pem::decode(pem::CERTIFICATE_LABEL, pem, buf)?;
    decode_certificate_public_key_der(der)
}
