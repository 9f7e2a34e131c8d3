//! Key encodings against the LAMPS example files (kyber-certificates and
//! dilithium-certificates): every key parses to the right algorithm and
//! lengths and re-encodes byte-identically, certificates carry the same
//! public key, and every `bad-*.priv` is refused with the specific error.
//!
//! The consistency checks run with pqkit's own key generation
//! ([`pqkit::encoding::Pqkit`]).
#![cfg(feature = "der")]

mod common;

use std::path::Path;

use pqkit::Error;
use pqkit::encoding::{
    Algorithm, Pqkit, PrivateKey, check_private_key, decode_certificate_public_key_pem,
    decode_private_key_der, decode_private_key_pem, decode_public_key_der, decode_public_key_pem,
    encode_private_key_der, encode_private_key_pem, encode_public_key_der, encode_public_key_pem,
    private_key_der_len, public_key_der_len,
};

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn public_key_from_file(dir: &Path, algorithm: Algorithm) -> Vec<u8> {
    let pem = read(dir, &format!("{}.pub", algorithm.name()));
    let mut buf = vec![0u8; pem.len()];
    let info = decode_public_key_pem(&pem, &mut buf).unwrap();
    info.public_key.to_vec()
}

/// Checks one parameter set's `.pub`, `.crt` (when present) and three
/// private key files; returns the number of files checked.
fn check_algorithm(dir: &Path, algorithm: Algorithm) -> usize {
    let name = algorithm.name();
    let mut files = 0;

    // Public key: PEM -> DER -> fields, and back, byte for byte.
    let pem = read(dir, &format!("{name}.pub"));
    let mut der = vec![0u8; pem.len()];
    let info = decode_public_key_pem(&pem, &mut der).unwrap();
    assert_eq!(info.algorithm, algorithm, "{name}.pub");
    assert_eq!(info.public_key.len(), algorithm.public_key_len());
    let public_key = info.public_key.to_vec();
    let der_len = public_key_der_len(algorithm);
    let info = decode_public_key_der(&der[..der_len]).unwrap();
    assert_eq!(
        (info.algorithm, info.public_key),
        (algorithm, &public_key[..])
    );
    let mut out = vec![0u8; der_len];
    assert_eq!(
        encode_public_key_der(algorithm, &public_key, &mut out),
        Ok(der_len)
    );
    assert_eq!(out, der[..der_len]);
    let mut out_pem = vec![0u8; pem.len() + 16];
    let n = encode_public_key_pem(algorithm, &public_key, &mut out_pem).unwrap();
    assert_eq!(out_pem[..n], pem[..], "{name}.pub PEM re-encoding");
    files += 1;

    let crt = dir.join(format!("{name}.crt"));
    if crt.exists() {
        let pem = std::fs::read(&crt).unwrap();
        let mut buf = vec![0u8; pem.len()];
        let info = decode_certificate_public_key_pem(&pem, &mut buf).unwrap();
        assert_eq!(info.algorithm, algorithm, "{name}.crt");
        assert_eq!(
            info.public_key, public_key,
            "{name}.crt SPKI differs from {name}.pub"
        );
        files += 1;
    }

    let mut seeds = Vec::new();
    let mut expandeds = Vec::new();
    for form in ["seed", "expanded", "both"] {
        let file = format!("{name}-{form}.priv");
        let pem = read(dir, &file);
        let mut der = vec![0u8; pem.len()];
        let len = decode_private_key_pem(&pem, &mut der)
            .map(|info| private_key_der_len(info.algorithm, &info.private_key))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        der.truncate(len);
        let info = decode_private_key_der(&der).unwrap();
        assert_eq!(info.algorithm, algorithm, "{file}");
        assert_eq!(info.public_key, None, "{file}");
        let key = info.private_key;
        match (form, key) {
            ("seed", PrivateKey::Seed(seed)) => seeds.push(seed.to_vec()),
            ("expanded", PrivateKey::ExpandedKey(e)) => expandeds.push(e.to_vec()),
            ("both", PrivateKey::Both { seed, expanded_key }) => {
                seeds.push(seed.to_vec());
                expandeds.push(expanded_key.to_vec());
            }
            _ => panic!("{file}: unexpected form {key:?}"),
        }
        if let Some(seed) = key.seed() {
            assert_eq!(seed.len(), algorithm.seed_len(), "{file}");
        }
        if let Some(expanded) = key.expanded_key() {
            assert_eq!(expanded.len(), algorithm.expanded_key_len(), "{file}");
        }

        let der_len = private_key_der_len(algorithm, &key);
        let mut out = vec![0u8; der_len];
        assert_eq!(
            encode_private_key_der(algorithm, &key, &mut out),
            Ok(der_len)
        );
        assert_eq!(out, der, "{file} DER re-encoding");
        assert_eq!(decode_private_key_der(&out).unwrap(), info);
        let mut out_pem = vec![0u8; pem.len() + 16];
        let n = encode_private_key_pem(algorithm, &key, &mut out_pem).unwrap();
        assert_eq!(out_pem[..n], pem[..], "{file} PEM re-encoding");

        assert_eq!(
            check_private_key(&info, &public_key, &Pqkit),
            Ok(()),
            "{file}"
        );
        // Paired with another key's public key, the check must fail.
        let mut other = public_key.clone();
        other[5] ^= 1;
        assert_eq!(
            check_private_key(&info, &other, &Pqkit),
            Err(Error::PublicKeyMismatch),
            "{file}"
        );
        files += 1;
    }
    // The three files hold the same key.
    assert_eq!(seeds[0], seeds[1], "{name}: seed vs both");
    assert_eq!(expandeds[0], expandeds[1], "{name}: expanded vs both");
    files
}

