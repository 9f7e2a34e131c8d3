//! ML-KEM from `libcrux-ml-kem` and ML-DSA from `libcrux-ml-dsa` behind the
//! same minimal wasm-bindgen surface as the RustCrypto peer, for the
//! benchmark.
#![allow(missing_docs)]

use wasm_bindgen::prelude::*;

macro_rules! peer {
    ($module:ident, $pk:ident, $ct:ident, $pair:ident, $keygen:ident, $encaps:ident, $decaps:ident, $key:ident) => {
        /// The encapsulation key for a 64-byte seed.
        #[wasm_bindgen]
        pub fn $keygen(seed: &[u8]) -> Vec<u8> {
            let seed: [u8; 64] = seed.try_into().unwrap_or([0; 64]);
            let pair = libcrux_ml_kem::$module::generate_key_pair(seed);
            pair.public_key().as_slice().to_vec()
        }

        /// `ct || K` for the encapsulation key `ek` and randomness `m`.
        #[wasm_bindgen]
        pub fn $encaps(ek: &[u8], m: &[u8]) -> Vec<u8> {
            let Ok(ek) = <[u8; _]>::try_from(ek) else {
                return Vec::new();
            };
            let ek = libcrux_ml_kem::$module::$pk::from(ek);
            if !libcrux_ml_kem::$module::validate_public_key(&ek) {
                return Vec::new();
            }
            let m: [u8; 32] = m.try_into().unwrap_or([0; 32]);
            let (ct, k) = libcrux_ml_kem::$module::encapsulate(&ek, m);
            let mut out = ct.as_slice().to_vec();
            out.extend_from_slice(&k);
            out
        }

        /// The shared secret for `ct`, from the seed.
        #[wasm_bindgen]
        pub fn $decaps(seed: &[u8], ct: &[u8]) -> Vec<u8> {
            let seed: [u8; 64] = seed.try_into().unwrap_or([0; 64]);
            let pair = libcrux_ml_kem::$module::generate_key_pair(seed);
            let Ok(ct) = <[u8; _]>::try_from(ct) else {
                return Vec::new();
            };
            let ct = libcrux_ml_kem::$module::$ct::from(ct);
            libcrux_ml_kem::$module::decapsulate(pair.private_key(), &ct).to_vec()
        }

        /// A decapsulation key kept in the module (the expanded form).
        #[wasm_bindgen]
        pub struct $key(libcrux_ml_kem::$module::$pair);

        #[wasm_bindgen]
        impl $key {
            #[wasm_bindgen(constructor)]
            pub fn new(seed: &[u8]) -> $key {
                let seed: [u8; 64] = seed.try_into().unwrap_or([0; 64]);
                $key(libcrux_ml_kem::$module::generate_key_pair(seed))
            }

            pub fn decapsulate(&self, ct: &[u8]) -> Vec<u8> {
                let Ok(ct) = <[u8; _]>::try_from(ct) else {
                    return Vec::new();
                };
                let ct = libcrux_ml_kem::$module::$ct::from(ct);
                libcrux_ml_kem::$module::decapsulate(self.0.private_key(), &ct).to_vec()
            }
        }
    };
}

peer!(
    mlkem512,
    MlKem512PublicKey,
    MlKem512Ciphertext,
    MlKem512KeyPair,
    keygen512,
    encaps512,
    decaps512,
    Key512
);
peer!(
    mlkem768,
    MlKem768PublicKey,
    MlKem768Ciphertext,
    MlKem768KeyPair,
    keygen768,
    encaps768,
    decaps768,
    Key768
);
peer!(
    mlkem1024,
    MlKem1024PublicKey,
    MlKem1024Ciphertext,
    MlKem1024KeyPair,
    keygen1024,
    encaps1024,
    decaps1024,
    Key1024
);

macro_rules! dsa_peer {
    ($module:ident, $vk:ident, $sig:ident, $pair:ident, $keygen:ident, $sign:ident, $verify:ident, $key:ident) => {
        mod $module {
            /// The signature, or nothing (a context over 255 bytes, the
            /// rejection loop's bound reached).
            pub fn sign(
                pair: &libcrux_ml_dsa::$module::$pair,
                msg: &[u8],
                ctx: &[u8],
                rnd: &[u8],
            ) -> Vec<u8> {
                let rnd: [u8; 32] = rnd.try_into().unwrap_or([0; 32]);
                libcrux_ml_dsa::$module::sign(&pair.signing_key, msg, ctx, rnd)
                    .map(|sig| sig.as_slice().to_vec())
                    .unwrap_or_default()
            }
        }

        /// The verification key for a 32-byte seed.
        #[wasm_bindgen]
        pub fn $keygen(seed: &[u8]) -> Vec<u8> {
            let seed: [u8; 32] = seed.try_into().unwrap_or([0; 32]);
            let pair = libcrux_ml_dsa::$module::generate_key_pair(seed);
            pair.verification_key.as_slice().to_vec()
        }

        /// The signature of `msg` with context `ctx` and signing randomness
        /// `rnd`, by the key from a 32-byte seed.
        #[wasm_bindgen]
        pub fn $sign(seed: &[u8], msg: &[u8], ctx: &[u8], rnd: &[u8]) -> Vec<u8> {
            let seed: [u8; 32] = seed.try_into().unwrap_or([0; 32]);
            let pair = libcrux_ml_dsa::$module::generate_key_pair(seed);
            $module::sign(&pair, msg, ctx, rnd)
        }

        /// Whether `sig` signs `msg` with context `ctx` under the encoded
        /// verification key `vk`.
        #[wasm_bindgen]
        pub fn $verify(vk: &[u8], msg: &[u8], ctx: &[u8], sig: &[u8]) -> bool {
            let (Ok(vk), Ok(sig)) = (<[u8; _]>::try_from(vk), <[u8; _]>::try_from(sig)) else {
                return false;
            };
            let vk = libcrux_ml_dsa::$module::$vk::new(vk);
            let sig = libcrux_ml_dsa::$module::$sig::new(sig);
            libcrux_ml_dsa::$module::verify(&vk, msg, ctx, &sig).is_ok()
        }

        /// A key pair kept in the module (libcrux signs from the encoded
        /// FIPS 204 signing key).
        #[wasm_bindgen]
        pub struct $key(libcrux_ml_dsa::$module::$pair);

        #[wasm_bindgen]
        impl $key {
            #[wasm_bindgen(constructor)]
            pub fn new(seed: &[u8]) -> $key {
                let seed: [u8; 32] = seed.try_into().unwrap_or([0; 32]);
                $key(libcrux_ml_dsa::$module::generate_key_pair(seed))
            }

            pub fn sign(&self, msg: &[u8], ctx: &[u8], rnd: &[u8]) -> Vec<u8> {
                $module::sign(&self.0, msg, ctx, rnd)
            }
        }
    };
}

dsa_peer!(
    ml_dsa_44,
    MLDSA44VerificationKey,
    MLDSA44Signature,
    MLDSA44KeyPair,
    dsa_keygen44,
    dsa_sign44,
    dsa_verify44,
    DsaKey44
);
dsa_peer!(
    ml_dsa_65,
    MLDSA65VerificationKey,
    MLDSA65Signature,
    MLDSA65KeyPair,
    dsa_keygen65,
    dsa_sign65,
    dsa_verify65,
    DsaKey65
);
dsa_peer!(
    ml_dsa_87,
    MLDSA87VerificationKey,
    MLDSA87Signature,
    MLDSA87KeyPair,
    dsa_keygen87,
    dsa_sign87,
    dsa_verify87,
    DsaKey87
);
