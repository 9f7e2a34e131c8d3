//! Every ML-KEM case of the Wycheproof vectors (C2SP/wycheproof
//! `testvectors_v1/mlkem_*`): key generation from seed, encapsulation
//! (including non-reduced and wrong-length keys), decapsulation (including
//! implicit rejection and the strcmp cases) and semi-expanded decapsulation
//! keys.

mod common;

use common::{unhex, vectors};
use pqkit::Error;
use serde_json::Value;

/// Calls `f` on every test of `file` and returns how many there were.
fn for_each_test(file: &str, mut f: impl FnMut(&Value)) -> Option<usize> {
    let path = vectors(&format!("wycheproof/{file}"))?;
    let json: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let declared = json["numberOfTests"].as_u64().unwrap() as usize;
    let mut n = 0;
    for group in json["testGroups"].as_array().unwrap() {
        for test in group["tests"].as_array().unwrap() {
            f(test);
            n += 1;
        }
    }
    assert_eq!(
        n, declared,
        "{file}: numberOfTests disagrees with the tests found"
    );
    assert!(n > 0, "{file} yielded no cases");
    Some(n)
}

fn field(test: &Value, name: &str) -> Vec<u8> {
    unhex(test[name].as_str().unwrap_or(""))
}

fn id(test: &Value) -> String {
    format!(
        "tcId {} ({})",
        test["tcId"],
        test["comment"].as_str().unwrap_or("")
    )
}

fn is_valid(test: &Value) -> bool {
    match test["result"].as_str().unwrap() {
        "valid" => true,
        "invalid" => false,
        other => panic!("{}: unexpected result {other}", id(test)),
    }
}

