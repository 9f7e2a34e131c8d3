//! ML-KEM key generation (from seed), deterministic encapsulation and
//! decapsulation: pqkit next to RustCrypto `ml-kem`, `libcrux-ml-kem` through
//! its default API (which dispatches to AVX2 at run time on x86-64) and its
//! portable code, and `aws-lc-rs`, in the same criterion group so ratios
//! read off directly.
//!
//! aws-lc-rs has no seeded key generation or deterministic encapsulation in
//! its API: its rows include drawing the randomness from its DRBG (a few
//! hundred nanoseconds, small beside the operation).
//!
//! `cargo bench -p pqkit-bench -- --warm-up-time 0.5 --measurement-time 1 '^ML-KEM-'`

use criterion::{Criterion, criterion_group};
use std::hint::black_box;

const SEED: [u8; 64] = [0x42; 64];
const M: [u8; 32] = [0x17; 32];

macro_rules! bench_set {
    ($fn_name:ident, $name:literal, $pqkit:ident, $rustcrypto:ident, $libcrux:ident, $aws:ident) => {
        fn $fn_name(c: &mut Criterion) {
            use aws_lc_rs::kem as aws;
            use libcrux_ml_kem::$libcrux as lcd;
            use libcrux_ml_kem::$libcrux::portable as lc;
            use ml_kem::{Decapsulate, KeyExport};
            use pqkit::ml_kem::$pqkit::DecapsulationKey;

            let ours = DecapsulationKey::from_seed(&SEED);
            let ours_ek = ours.encapsulation_key().clone();
            let (ours_ct, _) = ours_ek.encapsulate_deterministic(&M);

            let rc = ml_kem::$rustcrypto::DecapsulationKey::from_seed(SEED.into());
            let rc_ek = rc.encapsulation_key().clone();
            let (rc_ct, _) = rc_ek.encapsulate_deterministic(&M.into());

            let lc_pair = lc::generate_key_pair(SEED);
            let (lc_ct, _) = lc::encapsulate(lc_pair.public_key(), M);

            let lcd_pair = lcd::generate_key_pair(SEED);
            let (lcd_ct, _) = lcd::encapsulate(lcd_pair.public_key(), M);

            let aws_dk = aws::DecapsulationKey::generate(&aws::$aws).unwrap();
            let aws_ek = aws_dk.encapsulation_key().unwrap();
            let (aws_ct, aws_k) = aws_ek.encapsulate().unwrap();
            let aws_ct = aws_ct.as_ref().to_vec();

            // All agree before they are timed (aws-lc-rs on its own random
            // key: its shared secrets must round-trip).
            assert_eq!(&ours_ek.as_bytes()[..], &rc_ek.to_bytes()[..]);
            assert_eq!(&ours_ek.as_bytes()[..], lc_pair.public_key().as_slice());
            assert_eq!(&ours_ek.as_bytes()[..], lcd_pair.public_key().as_slice());
            assert_eq!(&ours_ct.as_bytes()[..], lc_ct.as_slice());
            assert_eq!(&ours_ct.as_bytes()[..], lcd_ct.as_slice());
            assert_eq!(
                aws_dk
                    .decapsulate(aws_ct.as_slice().into())
                    .unwrap()
                    .as_ref(),
                aws_k.as_ref()
            );

            let mut g = c.benchmark_group(concat!($name, "/keygen"));
            g.bench_function("pqkit", |b| {
                b.iter(|| DecapsulationKey::from_seed(black_box(&SEED)))
            });
            g.bench_function("rustcrypto", |b| {
                b.iter(|| ml_kem::$rustcrypto::DecapsulationKey::from_seed(black_box(SEED).into()))
            });
            g.bench_function("libcrux-portable", |b| {
                b.iter(|| lc::generate_key_pair(black_box(SEED)))
            });
            g.bench_function("libcrux", |b| {
                b.iter(|| lcd::generate_key_pair(black_box(SEED)))
            });
            g.bench_function("aws-lc-rs", |b| {
                b.iter(|| aws::DecapsulationKey::generate(black_box(&aws::$aws)).unwrap())
            });
            g.finish();

            let mut g = c.benchmark_group(concat!($name, "/encaps"));
            g.bench_function("pqkit", |b| {
                b.iter(|| ours_ek.encapsulate_deterministic(black_box(&M)))
            });
            g.bench_function("rustcrypto", |b| {
                b.iter(|| rc_ek.encapsulate_deterministic(&black_box(M).into()))
            });
            g.bench_function("libcrux-portable", |b| {
                b.iter(|| lc::encapsulate(lc_pair.public_key(), black_box(M)))
            });
            g.bench_function("libcrux", |b| {
                b.iter(|| lcd::encapsulate(lcd_pair.public_key(), black_box(M)))
            });
            g.bench_function("aws-lc-rs", |b| {
                b.iter(|| black_box(&aws_ek).encapsulate().unwrap())
            });
            g.finish();

            let mut g = c.benchmark_group(concat!($name, "/decaps"));
            g.bench_function("pqkit", |b| {
                b.iter(|| ours.decapsulate(black_box(&ours_ct)))
            });
            g.bench_function("rustcrypto", |b| {
                b.iter(|| rc.decapsulate(black_box(&rc_ct)))
            });
            g.bench_function("libcrux-portable", |b| {
                b.iter(|| lc::decapsulate(lc_pair.private_key(), black_box(&lc_ct)))
            });
            g.bench_function("libcrux", |b| {
                b.iter(|| lcd::decapsulate(lcd_pair.private_key(), black_box(&lcd_ct)))
            });
            g.bench_function("aws-lc-rs", |b| {
                b.iter(|| {
                    aws_dk
                        .decapsulate(black_box(aws_ct.as_slice()).into())
                        .unwrap()
                })
            });
            g.finish();
        }
    };
}

