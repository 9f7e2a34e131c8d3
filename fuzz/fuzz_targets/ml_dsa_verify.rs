//! ML-DSA signature decoding and verification of arbitrary bytes
//! (FIPS 204 Algorithms 3, 5, 8 and 27: sigDecode with its hint checks).
//!
//! Input: a selector byte (parameter set = byte % 3; bit 7 picks a public
//! key from the input instead of one from a seed), a 32-byte seed or the
//! public key, a context (length byte), a message (two length bytes), then
//! the signature bytes. Verification must give the same answer through
//! `verify`, `verify_mu` and a decoded `Signature`; a signature that verifies
//! must not verify under another context.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqkit::Error;
use pqkit_fuzz::{Input, assert_length_error};

macro_rules! check {
    ($module:ident, $own_key:expr, $input:expr) => {{
        use pqkit::ml_dsa::$module::{
            PUBLIC_KEY_LEN, SIGNATURE_LEN, Signature, SigningKey, VerifyingKey,
        };
        let mut input = $input;
        let vk = if $own_key {
            match VerifyingKey::from_bytes(input.take(PUBLIC_KEY_LEN)) {
                Ok(vk) => vk,
                Err(e) => {
                    assert!(matches!(e, Error::InvalidLength { .. }));
                    return;
                }
            }
        } else {
            SigningKey::from_seed(&input.array()).verifying_key()
        };
        let ctx = input.short();
        let msg = input.long();
        let sig = input.rest();
        let verdict = vk.verify(msg, ctx, sig);
        assert!(
            matches!(verdict, Ok(()) | Err(Error::InvalidSignature)),
            "{verdict:?}"
        );
        let mu = vk
            .compute_mu(msg, ctx)
            .expect("contexts here are at most 255 bytes");
        let mut hasher = vk.mu_hasher(ctx).unwrap();
        hasher.update(msg);
        assert_eq!(hasher.finalize(), mu);
        assert_eq!(vk.verify_mu(&mu, sig), verdict);
        match Signature::from_bytes(sig) {
            Ok(decoded) => assert_eq!(&decoded.as_bytes()[..], sig),
            Err(e) => {
                assert_length_error(e, SIGNATURE_LEN, sig.len());
                assert_eq!(verdict, Err(Error::InvalidSignature));
            }
        }
        // Another context changes the signed message M' (FIPS 204,
        // Algorithm 3): the same signature verifying under it would be a
        // forgery.
        if verdict.is_ok() && ctx.len() < 255 {
            let mut other = ctx.to_vec();
            other.push(0);
            assert_eq!(vk.verify(msg, &other, sig), Err(Error::InvalidSignature));
        }
    }};
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let selector = input.byte();
    let own_key = selector & 0x80 != 0;
    match selector % 3 {
        0 => check!(ml_dsa_44, own_key, input),
        1 => check!(ml_dsa_65, own_key, input),
        _ => check!(ml_dsa_87, own_key, input),
    }
});
