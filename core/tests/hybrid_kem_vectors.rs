//! X-Wing and the CFRG concrete hybrids against the X-Wing draft's vectors and
//! the HPKE-PQ vectors (an independent implementation's outputs), plus the
//! plain ML-KEM HPKE KEMs as a further check of encapsulation.

mod common;

use pqkit::hybrid::kem::{mlkem768_p256, mlkem1024_p384, xwing};
use pqkit::ml_kem;
use serde_json::Value;

fn load(rel: &str) -> Option<Vec<Value>> {
    let path = common::vectors(rel)?;
    let text = std::fs::read_to_string(&path).expect("readable vector file");
    Some(serde_json::from_str(&text).expect("vector file is JSON"))
}

fn field(v: &Value, name: &str) -> Vec<u8> {
    common::unhex(
        v[name]
            .as_str()
            .unwrap_or_else(|| panic!("missing field {name}")),
    )
}

#[test]
fn xwing_draft_vectors() {
    let Some(cases) = load("xwing/test-vectors.json") else {
        return;
    };
    assert!(!cases.is_empty());
    for (i, v) in cases.iter().enumerate() {
        let sk: [u8; 32] = field(v, "sk").try_into().unwrap();
        let key = xwing::SecretKey::from_seed(&sk).unwrap();
        assert_eq!(
            &key.public_key().as_bytes()[..],
            &field(v, "pk")[..],
            "case {i}: pk"
        );
        let pk = xwing::PublicKey::from_bytes(&field(v, "pk")).unwrap();
        let (ct, ss) = pk.encapsulate_derand(&field(v, "eseed")).unwrap();
        assert_eq!(&ct[..], &field(v, "ct")[..], "case {i}: ct");
        assert_eq!(ss.as_bytes(), &field(v, "ss")[..], "case {i}: encaps ss");
        let ss2 = key.decapsulate(&ct).unwrap();
        assert_eq!(ss2.as_bytes(), &field(v, "ss")[..], "case {i}: decaps ss");

        // The in-place forms: key expanded into an existing key, ciphertext
        // written into the caller's buffer from the encoded public key.
        let mut key = xwing::SecretKey::from_seed(&[0xee; 32]).unwrap();
        key.set_from_seed(&sk).unwrap();
        assert_eq!(
            &key.public_key().as_bytes()[..],
            &field(v, "pk")[..],
            "case {i}: pk in place"
        );
        let mut ct = [0u8; xwing::CIPHERTEXT_LEN];
        let ss = xwing::encapsulate_derand_from_bytes(&field(v, "pk"), &field(v, "eseed"), &mut ct)
            .unwrap();
        assert_eq!(&ct[..], &field(v, "ct")[..], "case {i}: ct in place");
        assert_eq!(
            ss.as_bytes(),
            &field(v, "ss")[..],
            "case {i}: encaps ss in place"
        );
        let ss2 = key.decapsulate(&ct).unwrap();
        assert_eq!(
            ss2.as_bytes(),
            &field(v, "ss")[..],
            "case {i}: decaps ss in place"
        );
    }
}

/// Checks one hybrid KEM case: key from `skRm`, encapsulation from `ikmE`.
macro_rules! check_hybrid {
    ($module:ident, $v:expr) => {{
        let v = $v;
        let sk: [u8; 32] = field(v, "skRm").try_into().unwrap();
        let key = $module::SecretKey::from_seed(&sk).unwrap();
        assert_eq!(
            &key.public_key().as_bytes()[..],
            &field(v, "pkRm")[..],
            "pk"
        );
        let pk = $module::PublicKey::from_bytes(&field(v, "pkRm")).unwrap();
        let (ct, ss) = pk.encapsulate_derand(&field(v, "ikmE")).unwrap();
        assert_eq!(&ct[..], &field(v, "enc")[..], "enc");
        assert_eq!(ss.as_bytes(), &field(v, "shared_secret")[..], "encaps ss");
        let ss2 = key.decapsulate(&ct).unwrap();
        assert_eq!(ss2.as_bytes(), &field(v, "shared_secret")[..], "decaps ss");

        // The in-place forms give the same bytes.
        let mut key = $module::SecretKey::from_seed(&[0xee; 32]).unwrap();
        key.set_from_seed(&sk).unwrap();
        assert_eq!(
            &key.public_key().as_bytes()[..],
            &field(v, "pkRm")[..],
            "pk in place"
        );
        let mut ct = [0u8; $module::CIPHERTEXT_LEN];
        let ss = pk
            .encapsulate_derand_into(&field(v, "ikmE"), &mut ct)
            .unwrap();
        assert_eq!(&ct[..], &field(v, "enc")[..], "enc in place");
        assert_eq!(
            ss.as_bytes(),
            &field(v, "shared_secret")[..],
            "encaps ss in place"
        );
        let mut ct2 = [0u8; $module::CIPHERTEXT_LEN];
        let ss =
            $module::encapsulate_derand_from_bytes(&field(v, "pkRm"), &field(v, "ikmE"), &mut ct2)
                .unwrap();
        assert_eq!(&ct2[..], &field(v, "enc")[..], "enc from bytes");
        assert_eq!(
            ss.as_bytes(),
            &field(v, "shared_secret")[..],
            "encaps ss from bytes"
        );
        let ss2 = key.decapsulate(&ct).unwrap();
        assert_eq!(
            ss2.as_bytes(),
            &field(v, "shared_secret")[..],
            "decaps ss in place"
        );
    }};
}

