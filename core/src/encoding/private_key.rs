//! PKCS#8 `OneAsymmetricKey` (RFC 5958) holding the LAMPS ML-KEM / ML-DSA
//! private key CHOICE.

use der::asn1::OctetStringRef;
use der::{Decode, Encode, Header, Reader, SliceReader, SliceWriter, Tag, TagNumber, Writer};
use pkcs8::PrivateKeyInfoRef;
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use super::der_util::{
    ALGORITHM_IDENTIFIER_LEN, algorithm_identifier, check_len, der_error, ensure_room, length,
    parse_algorithm, tlv_len,
};
use super::{Algorithm, pem};
use crate::Error;

/// `seed [0] IMPLICIT OCTET STRING`: context-specific, primitive, number 0.
const SEED_TAG: Tag = Tag::ContextSpecific {
    constructed: false,
    number: TagNumber(0),
};

/// The three forms of the LAMPS private key CHOICE, borrowing the key bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PrivateKey<'a> {
    /// `seed`: the 64-byte ML-KEM `d || z` or the 32-byte ML-DSA `xi`.
    Seed(&'a [u8]),
    /// `expandedKey`: the FIPS 203 `dk` or FIPS 204 `sk`.
    ExpandedKey(&'a [u8]),
    /// `both`: the seed and the expanded key it should expand to.
    Both {
        /// The seed.
        seed: &'a [u8],
        /// The expanded key.
        expanded_key: &'a [u8],
    },
}

impl<'a> PrivateKey<'a> {
    /// The seed, if this form carries one.
    pub fn seed(&self) -> Option<&'a [u8]> {
        match *self {
            Self::Seed(seed) | Self::Both { seed, .. } => Some(seed),
            Self::ExpandedKey(_) => None,
        }
    }

    /// The expanded key, if this form carries one.
    pub fn expanded_key(&self) -> Option<&'a [u8]> {
        match *self {
            Self::ExpandedKey(key)
            | Self::Both {
                expanded_key: key, ..
            } => Some(key),
            Self::Seed(_) => None,
        }
    }

    /// DER length of the CHOICE value itself.
    const fn choice_len(algorithm: Algorithm, form: Form) -> usize {
        let seed = tlv_len(algorithm.seed_len());
        let expanded = tlv_len(algorithm.expanded_key_len());
        match form {
            Form::Seed => seed,
            Form::Expanded => expanded,
            Form::Both => tlv_len(seed + expanded),
        }
    }

    fn form(&self) -> Form {
        match self {
            Self::Seed(_) => Form::Seed,
            Self::ExpandedKey(_) => Form::Expanded,
            Self::Both { .. } => Form::Both,
        }
    }
}

/// Key bytes are secret: only the form is shown.
impl core::fmt::Debug for PrivateKey<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::Seed(_) => "PrivateKey::Seed(..)",
            Self::ExpandedKey(_) => "PrivateKey::ExpandedKey(..)",
            Self::Both { .. } => "PrivateKey::Both { .. }",
        })
    }
}

#[derive(Clone, Copy)]
enum Form {
    Seed,
    Expanded,
    Both,
}

/// A decoded PKCS#8 private key, borrowing from the encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrivateKeyInfo<'a> {
    /// The parameter set named by the algorithm identifier.
    pub algorithm: Algorithm,
    /// The private key in the form it was stored.
    pub private_key: PrivateKey<'a>,
    /// The optional `publicKey` of a version 2 `OneAsymmetricKey`, with its
    /// length checked. [`encode_private_key_der`] never writes it.
    pub public_key: Option<&'a [u8]>,
}

/// Exact DER length of the PKCS#8 encoding of `key` for `algorithm` (the
/// lengths inside `key` are not checked here).
pub fn private_key_der_len(algorithm: Algorithm, key: &PrivateKey<'_>) -> usize {
    der_len(algorithm, key.form())
}

