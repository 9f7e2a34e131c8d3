//! Prepared ML-DSA keys against the plain ones: for random seeds, messages
//! and context strings of every parameter set, the prepared signing key
//! gives byte-identical signatures (deterministic, hedged from a generator,
//! explicit randomness, external mu, HashML-DSA) and the prepared verifying
//! key the same verdicts (valid, flipped bit, other message, other
//! context, wrong length); empty prepared keys refuse to work, and filling
//! a key again replaces it.
//!
//! With the `backend-override` feature the plain operations also run pinned
//! to the small-stack schedule and must give the same bytes.

mod common;

use common::Stream;
use pqkit::Error;

const CASES: u64 = 24;

macro_rules! prepared_suite {
    ($module:ident) => {
        mod $module {
            use super::*;
            use pqkit::ml_dsa::$module::{
                PreparedSigningKey, PreparedVerifyingKey, SIGNATURE_LEN, SigningKey,
            };

            #[test]
            fn prepared_keys_match_plain_keys() {
                // Prepared keys are big: on the heap, filled in place.
                let mut psk = Box::new(PreparedSigningKey::new());
                let mut pvk = Box::new(PreparedVerifyingKey::new());
                for case in 0..CASES {
                    let label = format!("{} case {case}", stringify!($module));
                    let mut s = Stream::new(&[stringify!($module).as_bytes(), &case.to_le_bytes()]);
                    let xi: [u8; 32] = s.bytes();
                    let rnd: [u8; 32] = s.bytes();
                    let msg = s.vec(200);
                    let ctx = if case % 8 == 0 { s.vec(255) } else { s.vec(12) };
                    let flip: [u8; 4] = s.bytes();

                    let sk = SigningKey::from_seed(&xi);
                    // Every other case from the imported expanded key.
                    let sk = if case % 2 == 1 {
                        SigningKey::from_expanded_bytes(&sk.to_expanded_bytes()[..]).unwrap()
                    } else {
                        sk
                    };
                    let vk = sk.verifying_key();
                    psk.set_from(&sk);
                    pvk.set_from(&vk);
                    assert!(psk.is_set() && pvk.is_set());

                    let det = sk.sign_deterministic(&msg, &ctx).unwrap();
                    assert_eq!(psk.sign_deterministic(&msg, &ctx).unwrap(), det, "{label}");
                    let hedged = sk.sign_with_randomness(&msg, &ctx, &rnd).unwrap();
                    assert_eq!(
                        psk.sign_with_randomness(&msg, &ctx, &rnd).unwrap(),
                        hedged,
                        "{label}"
                    );
                    assert_ne!(det, hedged, "{label}: randomness unused");
                    let from_rng = sk.sign(&msg, &ctx, &mut common::test_rng(case)).unwrap();
                    assert_eq!(
                        psk.sign(&msg, &ctx, &mut common::test_rng(case)).unwrap(),
                        from_rng,
                        "{label}"
                    );
                    assert_eq!(
                        psk.try_sign(&msg, &ctx, &mut common::test_rng(case))
                            .unwrap(),
                        from_rng,
                        "{label}"
                    );
                    let mu = vk.compute_mu(&msg, &ctx).unwrap();
                    assert_eq!(
                        psk.sign_mu(&mu, &rnd).unwrap(),
                        sk.sign_mu(&mu, &rnd),
                        "{label}"
                    );
                    assert_eq!(psk.sign_mu(&mu, &rnd).unwrap(), hedged, "{label}");
                    let pre = sk.sign_prehashed_sha512(&msg, &ctx, &rnd).unwrap();
                    assert_eq!(
                        psk.sign_prehashed_sha512(&msg, &ctx, &rnd).unwrap(),
                        pre,
                        "{label}"
                    );

                    for sig in [&det, &hedged, &from_rng] {
                        assert!(vk.verify(&msg, &ctx, sig.as_bytes()).is_ok(), "{label}");
                        assert!(pvk.verify(&msg, &ctx, sig.as_bytes()).is_ok(), "{label}");
                        assert!(pvk.verify_mu(&mu, sig.as_bytes()).is_ok(), "{label}");
                    }
                    assert!(
                        pvk.verify_prehashed_sha512(&msg, &ctx, pre.as_bytes())
                            .is_ok()
                    );
                    assert_eq!(
                        pvk.verify(&msg, &ctx, pre.as_bytes()),
                        Err(Error::InvalidSignature),
                        "{label}: HashML-DSA signature verified as pure"
                    );

                    let mut bad = *det.as_bytes();
                    let bit = u32::from_le_bytes(flip) as usize % (SIGNATURE_LEN * 8);
                    bad[bit / 8] ^= 1 << (bit % 8);
                    assert_eq!(vk.verify(&msg, &ctx, &bad), Err(Error::InvalidSignature));
                    assert_eq!(pvk.verify(&msg, &ctx, &bad), Err(Error::InvalidSignature));
                    let mut other = msg.clone();
                    other.push(1);
                    assert!(pvk.verify(&other, &ctx, det.as_bytes()).is_err(), "{label}");
                    assert!(
                        pvk.verify(&msg, b"other", det.as_bytes()).is_err(),
                        "{label}"
                    );
                    assert_eq!(
                        pvk.verify(&msg, &ctx, &det.as_bytes()[1..]),
                        Err(Error::InvalidSignature)
                    );

                    #[cfg(feature = "backend-override")]
                    {
                        pqkit::ml_dsa::force_small_stack_schedule(true);
                        let small = sk.sign_with_randomness(&msg, &ctx, &rnd).unwrap();
                        let small_ok = vk.verify(&msg, &ctx, small.as_bytes()).is_ok();
                        let small_bad = vk.verify(&msg, &ctx, &bad).is_ok();
                        pqkit::ml_dsa::force_small_stack_schedule(false);
                        assert_eq!(small, hedged, "{label}: small-stack schedule");
                        assert!(small_ok && !small_bad, "{label}: small-stack verify");
                    }
                }
            }

            #[test]
            fn empty_and_refilled_keys() {
                let psk = Box::new(PreparedSigningKey::default());
                let pvk = Box::new(PreparedVerifyingKey::default());
                assert!(!psk.is_set() && !pvk.is_set());
                assert_eq!(
                    psk.sign_deterministic(b"m", b"").unwrap_err(),
                    Error::InvalidPrivateKey
                );
                assert_eq!(
                    psk.sign_mu(&[0; 64], &[0; 32]).unwrap_err(),
                    Error::InvalidPrivateKey
                );
                // The all-zero signature of an empty key must not verify
                // under an empty verifying key either.
                assert_eq!(
                    pvk.verify(b"m", b"", &[0u8; SIGNATURE_LEN]),
                    Err(Error::InvalidSignature)
                );
                assert_eq!(
                    psk.sign_deterministic(b"m", &[0u8; 256]).unwrap_err(),
                    Error::ContextTooLong { actual: 256 }
                );
                assert_eq!(
                    pvk.verify(b"m", &[0u8; 256], &[0u8; SIGNATURE_LEN])
                        .unwrap_err(),
                    Error::ContextTooLong { actual: 256 }
                );

                let (a, b) = (
                    SigningKey::from_seed(&[1; 32]),
                    SigningKey::from_seed(&[2; 32]),
                );
                let mut psk = psk;
                let mut pvk = pvk;
                psk.set_from(&a);
                pvk.set_from(&a.verifying_key());
                let sig_a = psk.sign_deterministic(b"m", b"").unwrap();
                psk.set_from(&b);
                pvk.set_from(&b.verifying_key());
                let sig_b = psk.sign_deterministic(b"m", b"").unwrap();
                assert_eq!(sig_b, b.sign_deterministic(b"m", b"").unwrap());
                assert_ne!(sig_a, sig_b);
                assert!(pvk.verify(b"m", b"", sig_b.as_bytes()).is_ok());
                assert!(pvk.verify(b"m", b"", sig_a.as_bytes()).is_err());
                assert!(format!("{psk:?}").contains("PreparedSigningKey"));
            }
        }
    };
}

prepared_suite!(ml_dsa_44);
prepared_suite!(ml_dsa_65);
prepared_suite!(ml_dsa_87);

/// The documented sizes (core/README.md) are the real ones.
#[test]
fn prepared_key_sizes() {
    use pqkit::ml_dsa::{ml_dsa_44, ml_dsa_65, ml_dsa_87};
    let kib = |n: usize| n.div_ceil(1024);
    assert_eq!(kib(ml_dsa_44::PreparedVerifyingKey::SIZE), 21);
    assert_eq!(kib(ml_dsa_44::PreparedSigningKey::SIZE), 29);
    assert_eq!(kib(ml_dsa_65::PreparedVerifyingKey::SIZE), 37);
    assert_eq!(kib(ml_dsa_65::PreparedSigningKey::SIZE), 48);
    assert_eq!(kib(ml_dsa_87::PreparedVerifyingKey::SIZE), 65);
    assert_eq!(kib(ml_dsa_87::PreparedSigningKey::SIZE), 80);
}
