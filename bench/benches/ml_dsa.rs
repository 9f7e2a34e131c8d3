//! ML-DSA key generation (from seed), signing and verification: pqkit next
//! to RustCrypto `ml-dsa` and `libcrux-ml-dsa` (portable), in the same
//! criterion group so ratios read off directly.
//!
//! Signing is timed over the CCTV benchmark message sets
//! (`../shared/vectors/cctv/ML-DSA/benchmark/`): every message of the set
//! signed deterministically, empty context, key from the all-zero seed. The
//! sets have a representative distribution of rejection-loop iterations, so
//! one criterion iteration is the whole set and the average signing time is
//! its time divided by the set size (printed before the group runs).
//!
//! `pqkit-prepared` rows use the prepared keys (`PreparedSigningKey`,
//! `PreparedVerifyingKey`: `A_hat` and the transformed secrets held), set up
//! once outside the timing; `pqkit` verifies from a parsed `VerifyingKey`,
//! `pqkit-from-bytes` parses the encoded key first.
//!
//! `cargo bench -p pqkit-bench --bench ml_dsa -- --noplot`

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

const SEED: [u8; 32] = [0; 32];

/// The CCTV message set of one parameter set, or a single message when the
/// vectors are not present.
fn messages(name: &str) -> Vec<Vec<u8>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/vectors/cctv/ML-DSA/benchmark")
        .join(format!("{name}.json"));
    match std::fs::read(&path) {
        Ok(bytes) => {
            let list: Vec<String> = serde_json::from_slice(&bytes).expect("CCTV message list");
            list.into_iter().map(String::into_bytes).collect()
        }
        Err(_) => {
            eprintln!("CCTV set missing at {}: timing one message", path.display());
            vec![b"pqkit benchmark message".to_vec()]
        }
    }
}

macro_rules! bench_set {
    ($fn_name:ident, $name:literal, $pqkit:ident, $rc:ident, $libcrux:ident) => {
        fn $fn_name(c: &mut Criterion) {
            use libcrux_ml_dsa::$libcrux::portable as lc;
            use ml_dsa::{Seed, SigningKey as RcSigningKey, $rc};
            use pqkit::ml_dsa::$pqkit::{
                PreparedSigningKey, PreparedVerifyingKey, SigningKey, VerifyingKey,
            };

            let msgs = messages($name);
            let ours = SigningKey::from_seed(&SEED);
            let ours_vk = ours.verifying_key();
            let rc = RcSigningKey::<$rc>::from_seed(&Seed::from(SEED));
            let rc_esk = rc.expanded_key();
            let rc_vk = rc_esk.verifying_key();
            let lc_pair = lc::generate_key_pair(SEED);
            let mut prepared = Box::new(PreparedSigningKey::new());
            prepared.set_from(&ours);
            let mut prepared_vk = Box::new(PreparedVerifyingKey::new());
            prepared_vk.set_from(&ours_vk);

            // All three agree before they are timed.
            let msg = &msgs[0];
            let sig = ours.sign_deterministic(msg, b"").unwrap();
            let rc_sig = rc_esk.sign_deterministic(msg, b"").unwrap();
            let lc_sig = lc::sign(&lc_pair.signing_key, msg, b"", [0; 32]).unwrap();
            assert_eq!(&ours_vk.as_bytes()[..], lc_pair.verification_key.as_slice());
            assert_eq!(&ours_vk.as_bytes()[..], &rc_vk.encode()[..]);
            assert_eq!(&sig.as_bytes()[..], lc_sig.as_slice());
            assert_eq!(&sig.as_bytes()[..], &rc_sig.encode()[..]);
            assert_eq!(prepared.sign_deterministic(msg, b"").unwrap(), sig);

            let mut g = c.benchmark_group(concat!($name, "/keygen"));
            g.bench_function("pqkit", |b| {
                b.iter(|| SigningKey::from_seed(black_box(&SEED)))
            });
            g.bench_function("rustcrypto", |b| {
                b.iter(|| RcSigningKey::<$rc>::from_seed(&Seed::from(black_box(SEED))))
            });
            g.bench_function("libcrux-portable", |b| {
                b.iter(|| lc::generate_key_pair(black_box(SEED)))
            });
            g.finish();

            eprintln!(
                "{}/sign-cctv: one iteration signs {} messages",
                $name,
                msgs.len()
            );
            let mut g = c.benchmark_group(concat!($name, "/sign-cctv-set"));
            g.sample_size(10).measurement_time(Duration::from_secs(8));
            g.bench_function("pqkit", |b| {
                b.iter(|| {
                    for m in &msgs {
                        black_box(ours.sign_deterministic(black_box(m), b"").unwrap());
                    }
                })
            });
            g.bench_function("pqkit-prepared", |b| {
                b.iter(|| {
                    for m in &msgs {
                        black_box(prepared.sign_deterministic(black_box(m), b"").unwrap());
                    }
                })
            });
            g.bench_function("rustcrypto", |b| {
                b.iter(|| {
                    for m in &msgs {
                        black_box(rc_esk.sign_deterministic(black_box(m), b"").unwrap());
                    }
                })
            });
            g.bench_function("libcrux-portable", |b| {
                b.iter(|| {
                    for m in &msgs {
                        black_box(
                            lc::sign(&lc_pair.signing_key, black_box(m), b"", [0; 32]).unwrap(),
                        );
                    }
                })
            });
            g.finish();

            let mut g = c.benchmark_group(concat!($name, "/verify"));
            g.bench_function("pqkit", |b| {
                b.iter(|| ours_vk.verify(black_box(msg), b"", sig.as_bytes()).unwrap())
            });
            g.bench_function("pqkit-from-bytes", |b| {
                b.iter(|| {
                    VerifyingKey::from_bytes(black_box(ours_vk.as_bytes()))
                        .unwrap()
                        .verify(black_box(msg), b"", sig.as_bytes())
                        .unwrap()
                })
            });
            g.bench_function("pqkit-prepared", |b| {
                b.iter(|| {
                    prepared_vk
                        .verify(black_box(msg), b"", sig.as_bytes())
                        .unwrap()
                })
            });
            g.bench_function("rustcrypto", |b| {
                b.iter(|| assert!(rc_vk.verify_with_context(black_box(msg), b"", &rc_sig)))
            });
            g.bench_function("libcrux-portable", |b| {
                b.iter(|| {
                    lc::verify(&lc_pair.verification_key, black_box(msg), b"", &lc_sig).unwrap()
                })
            });
            g.finish();
        }
    };
}

bench_set!(ml_dsa_44, "ML-DSA-44", ml_dsa_44, MlDsa44, ml_dsa_44);
bench_set!(ml_dsa_65, "ML-DSA-65", ml_dsa_65, MlDsa65, ml_dsa_65);
bench_set!(ml_dsa_87, "ML-DSA-87", ml_dsa_87, MlDsa87, ml_dsa_87);

criterion_group!(benches, ml_dsa_44, ml_dsa_65, ml_dsa_87);
criterion_main!(benches);