const fn der_len(algorithm: Algorithm, form: Form) -> usize {
    // version INTEGER 0 takes 3 bytes.
    tlv_len(3 + ALGORITHM_IDENTIFIER_LEN + tlv_len(PrivateKey::choice_len(algorithm, form)))
}

/// The largest PKCS#8 encoding (ML-DSA-87 in the `both` form).
pub const MAX_PRIVATE_KEY_DER_LEN: usize = der_len(Algorithm::MlDsa87, Form::Both);

fn check_key_lengths(algorithm: Algorithm, key: &PrivateKey<'_>) -> Result<(), Error> {
    if let Some(seed) = key.seed() {
        check_len(algorithm.seed_what(), seed, algorithm.seed_len())?;
    }
    if let Some(expanded) = key.expanded_key() {
        check_len(
            algorithm.expanded_what(),
            expanded,
            algorithm.expanded_key_len(),
        )?;
    }
    Ok(())
}

/// Encodes `OneAsymmetricKey { version 0, algorithm, privateKey }` as DER into
/// `out`, returning its length ([`private_key_der_len`]). Nothing is written
/// when the key lengths are wrong or `out` is too small.
pub fn encode_private_key_der(
    algorithm: Algorithm,
    key: &PrivateKey<'_>,
    out: &mut [u8],
) -> Result<usize, Error> {
    check_key_lengths(algorithm, key)?;
    let needed = private_key_der_len(algorithm, key);
    ensure_room(out, needed)?;

    let choice_len = PrivateKey::choice_len(algorithm, key.form());
    let body_len = 3 + ALGORITHM_IDENTIFIER_LEN + tlv_len(choice_len);
    let mut writer = SliceWriter::new(out);
    writer
        .sequence(length(body_len)?, |w| {
            pkcs8::Version::V1.encode(w)?;
            algorithm_identifier(algorithm).encode(w)?;
            Header::new(Tag::OctetString, der::Length::try_from(choice_len)?).encode(w)?;
            encode_choice(w, key)
        })
        .map_err(der_error)?;
    let written = writer.finish().map_err(der_error)?.len();
    debug_assert_eq!(written, needed);
    Ok(written)
}

fn encode_choice(w: &mut SliceWriter<'_>, key: &PrivateKey<'_>) -> der::Result<()> {
    match *key {
        PrivateKey::Seed(seed) => {
            Header::new(SEED_TAG, der::Length::try_from(seed.len())?).encode(w)?;
            w.write(seed)
        }
        PrivateKey::ExpandedKey(expanded) => OctetStringRef::new(expanded)?.encode(w),
        PrivateKey::Both { seed, expanded_key } => {
            let seed = OctetStringRef::new(seed)?;
            let expanded = OctetStringRef::new(expanded_key)?;
            let len = (seed.encoded_len()? + expanded.encoded_len()?)?;
            w.sequence(len, |w| {
                seed.encode(w)?;
                expanded.encode(w)
            })
        }
    }
}

/// Decodes a DER PKCS#8 private key, which must be the whole input.
/// Version 1 and 2 (`OneAsymmetricKey`) are accepted; `attributes` are
/// skipped, and a version 2 `publicKey` is returned for
/// [`super::check_private_key`] to compare.
///
/// # Errors
/// [`Error::MalformedDer`], [`Error::TrailingData`] (after the key, or inside
/// the private key OCTET STRING), [`Error::UnknownAlgorithm`],
/// [`Error::AlgorithmParametersPresent`], [`Error::UnknownPrivateKeyFormat`],
/// [`Error::InvalidLength`] for a seed, expanded key or public key of the
/// wrong size, and for ML-KEM [`Error::DecapsulationKeyHashMismatch`] when
/// the expanded key fails the FIPS 203 section 7.3 hash check.
pub fn decode_private_key_der(der: &[u8]) -> Result<PrivateKeyInfo<'_>, Error> {
    let info = PrivateKeyInfoRef::from_der(der).map_err(der_error)?;
    let algorithm = parse_algorithm(&info.algorithm)?;
    let private_key = decode_choice(info.private_key.as_bytes())?;
    check_key_lengths(algorithm, &private_key)?;
    let public_key = match info.public_key {
        Some(bits) => {
            let bytes = bits.as_bytes().ok_or(Error::MalformedDer)?;
            check_len(
                algorithm.public_key_what(),
                bytes,
                algorithm.public_key_len(),
            )?;
            Some(bytes)
        }
        None => None,
    };
    if let (true, Some(expanded)) = (algorithm.is_kem(), private_key.expanded_key()) {
        check_ml_kem_hash(expanded)?;
    }
    Ok(PrivateKeyInfo {
        algorithm,
        private_key,
        public_key,
    })
}

