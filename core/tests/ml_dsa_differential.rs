//! Differential test against RustCrypto `ml-dsa` 0.1.2: for random seeds,
//! messages and context strings, identical public keys, expanded keys,
//! deterministic signatures and `mu`; each side verifies the other's
//! signatures (deterministic and hedged), and both agree on bit-flipped
//! signatures.
//!
//! `PQKIT_DIFF_ITERS` sets the number of iterations per parameter set
//! (default 1,000) and `PQKIT_DIFF_SEED` the master seed. Each iteration
//! draws from its own SHAKE128 stream keyed by (master seed, iteration), so a
//! failure reported as "seed S iteration I" reproduces on its own.

use common::Stream;

fn iterations() -> u64 {
    std::env::var("PQKIT_DIFF_ITERS")
        .map(|v| v.parse().expect("PQKIT_DIFF_ITERS must be an integer"))
        .unwrap_or(1_000)
}

fn master_seed() -> u64 {
    std::env::var("PQKIT_DIFF_SEED")
        .map(|v| v.parse().expect("PQKIT_DIFF_SEED must be an integer"))
        .unwrap_or(0x5eed_0204)
}

macro_rules! differential {
    ($module:ident, $marker:ident) => {
        #[test]
        #[allow(deprecated)] // ml-dsa discourages exporting the expanded key
        fn $module() {
            use ml_dsa::{
                EncodedVerifyingKey, Seed, Signature, SigningKey as RcSigningKey,
                VerifyingKey as RcVerifyingKey, $marker,
            };
            use pqkit::ml_dsa::$module::{SIGNATURE_LEN, SigningKey};

            let (iters, seed) = (iterations(), master_seed());
            for i in 0..iters {
                let label = format!("{} seed {seed} iteration {i}", stringify!($module));
                let mut s = Stream::new(&[
                    stringify!($module).as_bytes(),
                    &seed.to_le_bytes(),
                    &i.to_le_bytes(),
                ]);
                let xi: [u8; 32] = s.bytes();
                let rnd: [u8; 32] = s.bytes();
                let msg = s.vec(300);
                // Mostly short contexts, sometimes the full 255 bytes.
                let ctx = if i % 16 == 0 { s.vec(255) } else { s.vec(16) };
                let flip: [u8; 4] = s.bytes();

                let ours = SigningKey::from_seed(&xi);
                let theirs = RcSigningKey::<$marker>::from_seed(&Seed::from(xi));
                let their_esk = theirs.expanded_key();
                let their_vk = their_esk.verifying_key();
                let vk = ours.verifying_key();

                assert_eq!(
                    &vk.as_bytes()[..],
                    &their_vk.encode()[..],
                    "{label}: public key"
                );
                assert_eq!(
                    &ours.to_expanded_bytes()[..],
                    &their_esk.to_expanded()[..],
                    "{label}: expanded key"
                );

                let mu = vk.compute_mu(&msg, &ctx).unwrap();
                let their_mu = their_vk
                    .compute_mu(
                        |h| {
                            use sha3::digest::Update;
                            h.update(&msg);
                            Ok(())
                        },
                        &ctx,
                    )
                    .unwrap();
                assert_eq!(&mu[..], &their_mu[..], "{label}: mu");

                let sig = ours.sign_deterministic(&msg, &ctx).unwrap();
                let their_sig = their_esk.sign_deterministic(&msg, &ctx).unwrap();
                assert_eq!(
                    &sig.as_bytes()[..],
                    &their_sig.encode()[..],
                    "{label}: signature"
                );
                if i % 4 == 0 {
                    assert_eq!(ours.sign_mu(&mu, &[0; 32]), sig, "{label}: sign_mu");
                }

                // Each verifies the other's: the deterministic signatures and
                // a hedged one from each side.
                assert!(
                    vk.verify(&msg, &ctx, &their_sig.encode()).is_ok(),
                    "{label}"
                );
                assert!(
                    their_vk.verify_with_context(&msg, &ctx, &their_sig),
                    "{label}"
                );
                let hedged = ours.sign_with_randomness(&msg, &ctx, &rnd).unwrap();
                let hedged_rc = Signature::<$marker>::try_from(&hedged.as_bytes()[..]).unwrap();
                assert!(
                    their_vk.verify_with_context(&msg, &ctx, &hedged_rc),
                    "{label}: hedged"
                );
                if i % 4 == 1 {
                    let their_hedged = their_esk
                        .sign_randomized(&msg, &ctx, &mut common::test_rng(i))
                        .unwrap();
                    assert!(
                        vk.verify(&msg, &ctx, &their_hedged.encode()).is_ok(),
                        "{label}"
                    );
                }

                // Key import from bytes on both sides.
                let enc = EncodedVerifyingKey::<$marker>::try_from(&vk.as_bytes()[..]).unwrap();
                assert_eq!(RcVerifyingKey::<$marker>::decode(&enc), their_vk, "{label}");

                // A flipped bit: both sides agree (the hint area can carry
                // encodings one side tolerates, so compare, don't predict).
                let mut bad = *sig.as_bytes();
                let bit = u32::from_le_bytes(flip) as usize % (SIGNATURE_LEN * 8);
                bad[bit / 8] ^= 1 << (bit % 8);
                let ours_ok = vk.verify(&msg, &ctx, &bad).is_ok();
                let theirs_ok = Signature::<$marker>::try_from(&bad[..])
                    .map(|s| their_vk.verify_with_context(&msg, &ctx, &s))
                    .unwrap_or(false);
                assert_eq!(ours_ok, theirs_ok, "{label}: flipped bit {bit}");
                assert!(!ours_ok, "{label}: flipped bit {bit} still verifies");
            }
        }
    };
}

mod common;

differential!(ml_dsa_44, MlDsa44);
differential!(ml_dsa_65, MlDsa65);
differential!(ml_dsa_87, MlDsa87);
