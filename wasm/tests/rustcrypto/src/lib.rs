//! ML-KEM from the RustCrypto `ml-kem` crate behind a minimal wasm-bindgen
//! surface, mirroring pqkit's low-level exports for the benchmark.
#![allow(missing_docs)]

use ml_kem::{Decapsulate, KeyExport};
use wasm_bindgen::prelude::*;

macro_rules! peer {
    ($module:ident, $keygen:ident, $encaps:ident, $decaps:ident, $key:ident) => {
        /// The encapsulation key for a 64-byte seed.
        #[wasm_bindgen]
        pub fn $keygen(seed: &[u8]) -> Vec<u8> {
            let seed: [u8; 64] = seed.try_into().unwrap_or([0; 64]);
            let dk = ml_kem::$module::DecapsulationKey::from_seed(seed.into());
            dk.encapsulation_key().to_bytes().to_vec()
        }

        /// `ct || K` for the encapsulation key `ek` and randomness `m`.
        #[wasm_bindgen]
        pub fn $encaps(ek: &[u8], m: &[u8]) -> Vec<u8> {
            let Ok(ek) = ek.try_into() else {
                return Vec::new();
            };
            let Ok(ek) = ml_kem::$module::EncapsulationKey::new(ek) else {
                return Vec::new();
            };
            let m: [u8; 32] = m.try_into().unwrap_or([0; 32]);
            let (ct, k) = ek.encapsulate_deterministic(&m.into());
            let mut out = ct.to_vec();
            out.extend_from_slice(&k);
            out
        }

        /// The shared secret for `ct`, from the seed.
        #[wasm_bindgen]
        pub fn $decaps(seed: &[u8], ct: &[u8]) -> Vec<u8> {
            let seed: [u8; 64] = seed.try_into().unwrap_or([0; 64]);
            let dk = ml_kem::$module::DecapsulationKey::from_seed(seed.into());
            let Ok(ct) = ct.try_into() else {
                return Vec::new();
            };
            dk.decapsulate(ct).to_vec()
        }

        /// A decapsulation key kept in the module (the expanded form).
        #[wasm_bindgen]
        pub struct $key(ml_kem::$module::DecapsulationKey);

        #[wasm_bindgen]
        impl $key {
            #[wasm_bindgen(constructor)]
            pub fn new(seed: &[u8]) -> $key {
                let seed: [u8; 64] = seed.try_into().unwrap_or([0; 64]);
                $key(ml_kem::$module::DecapsulationKey::from_seed(seed.into()))
            }

            pub fn decapsulate(&self, ct: &[u8]) -> Vec<u8> {
                let Ok(ct) = ct.try_into() else {
                    return Vec::new();
                };
                self.0.decapsulate(ct).to_vec()
            }
        }
    };
}

peer!(ml_kem_512, keygen512, encaps512, decaps512, Key512);
peer!(ml_kem_768, keygen768, encaps768, decaps768, Key768);
peer!(ml_kem_1024, keygen1024, encaps1024, decaps1024, Key1024);
