//! Every SIMD backend this machine can run against the portable backend,
//! whole operations on random seeds. ML-KEM: identical encapsulation keys,
//! expanded decapsulation keys, ciphertexts, shared secrets and
//! implicit-rejection secrets. ML-DSA: identical keys (from the seed and
//! re-imported from the expanded form), signatures on both signing
//! schedules and with prepared keys, and verdicts on good and corrupted
//! signatures.
//!
//! Needs the `backend-override` feature (`cargo xtask test` runs it);
//! `PQKIT_BACKEND_DIFF_ITERS` sets the ML-KEM iterations per parameter set
//! and backend (default 10,000; the long run uses 1,000,000),
//! `PQKIT_DSA_DIFF_ITERS` the ML-DSA ones (default 1,000; the long run uses
//! 100,000), `PQKIT_DIFF_SEED` the master seed.
#![cfg(feature = "backend-override")]

use pqkit::arith::{BackendKind, available_backends, force_backend};
use pqkit::hash::{Shake128Reader, Xof};
use std::sync::Mutex;

/// The backend switch is process-wide: the tests of this file take turns.
static SWITCH: Mutex<()> = Mutex::new(());

fn iterations() -> u64 {
    iterations_from("PQKIT_BACKEND_DIFF_ITERS", 10_000)
}

fn iterations_from(var: &str, default: u64) -> u64 {
    std::env::var(var)
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{var} must be an integer"))
        })
        .unwrap_or(default)
}

fn master_seed() -> u64 {
    std::env::var("PQKIT_DIFF_SEED")
        .map(|v| v.parse().expect("PQKIT_DIFF_SEED must be an integer"))
        .unwrap_or(0x5eed_51bd)
}

fn simd_backends() -> Vec<BackendKind> {
    available_backends()
        .filter(|&k| k != BackendKind::Portable)
        .collect()
}

/// Runs `f` on `kind`.
fn on<T>(kind: BackendKind, f: impl FnOnce() -> T) -> T {
    force_backend(Some(kind)).expect("available backend");
    let out = f();
    force_backend(None).expect("clearing the override");
    out
}

macro_rules! differential {
    ($module:ident) => {
        #[test]
        fn $module() {
            use pqkit::ml_kem::$module::{CIPHERTEXT_LEN, Ciphertext, DecapsulationKey};

            let _turn = SWITCH.lock().unwrap_or_else(|e| e.into_inner());
            let backends = simd_backends();
            if backends.is_empty() {
                eprintln!(
                    "{}: SKIPPED, no SIMD backend on this machine",
                    stringify!($module)
                );
                return;
            }
            // Everything one backend computes for one iteration.
            let run = |key_seed: &[u8; 64], m: &[u8; 32], random_ct: &[u8; CIPHERTEXT_LEN]| {
                let dk = DecapsulationKey::from_seed(key_seed);
                let ek = dk.encapsulation_key().as_bytes().to_vec();
                let expanded = dk.to_expanded_bytes().to_vec();
                let (ct, k) = dk.encapsulation_key().encapsulate_deterministic(m);
                let k_back = dk.decapsulate(&ct);
                let rejected = dk.decapsulate(&Ciphertext::from(*random_ct));
                // Decapsulation from the expanded form, which skips key
                // generation: the decryption path on its own.
                let reloaded = DecapsulationKey::from_expanded_bytes(&expanded).unwrap();
                let k_reloaded = reloaded.decapsulate(&ct);
                (
                    ek,
                    expanded,
                    ct.as_bytes().to_vec(),
                    *k.as_bytes(),
                    *k_back.as_bytes(),
                    *rejected.as_bytes(),
                    *k_reloaded.as_bytes(),
                )
            };
            let (iters, seed) = (iterations(), master_seed());
            for &backend in &backends {
                for i in 0..iters {
                    let mut s = Shake128Reader::new(&[
                        stringify!($module).as_bytes(),
                        &seed.to_le_bytes(),
                        &i.to_le_bytes(),
                    ]);
                    let mut key_seed = [0u8; 64];
                    let mut m = [0u8; 32];
                    let mut random_ct = [0u8; CIPHERTEXT_LEN];
                    s.squeeze(&mut key_seed);
                    s.squeeze(&mut m);
                    s.squeeze(&mut random_ct);

                    let reference = on(BackendKind::Portable, || run(&key_seed, &m, &random_ct));
                    let ours = on(backend, || run(&key_seed, &m, &random_ct));
                    assert!(
                        reference == ours,
                        "{} on {}: differs from portable, seed {seed} iteration {i}",
                        stringify!($module),
                        backend.name()
                    );
                    assert_eq!(reference.3, reference.4, "round trip, iteration {i}");
                    assert_ne!(reference.3, reference.5, "rejection, iteration {i}");
                }
                eprintln!(
                    "{} on {}: {iters} iterations equal to portable",
                    stringify!($module),
                    backend.name()
                );
            }
        }
    };
}

