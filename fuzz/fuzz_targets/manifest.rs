//! The signed firmware manifest parser (`pqkit::manifest`), as a device
//! reads an update from untrusted storage.
//!
//! Input: a 32-byte key seed then the manifest bytes. An accepted manifest
//! must re-encode to its body, have exactly its algorithm's length, and its
//! signature must verify only if it is a valid signature of the body (the
//! manifest signed with the seed's key is checked to verify).
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqkit::Error;
use pqkit::manifest::{
    BODY_LEN, CONTEXT, Manifest, ManifestError, SignatureAlgorithm, SignedManifest,
};
use pqkit::ml_dsa::{ml_dsa_44, ml_dsa_65, ml_dsa_87};
use pqkit_fuzz::Input;

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let seed: [u8; 32] = input.array();
    let bytes = input.rest();
    match SignedManifest::parse(bytes) {
        Ok(parsed) => {
            assert_eq!(&parsed.manifest.encode_body(), parsed.body);
            assert_eq!(&bytes[..BODY_LEN], parsed.body);
            assert_eq!(bytes.len(), parsed.manifest.encoded_len());
            assert_eq!(parsed.signature, &bytes[BODY_LEN..]);
            assert_eq!(Manifest::decode_body(parsed.body), Ok(parsed.manifest));
            // Under the seed's key: the body's deterministic signature
            // verifies, and the stored one verifies only if it is valid.
            let (public_key, own) = match parsed.manifest.algorithm {
                SignatureAlgorithm::MlDsa44 => {
                    let sk = ml_dsa_44::SigningKey::from_seed(&seed);
                    let sig = sk.sign_deterministic(parsed.body, CONTEXT).unwrap();
                    (
                        sk.verifying_key().as_bytes().to_vec(),
                        sig.as_bytes().to_vec(),
                    )
                }
                SignatureAlgorithm::MlDsa65 => {
                    let sk = ml_dsa_65::SigningKey::from_seed(&seed);
                    let sig = sk.sign_deterministic(parsed.body, CONTEXT).unwrap();
                    (
                        sk.verifying_key().as_bytes().to_vec(),
                        sig.as_bytes().to_vec(),
                    )
                }
                SignatureAlgorithm::MlDsa87 => {
                    let sk = ml_dsa_87::SigningKey::from_seed(&seed);
                    let sig = sk.sign_deterministic(parsed.body, CONTEXT).unwrap();
                    (
                        sk.verifying_key().as_bytes().to_vec(),
                        sig.as_bytes().to_vec(),
                    )
                }
            };
            let verdict = parsed.verify(&public_key);
            assert!(
                matches!(verdict, Ok(()) | Err(Error::InvalidSignature)),
                "{verdict:?}"
            );
            let mut signed = parsed.body.to_vec();
            signed.extend_from_slice(&own);
            let resigned = SignedManifest::parse(&signed).unwrap();
            assert_eq!(resigned.manifest, parsed.manifest);
            assert_eq!(resigned.verify(&public_key), Ok(()));
            // A key of the wrong length is refused for its length.
            assert!(matches!(
                parsed.verify(&public_key[1..]),
                Err(Error::InvalidLength { .. })
            ));
        }
        Err(ManifestError::Length { expected, actual }) => {
            assert_eq!(actual, bytes.len());
            assert_ne!(expected, actual);
        }
        Err(ManifestError::Magic | ManifestError::Reserved) => {}
        Err(ManifestError::Format(v)) => assert_eq!(v, bytes[4]),
        Err(ManifestError::Algorithm(v)) => {
            assert_eq!(v, bytes[5]);
            assert_eq!(SignatureAlgorithm::from_id(v), None);
        }
    }
});