macro_rules! wycheproof_suite {
    ($module:ident, $bits:literal) => {
        mod $module {
            use super::*;
            use pqkit::ml_kem::$module::{
                CIPHERTEXT_LEN, Ciphertext, DECAPSULATION_KEY_LEN, DecapsulationKey,
                ENCAPSULATION_KEY_LEN, EncapsulationKey,
            };

            #[test]
            fn keygen_seed() {
                let file = concat!("mlkem_", $bits, "_keygen_seed_test.json");
                let Some(n) = for_each_test(file, |t| {
                    assert!(is_valid(t));
                    let seed: [u8; 64] = field(t, "seed").try_into().unwrap();
                    let dk = DecapsulationKey::from_seed(&seed);
                    assert_eq!(
                        &dk.encapsulation_key().as_bytes()[..],
                        field(t, "ek"),
                        "{}",
                        id(t)
                    );
                    assert_eq!(&dk.to_expanded_bytes()[..], field(t, "dk"), "{}", id(t));
                    assert_eq!(dk.seed(), Some(&seed));
                    // The expanded key re-imports to the same key.
                    let back = DecapsulationKey::from_expanded_bytes(&field(t, "dk")).unwrap();
                    assert_eq!(back.encapsulation_key(), dk.encapsulation_key());
                    assert_eq!(back.seed(), None);
                }) else {
                    return;
                };
                eprintln!("{file}: {n} cases");
            }

            /// Seed, ek, ciphertext and expected K: keygen then decapsulate.
            #[test]
            fn decaps() {
                let file = concat!("mlkem_", $bits, "_test.json");
                let mut rejected = 0;
                let Some(n) = for_each_test(file, |t| {
                    let seed = field(t, "seed");
                    let c = field(t, "c");
                    let dk = match DecapsulationKey::try_from_seed(&seed) {
                        Ok(dk) => dk,
                        Err(e) => {
                            assert!(!is_valid(t), "{}: {e}", id(t));
                            assert_eq!(
                                e,
                                Error::InvalidLength {
                                    what: concat!("ML-KEM-", $bits, " seed"),
                                    expected: 64,
                                    actual: seed.len()
                                }
                            );
                            rejected += 1;
                            return;
                        }
                    };
                    assert_eq!(
                        &dk.encapsulation_key().as_bytes()[..],
                        field(t, "ek"),
                        "{}",
                        id(t)
                    );
                    match Ciphertext::from_bytes(&c) {
                        Ok(ct) => {
                            assert!(is_valid(t), "{}: accepted", id(t));
                            let k = dk.decapsulate(&ct);
                            assert_eq!(&k.as_bytes()[..], field(t, "K"), "{}", id(t));
                        }
                        Err(e) => {
                            assert!(!is_valid(t), "{}: {e}", id(t));
                            assert_ne!(c.len(), CIPHERTEXT_LEN);
                            assert_eq!(e.code(), "INVALID_LENGTH");
                            rejected += 1;
                        }
                    }
                }) else {
                    return;
                };
                assert!(rejected > 0);
                eprintln!("{file}: {n} cases, {rejected} rejected");
            }

            #[test]
            fn encaps() {
                let file = concat!("mlkem_", $bits, "_encaps_test.json");
                let (mut not_reduced, mut bad_len) = (0, 0);
                let Some(n) = for_each_test(file, |t| {
                    let ek_bytes = field(t, "ek");
                    let m: [u8; 32] = field(t, "m").try_into().unwrap();
                    match EncapsulationKey::from_bytes(&ek_bytes) {
                        Ok(ek) => {
                            assert!(is_valid(t), "{}: accepted", id(t));
                            let (ct, k) = ek.encapsulate_deterministic(&m);
                            assert_eq!(&ct.as_bytes()[..], field(t, "c"), "{}", id(t));
                            assert_eq!(&k.as_bytes()[..], field(t, "K"), "{}", id(t));
                        }
                        Err(Error::EncapsulationKeyNotReduced) => {
                            assert!(!is_valid(t), "{}: rejected", id(t));
                            assert_eq!(ek_bytes.len(), ENCAPSULATION_KEY_LEN);
                            not_reduced += 1;
                        }
                        Err(Error::InvalidLength {
                            expected, actual, ..
                        }) => {
                            assert!(!is_valid(t), "{}: rejected", id(t));
                            assert_eq!((expected, actual), (ENCAPSULATION_KEY_LEN, ek_bytes.len()));
                            bad_len += 1;
                        }
                        Err(e) => panic!("{}: unexpected error {e}", id(t)),
                    }
                }) else {
                    return;
                };
                assert!(not_reduced >= 100 && bad_len > 0);
                eprintln!("{file}: {n} cases, {not_reduced} not reduced, {bad_len} bad length");
            }

            #[test]
            fn semi_expanded_decaps() {
                let file = concat!("mlkem_", $bits, "_semi_expanded_decaps_test.json");
                let Some(n) = for_each_test(file, |t| {
                    let dk_bytes = field(t, "dk");
                    let c = field(t, "c");
                    let flags: Vec<&str> = t["flags"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|f| f.as_str().unwrap())
                        .collect();
                    let dk = match DecapsulationKey::from_expanded_bytes(&dk_bytes) {
                        Ok(dk) => dk,
                        Err(e) => {
                            assert!(!is_valid(t), "{}: {e}", id(t));
                            if flags.contains(&"IncorrectDecapsulationKeyLength") {
                                assert_ne!(dk_bytes.len(), DECAPSULATION_KEY_LEN);
                                assert_eq!(e.code(), "INVALID_LENGTH");
                            } else {
                                assert!(flags.contains(&"InvalidDecapsulationKey"), "{}", id(t));
                                assert!(matches!(
                                    e,
                                    Error::DecapsulationKeyHashMismatch
                                        | Error::EncapsulationKeyNotReduced
                                ));
                            }
                            return;
                        }
                    };
                    assert_eq!(
                        &dk.encapsulation_key().as_bytes()[..],
                        field(t, "ek"),
                        "{}",
                        id(t)
                    );
                    match Ciphertext::from_bytes(&c) {
                        Ok(ct) => {
                            assert!(is_valid(t), "{}: accepted", id(t));
                            assert_eq!(
                                &dk.decapsulate(&ct).as_bytes()[..],
                                field(t, "K"),
                                "{}",
                                id(t)
                            );
                        }
                        Err(e) => {
                            assert!(!is_valid(t), "{}: {e}", id(t));
                            assert!(flags.contains(&"IncorrectCiphertextLength"));
                            assert_eq!(e.code(), "INVALID_LENGTH");
                        }
                    }
                }) else {
                    return;
                };
                eprintln!("{file}: {n} cases");
            }
        }
    };
}

wycheproof_suite!(ml_kem_512, "512");
wycheproof_suite!(ml_kem_768, "768");
wycheproof_suite!(ml_kem_1024, "1024");
