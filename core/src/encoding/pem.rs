//! PEM (RFC 7468) framing over the DER encoders, without allocation.

use pem_rfc7468::LineEnding;

use crate::Error;

pub(crate) const PUBLIC_KEY_LABEL: &str = "PUBLIC KEY";
pub(crate) const PRIVATE_KEY_LABEL: &str = "PRIVATE KEY";
pub(crate) const CERTIFICATE_LABEL: &str = "CERTIFICATE";

/// Wraps `der` as PEM with `label`, 64-column Base64 and LF line endings.
pub(crate) fn encode(label: &'static str, der: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    let needed = pem_rfc7468::encapsulated_len(label, LineEnding::LF, der.len())
        .map_err(|_| Error::InvalidPem)?;
    super::der_util::ensure_room(out, needed)?;
    pem_rfc7468::encode(label, LineEnding::LF, der, out)
        .map(str::len)
        .map_err(|_| Error::InvalidPem)
}

/// Decodes a PEM document whose label must be `label` into `buf`, returning
/// the DER bytes.
pub(crate) fn decode<'b>(
    label: &'static str,
    pem: &[u8],
    buf: &'b mut [u8],
) -> Result<&'b [u8], Error> {
    let mut decoder = pem_rfc7468::Decoder::new(pem).map_err(|_| Error::InvalidPem)?;
    if decoder.type_label() != label {
        return Err(Error::UnexpectedPemLabel);
    }
    let needed = decoder.remaining_len();
    super::der_util::ensure_room(buf, needed)?;
    let der = decoder
        .decode(&mut buf[..needed])
        .map_err(|_| Error::InvalidPem)?;
    if !decoder.is_finished() {
        return Err(Error::InvalidPem);
    }
    Ok(der)
}
