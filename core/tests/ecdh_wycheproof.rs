//! ECDH adapters against every Wycheproof X25519, P-256 and P-384 case.
//!
//! Decisions for Wycheproof "acceptable" cases:
//! - X25519 `ZeroSharedSecret` (always together with `LowOrderPublic`): the
//!   exchange is refused with `AllZeroSharedSecret`, as RFC 8446 section 7.4.2
//!   and the hybrid KEM drafts require.
//! - X25519 `Twist`, `NonCanonicalPublic`, `SpecialPublicKey`,
//!   `EdgeCaseMultiplication`, `EdgeCaseShared`, `SmallPublicKey` without a
//!   zero result: accepted (RFC 7748 section 5 defines the result for every
//!   32-byte string), and the result must equal the vector's.
//! - P-256 / P-384 `CompressedPublic`: refused with `CompressedPoint`, since
//!   TLS 1.3 only allows uncompressed points (RFC 8446 section 4.2.8.2).
#![cfg(all(feature = "x25519", feature = "p256", feature = "p384"))]

mod common;

use common::{unhex, vectors};
use pqkit::Error;
use pqkit::ecdh::{
    P256PublicKey, P256SecretKey, P384PublicKey, P384SecretKey, X25519PublicKey, X25519SecretKey,
};
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    algorithm: String,
    #[serde(rename = "numberOfTests")]
    number_of_tests: usize,
    #[serde(rename = "testGroups")]
    test_groups: Vec<Group>,
}

#[derive(Deserialize)]
struct Group {
    curve: String,
    tests: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    #[serde(rename = "tcId")]
    tc_id: u32,
    flags: Vec<String>,
    public: String,
    private: String,
    shared: String,
    result: String,
}

fn load(rel: &str) -> Option<File> {
    let path = vectors(rel)?;
    let text = std::fs::read_to_string(&path).expect("read vector file");
    Some(serde_json::from_str(&text).expect("parse vector file"))
}

/// Wycheproof writes ECDH scalars as minimal big-endian integers, sometimes
/// with a leading zero byte (ASN.1 style); bring them to the field length.
fn fixed_scalar<const N: usize>(hex: &str) -> [u8; N] {
    let raw = unhex(hex);
    let first = raw.iter().position(|&b| b != 0).unwrap_or(raw.len());
    let digits = &raw[first..];
    assert!(digits.len() <= N, "scalar longer than {N} bytes: {hex}");
    let mut out = [0u8; N];
    out[N - digits.len()..].copy_from_slice(digits);
    out
}

#[test]
fn x25519_wycheproof() {
    let Some(file) = load("wycheproof/x25519_test.json") else {
        return;
    };
    assert_eq!(file.algorithm, "XDH");
    let (mut accepted, mut zero_refused, mut total) = (0, 0, 0);
    for group in &file.test_groups {
        assert_eq!(group.curve, "curve25519");
        for case in &group.tests {
            total += 1;
            let id = case.tc_id;
            assert_ne!(case.result, "invalid", "tc {id}: no X25519 case is invalid");
            let sk = X25519SecretKey::from_slice(&unhex(&case.private)).unwrap();
            let pk = X25519PublicKey::from_slice(&unhex(&case.public)).unwrap();
            let expected = unhex(&case.shared);
            let result = sk.diffie_hellman(&pk);
            if case.flags.iter().any(|f| f == "ZeroSharedSecret") {
                assert!(expected.iter().all(|&b| b == 0), "tc {id}");
                assert_eq!(result.unwrap_err(), Error::AllZeroSharedSecret, "tc {id}");
                zero_refused += 1;
            } else {
                let ss = result.unwrap_or_else(|e| panic!("tc {id}: {e}"));
                assert_eq!(ss.as_bytes().as_slice(), expected, "tc {id}");
                accepted += 1;
            }
        }
    }
    assert!(total > 0, "no X25519 cases");
    assert_eq!(total, file.number_of_tests);
    assert_eq!(zero_refused, 31, "all-zero cases");
    eprintln!("x25519: {total} cases, {accepted} accepted, {zero_refused} all-zero refused");
}

/// Runs one Wycheproof `EcdhEcpointTest` file through a curve's adapter.
macro_rules! nist_wycheproof {
    ($test:ident, $file:literal, $curve:literal, $secret:ident, $public:ident, $n:literal) => {
        #[test]
        fn $test() {
            let Some(file) = load($file) else {
                return;
            };
            assert_eq!(file.algorithm, "ECDH");
            let (mut valid, mut rejected, mut total) = (0, 0, 0);
            for group in &file.test_groups {
                assert_eq!(group.curve, $curve);
                for case in &group.tests {
                    total += 1;
                    let id = case.tc_id;
                    let sk = $secret::from_bytes(&fixed_scalar::<$n>(&case.private))
                        .unwrap_or_else(|e| panic!("tc {id}: private key refused: {e}"));
                    let public = unhex(&case.public);
                    let parsed = $public::from_sec1_bytes(&public);
                    match case.result.as_str() {
                        "valid" => {
                            let pk = parsed.unwrap_or_else(|e| panic!("tc {id}: {e}"));
                            assert_eq!(pk.as_bytes().as_slice(), public, "tc {id}");
                            let ss = sk.diffie_hellman(&pk);
                            assert_eq!(ss.as_bytes().as_slice(), unhex(&case.shared), "tc {id}");
                            valid += 1;
                        }
                        _ => {
                            let err = parsed.expect_err(&format!("tc {id} must be refused"));
                            let flag = |f: &str| case.flags.iter().any(|x| x == f);
                            if flag("CompressedPoint") {
                                assert_eq!(err, Error::CompressedPoint, "tc {id}");
                            } else if flag("InvalidCurveAttack") {
                                assert_eq!(err, Error::InvalidPoint, "tc {id}");
                            } else {
                                assert!(flag("InvalidEncoding"), "tc {id}: {:?}", case.flags);
                                assert!(
                                    matches!(err, Error::InvalidLength { expected, actual, .. }
                                        if expected == 1 + 2 * $n && actual == public.len()),
                                    "tc {id}: {err:?}"
                                );
                            }
                            rejected += 1;
                        }
                    }
                }
            }
            assert!(total > 0, "no cases");
            assert_eq!(total, file.number_of_tests);
            eprintln!("{}: {total} cases, {valid} valid, {rejected} refused", $curve);
        }
    };
}

nist_wycheproof!(
    p256_wycheproof,
    "wycheproof/ecdh_secp256r1_ecpoint_test.json",
    "secp256r1",
    P256SecretKey,
    P256PublicKey,
    32
);
nist_wycheproof!(
    p384_wycheproof,
    "wycheproof/ecdh_secp384r1_ecpoint_test.json",
    "secp384r1",
    P384SecretKey,
    P384PublicKey,
    48
);
