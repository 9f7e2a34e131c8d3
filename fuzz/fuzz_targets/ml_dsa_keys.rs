//! ML-DSA key decoders, every form and parameter set: the public key, the
//! seed `xi` and the expanded signing key (FIPS 204 Algorithm 24, with the
//! consistency checks of `SigningKey::from_expanded_bytes`).
//!
//! Input: a selector byte (parameter set = byte % 3, form = byte / 3 % 3),
//! then the key bytes. Accepted keys must re-encode to exactly the input; an
//! accepted expanded key must sign messages its verifying key accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqkit::Error;
use pqkit_fuzz::{Input, assert_length_error};

macro_rules! check {
    ($module:ident, $form:expr, $bytes:expr) => {{
        use pqkit::ml_dsa::$module::{EXPANDED_KEY_LEN, PUBLIC_KEY_LEN, SigningKey, VerifyingKey};
        let bytes: &[u8] = $bytes;
        match $form {
            0 => match VerifyingKey::from_bytes(bytes) {
                Ok(vk) => {
                    assert_eq!(&vk.as_bytes()[..], bytes);
                    // A signature of the wrong length is refused as such.
                    assert_eq!(vk.verify(b"m", b"", &[]), Err(Error::InvalidSignature));
                }
                Err(e) => assert_length_error(e, PUBLIC_KEY_LEN, bytes.len()),
            },
            1 => match SigningKey::try_from_seed(bytes) {
                Ok(sk) => {
                    assert_eq!(&sk.seed().expect("made from a seed")[..], bytes);
                    let expanded = sk.to_expanded_bytes();
                    let reloaded = SigningKey::from_expanded_bytes(&expanded[..])
                        .expect("a generated key imports");
                    assert_eq!(reloaded.verifying_key(), sk.verifying_key());
                    let sig = sk.sign_deterministic(b"message", b"ctx").unwrap();
                    assert_eq!(
                        reloaded.sign_deterministic(b"message", b"ctx").unwrap(),
                        sig
                    );
                    sk.verifying_key()
                        .verify(b"message", b"ctx", sig.as_bytes())
                        .unwrap();
                }
                Err(e) => assert_length_error(e, pqkit::ml_dsa::SEED_LEN, bytes.len()),
            },
            _ => match SigningKey::from_expanded_bytes(bytes) {
                Ok(sk) => {
                    assert_eq!(&sk.to_expanded_bytes()[..], bytes);
                    assert!(sk.seed().is_none());
                    let vk = sk.verifying_key();
                    let sig = sk.sign_deterministic(b"message", b"").unwrap();
                    vk.verify(b"message", b"", sig.as_bytes()).unwrap();
                    assert_eq!(
                        vk.verify(b"other message", b"", sig.as_bytes()),
                        Err(Error::InvalidSignature)
                    );
                }
                Err(Error::InvalidPrivateKey) => assert_eq!(bytes.len(), EXPANDED_KEY_LEN),
                Err(e) => assert_length_error(e, EXPANDED_KEY_LEN, bytes.len()),
            },
        }
    }};
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let selector = input.byte();
    let form = selector / 3 % 3;
    let bytes = input.rest();
    match selector % 3 {
        0 => check!(ml_dsa_44, form, bytes),
        1 => check!(ml_dsa_65, form, bytes),
        _ => check!(ml_dsa_87, form, bytes),
    }
});