macro_rules! check_mlkem {
    ($module:ident, $v:expr) => {{
        let v = $v;
        let seed: [u8; 64] = field(v, "skRm").try_into().unwrap();
        let dk = ml_kem::$module::DecapsulationKey::from_seed(&seed);
        assert_eq!(
            &dk.encapsulation_key().as_bytes()[..],
            &field(v, "pkRm")[..]
        );
        let m: [u8; 32] = field(v, "ikmE").try_into().unwrap();
        let (ct, ss) = dk.encapsulation_key().encapsulate_deterministic(&m);
        assert_eq!(&ct.as_bytes()[..], &field(v, "enc")[..]);
        assert_eq!(ss.as_bytes(), &field(v, "shared_secret")[..]);
    }};
}

#[test]
fn hpke_pq_kem_vectors() {
    let Some(cases) = load("hpke-pq/test-vectors.json") else {
        return;
    };
    let mut seen = std::collections::BTreeMap::new();
    for v in &cases {
        let id = v["kem_id"].as_u64().unwrap();
        match id {
            0x0040 => check_mlkem!(ml_kem_512, v),
            0x0041 => check_mlkem!(ml_kem_768, v),
            0x0042 => check_mlkem!(ml_kem_1024, v),
            0x0050 => check_hybrid!(mlkem768_p256, v),
            0x0051 => check_hybrid!(mlkem1024_p384, v),
            0x647a => check_hybrid!(xwing, v),
            // Classical DHKEMs (P-256, P-384, X25519, X448): not pqkit's.
            0x0010 | 0x0011 | 0x0020 | 0x0021 => continue,
            other => panic!("unexpected KEM id {other:#06x}"),
        }
        *seen.entry(id).or_insert(0) += 1;
    }
    for id in [0x40, 0x41, 0x42, 0x50, 0x51, 0x647a] {
        assert!(seen.contains_key(&id), "no vector for KEM {id:#06x}");
    }
}

#[test]
fn hybrid_kem_round_trips_and_errors() {
    let mut rng = common::test_rng(7);
    let key = mlkem768_p256::SecretKey::generate(&mut rng).unwrap();
    let (ct, ss) = key.public_key().encapsulate(&mut rng).unwrap();
    assert_eq!(key.decapsulate(&ct).unwrap().as_bytes(), ss.as_bytes());

    // A ciphertext with an invalid P-256 point is refused, not decapsulated.
    let mut bad = ct;
    bad[mlkem768_p256::CIPHERTEXT_LEN - 65] = 0x05;
    assert!(key.decapsulate(&bad).is_err());
    // Wrong lengths are typed errors naming the expected length.
    match key.decapsulate(&ct[..100]) {
        Err(pqkit::Error::InvalidLength {
            expected, actual, ..
        }) => {
            assert_eq!((expected, actual), (mlkem768_p256::CIPHERTEXT_LEN, 100))
        }
        other => panic!("expected InvalidLength, got {other:?}"),
    }
    assert!(mlkem1024_p384::PublicKey::from_bytes(&[0u8; 10]).is_err());
    // A public key whose ML-KEM part is not reduced mod q fails section 7.2.
    let mut pk = *key.public_key().as_bytes();
    pk[0] = 0xff;
    pk[1] |= 0x0f;
    assert_eq!(
        mlkem768_p256::PublicKey::from_bytes(&pk).unwrap_err(),
        pqkit::Error::EncapsulationKeyNotReduced
    );

    // X-Wing decapsulation never fails on a well-sized ciphertext (implicit
    // rejection), and a tampered ciphertext gives a different secret.
    let xk = xwing::SecretKey::generate(&mut rng).unwrap();
    let (mut ct, ss) = xk.public_key().encapsulate(&mut rng).unwrap();
    ct[5] ^= 1;
    assert_ne!(xk.decapsulate(&ct).unwrap().as_bytes(), ss.as_bytes());
}