#[test]
fn lamps_ml_kem_examples() {
    let Some(dir) = common::vectors("lamps/ml-kem") else {
        return;
    };
    let files: usize = [
        Algorithm::MlKem512,
        Algorithm::MlKem768,
        Algorithm::MlKem1024,
    ]
    .into_iter()
    .map(|a| check_algorithm(&dir, a))
    .sum();
    assert_eq!(files, 12);
    eprintln!("lamps/ml-kem: {files} good files checked");
}

#[test]
fn lamps_ml_dsa_examples() {
    let Some(dir) = common::vectors("lamps/ml-dsa") else {
        return;
    };
    let files: usize = [Algorithm::MlDsa44, Algorithm::MlDsa65, Algorithm::MlDsa87]
        .into_iter()
        .map(|a| check_algorithm(&dir, a))
        .sum();
    assert_eq!(files, 15);
    eprintln!("lamps/ml-dsa: {files} good files checked");
}

/// Every `bad-*.priv` file, the reason its upstream README gives, and the
/// outcome: at decoding when the flaw is visible without key generation, else
/// from `check_private_key` with pqkit's key generation.
/// Folder, file, outcome of decoding, outcome of `check_private_key`.
type BadCase = (
    &'static str,
    &'static str,
    Result<(), Error>,
    Result<(), Error>,
);

const BAD: [BadCase; 7] = [
    // `both`: the seed and the expanded key are of different keys.
    (
        "ml-kem",
        "bad-ML-KEM-512-1.priv",
        Ok(()),
        Err(Error::SeedExpandedKeyMismatch),
    ),
    // `expandedKey` with a mutated s_0 and a valid H(ek): only a pairwise
    // consistency test catches it.
    (
        "ml-kem",
        "bad-ML-KEM-512-2.priv",
        Ok(()),
        Err(Error::PublicKeyMismatch),
    ),
    // `expandedKey` with a mutated H(ek): FIPS 203 section 7.3 hash check.
    (
        "ml-kem",
        "bad-ML-KEM-512-3.priv",
        Err(Error::DecapsulationKeyHashMismatch),
        Err(Error::DecapsulationKeyHashMismatch),
    ),
    // `both`, differing only in the implicit-rejection secret z.
    (
        "ml-kem",
        "bad-ML-KEM-512-4.priv",
        Ok(()),
        Err(Error::SeedExpandedKeyMismatch),
    ),
    // `both`, seed and expanded key inconsistent.
    (
        "ml-dsa",
        "bad-ML-DSA-44-1.priv",
        Ok(()),
        Err(Error::SeedExpandedKeyMismatch),
    ),
    // `expandedKey` whose tr does not match the public key.
    (
        "ml-dsa",
        "bad-ML-DSA-44-2.priv",
        Ok(()),
        Err(Error::InvalidPrivateKey),
    ),
    // `expandedKey` whose t0 does not match s1 and s2. Signatures made with
    // a slightly wrong t0 still verify, so a sign/verify pairwise test would
    // pass; recomputing t = A*s1 + s2 on import refuses it.
    (
        "ml-dsa",
        "bad-ML-DSA-44-3.priv",
        Ok(()),
        Err(Error::InvalidPrivateKey),
    ),
];

#[test]
fn lamps_bad_private_keys_are_refused() {
    let mut checked = 0;
    for (family, file, at_decode, at_check) in BAD {
        let Some(dir) = common::vectors(&format!("lamps/{family}")) else {
            return;
        };
        let pem = read(&dir, file);
        let mut buf = vec![0u8; pem.len()];
        let decoded = decode_private_key_pem(&pem, &mut buf);
        match at_decode {
            Err(e) => assert_eq!(decoded.unwrap_err(), e, "{file}"),
            Ok(()) => {
                let info = decoded.unwrap_or_else(|e| panic!("{file} should decode: {e}"));
                let public_key = public_key_from_file(&dir, info.algorithm);
                assert_eq!(
                    check_private_key(&info, &public_key, &Pqkit),
                    at_check,
                    "{file}"
                );
            }
        }
        checked += 1;
    }
    // No bad file is left unchecked.
    for family in ["ml-kem", "ml-dsa"] {
        let dir = common::vectors(&format!("lamps/{family}")).unwrap();
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.starts_with("bad-") {
                assert!(BAD.iter().any(|b| b.1 == name), "unlisted bad file {name}");
            }
        }
    }
    assert_eq!(checked, 7);
}
