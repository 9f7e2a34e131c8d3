//! The ML-KEM and ML-DSA parameter sets as named in X.509 / PKCS#8.

use der::asn1::ObjectIdentifier;

/// An ML-KEM or ML-DSA parameter set, with the facts its key encodings need.
///
/// OIDs are the NIST ones (`2.16.840.1.101.3.4.4.{1,2,3}` for ML-KEM,
/// `2.16.840.1.101.3.4.3.{17,18,19}` for ML-DSA), used with absent
/// parameters (draft-ietf-lamps-kyber-certificates section 3,
/// draft-ietf-lamps-dilithium-certificates section 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// ML-KEM-512 (FIPS 203).
    MlKem512,
    /// ML-KEM-768 (FIPS 203).
    MlKem768,
    /// ML-KEM-1024 (FIPS 203).
    MlKem1024,
    /// ML-DSA-44 (FIPS 204).
    MlDsa44,
    /// ML-DSA-65 (FIPS 204).
    MlDsa65,
    /// ML-DSA-87 (FIPS 204).
    MlDsa87,
}

const OID_ML_KEM_512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.4.1");
const OID_ML_KEM_768: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.4.2");
const OID_ML_KEM_1024: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.4.3");
const OID_ML_DSA_44: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.3.17");
const OID_ML_DSA_65: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.3.18");
const OID_ML_DSA_87: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.3.19");

impl Algorithm {
    /// All parameter sets.
    pub const ALL: [Self; 6] = [
        Self::MlKem512,
        Self::MlKem768,
        Self::MlKem1024,
        Self::MlDsa44,
        Self::MlDsa65,
        Self::MlDsa87,
    ];

    /// The object identifier.
    pub const fn oid(self) -> ObjectIdentifier {
        match self {
            Self::MlKem512 => OID_ML_KEM_512,
            Self::MlKem768 => OID_ML_KEM_768,
            Self::MlKem1024 => OID_ML_KEM_1024,
            Self::MlDsa44 => OID_ML_DSA_44,
            Self::MlDsa65 => OID_ML_DSA_65,
            Self::MlDsa87 => OID_ML_DSA_87,
        }
    }

    /// The parameter set with this object identifier, if any.
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.oid() == *oid)
    }

    /// The standard name, e.g. `"ML-KEM-768"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::MlKem512 => "ML-KEM-512",
            Self::MlKem768 => "ML-KEM-768",
            Self::MlKem1024 => "ML-KEM-1024",
            Self::MlDsa44 => "ML-DSA-44",
            Self::MlDsa65 => "ML-DSA-65",
            Self::MlDsa87 => "ML-DSA-87",
        }
    }

    /// Whether this is an ML-KEM parameter set (else ML-DSA).
    pub const fn is_kem(self) -> bool {
        matches!(self, Self::MlKem512 | Self::MlKem768 | Self::MlKem1024)
    }

    /// Public key length: the encapsulation key `ek` (FIPS 203 section 8,
    /// 384k + 32) or the verification key `pk` (FIPS 204 section 4,
    /// 32 + 320k).
    pub const fn public_key_len(self) -> usize {
        match self {
            Self::MlKem512 => 800,
            Self::MlKem768 => 1184,
            Self::MlKem1024 => 1568,
            Self::MlDsa44 => 1312,
            Self::MlDsa65 => 1952,
            Self::MlDsa87 => 2592,
        }
    }

    /// Seed length: `d || z` for ML-KEM (FIPS 203 Algorithm 16,
    /// ML-KEM.KeyGen_internal), `xi` for ML-DSA (FIPS 204 Algorithm 6,
    /// ML-DSA.KeyGen_internal).
    pub const fn seed_len(self) -> usize {
        if self.is_kem() { 64 } else { 32 }
    }

    /// Expanded private key length: the decapsulation key `dk` (FIPS 203
    /// section 8, 768k + 96) or the signing key `sk` (FIPS 204 section 4).
    pub const fn expanded_key_len(self) -> usize {
        match self {
            Self::MlKem512 => 1632,
            Self::MlKem768 => 2400,
            Self::MlKem1024 => 3168,
            Self::MlDsa44 => 2560,
            Self::MlDsa65 => 4032,
            Self::MlDsa87 => 4896,
        }
    }

    pub(crate) const fn public_key_what(self) -> &'static str {
        match self {
            Self::MlKem512 => "ML-KEM-512 public key",
            Self::MlKem768 => "ML-KEM-768 public key",
            Self::MlKem1024 => "ML-KEM-1024 public key",
            Self::MlDsa44 => "ML-DSA-44 public key",
            Self::MlDsa65 => "ML-DSA-65 public key",
            Self::MlDsa87 => "ML-DSA-87 public key",
        }
    }

    pub(crate) const fn seed_what(self) -> &'static str {
        match self {
            Self::MlKem512 => "ML-KEM-512 private key seed",
            Self::MlKem768 => "ML-KEM-768 private key seed",
            Self::MlKem1024 => "ML-KEM-1024 private key seed",
            Self::MlDsa44 => "ML-DSA-44 private key seed",
            Self::MlDsa65 => "ML-DSA-65 private key seed",
            Self::MlDsa87 => "ML-DSA-87 private key seed",
        }
    }

    pub(crate) const fn expanded_what(self) -> &'static str {
        match self {
            Self::MlKem512 => "ML-KEM-512 expanded private key",
            Self::MlKem768 => "ML-KEM-768 expanded private key",
            Self::MlKem1024 => "ML-KEM-1024 expanded private key",
            Self::MlDsa44 => "ML-DSA-44 expanded private key",
            Self::MlDsa65 => "ML-DSA-65 expanded private key",
            Self::MlDsa87 => "ML-DSA-87 expanded private key",
        }
    }
}

impl core::fmt::Display for Algorithm {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}
