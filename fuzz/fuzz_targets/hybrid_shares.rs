//! Key shares and ciphertexts of the hybrid key exchanges, from the network:
//! the TLS groups' client and server shares (X25519MLKEM768,
//! SecP256r1MLKEM768, SecP384r1MLKEM1024) and the public keys and
//! ciphertexts of X-Wing, MLKEM768-P256 and MLKEM1024-P384.
//!
//! Input: a selector byte (construction = byte % 6, side = byte / 6 % 2), a
//! seed and randomness, then the share, key or ciphertext bytes. Refusals
//! must be one of the documented errors; an honest exchange from the same
//! seed and randomness must agree on the secret.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqkit::Error;
use pqkit_fuzz::Input;

/// What a peer's bytes may be refused for.
fn assert_peer_error(e: Error) {
    assert!(
        matches!(
            e,
            Error::InvalidLength { .. }
                | Error::EncapsulationKeyNotReduced
                | Error::InvalidPoint
                | Error::CompressedPoint
                | Error::AllZeroSharedSecret
        ),
        "{e:?}"
    );
}

macro_rules! tls_group {
    ($module:ident, $client_side:expr, $input:expr) => {{
        use pqkit::hybrid::tls::$module::{
            CLIENT_SHARE_LEN, ClientKey, RANDOMNESS_LEN, SEED_LEN, SERVER_SHARE_LEN, respond_derand,
        };
        let mut input = $input;
        let seed: [u8; SEED_LEN] = input.array();
        let randomness: [u8; RANDOMNESS_LEN] = input.array();
        let share = input.rest();
        if $client_side {
            // The client receives the server's share.
            let client = match ClientKey::from_seed(&seed) {
                Ok(c) => c,
                Err(e) => return assert_eq!(e, Error::InvalidScalar),
            };
            match client.finish(share) {
                Ok(secret) => {
                    assert_eq!(share.len(), SERVER_SHARE_LEN);
                    assert_eq!(client.finish(share).unwrap().as_bytes(), secret.as_bytes());
                }
                Err(e) => assert_peer_error(e),
            }
            // The honest exchange with the same randomness.
            match respond_derand(client.key_share(), &randomness) {
                Ok((server_share, secret)) => {
                    assert_eq!(
                        client.finish(&server_share).unwrap().as_bytes(),
                        secret.as_bytes()
                    )
                }
                Err(e) => assert!(matches!(
                    e,
                    Error::InvalidScalar | Error::AllZeroSharedSecret
                )),
            }
        } else {
            // The server receives the client's share.
            match respond_derand(share, &randomness) {
                Ok((server_share, secret)) => {
                    assert_eq!(share.len(), CLIENT_SHARE_LEN);
                    let again = respond_derand(share, &randomness).unwrap();
                    assert_eq!(again.0, server_share);
                    assert_eq!(again.1.as_bytes(), secret.as_bytes());
                }
                Err(Error::InvalidScalar) => {}
                Err(e) => assert_peer_error(e),
            }
        }
    }};
}

macro_rules! hybrid_kem {
    ($module:ident, $ciphertext_side:expr, $input:expr) => {{
        use pqkit::hybrid::kem::$module::{
            CIPHERTEXT_LEN, PUBLIC_KEY_LEN, PublicKey, RANDOMNESS_LEN, SecretKey,
        };
        let mut input = $input;
        let seed: [u8; 32] = input.array();
        let randomness: [u8; RANDOMNESS_LEN] = input.array();
        let bytes = input.rest();
        if $ciphertext_side {
            let sk = match SecretKey::from_seed(&seed) {
                Ok(sk) => sk,
                Err(e) => return assert_eq!(e, Error::InvalidScalar),
            };
            match sk.decapsulate(bytes) {
                Ok(secret) => {
                    assert_eq!(bytes.len(), CIPHERTEXT_LEN);
                    assert_eq!(sk.decapsulate(bytes).unwrap().as_bytes(), secret.as_bytes());
                }
                Err(e) => assert_peer_error(e),
            }
            match sk.public_key().encapsulate_derand(&randomness) {
                Ok((ct, secret)) => {
                    assert_eq!(sk.decapsulate(&ct).unwrap().as_bytes(), secret.as_bytes())
                }
                Err(e) => assert!(matches!(
                    e,
                    Error::InvalidScalar | Error::AllZeroSharedSecret
                )),
            }
        } else {
            match PublicKey::from_bytes(bytes) {
                Ok(pk) => {
                    assert_eq!(&pk.as_bytes()[..], bytes);
                    assert_eq!(bytes.len(), PUBLIC_KEY_LEN);
                    if let Err(e) = pk.encapsulate_derand(&randomness) {
                        assert!(matches!(
                            e,
                            Error::InvalidScalar | Error::AllZeroSharedSecret
                        ));
                    }
                }
                Err(e) => assert_peer_error(e),
            }
        }
    }};
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let selector = input.byte();
    let side = selector / 6 % 2 == 1;
    match selector % 6 {
        0 => tls_group!(x25519_mlkem768, side, input),
        1 => tls_group!(secp256r1_mlkem768, side, input),
        2 => tls_group!(secp384r1_mlkem1024, side, input),
        3 => hybrid_kem!(xwing, side, input),
        4 => hybrid_kem!(mlkem768_p256, side, input),
        _ => hybrid_kem!(mlkem1024_p384, side, input),
    }
});
