//! SubjectPublicKeyInfo, PKCS#8 and PEM for the JS API (`pq.spki`,
//! `pq.pkcs8`, `pq.pem`).
//!
//! Decoded private keys are checked for consistency as well as structure:
//! a `both` key's seed must expand to its expanded key, a stored public key
//! must match, and an expanded ML-KEM key must pass a pairwise test.

use crate::{Fail, JsResult, Res, run};
use pqkit::Error;
use pqkit::encoding::{
    Algorithm, Pqkit, PrivateKey, check_private_key, decode_private_key_der, decode_public_key_der,
    encode_private_key_der, encode_public_key_der, private_key_der_len, public_key_der_len,
};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

fn algorithm(name: &str) -> Res<Algorithm> {
    Algorithm::ALL
        .into_iter()
        .find(|a| a.name() == name)
        .ok_or_else(|| {
            Fail::argument(format!(
                "unknown algorithm '{name}': expected one of ML-KEM-512/768/1024, ML-DSA-44/65/87"
            ))
        })
}

fn index(a: Algorithm) -> u8 {
    Algorithm::ALL.iter().position(|&b| b == a).unwrap_or(0) as u8
}

/// The names the encodings know, in the order of the index byte the
/// decoders return.
#[wasm_bindgen(js_name = encodingAlgorithms)]
pub fn encoding_algorithms() -> Vec<String> {
    Algorithm::ALL
        .iter()
        .map(|a| a.name().to_string())
        .collect()
}

/// `SubjectPublicKeyInfo` DER of a public key.
#[wasm_bindgen(js_name = spkiEncode)]
pub fn spki_encode(name: &str, public_key: &[u8]) -> JsResult<Vec<u8>> {
    run(|| {
        let a = algorithm(name)?;
        let mut out = vec![0u8; public_key_der_len(a)];
        let n = encode_public_key_der(a, public_key, &mut out)?;
        out.truncate(n);
        Ok(out)
    })
}

/// Decodes a `SubjectPublicKeyInfo`: `[algorithm index] || public key`.
#[wasm_bindgen(js_name = spkiDecode)]
pub fn spki_decode(der: &[u8]) -> JsResult<Vec<u8>> {
    run(|| {
        let info = decode_public_key_der(der)?;
        let mut out = vec![index(info.algorithm)];
        out.extend_from_slice(info.public_key);
        Ok(out)
    })
}

/// The expanded key and the public key of a seed.
fn expand(algorithm: Algorithm, seed: &[u8]) -> crate::kem::Expanded {
    if algorithm.is_kem() {
        crate::kem::ml_kem_expand(algorithm.name(), seed).unwrap_or_else(|| {
            Err(Fail::argument(format!(
                "{} is not in this build",
                algorithm.name()
            )))
        })
    } else {
        expand_dsa(algorithm, seed)
    }
}

#[cfg(feature = "ml-dsa")]
fn expand_dsa(algorithm: Algorithm, seed: &[u8]) -> crate::kem::Expanded {
    crate::dsa::expand(algorithm.name(), seed).unwrap_or_else(|| Err(missing(algorithm)))
}

#[cfg(not(feature = "ml-dsa"))]
fn expand_dsa(algorithm: Algorithm, _seed: &[u8]) -> crate::kem::Expanded {
    Err(missing(algorithm))
}

fn missing(algorithm: Algorithm) -> Fail {
    Fail::argument(format!(
        "{} key expansion is not in this build",
        algorithm.name()
    ))
}

/// The public key a decoded private key belongs to: derived from the seed,
/// or for an expanded ML-KEM key its embedded `ek` (FIPS 203 `dk` is
/// `dk_pke || ek || H(ek) || z`), or for an expanded ML-DSA key the one it
/// computes. `None` when this build has no ML-DSA.
fn derived_public_key(algorithm: Algorithm, key: &PrivateKey<'_>) -> Res<Option<Vec<u8>>> {
    if let Some(seed) = key.seed() {
        if algorithm.is_kem() || cfg!(feature = "ml-dsa") {
            return expand(algorithm, seed).map(|(_, pk)| Some(pk));
        }
        return Ok(None);
    }
    match key.expanded_key() {
        Some(dk) if algorithm.is_kem() => {
            let start = (dk.len() - 96) / 2;
            Ok(Some(dk[start..dk.len() - 64].to_vec()))
        }
        #[cfg(feature = "ml-dsa")]
        Some(sk) => crate::dsa::public_of_expanded(algorithm.name(), sk).transpose(),
        _ => Ok(None),
    }
}

