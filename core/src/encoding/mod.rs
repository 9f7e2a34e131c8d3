//! X.509 / PKCS#8 key encodings for ML-KEM and ML-DSA, in DER and PEM.
//!
//! - Public keys: `SubjectPublicKeyInfo` (RFC 5280 section 4.1.2.7), PEM
//!   label `PUBLIC KEY`; the key is the raw FIPS 203 / FIPS 204 encoding in
//!   the BIT STRING.
//! - Private keys: PKCS#8 `OneAsymmetricKey` (RFC 5958), PEM label
//!   `PRIVATE KEY`, holding the LAMPS private key CHOICE
//!   (draft-ietf-lamps-kyber-certificates section 6,
//!   draft-ietf-lamps-dilithium-certificates section 6):
//!
//!   ```text
//!   PrivateKey ::= CHOICE {
//!     seed        [0] OCTET STRING (SIZE (64 or 32)),   -- IMPLICIT TAGS
//!     expandedKey OCTET STRING,
//!     both        SEQUENCE { seed OCTET STRING, expandedKey OCTET STRING } }
//!   ```
//!
//! Nothing allocates: encoders write into the caller's buffer and return the
//! number of bytes written ([`crate::Error::BufferTooSmall`] says how many are
//! needed), DER decoders borrow from their input, and PEM decoders decode into
//! a caller's buffer and borrow from it. Private key material passes through
//! the caller's buffers, which the caller should wipe; the only internal copy
//! (the DER image of a private key being PEM-encoded) is wiped before
//! returning.
//!
//! Decoders check structure, OIDs, absent parameters and exact lengths, and,
//! for ML-KEM expanded keys, the FIPS 203 section 7.3 hash check, which needs
//! only SHA3-256. Checks that need key generation (does the seed expand to the
//! stored expanded key, does the private key match a public key) are in
//! [`check_private_key`], which takes the key generation as a parameter:
//! [`Pqkit`] for pqkit's own ML-KEM and ML-DSA.

mod algorithm;
mod certificate;
mod check;
mod der_util;
mod expansion;
mod pem;
mod private_key;
mod public_key;

pub use algorithm::Algorithm;
pub use certificate::{decode_certificate_public_key_der, decode_certificate_public_key_pem};
pub use check::{KeyExpansion, check_private_key};
pub use expansion::Pqkit;
pub use private_key::{
    MAX_PRIVATE_KEY_DER_LEN, PrivateKey, PrivateKeyInfo, decode_private_key_der,
    decode_private_key_pem, encode_private_key_der, encode_private_key_pem, private_key_der_len,
};
pub use public_key::{
    MAX_PUBLIC_KEY_DER_LEN, PublicKeyInfo, decode_public_key_der, decode_public_key_pem,
    encode_public_key_der, encode_public_key_pem, public_key_der_len,
};
