//! Differential test against RustCrypto `ml-kem` 0.3.4: for random seeds and
//! messages, identical encapsulation keys, expanded decapsulation keys,
//! ciphertexts and shared secrets, and identical implicit-rejection secrets
//! for random ciphertexts.
//!
//! `PQKIT_DIFF_ITERS` sets the number of iterations per parameter set
//! (default 10,000; the long run uses 1,000,000) and `PQKIT_DIFF_SEED` the
//! master seed. Each iteration draws from its own SHAKE128 stream keyed by
//! (master seed, iteration), so a failure reported as "seed S iteration I"
//! reproduces with `PQKIT_DIFF_SEED=S` on its own.

use pqkit::hash::{Shake128Reader, Xof};

fn iterations() -> u64 {
    std::env::var("PQKIT_DIFF_ITERS")
        .map(|v| v.parse().expect("PQKIT_DIFF_ITERS must be an integer"))
        .unwrap_or(10_000)
}

fn master_seed() -> u64 {
    std::env::var("PQKIT_DIFF_SEED")
        .map(|v| v.parse().expect("PQKIT_DIFF_SEED must be an integer"))
        .unwrap_or(0x5eed_0203)
}

/// Deterministic byte stream of one iteration.
struct Stream(Shake128Reader);

impl Stream {
    fn new(label: &str, seed: u64, iteration: u64) -> Self {
        Stream(Shake128Reader::new(&[
            label.as_bytes(),
            &seed.to_le_bytes(),
            &iteration.to_le_bytes(),
        ]))
    }

    fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        self.0.squeeze(&mut out);
        out
    }
}

macro_rules! differential {
    ($module:ident, $marker:ident) => {
        #[test]
        #[allow(deprecated)] // ml-kem calls the expanded key encoding legacy
        fn $module() {
            use ml_kem::{Decapsulate, ExpandedKeyEncoding, KeyExport};
            use pqkit::ml_kem::$module::{CIPHERTEXT_LEN, Ciphertext, DecapsulationKey};

            let (iters, seed) = (iterations(), master_seed());
            for i in 0..iters {
                let ctx = format!("{} seed {seed} iteration {i}", stringify!($module));
                let mut s = Stream::new(stringify!($module), seed, i);
                let key_seed: [u8; 64] = s.bytes();
                let m: [u8; 32] = s.bytes();
                let random_ct: [u8; CIPHERTEXT_LEN] = s.bytes();

                let ours = DecapsulationKey::from_seed(&key_seed);
                let theirs = ml_kem::$module::DecapsulationKey::from_seed(key_seed.into());
                let their_ek = theirs.encapsulation_key();
                assert_eq!(
                    &ours.encapsulation_key().as_bytes()[..],
                    &their_ek.to_bytes()[..],
                    "ek, {ctx}"
                );
                assert_eq!(
                    &ours.to_expanded_bytes()[..],
                    &theirs.to_expanded_bytes()[..],
                    "dk, {ctx}"
                );

                let (ct, k) = ours.encapsulation_key().encapsulate_deterministic(&m);
                let (their_ct, their_k) = their_ek.encapsulate_deterministic(&m.into());
                assert_eq!(&ct.as_bytes()[..], &their_ct[..], "ct, {ctx}");
                assert_eq!(&k.as_bytes()[..], &their_k[..], "K, {ctx}");
                assert_eq!(ours.decapsulate(&ct), k, "decaps, {ctx}");

                // Implicit rejection on a random ciphertext.
                let bad = Ciphertext::from(random_ct);
                let rejected = ours.decapsulate(&bad);
                assert_eq!(
                    &rejected.as_bytes()[..],
                    &theirs.decapsulate(&random_ct.into())[..],
                    "rejection, {ctx}"
                );
                assert_ne!(rejected, k, "{ctx}");
            }
            eprintln!("{}: {iters} iterations agree", stringify!($module));
        }
    };
}

differential!(ml_kem_512, MlKem512);
differential!(ml_kem_768, MlKem768);
differential!(ml_kem_1024, MlKem1024);
