//! The LAMPS ML-DSA examples (lamps-wg/dilithium-certificates `examples/`):
//! every private key form produces the public key of its `.pub` file, each
//! self-signed certificate's signature verifies, and the `bad-*` expanded
//! keys are refused by the FIPS 204 consistency checks.

mod common;

use pqkit::Error;
use pqkit::encoding::{Algorithm, PrivateKey, decode_private_key_pem, decode_public_key_pem};
use std::path::Path;

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn public_key(dir: &Path, name: &str) -> Vec<u8> {
    let pem = read(dir, &format!("{name}.pub"));
    let mut buf = vec![0u8; pem.len()];
    decode_public_key_pem(&pem, &mut buf)
        .unwrap()
        .public_key
        .to_vec()
}

/// Reads one DER TLV at the start of `der`: (tag, content, whole TLV, rest).
fn tlv(der: &[u8]) -> (u8, &[u8], &[u8], &[u8]) {
    let tag = der[0];
    let (len, header) = match der[1] {
        n if n < 0x80 => (usize::from(n), 2),
        n => {
            let k = usize::from(n & 0x7F);
            let len = der[2..2 + k]
                .iter()
                .fold(0usize, |a, &b| (a << 8) | usize::from(b));
            (len, 2 + k)
        }
    };
    (
        tag,
        &der[header..header + len],
        &der[..header + len],
        &der[header + len..],
    )
}

/// `tbsCertificate` (the signed bytes) and the signature of an X.509
/// certificate in PEM.
fn certificate_parts(pem: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let text = std::str::from_utf8(pem).unwrap();
    let b64: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64_decode(&b64);
    let (tag, cert, _, _) = tlv(&der);
    assert_eq!(tag, 0x30);
    let (_, _, tbs, rest) = tlv(cert);
    let (_, _, _, rest) = tlv(rest); // signatureAlgorithm
    let (tag, bits, _, _) = tlv(rest);
    assert_eq!((tag, bits[0]), (0x03, 0), "signature BIT STRING");
    (tbs.to_vec(), bits[1..].to_vec())
}

fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("bad base64"),
    };
    let bytes: Vec<u8> = s.bytes().filter(|&c| c != b'=').map(value).collect();
    let mut out = Vec::new();
    for chunk in bytes.chunks(4) {
        let n = chunk.iter().fold(0u32, |a, &v| (a << 6) | u32::from(v)) << (6 * (4 - chunk.len()));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

macro_rules! lamps {
    ($test:ident, $module:ident, $alg:ident, $name:literal) => {
        #[test]
        fn $test() {
            use pqkit::ml_dsa::$module::{SigningKey, VerifyingKey};
            let Some(dir) = common::vectors("lamps/ml-dsa") else {
                return;
            };
            let pk = public_key(&dir, $name);
            for form in ["seed", "expanded", "both"] {
                let pem = read(&dir, &format!("{}-{form}.priv", $name));
                let mut buf = vec![0u8; pem.len()];
                let info = decode_private_key_pem(&pem, &mut buf).unwrap();
                assert_eq!(info.algorithm, Algorithm::$alg);
                let from_seed = info
                    .private_key
                    .seed()
                    .map(|s| SigningKey::try_from_seed(s).unwrap());
                let from_expanded = info
                    .private_key
                    .expanded_key()
                    .map(|e| SigningKey::from_expanded_bytes(e).unwrap());
                for sk in from_seed.iter().chain(from_expanded.iter()) {
                    assert_eq!(&sk.verifying_key().as_bytes()[..], &pk[..], "{form}");
                }
                if let (Some(a), Some(b)) = (&from_seed, &from_expanded) {
                    assert_eq!(&a.to_expanded_bytes()[..], &b.to_expanded_bytes()[..]);
                }
            }
            let (tbs, sig) = certificate_parts(&read(&dir, &format!("{}.crt", $name)));
            let vk = VerifyingKey::from_bytes(&pk).unwrap();
            assert_eq!(vk.verify(&tbs, b"", &sig), Ok(()), "certificate signature");
            assert_eq!(
                vk.verify(&tbs[1..], b"", &sig),
                Err(Error::InvalidSignature)
            );
        }
    };
}

lamps!(ml_dsa_44_examples, ml_dsa_44, MlDsa44, "ML-DSA-44");
lamps!(ml_dsa_65_examples, ml_dsa_65, MlDsa65, "ML-DSA-65");
lamps!(ml_dsa_87_examples, ml_dsa_87, MlDsa87, "ML-DSA-87");

#[test]
fn bad_keys_are_refused() {
    use pqkit::ml_dsa::ml_dsa_44::SigningKey;
    let Some(dir) = common::vectors("lamps/ml-dsa") else {
        return;
    };
    let pk = public_key(&dir, "ML-DSA-44");
    // (file, reason from the upstream README, refused by the expanded-key
    // import alone)
    for (file, why, by_import) in [
        (
            "bad-ML-DSA-44-1.priv",
            "seed and expanded key disagree",
            false,
        ),
        (
            "bad-ML-DSA-44-2.priv",
            "tr does not match the public key",
            true,
        ),
        ("bad-ML-DSA-44-3.priv", "t0 does not match s1 and s2", true),
    ] {
        let pem = read(&dir, file);
        let mut buf = vec![0u8; pem.len()];
        let info = decode_private_key_pem(&pem, &mut buf).unwrap();
        let expanded = info
            .private_key
            .expanded_key()
            .expect("has an expanded key");
        let refused = match SigningKey::from_expanded_bytes(expanded) {
            Err(e) => {
                assert_eq!(e, Error::InvalidPrivateKey, "{file}");
                true
            }
            // A self-consistent expanded key is only bad relative to its
            // seed or to the published public key.
            Ok(sk) => {
                assert!(!by_import, "{file} ({why}) imported");
                let seed_disagrees = matches!(info.private_key, PrivateKey::Both { seed, .. }
                    if SigningKey::try_from_seed(seed).unwrap().to_expanded_bytes()[..] != expanded[..]);
                seed_disagrees || sk.verifying_key().as_bytes()[..] != pk[..]
            }
        };
        assert!(refused, "{file} ({why}) was accepted");
        eprintln!("{file}: refused ({why})");
    }
}
