//! The plain ECDH exports: X25519 (RFC 7748) and P-256 (SEC 1), one set of
//! functions picked by the curve's id (the order of [`CURVES`]).
//!
//! Secret keys cross the boundary as the raw 32 bytes (X25519) or the
//! big-endian scalar (P-256); every call rebuilds the core's key from them
//! and drops it (wiping) before returning.

use crate::kem::{Secret, with_fresh};
use crate::{Fail, JsResult, Res, run};
#[cfg(feature = "p256")]
use pqkit::ecdh::{P256PublicKey, P256SecretKey};
use pqkit::ecdh::{X25519PublicKey, X25519SecretKey};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// One curve as the exports see it.
struct Curve {
    name: &'static str,
    public_key_len: usize,
    secret_key_len: usize,
    shared_secret_len: usize,
    /// The public key of a secret key of `secret_key_len` bytes.
    public_key: fn(&[u8]) -> Res<Vec<u8>>,
    /// The shared secret of a secret key and a peer's public key.
    shared_secret: fn(&[u8], &[u8]) -> Res<Secret>,
}

fn length_error(name: &str, what: &str, expected: usize, actual: usize) -> Fail {
    Fail::length(format!(
        "{name} {what} must be {expected} bytes, got {actual}"
    ))
}

fn x25519_secret(sk: &[u8]) -> Res<X25519SecretKey> {
    let sk: &[u8; 32] = sk
        .try_into()
        .map_err(|_| length_error("X25519", "secret key", 32, sk.len()))?;
    Ok(X25519SecretKey::from_bytes(sk))
}

fn x25519_public_key(sk: &[u8]) -> Res<Vec<u8>> {
    Ok(x25519_secret(sk)?.public_key().as_bytes().to_vec())
}

/// RFC 7748 section 6.1: an all-zero result (a small-order peer point) is
/// refused as `ALL_ZERO_SHARED_SECRET`.
fn x25519_shared_secret(sk: &[u8], peer: &[u8]) -> Res<Secret> {
    let sk = x25519_secret(sk)?;
    let peer: &[u8; 32] = peer
        .try_into()
        .map_err(|_| length_error("X25519", "public key", 32, peer.len()))?;
    let ss = sk.diffie_hellman(&X25519PublicKey::from_bytes(peer))?;
    Ok(Zeroizing::new(ss.as_bytes().to_vec()))
}

/// A scalar in `1..n-1`; others are refused as `INVALID_SCALAR`.
#[cfg(feature = "p256")]
fn p256_secret(sk: &[u8]) -> Res<P256SecretKey> {
    let sk: &[u8; P256SecretKey::LEN] = sk
        .try_into()
        .map_err(|_| length_error("P-256", "secret key", P256SecretKey::LEN, sk.len()))?;
    Ok(P256SecretKey::from_bytes(sk)?)
}

#[cfg(feature = "p256")]
fn p256_public_key(sk: &[u8]) -> Res<Vec<u8>> {
    Ok(p256_secret(sk)?.public_key().as_bytes().to_vec())
}

/// The peer's key must be an uncompressed SEC1 point on the curve (RFC 8446
/// section 4.2.8.2): `COMPRESSED_POINT` for the 33-byte form, `INVALID_POINT`
/// for a bad tag or a point off the curve, a length error otherwise.
#[cfg(feature = "p256")]
fn p256_shared_secret(sk: &[u8], peer: &[u8]) -> Res<Secret> {
    let sk = p256_secret(sk)?;
    let peer = P256PublicKey::from_sec1_bytes(peer)?;
    Ok(Zeroizing::new(sk.diffie_hellman(&peer).as_bytes().to_vec()))
}

/// Every curve by id; `None` when this build leaves it out. The JS layer
/// relies on this order.
static CURVES: [Option<Curve>; 2] = [
    Some(Curve {
        name: "X25519",
        public_key_len: X25519PublicKey::LEN,
        secret_key_len: X25519SecretKey::LEN,
        shared_secret_len: 32,
        public_key: x25519_public_key,
        shared_secret: x25519_shared_secret,
    }),
    #[cfg(feature = "p256")]
    Some(Curve {
        name: "P-256",
        public_key_len: P256PublicKey::LEN,
        secret_key_len: P256SecretKey::LEN,
        shared_secret_len: 32,
        public_key: p256_public_key,
        shared_secret: p256_shared_secret,
    }),
    #[cfg(not(feature = "p256"))]
    None,
];

fn get(id: u32) -> Res<&'static Curve> {
    CURVES
        .get(id as usize)
        .and_then(Option::as_ref)
        .ok_or_else(|| Fail::argument(format!("curve {id} is not in this build")))
}

/// The curve's name, or `undefined` when this build leaves it out.
#[wasm_bindgen(js_name = ecdhName)]
pub fn ecdh_name(id: u32) -> Option<String> {
    get(id).ok().map(|c| c.name.to_string())
}

/// `[publicKey, secretKey, sharedSecret]` lengths.
#[wasm_bindgen(js_name = ecdhLengths)]
pub fn ecdh_lengths(id: u32) -> Vec<u32> {
    get(id)
        .map(|c| {
            [c.public_key_len, c.secret_key_len, c.shared_secret_len]
                .iter()
                .map(|&n| n as u32)
                .collect()
        })
        .unwrap_or_default()
}

/// `publicKey || secretKey` for `secret_key`, or for a fresh secret key
/// (for P-256 drawn again in the negligible case of a scalar out of range).
#[wasm_bindgen(js_name = ecdhGenerateKeyPair)]
pub fn ecdh_generate_key_pair(id: u32, secret_key: Option<Vec<u8>>) -> JsResult<Vec<u8>> {
    let secret_key = secret_key.map(Zeroizing::new);
    run(|| {
        let c = get(id)?;
        let join = |sk: &[u8]| {
            let mut out = (c.public_key)(sk)?;
            out.extend_from_slice(sk);
            Ok(out)
        };
        match &secret_key {
            Some(sk) => join(sk),
            None => with_fresh(c.secret_key_len, join),
        }
    })
}

/// The public key of `secret_key`.
#[wasm_bindgen(js_name = ecdhPublicKey)]
pub fn ecdh_public_key(id: u32, secret_key: &[u8]) -> JsResult<Vec<u8>> {
    run(|| (get(id)?.public_key)(secret_key))
}

/// The shared secret of `secret_key` and the peer's `public_key`.
#[wasm_bindgen(js_name = ecdhSharedSecret)]
pub fn ecdh_shared_secret(id: u32, secret_key: &[u8], public_key: &[u8]) -> JsResult<Vec<u8>> {
    run(|| {
        let ss = (get(id)?.shared_secret)(secret_key, public_key)?;
        Ok(ss.to_vec())
    })
}