/// PKCS#8 DER of a private key. `secret_key` is the seed, or for
/// `form` 1 (`expandedKey`) the expanded key itself; forms 0 (`seed`) and
/// 2 (`both`) need the seed.
#[wasm_bindgen(js_name = pkcs8Encode)]
pub fn pkcs8_encode(name: &str, secret_key: &[u8], form: u8) -> JsResult<Vec<u8>> {
    run(|| {
        let a = algorithm(name)?;
        let is_seed = secret_key.len() == a.seed_len();
        let is_expanded = secret_key.len() == a.expanded_key_len();
        if !(is_seed || form == 1 && is_expanded) {
            return Err(Fail::length(if form == 1 {
                format!(
                    "{name} secret key must be {} bytes (seed) or {} bytes (expanded), got {}",
                    a.seed_len(),
                    a.expanded_key_len(),
                    secret_key.len()
                )
            } else {
                format!(
                    "{name} secret key must be the {}-byte seed for this form, got {} bytes",
                    a.seed_len(),
                    secret_key.len()
                )
            }));
        }
        let expanded = if is_seed && form != 0 {
            Some(expand(a, secret_key)?.0)
        } else {
            None
        };
        let key = match (form, &expanded) {
            (0, _) => PrivateKey::Seed(secret_key),
            (1, Some(dk)) => PrivateKey::ExpandedKey(dk),
            (1, None) => PrivateKey::ExpandedKey(secret_key),
            (2, Some(dk)) => PrivateKey::Both {
                seed: secret_key,
                expanded_key: dk,
            },
            _ => return Err(Fail::argument(format!("unknown private key form {form}"))),
        };
        let mut out = vec![0u8; private_key_der_len(a, &key)];
        let n = encode_private_key_der(a, &key, &mut out)?;
        out.truncate(n);
        Ok(out)
    })
}

/// Decodes and checks a PKCS#8 private key:
/// `[algorithm index, form, seed length] || seed || expanded key`.
#[wasm_bindgen(js_name = pkcs8Decode)]
pub fn pkcs8_decode(der: &[u8]) -> JsResult<Vec<u8>> {
    run(|| {
        let info = decode_private_key_der(der)?;
        let a = info.algorithm;
        if let Some(pk) = derived_public_key(a, &info.private_key)? {
            check_private_key(&info, &pk, &Pqkit)?;
        }
        let (form, seed, expanded): (u8, &[u8], &[u8]) = match info.private_key {
            PrivateKey::Seed(s) => (0, s, &[]),
            PrivateKey::ExpandedKey(e) => (1, &[], e),
            PrivateKey::Both { seed, expanded_key } => (2, seed, expanded_key),
        };
        let mut out = vec![index(a), form, seed.len() as u8];
        out.extend_from_slice(seed);
        out.extend_from_slice(expanded);
        Ok(out)
    })
}

/// A PEM document with `label` around `der` (64-column Base64, LF).
#[wasm_bindgen(js_name = pemEncode)]
pub fn pem_encode(label: &str, der: &[u8]) -> JsResult<String> {
    run(|| {
        pem_rfc7468::encode_string(label, pem_rfc7468::LineEnding::LF, der)
            .map_err(|_| Fail::from(Error::InvalidPem))
    })
}

/// Decodes a PEM document: `[label length (2 bytes, big endian)] || label
/// (UTF-8) || der`.
#[wasm_bindgen(js_name = pemDecode)]
pub fn pem_decode(text: &str) -> JsResult<Vec<u8>> {
    run(|| {
        let (label, der) =
            pem_rfc7468::decode_vec(text.as_bytes()).map_err(|_| Fail::from(Error::InvalidPem))?;
        let der = Zeroizing::new(der);
        let len = u16::try_from(label.len()).map_err(|_| Fail::from(Error::InvalidPem))?;
        let mut out = len.to_be_bytes().to_vec();
        out.extend_from_slice(label.as_bytes());
        out.extend_from_slice(&der);
        Ok(out)
    })
}
