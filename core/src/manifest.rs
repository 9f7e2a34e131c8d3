//! Signed firmware manifest: the one definition of the format that the
//! `pqkit manifest sign` command writes on a build server and that a device
//! checks at boot before it accepts an update image.
//!
//! A manifest is a fixed 52-byte body followed by an ML-DSA signature over
//! that body (FIPS 204, Algorithm 2, pure ML-DSA with the context string
//! [`CONTEXT`]):
//!
//! ```text
//! offset  size  field
//!      0     4  magic "PQFM"
//!      4     1  format, 1
//!      5     1  signature algorithm: last arc of its OID 2.16.840.1.101.3.4.3.x
//!               (17 = ML-DSA-44, 18 = ML-DSA-65, 19 = ML-DSA-87)
//!      6     2  reserved, zero
//!      8     4  version of the image, u32 little-endian (anti-rollback counter)
//!     12     8  length of the image in bytes, u64 little-endian
//!     20    32  SHA3-256 of the image
//!     52     -  signature over bytes 0..52: 2420, 3309 or 4627 bytes
//! ```
//!
//! The body names its algorithm, and the signature is over the whole body, so
//! the algorithm byte is authenticated too. The three parameter sets have
//! public keys of different lengths, so a device that holds one key can never
//! be made to check the signature under another parameter set.
//!
//! ```
//! use pqkit::manifest::{Manifest, SignatureAlgorithm, SignedManifest, image_digest};
//! use pqkit::ml_dsa::ml_dsa_65::SigningKey;
//!
//! let image = b"firmware image";
//! let sk = SigningKey::from_seed(&[1; 32]);
//! let manifest = Manifest::for_image(SignatureAlgorithm::MlDsa65, 7, image);
//! let body = manifest.encode_body();
//! let sig = sk.sign_deterministic(&body, pqkit::manifest::CONTEXT).unwrap();
//! let mut file = body.to_vec();
//! file.extend_from_slice(sig.as_bytes());
//!
//! // On the device:
//! let signed = SignedManifest::parse(&file).unwrap();
//! signed.verify(sk.verifying_key().as_bytes()).unwrap();
//! assert!(signed.manifest.matches(image.len() as u64, &image_digest(image)));
//! assert_eq!(signed.manifest.version, 7);
//! ```

use crate::Result;
use crate::hash::Sha3_256Hasher;
use crate::ml_dsa::{ml_dsa_44, ml_dsa_65, ml_dsa_87};

/// The first four bytes of every manifest.
pub const MAGIC: [u8; 4] = *b"PQFM";

/// The format byte this module reads and writes.
pub const FORMAT: u8 = 1;

/// Length of the signed body.
pub const BODY_LEN: usize = 52;

/// FIPS 204 context string of manifest signatures, so that a signature made
/// for anything else under the same key never passes as a manifest.
pub const CONTEXT: &[u8] = b"pqkit firmware manifest v1";

/// Length of the longest manifest (ML-DSA-87).
pub const MAX_LEN: usize = BODY_LEN + ml_dsa_87::SIGNATURE_LEN;

/// The ML-DSA parameter set that signs a manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    /// ML-DSA-44.
    MlDsa44,
    /// ML-DSA-65.
    MlDsa65,
    /// ML-DSA-87.
    MlDsa87,
}

impl SignatureAlgorithm {
    /// The algorithm byte: the last arc of the OID.
    pub const fn id(self) -> u8 {
        match self {
            Self::MlDsa44 => 17,
            Self::MlDsa65 => 18,
            Self::MlDsa87 => 19,
        }
    }

    /// The parameter set with this algorithm byte.
    pub const fn from_id(id: u8) -> Option<Self> {
        match id {
            17 => Some(Self::MlDsa44),
            18 => Some(Self::MlDsa65),
            19 => Some(Self::MlDsa87),
            _ => None,
        }
    }

    /// Length of its signatures.
    pub const fn signature_len(self) -> usize {
        match self {
            Self::MlDsa44 => ml_dsa_44::SIGNATURE_LEN,
            Self::MlDsa65 => ml_dsa_65::SIGNATURE_LEN,
            Self::MlDsa87 => ml_dsa_87::SIGNATURE_LEN,
        }
    }

