//! Key encodings: the algorithm table, round trips and every kind of
//! malformed input, on synthetic keys (no vector files needed).
#![cfg(feature = "der")]

use std::cell::Cell;

use pqkit::Error;
use pqkit::encoding::{
    Algorithm, KeyExpansion, MAX_PRIVATE_KEY_DER_LEN, MAX_PUBLIC_KEY_DER_LEN, PrivateKey,
    check_private_key, decode_certificate_public_key_der, decode_private_key_der,
    decode_private_key_pem, decode_public_key_der, decode_public_key_pem, encode_private_key_der,
    encode_private_key_pem, encode_public_key_der, encode_public_key_pem, private_key_der_len,
    public_key_der_len,
};
use pqkit::hash::sha3_256;

/// One DER TLV with a single-byte tag.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else if n <= 0xff {
        out.extend([0x81, n as u8]);
    } else {
        out.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(content);
    out
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// DER content bytes of an OID given as arcs (first two arcs combined).
fn oid(arcs: &[u64]) -> Vec<u8> {
    let mut out = vec![(arcs[0] * 40 + arcs[1]) as u8];
    for &arc in &arcs[2..] {
        let mut groups = vec![(arc & 0x7f) as u8];
        let mut rest = arc >> 7;
        while rest > 0 {
            groups.push(0x80 | (rest & 0x7f) as u8);
            rest >>= 7;
        }
        out.extend(groups.iter().rev());
    }
    out
}

const KEM_768: [u64; 9] = [2, 16, 840, 1, 101, 3, 4, 4, 2];

fn alg_id(arcs: &[u64], params: Option<&[u8]>) -> Vec<u8> {
    let mut content = tlv(0x06, &oid(arcs));
    if let Some(p) = params {
        content.extend_from_slice(p);
    }
    tlv(0x30, &content)
}

fn spki(alg: &[u8], key: &[u8], unused_bits: u8) -> Vec<u8> {
    let bits = cat(&[&[unused_bits], key]);
    tlv(0x30, &cat(&[alg, &tlv(0x03, &bits)]))
}

fn pkcs8(alg: &[u8], choice: &[u8]) -> Vec<u8> {
    tlv(0x30, &cat(&[&[0x02, 0x01, 0x00], alg, &tlv(0x04, choice)]))
}

/// A syntactically valid ML-KEM-768 expanded key with a correct H(ek).
fn kem768_expanded() -> Vec<u8> {
    let k = 3;
    let mut dk: Vec<u8> = (0..2400u32).map(|i| (i * 7 + 3) as u8).collect();
    let ek = dk[384 * k..768 * k + 32].to_vec();
    dk[768 * k + 32..768 * k + 64].copy_from_slice(&sha3_256(&[&ek]));
    dk
}

#[test]
fn algorithm_table() {
    let rows = [
        (
            Algorithm::MlKem512,
            "ML-KEM-512",
            "2.16.840.1.101.3.4.4.1",
            800,
            64,
            1632,
        ),
        (
            Algorithm::MlKem768,
            "ML-KEM-768",
            "2.16.840.1.101.3.4.4.2",
            1184,
            64,
            2400,
        ),
        (
            Algorithm::MlKem1024,
            "ML-KEM-1024",
            "2.16.840.1.101.3.4.4.3",
            1568,
            64,
            3168,
        ),
        (
            Algorithm::MlDsa44,
            "ML-DSA-44",
            "2.16.840.1.101.3.4.3.17",
            1312,
            32,
            2560,
        ),
        (
            Algorithm::MlDsa65,
            "ML-DSA-65",
            "2.16.840.1.101.3.4.3.18",
            1952,
            32,
            4032,
        ),
        (
            Algorithm::MlDsa87,
            "ML-DSA-87",
            "2.16.840.1.101.3.4.3.19",
            2592,
            32,
            4896,
        ),
    ];
    for (alg, name, oid_str, pk, seed, sk) in rows {
        assert_eq!(alg.name(), name);
        assert_eq!(alg.to_string(), name);
        assert_eq!(alg.oid().to_string(), oid_str);
        assert_eq!(Algorithm::from_oid(&alg.oid()), Some(alg));
        assert_eq!(alg.public_key_len(), pk);
        assert_eq!(alg.seed_len(), seed);
        assert_eq!(alg.expanded_key_len(), sk);
        assert_eq!(alg.is_kem(), name.starts_with("ML-KEM"));
        assert!(public_key_der_len(alg) <= MAX_PUBLIC_KEY_DER_LEN);
    }
    assert_eq!(MAX_PUBLIC_KEY_DER_LEN, 2614);
    assert_eq!(MAX_PRIVATE_KEY_DER_LEN, 4962);
}

#[test]
fn public_key_round_trips_and_matches_hand_built_der() {
    for alg in Algorithm::ALL {
        let key: Vec<u8> = (0..alg.public_key_len()).map(|i| i as u8).collect();
        let mut der = vec![0u8; MAX_PUBLIC_KEY_DER_LEN];
        let n = encode_public_key_der(alg, &key, &mut der).unwrap();
        assert_eq!(n, public_key_der_len(alg));
        let arcs: Vec<u64> = alg
            .oid()
            .to_string()
            .split('.')
            .map(|a| a.parse().unwrap())
            .collect();
        assert_eq!(der[..n], spki(&alg_id(&arcs, None), &key, 0)[..], "{alg}");
        let info = decode_public_key_der(&der[..n]).unwrap();
        assert_eq!((info.algorithm, info.public_key), (alg, &key[..]));

        let mut pem = vec![0u8; 4000];
        let m = encode_public_key_pem(alg, &key, &mut pem).unwrap();
        let text = std::str::from_utf8(&pem[..m]).unwrap();
        assert!(text.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        assert!(text.ends_with("-----END PUBLIC KEY-----\n"));
        assert!(text.lines().all(|l| l.len() <= 64));
        let mut buf = vec![0u8; MAX_PUBLIC_KEY_DER_LEN];
        let back = decode_public_key_pem(&pem[..m], &mut buf).unwrap();
        assert_eq!((back.algorithm, back.public_key), (alg, &key[..]));
    }
}

#[test]
fn malformed_public_keys() {
    let key = vec![0x42u8; 1184];
    let good = spki(&alg_id(&KEM_768, None), &key, 0);
    assert!(decode_public_key_der(&good).is_ok());

    let unknown = spki(&alg_id(&[2, 16, 840, 1, 101, 3, 4, 4, 9], None), &key, 0);
    assert_eq!(
        decode_public_key_der(&unknown),
        Err(Error::UnknownAlgorithm)
    );
    let ed25519 = spki(&alg_id(&[1, 3, 101, 112], None), &[0u8; 32], 0);
    assert_eq!(
        decode_public_key_der(&ed25519),
        Err(Error::UnknownAlgorithm)
    );

    let null_params = spki(&alg_id(&KEM_768, Some(&[0x05, 0x00])), &key, 0);
    assert_eq!(
        decode_public_key_der(&null_params),
        Err(Error::AlgorithmParametersPresent)
    );

    let short = spki(&alg_id(&KEM_768, None), &key[1..], 0);
    assert!(matches!(
        decode_public_key_der(&short),
        Err(Error::InvalidLength {
            expected: 1184,
            actual: 1183,
            ..
        })
    ));
    let unused_bits = spki(&alg_id(&KEM_768, None), &key, 3);
    assert_eq!(
        decode_public_key_der(&unused_bits),
        Err(Error::MalformedDer)
    );

    let mut trailing = good.clone();
    trailing.push(0);
    assert_eq!(decode_public_key_der(&trailing), Err(Error::TrailingData));
    assert_eq!(
        decode_public_key_der(&good[..good.len() - 1]),
        Err(Error::MalformedDer)
    );
    assert_eq!(decode_public_key_der(&[]), Err(Error::MalformedDer));
    // Non-minimal length encoding (DER requires the short form here).
    let mut long_form = good.clone();
    long_form[4] = 0x81; // AlgorithmIdentifier length 0x0b -> 0x81 0x0b
    long_form.insert(5, 0x0b);
    assert_eq!(decode_public_key_der(&long_form), Err(Error::MalformedDer));

    // Encoder refuses wrong key lengths and small buffers, writing nothing.
    let mut out = vec![0xAAu8; 10];
    assert!(matches!(
        encode_public_key_der(Algorithm::MlKem768, &key[..100], &mut out),
        Err(Error::InvalidLength { .. })
    ));
    assert_eq!(
        encode_public_key_der(Algorithm::MlKem768, &key, &mut out),
        Err(Error::BufferTooSmall {
            needed: 1206,
            available: 10
        })
    );
    assert!(out.iter().all(|&b| b == 0xAA));
}

#[test]
fn private_key_forms_round_trip() {
    let dk = kem768_expanded();
    let seed = [0x5Au8; 64];
    let forms = [
        PrivateKey::Seed(&seed),
        PrivateKey::ExpandedKey(&dk),
        PrivateKey::Both {
            seed: &seed,
            expanded_key: &dk,
        },
    ];
    for key in forms {
        let n = private_key_der_len(Algorithm::MlKem768, &key);
        let mut der = vec![0u8; n];
        assert_eq!(
            encode_private_key_der(Algorithm::MlKem768, &key, &mut der),
            Ok(n)
        );
        let info = decode_private_key_der(&der).unwrap();
        assert_eq!(info.algorithm, Algorithm::MlKem768);
        assert_eq!(info.private_key, key);
        // Debug output never shows key bytes.
        let shown = format!("{info:?}");
        assert!(shown.contains("PrivateKey::"), "{shown}");
        assert!(!shown.contains("90"), "{shown}");

        let mut pem = vec![0u8; 8000];
        let m = encode_private_key_pem(Algorithm::MlKem768, &key, &mut pem).unwrap();
        assert!(pem[..m].starts_with(b"-----BEGIN PRIVATE KEY-----\n"));
        let mut buf = vec![0u8; MAX_PRIVATE_KEY_DER_LEN];
        assert_eq!(
            decode_private_key_pem(&pem[..m], &mut buf)
                .unwrap()
                .private_key,
            key
        );
    }
    // The seed form is `[0] IMPLICIT OCTET STRING`, i.e. tag 0x80.
    let mut der = vec![0u8; 200];
    let n =
        encode_private_key_der(Algorithm::MlDsa44, &PrivateKey::Seed(&[1; 32]), &mut der).unwrap();
    let dsa44 = [2, 16, 840, 1, 101, 3, 4, 3, 17];
    assert_eq!(
        der[..n],
        pkcs8(&alg_id(&dsa44, None), &tlv(0x80, &[1; 32]))[..]
    );
}

#[test]
fn malformed_private_keys() {
    let alg = alg_id(&KEM_768, None);
    let seed = [7u8; 64];
    let dk = kem768_expanded();
    let ok = pkcs8(&alg, &tlv(0x80, &seed));
    assert!(decode_private_key_der(&ok).is_ok());

    let cases: Vec<(Vec<u8>, Error)> = vec![
        (
            pkcs8(
                &alg_id(&[2, 16, 840, 1, 101, 3, 4, 4, 4], None),
                &tlv(0x80, &seed),
            ),
            Error::UnknownAlgorithm,
        ),
        (
            pkcs8(&alg_id(&KEM_768, Some(&[0x05, 0x00])), &tlv(0x80, &seed)),
            Error::AlgorithmParametersPresent,
        ),
        // Seed with the wrong length.
        (
            pkcs8(&alg, &tlv(0x80, &seed[..32])),
            Error::InvalidLength {
                what: "ML-KEM-768 private key seed",
                expected: 64,
                actual: 32,
            },
        ),
        // Expanded key with the wrong length.
        (
            pkcs8(&alg, &tlv(0x04, &dk[..2399])),
            Error::InvalidLength {
                what: "ML-KEM-768 expanded private key",
                expected: 2400,
                actual: 2399,
            },
        ),
        // An explicitly tagged [0] (constructed) is not the CHOICE's seed.
        (
            pkcs8(&alg, &tlv(0xA0, &tlv(0x04, &seed))),
            Error::UnknownPrivateKeyFormat,
        ),
        (
            pkcs8(&alg, &tlv(0x81, &seed)),
            Error::UnknownPrivateKeyFormat,
        ),
        (
            pkcs8(&alg, &tlv(0x02, &[1])),
            Error::UnknownPrivateKeyFormat,
        ),
        // Data after the CHOICE inside the OCTET STRING.
        (
            pkcs8(&alg, &cat(&[&tlv(0x80, &seed), &[0]])),
            Error::TrailingData,
        ),
        // `both` with a missing or an extra element.
        (
            pkcs8(&alg, &tlv(0x30, &tlv(0x04, &seed))),
            Error::MalformedDer,
        ),
        (
            pkcs8(
                &alg,
                &tlv(
                    0x30,
                    &cat(&[&tlv(0x04, &seed), &tlv(0x04, &dk), &tlv(0x04, &[])]),
                ),
            ),
            Error::TrailingData,
        ),
        // `both` whose seed length is wrong.
        (
            pkcs8(
                &alg,
                &tlv(0x30, &cat(&[&tlv(0x04, &seed[..63]), &tlv(0x04, &dk)])),
            ),
            Error::InvalidLength {
                what: "ML-KEM-768 private key seed",
                expected: 64,
                actual: 63,
            },
        ),
        // Truncated inner TLV.
        (pkcs8(&alg, &tlv(0x80, &seed)[..60]), Error::MalformedDer),
        // Version 5.
        (
            tlv(
                0x30,
                &cat(&[&[0x02, 0x01, 0x05], &alg, &tlv(0x04, &tlv(0x80, &seed))]),
            ),
            Error::MalformedDer,
        ),
    ];
    for (i, (der, want)) in cases.iter().enumerate() {
        assert_eq!(
            decode_private_key_der(der).map(|_| ()),
            Err(*want),
            "case {i}"
        );
    }

    let mut trailing = ok.clone();
    trailing.extend([0x05, 0x00]);
    assert_eq!(
        decode_private_key_der(&trailing).map(|_| ()),
        Err(Error::TrailingData)
    );

    // FIPS 203 section 7.3: a flipped bit in H(ek) or in ek is caught.
    for index in [384 * 3 + 5, 768 * 3 + 40] {
        let mut bad = dk.clone();
        bad[index] ^= 1;
        assert_eq!(
            decode_private_key_der(&pkcs8(&alg, &tlv(0x04, &bad))).map(|_| ()),
            Err(Error::DecapsulationKeyHashMismatch)
        );
    }
    // z is not covered by the hash: that needs check_private_key.
    let mut z_changed = dk.clone();
    z_changed[2399] ^= 1;
    assert!(decode_private_key_der(&pkcs8(&alg, &tlv(0x04, &z_changed))).is_ok());

    // Encoder: wrong lengths and small buffers write nothing.
    let mut out = vec![0xAAu8; 100];
    assert!(matches!(
        encode_private_key_der(
            Algorithm::MlKem768,
            &PrivateKey::Seed(&seed[..10]),
            &mut out
        ),
        Err(Error::InvalidLength { .. })
    ));
    assert!(matches!(
        encode_private_key_der(Algorithm::MlKem768, &PrivateKey::ExpandedKey(&dk), &mut out),
        Err(Error::BufferTooSmall { available: 100, .. })
    ));
    assert!(out.iter().all(|&b| b == 0xAA));
}

#[test]
fn version_2_public_key_field() {
    let alg = alg_id(&KEM_768, None);
    let seed = [3u8; 64];
    let pk = vec![9u8; 1184];
    let body = |pk: &[u8]| {
        let pub_field = tlv(0x81, &cat(&[&[0], pk]));
        tlv(
            0x30,
            &cat(&[
                &[0x02, 0x01, 0x01],
                &alg,
                &tlv(0x04, &tlv(0x80, &seed)),
                &pub_field,
            ]),
        )
    };
    let der = body(&pk);
    let info = decode_private_key_der(&der).unwrap();
    assert_eq!(info.public_key, Some(&pk[..]));
    assert!(matches!(
        decode_private_key_der(&body(&pk[..1000])),
        Err(Error::InvalidLength {
            expected: 1184,
            actual: 1000,
            ..
        })
    ));
}

#[test]
fn bad_pem() {
    let key = vec![1u8; 800];
    let mut pem = vec![0u8; 2000];
    let n = encode_public_key_pem(Algorithm::MlKem512, &key, &mut pem).unwrap();
    let pem = &pem[..n];
    let mut buf = vec![0u8; 2000];
    assert!(decode_public_key_pem(pem, &mut buf).is_ok());

    // Wrong label either way.
    assert_eq!(
        decode_private_key_pem(pem, &mut buf).map(|_| ()),
        Err(Error::UnexpectedPemLabel)
    );
    let relabelled = String::from_utf8(pem.to_vec())
        .unwrap()
        .replace("PUBLIC KEY", "RSA PUBLIC KEY");
    assert_eq!(
        decode_public_key_pem(relabelled.as_bytes(), &mut buf),
        Err(Error::UnexpectedPemLabel)
    );
    // Broken Base64, missing boundary, garbage, empty.
    let mut corrupt = pem.to_vec();
    corrupt[40] = b'*';
    assert_eq!(
        decode_public_key_pem(&corrupt, &mut buf),
        Err(Error::InvalidPem)
    );
    let no_end = &pem[..pem.len() - 10];
    assert_eq!(
        decode_public_key_pem(no_end, &mut buf),
        Err(Error::InvalidPem)
    );
    assert_eq!(
        decode_public_key_pem(b"hello", &mut buf),
        Err(Error::InvalidPem)
    );
    assert_eq!(decode_public_key_pem(b"", &mut buf), Err(Error::InvalidPem));
    // Valid PEM around invalid DER.
    let mut pem_out = vec![0u8; 200];
    let junk = b"-----BEGIN PUBLIC KEY-----\nAAECAw==\n-----END PUBLIC KEY-----\n";
    assert_eq!(
        decode_public_key_pem(junk, &mut pem_out),
        Err(Error::MalformedDer)
    );
    // Too small a buffer is reported, not truncated.
    let mut small = vec![0u8; 100];
    assert!(matches!(
        decode_public_key_pem(pem, &mut small),
        Err(Error::BufferTooSmall {
            needed: 822,
            available: 100
        })
    ));
    let mut tiny_out = vec![0u8; 50];
    assert!(matches!(
        encode_public_key_pem(Algorithm::MlKem512, &key, &mut tiny_out),
        Err(Error::BufferTooSmall { .. })
    ));
}

#[test]
fn certificate_spki_extraction() {
    let key = vec![4u8; 1312];
    let dsa44 = [2u64, 16, 840, 1, 101, 3, 4, 3, 17];
    let spki_der = spki(&alg_id(&dsa44, None), &key, 0);
    let name = tlv(
        0x30,
        &tlv(
            0x31,
            &tlv(
                0x30,
                &cat(&[&tlv(0x06, &oid(&[2, 5, 4, 3])), &tlv(0x0c, b"t")]),
            ),
        ),
    );
    let validity = tlv(
        0x30,
        &cat(&[&tlv(0x17, b"250101000000Z"), &tlv(0x17, b"350101000000Z")]),
    );
    let tbs = |with_version: bool| {
        let version = tlv(0xA0, &[0x02, 0x01, 0x02]);
        tlv(
            0x30,
            &cat(&[
                if with_version { &version } else { &[] },
                &[0x02, 0x01, 0x01],
                &alg_id(&dsa44, None),
                &name,
                &validity,
                &name,
                &spki_der,
                &tlv(0xA3, &tlv(0x30, &[])),
            ]),
        )
    };
    for with_version in [true, false] {
        let cert = tlv(
            0x30,
            &cat(&[
                &tbs(with_version),
                &alg_id(&dsa44, None),
                &tlv(0x03, &[0, 1, 2]),
            ]),
        );
        let info = decode_certificate_public_key_der(&cert).unwrap();
        assert_eq!(
            (info.algorithm, info.public_key),
            (Algorithm::MlDsa44, &key[..])
        );
        let mut trailing = cert.clone();
        trailing.push(0);
        assert_eq!(
            decode_certificate_public_key_der(&trailing),
            Err(Error::TrailingData)
        );
        // Missing signatureValue.
        let truncated = tlv(0x30, &cat(&[&tbs(with_version), &alg_id(&dsa44, None)]));
        assert_eq!(
            decode_certificate_public_key_der(&truncated),
            Err(Error::MalformedDer)
        );
    }
}

/// Stand-in key generation that records what it was asked.
struct Recorder {
    expanded: Vec<u8>,
    public: Vec<u8>,
    seeds_expanded: Cell<usize>,
    expanded_checked: Cell<usize>,
}

impl KeyExpansion for Recorder {
    fn expand_seed(
        &self,
        _: Algorithm,
        seed: &[u8],
        expanded: &mut [u8],
        public_key: &mut [u8],
    ) -> Result<(), Error> {
        assert_eq!(seed.len(), 64);
        self.seeds_expanded.set(self.seeds_expanded.get() + 1);
        expanded.copy_from_slice(&self.expanded);
        public_key.copy_from_slice(&self.public);
        Ok(())
    }

    fn check_expanded(
        &self,
        _: Algorithm,
        expanded: &[u8],
        public_key: &[u8],
    ) -> Result<(), Error> {
        self.expanded_checked.set(self.expanded_checked.get() + 1);
        if expanded == self.expanded && public_key == self.public {
            Ok(())
        } else {
            Err(Error::PublicKeyMismatch)
        }
    }
}

#[test]
fn check_private_key_dispatch() {
    let dk = kem768_expanded();
    let pk = dk[384 * 3..768 * 3 + 32].to_vec();
    let rec = Recorder {
        expanded: dk.clone(),
        public: pk.clone(),
        seeds_expanded: Cell::new(0),
        expanded_checked: Cell::new(0),
    };
    let seed = [1u8; 64];
    let encode = |key: PrivateKey<'_>| {
        let mut der = vec![0u8; private_key_der_len(Algorithm::MlKem768, &key)];
        encode_private_key_der(Algorithm::MlKem768, &key, &mut der).unwrap();
        der
    };

    let der = encode(PrivateKey::Seed(&seed));
    let info = decode_private_key_der(&der).unwrap();
    assert_eq!(check_private_key(&info, &pk, &rec), Ok(()));
    assert_eq!(rec.seeds_expanded.get(), 1);

    let der = encode(PrivateKey::Both {
        seed: &seed,
        expanded_key: &dk,
    });
    let info = decode_private_key_der(&der).unwrap();
    assert_eq!(check_private_key(&info, &pk, &rec), Ok(()));
    let mut z_changed = dk.clone();
    z_changed[2399] ^= 0x80;
    let der = encode(PrivateKey::Both {
        seed: &seed,
        expanded_key: &z_changed,
    });
    let info = decode_private_key_der(&der).unwrap();
    assert_eq!(
        check_private_key(&info, &pk, &rec),
        Err(Error::SeedExpandedKeyMismatch)
    );
    assert_eq!(rec.seeds_expanded.get(), 3);

    let der = encode(PrivateKey::ExpandedKey(&dk));
    let info = decode_private_key_der(&der).unwrap();
    assert_eq!(check_private_key(&info, &pk, &rec), Ok(()));
    assert_eq!(rec.expanded_checked.get(), 1);
    assert_eq!(rec.seeds_expanded.get(), 3);

    let mut other = pk.clone();
    other[0] ^= 1;
    assert_eq!(
        check_private_key(&info, &other, &rec),
        Err(Error::PublicKeyMismatch)
    );
    assert!(matches!(
        check_private_key(&info, &pk[..10], &rec),
        Err(Error::InvalidLength {
            expected: 1184,
            actual: 10,
            ..
        })
    ));
}

#[test]
fn error_codes() {
    let codes = [
        (Error::MalformedDer, "MALFORMED_DER"),
        (Error::TrailingData, "TRAILING_DATA"),
        (Error::UnknownAlgorithm, "UNKNOWN_ALGORITHM"),
        (
            Error::AlgorithmParametersPresent,
            "ALGORITHM_PARAMETERS_PRESENT",
        ),
        (Error::UnknownPrivateKeyFormat, "UNKNOWN_PRIVATE_KEY_FORMAT"),
        (
            Error::BufferTooSmall {
                needed: 2,
                available: 1,
            },
            "BUFFER_TOO_SMALL",
        ),
        (Error::InvalidPem, "INVALID_PEM"),
        (Error::UnexpectedPemLabel, "UNEXPECTED_PEM_LABEL"),
        (Error::SeedExpandedKeyMismatch, "SEED_EXPANDED_KEY_MISMATCH"),
        (Error::PublicKeyMismatch, "PUBLIC_KEY_MISMATCH"),
    ];
    for (err, code) in codes {
        assert_eq!(err.code(), code);
        assert!(!err.to_string().is_empty());
    }
    assert_eq!(
        Error::BufferTooSmall {
            needed: 2,
            available: 1
        }
        .to_string(),
        "output buffer too small: need 2 bytes, have 1"
    );
}
