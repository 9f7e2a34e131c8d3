//! Every ML-DSA case of the Wycheproof vectors (C2SP/wycheproof
//! `testvectors_v1/mldsa_*`): signing from a seed and from an expanded key
//! (context strings, external mu, hedged `rnd`, wrong-length and
//! out-of-range keys) and verification (DER public keys, malformed
//! signatures and hints, norm violations, wrong lengths). Every case also
//! runs through the prepared keys and the compact schedule, which must give
//! the same bytes and verdicts.

mod common;

use common::{unhex, vectors};
use pqkit::Error;
use serde_json::Value;

/// Calls `f(group, test)` on every test of `file` and returns how many there
/// were.
fn for_each_test(file: &str, mut f: impl FnMut(&Value, &Value)) -> Option<usize> {
    let path = vectors(&format!("wycheproof/{file}"))?;
    let json: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let declared = json["numberOfTests"].as_u64().unwrap() as usize;
    let mut n = 0;
    for group in json["testGroups"].as_array().unwrap() {
        for test in group["tests"].as_array().unwrap() {
            f(group, test);
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

fn opt(v: &Value, name: &str) -> Option<Vec<u8>> {
    v[name].as_str().map(unhex)
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

fn has_flag(test: &Value, flag: &str) -> bool {
    test["flags"].as_array().unwrap().iter().any(|f| f == flag)
}

macro_rules! wycheproof_suite {
    ($module:ident, $bits:literal, $alg:ident) => {
        mod $module {
            use super::*;
            use pqkit::encoding::{Algorithm, decode_private_key_der, decode_public_key_der};
            use pqkit::ml_dsa::$module::{
                PUBLIC_KEY_LEN, PreparedSigningKey, PreparedVerifyingKey, SIGNATURE_LEN,
                SigningKey, VerifyingKey, compact,
            };

            /// Checks one signing case against a key, returning whether the
            /// whole case passed as `valid` would require.
            fn check_sign(sk: &SigningKey, test: &Value) -> Result<(), String> {
                let ctx = opt(test, "ctx").unwrap_or_default();
                let rnd: [u8; 32] = opt(test, "rnd")
                    .map(|r| r.try_into().unwrap())
                    .unwrap_or([0; 32]);
                let expected = unhex(test["sig"].as_str().unwrap());
                let vk = sk.verifying_key();
                // Every case also through the prepared keys.
                let mut psk = Box::new(PreparedSigningKey::new());
                psk.set_from(sk);
                let mut pvk = Box::new(PreparedVerifyingKey::new());
                pvk.set_from(&vk);
                if let Some(msg) = opt(test, "msg") {
                    let sig = sk
                        .sign_with_randomness(&msg, &ctx, &rnd)
                        .map_err(|e| format!("sign: {e}"))?;
                    if sig.as_bytes()[..] != expected[..] {
                        return Err("signature differs".into());
                    }
                    let prepared = psk
                        .sign_with_randomness(&msg, &ctx, &rnd)
                        .map_err(|e| format!("prepared sign: {e}"))?;
                    if prepared != sig {
                        return Err("prepared signature differs".into());
                    }
                    let mut small = [0u8; SIGNATURE_LEN];
                    compact::sign_with_randomness(sk, &msg, &ctx, &rnd, &mut small)
                        .map_err(|e| format!("compact sign: {e}"))?;
                    if small[..] != expected[..] {
                        return Err("compact signature differs".into());
                    }
                    compact::verify(&vk, &msg, &ctx, &expected)
                        .map_err(|e| format!("compact verify: {e}"))?;
                    vk.verify(&msg, &ctx, &expected)
                        .map_err(|e| format!("verify: {e}"))?;
                    pvk.verify(&msg, &ctx, &expected)
                        .map_err(|e| format!("prepared verify: {e}"))?;
                    if let Some(mu) = opt(test, "mu") {
                        let computed = vk.compute_mu(&msg, &ctx).map_err(|e| e.to_string())?;
                        if computed[..] != mu[..] {
                            return Err("mu differs".into());
                        }
                    }
                }
                if let Some(mu) = opt(test, "mu") {
                    let mu: [u8; 64] = mu.try_into().unwrap();
                    let sig = sk.sign_mu(&mu, &rnd);
                    if sig.as_bytes()[..] != expected[..] {
                        return Err("signature of mu differs".into());
                    }
                    if psk.sign_mu(&mu, &rnd).ok() != Some(sig) {
                        return Err("prepared signature of mu differs".into());
                    }
                    let mut small = [0u8; SIGNATURE_LEN];
                    compact::sign_mu(sk, &mu, &rnd, &mut small);
                    if small[..] != expected[..] {
                        return Err("compact signature of mu differs".into());
                    }
                    compact::verify_mu(vk.as_bytes(), &mu, &expected)
                        .map_err(|e| format!("compact verify_mu: {e}"))?;
                    vk.verify_mu(&mu, &expected)
                        .map_err(|e| format!("verify_mu: {e}"))?;
                    pvk.verify_mu(&mu, &expected)
                        .map_err(|e| format!("prepared verify_mu: {e}"))?;
                }
                Ok(())
            }

            #[test]
            fn sign_seed() {
                let file = concat!("mldsa_", $bits, "_sign_seed_test.json");
                let (mut valid, mut invalid) = (0, 0);
                let n = for_each_test(file, |group, test| {
                    let seed = unhex(group["privateSeed"].as_str().unwrap());
                    let pk = unhex(group["publicKey"].as_str().unwrap_or(""));
                    let result = SigningKey::try_from_seed(&seed)
                        .map_err(|e| format!("key: {e}"))
                        .and_then(|sk| {
                            if sk.verifying_key().as_bytes()[..] != pk[..] {
                                return Err("public key differs".into());
                            }
                            assert_eq!(sk.seed().map(|s| &s[..]), Some(&seed[..]));
                            let mut made = SigningKey::from_seed(&[0; 32]);
                            compact::keygen(seed[..].try_into().unwrap(), &mut made);
                            if made.to_expanded_bytes()[..] != sk.to_expanded_bytes()[..] {
                                return Err("compact key differs".into());
                            }
                            check_sign(&sk, test)
                        });
                    if let Some(der) = opt(group, "privateKeyPkcs8") {
                        match decode_private_key_der(&der) {
                            Ok(info) => {
                                assert_eq!(info.algorithm, Algorithm::$alg);
                                assert_eq!(info.private_key.seed(), Some(&seed[..]));
                            }
                            // Only a wrong-length seed may fail to encode.
                            Err(e) => assert!(seed.len() != 32, "{}: PKCS#8: {e}", id(test)),
                        }
                    }
                    if is_valid(test) {
                        valid += 1;
                        result.unwrap_or_else(|e| panic!("{}: {e}", id(test)));
                    } else {
                        invalid += 1;
                        assert!(result.is_err(), "{}: accepted an invalid case", id(test));
                        if has_flag(test, "InvalidContext") {
                            let sk = SigningKey::try_from_seed(&seed).unwrap();
                            let ctx = opt(test, "ctx").unwrap();
                            let msg = opt(test, "msg").unwrap_or_default();
                            assert_eq!(
                                sk.sign_deterministic(&msg, &ctx).unwrap_err(),
                                Error::ContextTooLong { actual: ctx.len() }
                            );
                        }
                    }
                });
                if let Some(n) = n {
                    eprintln!("{file}: {n} cases ({valid} valid, {invalid} invalid)");
                    assert!(valid > 0 && invalid > 0);
                }
            }

            #[test]
            fn sign_noseed() {
                let file = concat!("mldsa_", $bits, "_sign_noseed_test.json");
                let (mut valid, mut invalid) = (0, 0);
                let n = for_each_test(file, |group, test| {
                    let sk_bytes = unhex(group["privateKey"].as_str().unwrap());
                    let pk = unhex(group["publicKey"].as_str().unwrap_or(""));
                    let result = SigningKey::from_expanded_bytes(&sk_bytes)
                        .map_err(|e| format!("key: {e}"))
                        .and_then(|sk| {
                            if sk.verifying_key().as_bytes()[..] != pk[..] {
                                return Err("public key differs".into());
                            }
                            assert_eq!(&sk.to_expanded_bytes()[..], &sk_bytes[..]);
                            assert!(sk.seed().is_none());
                            check_sign(&sk, test)
                        });
                    if is_valid(test) {
                        valid += 1;
                        result.unwrap_or_else(|e| panic!("{}: {e}", id(test)));
                    } else {
                        invalid += 1;
                        assert!(result.is_err(), "{}: accepted an invalid case", id(test));
                        if has_flag(test, "InvalidPrivateKey")
                            || has_flag(test, "IncorrectPrivateKeyLength")
                        {
                            assert!(
                                SigningKey::from_expanded_bytes(&sk_bytes).is_err(),
                                "{}: bad key imported",
                                id(test)
                            );
                        }
                    }
                });
                if let Some(n) = n {
                    eprintln!("{file}: {n} cases ({valid} valid, {invalid} invalid)");
                    assert!(valid > 0 && invalid > 0);
                }
            }

            #[test]
            fn verify() {
                let file = concat!("mldsa_", $bits, "_verify_test.json");
                let (mut valid, mut invalid) = (0, 0);
                let n = for_each_test(file, |group, test| {
                    let pk = unhex(group["publicKey"].as_str().unwrap_or(""));
                    if let Some(der) = opt(group, "publicKeyDer") {
                        match decode_public_key_der(&der) {
                            Ok(info) => {
                                assert_eq!(info.algorithm, Algorithm::$alg);
                                assert_eq!(info.public_key, &pk[..]);
                            }
                            Err(_) => assert!(VerifyingKey::from_bytes(&pk).is_err()),
                        }
                    }
                    let msg = opt(test, "msg").unwrap_or_default();
                    let ctx = opt(test, "ctx").unwrap_or_default();
                    let sig = unhex(test["sig"].as_str().unwrap());
                    let result =
                        VerifyingKey::from_bytes(&pk).and_then(|vk| vk.verify(&msg, &ctx, &sig));
                    // The prepared key gives the same verdict.
                    if let Ok(vk) = VerifyingKey::from_bytes(&pk) {
                        let mut pvk = Box::new(PreparedVerifyingKey::new());
                        pvk.set_from(&vk);
                        assert_eq!(pvk.verify(&msg, &ctx, &sig), result, "{}", id(test));
                        assert_eq!(
                            compact::verify(&vk, &msg, &ctx, &sig),
                            result,
                            "{}",
                            id(test)
                        );
                    }
                    if let Ok(pk) = <&[u8; PUBLIC_KEY_LEN]>::try_from(&pk[..]) {
                        let got = compact::verify_bytes(pk, &msg, &ctx, &sig);
                        assert_eq!(got, result, "{}", id(test));
                    }
                    if is_valid(test) {
                        valid += 1;
                        result.unwrap_or_else(|e| panic!("{}: {e}", id(test)));
                    } else {
                        invalid += 1;
                        let err = result.expect_err(&id(test));
                        let expected_ok = match err {
                            Error::InvalidSignature => true,
                            Error::ContextTooLong { .. } => has_flag(test, "InvalidContext"),
                            Error::InvalidLength { .. } => {
                                has_flag(test, "IncorrectPublicKeyLength")
                            }
                            _ => false,
                        };
                        assert!(expected_ok, "{}: unexpected error {err:?}", id(test));
                    }
                });
                if let Some(n) = n {
                    eprintln!("{file}: {n} cases ({valid} valid, {invalid} invalid)");
                    assert!(valid > 0 && invalid > 0);
                }
            }
        }
    };
}

wycheproof_suite!(ml_dsa_44, "44", MlDsa44);
wycheproof_suite!(ml_dsa_65, "65", MlDsa65);
wycheproof_suite!(ml_dsa_87, "87", MlDsa87);
