//! SubjectPublicKeyInfo and PKCS#8 decoders, DER and PEM, and the public key
//! of an X.509 certificate (feature `der`).
//!
//! Input: a selector byte (byte % 6: SPKI DER, PKCS#8 DER, SPKI PEM, PKCS#8
//! PEM, certificate DER, certificate PEM), then the document. DER is
//! canonical, so an accepted SPKI must re-encode to exactly the input; every
//! accepted key must survive encode then decode unchanged, and a private key
//! with a seed must pass `check_private_key` against the public key the seed
//! gives (unless its stored parts disagree, which must be reported as such).
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqkit::Error;
use pqkit::encoding::{
    Algorithm, KeyExpansion, MAX_PRIVATE_KEY_DER_LEN, MAX_PUBLIC_KEY_DER_LEN, Pqkit, PrivateKey,
    PrivateKeyInfo, PublicKeyInfo, check_private_key, decode_certificate_public_key_der,
    decode_certificate_public_key_pem, decode_private_key_der, decode_private_key_pem,
    decode_public_key_der, decode_public_key_pem, encode_private_key_der, encode_private_key_pem,
    encode_public_key_der, encode_public_key_pem,
};
use pqkit_fuzz::Input;

/// What a decoder may refuse a document for.
fn assert_decode_error(e: Error) {
    assert!(
        matches!(
            e,
            Error::MalformedDer
                | Error::TrailingData
                | Error::UnknownAlgorithm
                | Error::AlgorithmParametersPresent
                | Error::UnknownPrivateKeyFormat
                | Error::InvalidLength { .. }
                | Error::DecapsulationKeyHashMismatch
                | Error::InvalidPem
                | Error::UnexpectedPemLabel
                | Error::BufferTooSmall { .. }
        ),
        "{e:?}"
    );
}

fn public_key_round_trip(info: &PublicKeyInfo<'_>) {
    assert_eq!(info.public_key.len(), info.algorithm.public_key_len());
    let mut der = [0u8; MAX_PUBLIC_KEY_DER_LEN];
    let n = encode_public_key_der(info.algorithm, info.public_key, &mut der).unwrap();
    assert_eq!(&decode_public_key_der(&der[..n]).unwrap(), info);
    let mut pem = [0u8; 2 * MAX_PUBLIC_KEY_DER_LEN];
    let n = encode_public_key_pem(info.algorithm, info.public_key, &mut pem).unwrap();
    let mut buf = [0u8; MAX_PUBLIC_KEY_DER_LEN];
    assert_eq!(&decode_public_key_pem(&pem[..n], &mut buf).unwrap(), info);
}

fn private_key_round_trip(info: &PrivateKeyInfo<'_>) {
    // The encoder writes version 1 without the optional public key.
    let bare = PrivateKeyInfo {
        public_key: None,
        ..*info
    };
    let mut der = [0u8; MAX_PRIVATE_KEY_DER_LEN];
    let n = encode_private_key_der(info.algorithm, &info.private_key, &mut der).unwrap();
    assert_eq!(decode_private_key_der(&der[..n]).unwrap(), bare);
    let mut pem = [0u8; 2 * MAX_PRIVATE_KEY_DER_LEN];
    let n = encode_private_key_pem(info.algorithm, &info.private_key, &mut pem).unwrap();
    let mut buf = [0u8; MAX_PRIVATE_KEY_DER_LEN];
    assert_eq!(decode_private_key_pem(&pem[..n], &mut buf).unwrap(), bare);

    // Consistency against the public key the seed expands to.
    let Some(seed) = info.private_key.seed() else {
        return;
    };
    let algorithm: Algorithm = info.algorithm;
    let mut expanded = vec![0u8; algorithm.expanded_key_len()];
    let mut public_key = vec![0u8; algorithm.public_key_len()];
    Pqkit
        .expand_seed(algorithm, seed, &mut expanded, &mut public_key)
        .unwrap();
    let stored_public_ok = info.public_key.is_none_or(|pk| pk == public_key);
    let expanded_ok = match info.private_key {
        PrivateKey::Both { expanded_key, .. } => expanded_key == expanded,
        _ => true,
    };
    let verdict = check_private_key(info, &public_key, &Pqkit);
    match (stored_public_ok, expanded_ok) {
        (true, true) => assert_eq!(verdict, Ok(())),
        (false, _) => assert_eq!(verdict, Err(Error::PublicKeyMismatch)),
        (true, false) => assert_eq!(verdict, Err(Error::SeedExpandedKeyMismatch)),
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let selector = input.byte() % 6;
    let doc = input.rest();
    let mut buf = vec![0u8; 8192];
    match selector {
        0 => match decode_public_key_der(doc) {
            Ok(info) => {
                let mut der = [0u8; MAX_PUBLIC_KEY_DER_LEN];
                let n = encode_public_key_der(info.algorithm, info.public_key, &mut der).unwrap();
                assert_eq!(&der[..n], doc, "DER is canonical");
                public_key_round_trip(&info);
            }
            Err(e) => assert_decode_error(e),
        },
        1 => match decode_private_key_der(doc) {
            Ok(info) => private_key_round_trip(&info),
            Err(e) => assert_decode_error(e),
        },
        2 => match decode_public_key_pem(doc, &mut buf) {
            Ok(info) => public_key_round_trip(&info),
            Err(e) => assert_decode_error(e),
        },
        3 => match decode_private_key_pem(doc, &mut buf) {
            Ok(info) => private_key_round_trip(&info),
            Err(e) => assert_decode_error(e),
        },
        4 => match decode_certificate_public_key_der(doc) {
            Ok(info) => public_key_round_trip(&info),
            Err(e) => assert_decode_error(e),
        },
        _ => match decode_certificate_public_key_pem(doc, &mut buf) {
            Ok(info) => public_key_round_trip(&info),
            Err(e) => assert_decode_error(e),
        },
    }
});
