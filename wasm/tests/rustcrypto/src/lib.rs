//! ML-KEM and ML-DSA from the RustCrypto `ml-kem` and `ml-dsa` crates behind
//! a minimal wasm-bindgen surface, mirroring pqkit's low-level exports for
//! the benchmark.
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

/// FIPS 204 Algorithm 2 with the caller's `rnd`: `M' = 0 || |ctx| || ctx ||
/// M` signed by `sign_internal` (the crate takes `rnd` only from an RNG
/// otherwise). Empty for a context over 255 bytes.
fn dsa_sign<P: ml_dsa::MlDsaParams>(
    key: &ml_dsa::ExpandedSigningKey<P>,
    msg: &[u8],
    ctx: &[u8],
    rnd: &[u8],
) -> Vec<u8> {
    let Ok(ctx_len) = u8::try_from(ctx.len()) else {
        return Vec::new();
    };
    let rnd: [u8; 32] = rnd.try_into().unwrap_or([0; 32]);
    key.sign_internal(&[&[0, ctx_len], ctx, msg], &rnd.into())
        .encode()
        .to_vec()
}

macro_rules! dsa_peer {
    ($params:ident, $keygen:ident, $sign:ident, $verify:ident, $key:ident) => {
        /// The verification key for a 32-byte seed.
        #[wasm_bindgen]
        pub fn $keygen(seed: &[u8]) -> Vec<u8> {
            let seed: [u8; 32] = seed.try_into().unwrap_or([0; 32]);
            let sk = ml_dsa::SigningKey::<ml_dsa::$params>::from_seed(&seed.into());
            let vk: &ml_dsa::VerifyingKey<ml_dsa::$params> = sk.as_ref();
            vk.encode().to_vec()
        }

        /// The signature of `msg` with context `ctx` and signing randomness
        /// `rnd`, by the key from a 32-byte seed.
        #[wasm_bindgen]
        pub fn $sign(seed: &[u8], msg: &[u8], ctx: &[u8], rnd: &[u8]) -> Vec<u8> {
            let seed: [u8; 32] = seed.try_into().unwrap_or([0; 32]);
            let sk = ml_dsa::ExpandedSigningKey::<ml_dsa::$params>::from_seed(&seed.into());
            dsa_sign(&sk, msg, ctx, rnd)
        }

        /// Whether `sig` signs `msg` with context `ctx` under the encoded
        /// verification key `vk`.
        #[wasm_bindgen]
        pub fn $verify(vk: &[u8], msg: &[u8], ctx: &[u8], sig: &[u8]) -> bool {
            let (Ok(vk), Ok(sig)) = (vk.try_into(), ml_dsa::Signature::try_from(sig)) else {
                return false;
            };
            ml_dsa::VerifyingKey::<ml_dsa::$params>::decode(vk).verify_with_context(msg, ctx, &sig)
        }

        /// A signing key kept in the module (the expanded form, `A` and the
        /// secrets in the NTT domain).
        #[wasm_bindgen]
        pub struct $key(ml_dsa::ExpandedSigningKey<ml_dsa::$params>);

        #[wasm_bindgen]
        impl $key {
            #[wasm_bindgen(constructor)]
            pub fn new(seed: &[u8]) -> $key {
                let seed: [u8; 32] = seed.try_into().unwrap_or([0; 32]);
                $key(ml_dsa::ExpandedSigningKey::from_seed(&seed.into()))
            }

            pub fn sign(&self, msg: &[u8], ctx: &[u8], rnd: &[u8]) -> Vec<u8> {
                dsa_sign(&self.0, msg, ctx, rnd)
            }
        }
    };
}

dsa_peer!(MlDsa44, dsa_keygen44, dsa_sign44, dsa_verify44, DsaKey44);
dsa_peer!(MlDsa65, dsa_keygen65, dsa_sign65, dsa_verify65, DsaKey65);
dsa_peer!(MlDsa87, dsa_keygen87, dsa_sign87, dsa_verify87, DsaKey87);
