//! ML-DSA key generation (from seed), signing and verification: pqkit next
//! to RustCrypto `ml-dsa`, `libcrux-ml-dsa` through its default API (which
//! picks its AVX2 code at run time on x86-64) and its portable code, and
//! `aws-lc-rs`, in the same criterion group so ratios read off directly.
//!
//! aws-lc-rs signs with fresh randomness (the hedged variant, FIPS 204
//! Algorithm 2 with `rnd` from its DRBG) and has no deterministic signing in
//! its API; the others sign deterministically (`rnd` all zero). Both draw
//! from the same rejection-loop distribution.
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
//! `cargo bench -p pqkit-bench -- --noplot '^ML-DSA-'`

use criterion::{Criterion, SamplingMode, criterion_group};
use std::hint::black_box;

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
    ($fn_name:ident, $name:literal, $pqkit:ident, $rc:ident, $libcrux:ident, $aws:ident, $aws_vk:ident) => {
        fn $fn_name(c: &mut Criterion) {
            use aws_lc_rs::signature::{self as aws, KeyPair as _};
            use libcrux_ml_dsa::$libcrux as lcd;
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
            let lcd_pair = lcd::generate_key_pair(SEED);
            let aws_kp = aws::PqdsaKeyPair::from_seed(&aws::$aws, &SEED).unwrap();
            let aws_vk =
                aws::UnparsedPublicKey::new(&aws::$aws_vk, aws_kp.public_key().as_ref().to_vec());
            let mut prepared = Box::new(PreparedSigningKey::new());
            prepared.set_from(&ours);
            let mut prepared_vk = Box::new(PreparedVerifyingKey::new());
            prepared_vk.set_from(&ours_vk);

            // All agree before they are timed.
            let msg = &msgs[0];
            let sig = ours.sign_deterministic(msg, b"").unwrap();
            let rc_sig = rc_esk.sign_deterministic(msg, b"").unwrap();
            let lc_sig = lc::sign(&lc_pair.signing_key, msg, b"", [0; 32]).unwrap();
            let lcd_sig = lcd::sign(&lcd_pair.signing_key, msg, b"", [0; 32]).unwrap();
            let mut aws_sig = vec![0u8; sig.as_bytes().len()];
            aws_kp.sign(msg, &mut aws_sig).unwrap();
            assert_eq!(&ours_vk.as_bytes()[..], lc_pair.verification_key.as_slice());
            assert_eq!(&ours_vk.as_bytes()[..], &rc_vk.encode()[..]);
            assert_eq!(&sig.as_bytes()[..], lc_sig.as_slice());
            assert_eq!(&sig.as_bytes()[..], &rc_sig.encode()[..]);
            assert_eq!(
                &ours_vk.as_bytes()[..],
                lcd_pair.verification_key.as_slice()
            );
            assert_eq!(&sig.as_bytes()[..], lcd_sig.as_slice());
            assert_eq!(&ours_vk.as_bytes()[..], aws_kp.public_key().as_ref());
            // aws-lc-rs's hedged signature verifies under pqkit, and pqkit's
            // deterministic one under aws-lc-rs.
            ours_vk.verify(msg, b"", &aws_sig).unwrap();
            aws_vk.verify(msg, sig.as_bytes()).unwrap();
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
            g.bench_function("libcrux", |b| {
                b.iter(|| lcd::generate_key_pair(black_box(SEED)))
            });
            g.bench_function("aws-lc-rs", |b| {
                b.iter(|| aws::PqdsaKeyPair::from_seed(&aws::$aws, black_box(&SEED)).unwrap())
            });
            g.finish();

            eprintln!(
                "{}/sign-cctv: one iteration signs {} messages",
                $name,
                msgs.len()
            );
            let mut g = c.benchmark_group(concat!($name, "/sign-cctv-set"));
            // One iteration signs the whole set (tens of milliseconds): few,
            // flat samples; the measurement time comes from the command line.
            g.sample_size(10).sampling_mode(SamplingMode::Flat);
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
            g.bench_function("libcrux", |b| {
                b.iter(|| {
                    for m in &msgs {
                        black_box(
                            lcd::sign(&lcd_pair.signing_key, black_box(m), b"", [0; 32]).unwrap(),
                        );
                    }
                })
            });
            let mut aws_out = vec![0u8; sig.as_bytes().len()];
            g.bench_function("aws-lc-rs", |b| {
                b.iter(|| {
                    for m in &msgs {
                        black_box(aws_kp.sign(black_box(m), &mut aws_out).unwrap());
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
            g.bench_function("libcrux", |b| {
                b.iter(|| {
                    lcd::verify(&lcd_pair.verification_key, black_box(msg), b"", &lcd_sig).unwrap()
                })
            });
            g.bench_function("aws-lc-rs", |b| {
                b.iter(|| aws_vk.verify(black_box(msg), sig.as_bytes()).unwrap())
            });
            g.finish();
        }
    };
}

bench_set!(
    ml_dsa_44,
    "ML-DSA-44",
    ml_dsa_44,
    MlDsa44,
    ml_dsa_44,
    ML_DSA_44_SIGNING,
    ML_DSA_44
);
bench_set!(
    ml_dsa_65,
    "ML-DSA-65",
    ml_dsa_65,
    MlDsa65,
    ml_dsa_65,
    ML_DSA_65_SIGNING,
    ML_DSA_65
);
bench_set!(
    ml_dsa_87,
    "ML-DSA-87",
    ml_dsa_87,
    MlDsa87,
    ml_dsa_87,
    ML_DSA_87_SIGNING,
    ML_DSA_87
);

/// The facts the report prints next to the timings: sizes, the size of
/// each CCTV message set (one `sign-cctv-set` iteration signs all of it),
/// and the backend pqkit selected.
fn facts(_: &mut Criterion) {
    use pqkit::ml_dsa::{ml_dsa_44 as p44, ml_dsa_65 as p65, ml_dsa_87 as p87};
    let set = |name: &str, pk: usize, sk: usize, sig: usize| {
        serde_json::json!({
            "algorithm": name,
            "public_key_bytes": pk,
            "expanded_key_bytes": sk,
            "seed_bytes": pqkit::ml_dsa::SEED_LEN,
            "signature_bytes": sig,
            "cctv_messages": messages(name).len(),
        })
    };
    pqkit_bench::facts::write(
        "ml_dsa",
        serde_json::json!({ "sets": [
            set("ML-DSA-44", p44::PUBLIC_KEY_LEN, p44::EXPANDED_KEY_LEN, p44::SIGNATURE_LEN),
            set("ML-DSA-65", p65::PUBLIC_KEY_LEN, p65::EXPANDED_KEY_LEN, p65::SIGNATURE_LEN),
            set("ML-DSA-87", p87::PUBLIC_KEY_LEN, p87::EXPANDED_KEY_LEN, p87::SIGNATURE_LEN),
        ]}),
    );
}

criterion_group!(benches, facts, ml_dsa_44, ml_dsa_65, ml_dsa_87);