differential!(ml_kem_512);
differential!(ml_kem_768);
differential!(ml_kem_1024);

macro_rules! dsa_differential {
    ($module:ident) => {
        #[test]
        fn $module() {
            use pqkit::ml_dsa::force_small_stack_schedule;
            use pqkit::ml_dsa::$module::{
                PreparedSigningKey, PreparedVerifyingKey, SIGNATURE_LEN, SigningKey,
            };

            let _turn = SWITCH.lock().unwrap_or_else(|e| e.into_inner());
            let backends = simd_backends();
            if backends.is_empty() {
                eprintln!(
                    "{}: SKIPPED, no SIMD backend on this machine",
                    stringify!($module)
                );
                return;
            }
            // Everything one backend computes for one iteration.
            let run = |seed: &[u8; 32], mu: &[u8; 64], rnd: &[u8; 32], flip: usize| {
                let sk = SigningKey::from_seed(seed);
                let vk = sk.verifying_key();
                let expanded = sk.to_expanded_bytes().to_vec();
                let reloaded = SigningKey::from_expanded_bytes(&expanded).unwrap();
                let sig = sk.sign_mu(mu, rnd);
                let sig_reloaded = reloaded.sign_mu(mu, rnd);
                let mut prepared = Box::new(PreparedSigningKey::new());
                prepared.set_from(&sk);
                let sig_prepared = prepared.sign_mu(mu, rnd).expect("prepared key is set");
                force_small_stack_schedule(true);
                let sig_small = sk.sign_mu(mu, rnd);
                let ok_small = vk.verify_mu(mu, sig.as_bytes()).is_ok();
                force_small_stack_schedule(false);
                let ok = vk.verify_mu(mu, sig.as_bytes()).is_ok();
                let mut bad = *sig.as_bytes();
                bad[flip % SIGNATURE_LEN] ^= 1 << (flip % 8);
                let bad_ok = vk.verify_mu(mu, &bad).is_ok();
                let mut pvk = Box::new(PreparedVerifyingKey::new());
                pvk.set_from(&vk);
                let ok_prepared = pvk.verify_mu(mu, sig.as_bytes()).is_ok();
                let bad_prepared = pvk.verify_mu(mu, &bad).is_ok();
                (
                    vk.as_bytes().to_vec(),
                    expanded,
                    sig.as_bytes().to_vec(),
                    [sig_reloaded, sig_prepared, sig_small].map(|s| s.as_bytes().to_vec()),
                    [ok, ok_small, ok_prepared, bad_ok, bad_prepared],
                )
            };
            let (iters, seed) = (
                iterations_from("PQKIT_DSA_DIFF_ITERS", 1_000),
                master_seed(),
            );
            for &backend in &backends {
                for i in 0..iters {
                    let mut s = Shake128Reader::new(&[
                        stringify!($module).as_bytes(),
                        &seed.to_le_bytes(),
                        &i.to_le_bytes(),
                    ]);
                    let (mut key_seed, mut mu, mut rnd, mut flip) =
                        ([0u8; 32], [0u8; 64], [0u8; 32], [0u8; 4]);
                    s.squeeze(&mut key_seed);
                    s.squeeze(&mut mu);
                    s.squeeze(&mut rnd);
                    s.squeeze(&mut flip);
                    let flip = u32::from_le_bytes(flip) as usize;

                    let reference = on(BackendKind::Portable, || run(&key_seed, &mu, &rnd, flip));
                    let ours = on(backend, || run(&key_seed, &mu, &rnd, flip));
                    assert!(
                        reference == ours,
                        "{} on {}: differs from portable, seed {seed} iteration {i}",
                        stringify!($module),
                        backend.name()
                    );
                    for other in &reference.3 {
                        assert_eq!(&reference.2, other, "schedules, iteration {i}");
                    }
                    assert_eq!(
                        reference.4,
                        [true, true, true, false, false],
                        "verdicts, iteration {i}"
                    );
                }
                eprintln!(
                    "{} on {}: {iters} iterations equal to portable",
                    stringify!($module),
                    backend.name()
                );
            }
        }
    };
}

dsa_differential!(ml_dsa_44);
dsa_differential!(ml_dsa_65);
dsa_differential!(ml_dsa_87);

/// The override refuses what the machine cannot run and leaves the
/// selection as it was.
#[test]
fn override_refuses_unavailable_backends() {
    let _turn = SWITCH.lock().unwrap_or_else(|e| e.into_inner());
    let before = pqkit::arith::selected_backend();
    for kind in BackendKind::ALL {
        if !kind.is_available() {
            assert_eq!(
                force_backend(Some(kind)),
                Err(pqkit::Error::BackendUnavailable)
            );
            assert_eq!(pqkit::arith::selected_backend(), before);
        }
    }
    assert!(available_backends().any(|k| k == BackendKind::Portable));
}
