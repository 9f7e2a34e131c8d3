//! ML-KEM ciphertext decoding and decapsulation of arbitrary bytes.
//!
//! Input: a selector byte (parameter set = byte % 3), a 64-byte key seed, a
//! 32-byte `m`, then the ciphertext bytes. A ciphertext of the right length
//! is accepted whatever its content and decapsulates to the implicit-rejection
//! secret unless it is the one encapsulated with `m`; the expanded form of
//! the key must give the same secret.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqkit_fuzz::{Input, assert_length_error};

macro_rules! check {
    ($module:ident, $input:expr) => {{
        use pqkit::ml_kem::$module::{CIPHERTEXT_LEN, Ciphertext, DecapsulationKey};
        let mut input = $input;
        let seed: [u8; 64] = input.array();
        let m: [u8; 32] = input.array();
        let bytes = input.rest();
        let dk = DecapsulationKey::from_seed(&seed);
        match Ciphertext::from_bytes(bytes) {
            Ok(ct) => {
                assert_eq!(&ct.as_bytes()[..], bytes);
                let k = dk.decapsulate(&ct);
                let expanded = DecapsulationKey::from_expanded_bytes(&dk.to_expanded_bytes()[..])
                    .expect("a generated key imports");
                assert_eq!(expanded.decapsulate(&ct), k);
                let (honest_ct, honest_k) = dk.encapsulation_key().encapsulate_deterministic(&m);
                // Only the honest ciphertext yields the encapsulated secret
                // (a different ciphertext colliding on K would be a
                // SHA3/SHAKE collision).
                assert_eq!(ct == honest_ct, k == honest_k);
            }
            Err(e) => assert_length_error(e, CIPHERTEXT_LEN, bytes.len()),
        }
    }};
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    match input.byte() % 3 {
        0 => check!(ml_kem_512, input),
        1 => check!(ml_kem_768, input),
        _ => check!(ml_kem_1024, input),
    }
});