    /// The standard name, e.g. `"ML-DSA-65"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::MlDsa44 => "ML-DSA-44",
            Self::MlDsa65 => "ML-DSA-65",
            Self::MlDsa87 => "ML-DSA-87",
        }
    }
}

/// The signed facts about one update image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Manifest {
    /// The parameter set of the signature that follows the body.
    pub algorithm: SignatureAlgorithm,
    /// Version of the image; a device accepts only versions above the one it
    /// runs.
    pub version: u32,
    /// Length of the image in bytes.
    pub image_len: u64,
    /// SHA3-256 of the image.
    pub image_sha3_256: [u8; 32],
}

impl Manifest {
    /// The manifest of `image` (held in memory; see [`ImageHasher`] for an
    /// image read in pieces).
    pub fn for_image(algorithm: SignatureAlgorithm, version: u32, image: &[u8]) -> Self {
        Manifest {
            algorithm,
            version,
            image_len: image.len() as u64,
            image_sha3_256: image_digest(image),
        }
    }

    /// The 52-byte body, the message that is signed.
    pub fn encode_body(&self) -> [u8; BODY_LEN] {
        let mut out = [0u8; BODY_LEN];
        out[0..4].copy_from_slice(&MAGIC);
        out[4] = FORMAT;
        out[5] = self.algorithm.id();
        out[8..12].copy_from_slice(&self.version.to_le_bytes());
        out[12..20].copy_from_slice(&self.image_len.to_le_bytes());
        out[20..52].copy_from_slice(&self.image_sha3_256);
        out
    }

    /// Reads a body: magic, format, algorithm and the zero reserved bytes
    /// must all be right.
    pub fn decode_body(body: &[u8; BODY_LEN]) -> core::result::Result<Self, ManifestError> {
        if body[0..4] != MAGIC {
            return Err(ManifestError::Magic);
        }
        if body[4] != FORMAT {
            return Err(ManifestError::Format(body[4]));
        }
        let algorithm =
            SignatureAlgorithm::from_id(body[5]).ok_or(ManifestError::Algorithm(body[5]))?;
        if body[6..8] != [0, 0] {
            return Err(ManifestError::Reserved);
        }
        let mut version = [0u8; 4];
        version.copy_from_slice(&body[8..12]);
        let mut len = [0u8; 8];
        len.copy_from_slice(&body[12..20]);
        let mut digest = [0u8; 32];
        digest.copy_from_slice(&body[20..52]);
        Ok(Manifest {
            algorithm,
            version: u32::from_le_bytes(version),
            image_len: u64::from_le_bytes(len),
            image_sha3_256: digest,
        })
    }

    /// Length of the whole manifest: body and signature.
    pub const fn encoded_len(&self) -> usize {
        BODY_LEN + self.algorithm.signature_len()
    }

    /// Whether an image of `len` bytes with SHA3-256 `digest` is the one
    /// this manifest describes (public data: an ordinary comparison).
    pub fn matches(&self, len: u64, digest: &[u8; 32]) -> bool {
        self.image_len == len && self.image_sha3_256 == *digest
    }
}

/// A manifest as read from its encoding, borrowing the body and signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignedManifest<'a> {
    /// The decoded body.
    pub manifest: Manifest,
    /// The body's bytes, the signed message.
    pub body: &'a [u8; BODY_LEN],
    /// The signature, exactly [`SignatureAlgorithm::signature_len`] bytes.
    pub signature: &'a [u8],
}

impl<'a> SignedManifest<'a> {
    /// Splits an encoded manifest into body and signature. The input must
    /// be exactly one manifest: [`ManifestError::Length`] when it is shorter
    /// or longer than the body plus its algorithm's signature, another
    /// [`ManifestError`] when the body is not a manifest body.
    pub fn parse(bytes: &'a [u8]) -> core::result::Result<Self, ManifestError> {
        let body: &[u8; BODY_LEN] = bytes
            .get(..BODY_LEN)
            .and_then(|b| b.try_into().ok())
            .ok_or(ManifestError::Length {
                expected: BODY_LEN,
                actual: bytes.len(),
            })?;
        let manifest = Manifest::decode_body(body)?;
        if bytes.len() != manifest.encoded_len() {
            return Err(ManifestError::Length {
                expected: manifest.encoded_len(),
                actual: bytes.len(),
            });
        }
        Ok(SignedManifest {
            manifest,
            body,
            signature: &bytes[BODY_LEN..],
        })
    }