fn decode_choice(bytes: &[u8]) -> Result<PrivateKey<'_>, Error> {
    let mut reader = SliceReader::new(bytes).map_err(der_error)?;
    let key = match Tag::peek(&reader).map_err(der_error)? {
        SEED_TAG => {
            let header = Header::decode(&mut reader).map_err(der_error)?;
            PrivateKey::Seed(reader.read_slice(header.length()).map_err(der_error)?)
        }
        Tag::OctetString => {
            let expanded: &OctetStringRef = reader.decode().map_err(der_error)?;
            PrivateKey::ExpandedKey(expanded.as_bytes())
        }
        Tag::Sequence => reader
            .sequence(|r| {
                let seed: &OctetStringRef = r.decode()?;
                let expanded: &OctetStringRef = r.decode()?;
                Ok(PrivateKey::Both {
                    seed: seed.as_bytes(),
                    expanded_key: expanded.as_bytes(),
                })
            })
            .map_err(der_error)?,
        _ => return Err(Error::UnknownPrivateKeyFormat),
    };
    reader.finish().map_err(der_error)?;
    Ok(key)
}

/// FIPS 203 section 7.3 "hash check": an expanded decapsulation key
/// `dk_PKE || ek || H(ek) || z` must carry the SHA3-256 hash of its own `ek`.
/// `dk_PKE` is 384k bytes and `ek` 384k + 32, so with `len = 768k + 96` the
/// hash sits at `len - 64` and `ek` starts at `(len - 96) / 2`.
fn check_ml_kem_hash(dk: &[u8]) -> Result<(), Error> {
    let ek_start = (dk.len() - 96) / 2;
    let hash_start = dk.len() - 64;
    let computed = crate::hash::sha3_256(&[&dk[ek_start..hash_start]]);
    if bool::from(computed.ct_eq(&dk[hash_start..hash_start + 32])) {
        Ok(())
    } else {
        Err(Error::DecapsulationKeyHashMismatch)
    }
}

/// Encodes the private key as a PEM `PRIVATE KEY` document into `out`,
/// returning its length. The intermediate DER copy is wiped.
pub fn encode_private_key_pem(
    algorithm: Algorithm,
    key: &PrivateKey<'_>,
    out: &mut [u8],
) -> Result<usize, Error> {
    let mut der = [0u8; MAX_PRIVATE_KEY_DER_LEN];
    let result = encode_private_key_der(algorithm, key, &mut der)
        .and_then(|len| pem::encode(pem::PRIVATE_KEY_LABEL, &der[..len], out));
    der.zeroize();
    result
}

/// Decodes a PEM `PRIVATE KEY` document; the DER is decoded into `buf`
/// (at least [`MAX_PRIVATE_KEY_DER_LEN`] bytes suffice for any valid key) and
/// the result borrows from it. `buf` then holds key material: wipe it after
/// use.
pub fn decode_private_key_pem<'b>(
    pem: &[u8],
    buf: &'b mut [u8],
) -> Result<PrivateKeyInfo<'b>, Error> {
    let der = pem::decode(pem::PRIVATE_KEY_LABEL, pem, buf)?;
    decode_private_key_der(der)
}