bench_set!(
    ml_kem_512,
    "ML-KEM-512",
    ml_kem_512,
    ml_kem_512,
    mlkem512,
    ML_KEM_512
);
bench_set!(
    ml_kem_768,
    "ML-KEM-768",
    ml_kem_768,
    ml_kem_768,
    mlkem768,
    ML_KEM_768
);
bench_set!(
    ml_kem_1024,
    "ML-KEM-1024",
    ml_kem_1024,
    ml_kem_1024,
    mlkem1024,
    ML_KEM_1024
);

/// The facts the report prints next to the timings: sizes and the backend
/// pqkit selected.
fn facts(_: &mut Criterion) {
    use pqkit::ml_kem::{ml_kem_512 as k512, ml_kem_768 as k768, ml_kem_1024 as k1024};
    let set = |name: &str, ek: usize, dk: usize, ct: usize| {
        serde_json::json!({
            "algorithm": name,
            "encapsulation_key_bytes": ek,
            "decapsulation_key_bytes": dk,
            "seed_bytes": pqkit::ml_kem::SEED_LEN,
            "ciphertext_bytes": ct,
            "shared_secret_bytes": pqkit::ml_kem::SHARED_SECRET_LEN,
        })
    };
    pqkit_bench::facts::write(
        "ml_kem",
        serde_json::json!({ "sets": [
            set("ML-KEM-512", k512::ENCAPSULATION_KEY_LEN, k512::DECAPSULATION_KEY_LEN, k512::CIPHERTEXT_LEN),
            set("ML-KEM-768", k768::ENCAPSULATION_KEY_LEN, k768::DECAPSULATION_KEY_LEN, k768::CIPHERTEXT_LEN),
            set("ML-KEM-1024", k1024::ENCAPSULATION_KEY_LEN, k1024::DECAPSULATION_KEY_LEN, k1024::CIPHERTEXT_LEN),
        ]}),
    );
}

criterion_group!(benches, facts, ml_kem_512, ml_kem_768, ml_kem_1024);
