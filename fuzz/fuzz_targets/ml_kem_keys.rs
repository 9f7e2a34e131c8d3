//! ML-KEM key decoders, every form and parameter set: the encapsulation key
//! (FIPS 203 section 7.2 modulus check), the seed `d || z` and the expanded
//! decapsulation key (section 7.3 hash check).
//!
//! Input: a selector byte (parameter set = byte % 3, form = byte / 3 % 3),
//! then the key bytes. Accepted keys must re-encode to exactly the input and
//! work (encapsulation, decapsulation); refused ones must get the documented
//! error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqkit::Error;
use pqkit_fuzz::{Input, assert_length_error};

macro_rules! check {
    ($module:ident, $form:expr, $bytes:expr) => {{
        use pqkit::ml_kem::$module::{
            DECAPSULATION_KEY_LEN, DecapsulationKey, ENCAPSULATION_KEY_LEN, EncapsulationKey,
        };
        let bytes: &[u8] = $bytes;
        let m = [0x5a; 32];
        match $form {
            0 => match EncapsulationKey::from_bytes(bytes) {
                Ok(ek) => {
                    assert_eq!(&ek.as_bytes()[..], bytes);
                    let (ct, k) = ek.encapsulate_deterministic(&m);
                    assert_eq!(ek.encapsulate_deterministic(&m), (ct, k));
                }
                Err(Error::EncapsulationKeyNotReduced) => {
                    assert_eq!(bytes.len(), ENCAPSULATION_KEY_LEN)
                }
                Err(e) => assert_length_error(e, ENCAPSULATION_KEY_LEN, bytes.len()),
            },
            1 => match DecapsulationKey::try_from_seed(bytes) {
                Ok(dk) => {
                    assert_eq!(&dk.seed().expect("made from a seed")[..], bytes);
                    let ek = dk.encapsulation_key();
                    // A generated key passes its own import checks.
                    assert_eq!(&EncapsulationKey::from_bytes(ek.as_bytes()).unwrap(), ek);
                    let expanded = dk.to_expanded_bytes();
                    let reloaded = DecapsulationKey::from_expanded_bytes(&expanded[..]).unwrap();
                    assert!(reloaded.seed().is_none());
                    assert_eq!(reloaded.to_expanded_bytes()[..], expanded[..]);
                    let (ct, k) = ek.encapsulate_deterministic(&m);
                    assert_eq!(dk.decapsulate(&ct), k);
                    assert_eq!(reloaded.decapsulate(&ct), k);
                }
                Err(e) => assert_length_error(e, pqkit::ml_kem::SEED_LEN, bytes.len()),
            },
            _ => match DecapsulationKey::from_expanded_bytes(bytes) {
                Ok(dk) => {
                    assert_eq!(&dk.to_expanded_bytes()[..], bytes);
                    assert!(dk.seed().is_none());
                    // dk_pke is not checked on import (FIPS 203 does not ask
                    // for it), so a key made of noise may not decrypt what is
                    // encrypted to it; decapsulation must still be a
                    // function of its input.
                    let (ct, _) = dk.encapsulation_key().encapsulate_deterministic(&m);
                    assert_eq!(dk.decapsulate(&ct), dk.decapsulate(&ct));
                }
                Err(Error::EncapsulationKeyNotReduced | Error::DecapsulationKeyHashMismatch) => {
                    assert_eq!(bytes.len(), DECAPSULATION_KEY_LEN)
                }
                Err(e) => assert_length_error(e, DECAPSULATION_KEY_LEN, bytes.len()),
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
        0 => check!(ml_kem_512, form, bytes),
        1 => check!(ml_kem_768, form, bytes),
        _ => check!(ml_kem_1024, form, bytes),
    }
});