    /// Checks the signature under the encoded ML-DSA public key
    /// `public_key` of the manifest's parameter set (FIPS 204, Algorithm 3,
    /// context [`CONTEXT`]): [`crate::Error::InvalidSignature`] when it
    /// does not verify, [`crate::Error::InvalidLength`] when the key is not
    /// of that parameter set.
    pub fn verify(&self, public_key: &[u8]) -> Result<()> {
        match self.manifest.algorithm {
            SignatureAlgorithm::MlDsa44 => ml_dsa_44::VerifyingKey::from_bytes(public_key)?.verify(
                self.body,
                CONTEXT,
                self.signature,
            ),
            SignatureAlgorithm::MlDsa65 => ml_dsa_65::VerifyingKey::from_bytes(public_key)?.verify(
                self.body,
                CONTEXT,
                self.signature,
            ),
            SignatureAlgorithm::MlDsa87 => ml_dsa_87::VerifyingKey::from_bytes(public_key)?.verify(
                self.body,
                CONTEXT,
                self.signature,
            ),
        }
    }
}

/// Why bytes are not a manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ManifestError {
    /// The input is not as long as its body says the manifest is (or
    /// shorter than a body).
    Length {
        /// The length a manifest with this body has.
        expected: usize,
        /// The length that was given.
        actual: usize,
    },
    /// The first four bytes are not [`MAGIC`].
    Magic,
    /// A format byte other than [`FORMAT`].
    Format(u8),
    /// An algorithm byte that names no ML-DSA parameter set.
    Algorithm(u8),
    /// The reserved bytes are not zero.
    Reserved,
}

impl core::fmt::Display for ManifestError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Length { expected, actual } if *actual < BODY_LEN => write!(
                f,
                "truncated firmware manifest: {actual} bytes, a manifest body alone is {expected}"
            ),
            Self::Length { expected, actual } => write!(
                f,
                "firmware manifest must be {expected} bytes (body and signature), got {actual}"
            ),
            Self::Magic => f.write_str("not a firmware manifest (no PQFM magic)"),
            Self::Format(v) => write!(f, "unsupported firmware manifest format {v}"),
            Self::Algorithm(v) => write!(f, "unknown firmware manifest signature algorithm {v}"),
            Self::Reserved => f.write_str("firmware manifest reserved bytes are not zero"),
        }
    }
}

impl core::error::Error for ManifestError {}

/// SHA3-256 of an image given in pieces, for images that do not fit in
/// memory (a build server) or arrive in blocks (a device).
#[derive(Default)]
pub struct ImageHasher {
    hash: Sha3_256Hasher,
    len: u64,
}

// The image is public, so copies of the state may exist.
impl Clone for ImageHasher {
    fn clone(&self) -> Self {
        ImageHasher {
            hash: self.hash.duplicate_public(),
            len: self.len,
        }
    }
}

impl ImageHasher {
    /// An empty hasher.
    pub fn new() -> Self {
        Self::default()
    }

    /// Absorbs the next piece of the image.
    pub fn update(&mut self, piece: &[u8]) -> &mut Self {
        self.hash.update(piece);
        self.len += piece.len() as u64;
        self
    }

    /// Bytes absorbed so far.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether nothing was absorbed yet.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The image's length and SHA3-256.
    pub fn finalize(self) -> (u64, [u8; 32]) {
        (self.len, self.hash.finalize())
    }
}

impl core::fmt::Debug for ImageHasher {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "ImageHasher({} bytes)", self.len)
    }
}

/// SHA3-256 of an image held in memory.
pub fn image_digest(image: &[u8]) -> [u8; 32] {
    crate::hash::sha3_256(&[image])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::ml_dsa::ml_dsa_44;

    fn signed(version: u32, image: &[u8]) -> std::vec::Vec<u8> {
        let sk = ml_dsa_44::SigningKey::from_seed(&[9; 32]);
        let body = Manifest::for_image(SignatureAlgorithm::MlDsa44, version, image).encode_body();
        let sig = sk.sign_deterministic(&body, CONTEXT).unwrap();
        let mut out = body.to_vec();
        out.extend_from_slice(sig.as_bytes());
        out
    }

    #[test]
    fn body_layout_is_fixed() {
        let m = Manifest {
            algorithm: SignatureAlgorithm::MlDsa65,
            version: 0x0102_0304,
            image_len: 0x0a0b_0c0d_0e0f_1011,
            image_sha3_256: [0xee; 32],
        };
        let body = m.encode_body();
        assert_eq!(&body[..8], b"PQFM\x01\x12\x00\x00");
        assert_eq!(&body[8..12], &[4, 3, 2, 1]);
        assert_eq!(
            &body[12..20],
            &[0x11, 0x10, 0x0f, 0x0e, 0x0d, 0x0c, 0x0b, 0x0a]
        );
        assert_eq!(&body[20..], &[0xee; 32]);
        assert_eq!(Manifest::decode_body(&body), Ok(m));
        assert_eq!(m.encoded_len(), 52 + 3309);
    }

    #[test]
    fn sign_parse_verify() {
        let image = [0x5a; 1000];
        let bytes = signed(3, &image);
        let sm = SignedManifest::parse(&bytes).unwrap();
        let vk = ml_dsa_44::SigningKey::from_seed(&[9; 32]).verifying_key();
        assert_eq!(sm.verify(vk.as_bytes()), Ok(()));
        assert_eq!(sm.manifest.version, 3);
        let mut h = ImageHasher::new();
        h.update(&image[..1]).update(&image[1..]);
        let (len, digest) = h.finalize();
        assert!(sm.manifest.matches(len, &digest));
        assert!(!sm.manifest.matches(len - 1, &digest));
        assert!(!sm.manifest.matches(len, &image_digest(&image[1..])));
        let other = ml_dsa_44::SigningKey::from_seed(&[8; 32]).verifying_key();
        assert_eq!(sm.verify(other.as_bytes()), Err(Error::InvalidSignature));
        // A key of another parameter set is refused by its length.
        let k65 = ml_dsa_65::SigningKey::from_seed(&[9; 32]).verifying_key();
        assert!(matches!(
            sm.verify(k65.as_bytes()),
            Err(Error::InvalidLength { .. })
        ));
    }

    #[test]
    fn tampering_is_refused() {
        let bytes = signed(3, b"image");
        let vk = ml_dsa_44::SigningKey::from_seed(&[9; 32]).verifying_key();
        // Version 3 -> 4: still parses, no longer verifies.
        let mut t = bytes.clone();
        t[8] = 4;
        let sm = SignedManifest::parse(&t).unwrap();
        assert_eq!(sm.verify(vk.as_bytes()), Err(Error::InvalidSignature));
        // The body is signed under CONTEXT only.
        let sm = SignedManifest::parse(&bytes).unwrap();
        assert!(vk.verify(sm.body, b"", sm.signature).is_err());
        for (at, value) in [(0, b'X'), (4, 2), (5, 18), (5, 20), (6, 1), (7, 1)] {
            let mut t = bytes.clone();
            t[at] = value;
            let err = SignedManifest::parse(&t).unwrap_err();
            // An ML-DSA-65 algorithm byte changes the expected length.
            let expected = match at {
                0 => ManifestError::Magic,
                4 => ManifestError::Format(2),
                5 if value == 20 => ManifestError::Algorithm(20),
                5 => ManifestError::Length {
                    expected: 52 + 3309,
                    actual: bytes.len(),
                },
                _ => ManifestError::Reserved,
            };
            assert_eq!(err, expected, "byte {at}");
        }
        for len in [0, 10, 51, 52, bytes.len() - 1] {
            assert!(matches!(
                SignedManifest::parse(&bytes[..len]),
                Err(ManifestError::Length { actual, .. }) if actual == len
            ));
        }
        let mut long = bytes.clone();
        long.push(0);
        assert!(matches!(
            SignedManifest::parse(&long),
            Err(ManifestError::Length { .. })
        ));
    }
}
