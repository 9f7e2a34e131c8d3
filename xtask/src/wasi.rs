//! The `wasi` suite: the core's own tests compiled for wasm32-wasip1 with
//! simd128 and run under Node's WASI (`xtask/wasi/runner.mjs`), so that the
//! simd128 backend's operation-by-operation tests against the portable
//! backend, the ML-KEM and ML-DSA vector and differential tests and the
//! whole-operation backend differential all run on WebAssembly too.

use crate::test::{Outcome, libtest_counts};
use crate::util::{self, cargo, root, run_tee, step};
use std::process::Command;

const TARGET: &str = "wasm32-wasip1";

/// The ML-KEM and ML-DSA integration tests that need nothing but the core
/// (and the RustCrypto oracles).
const TESTS: &[&str] = &[
    "ml_kem_api",
    "ml_kem_wycheproof",
    "ml_kem_cctv",
    "ml_kem_differential",
    "backend_differential",
    "ml_dsa_api",
    "ml_dsa_wycheproof",
    "ml_dsa_prepared",
    "ml_dsa_differential",
];

fn wasi_cargo() -> Command {
    let mut c = cargo();
    c.env(
        "CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS",
        "-C target-feature=+simd128",
    )
    .env(
        "CARGO_TARGET_WASM32_WASIP1_RUNNER",
        format!("node {}", root().join("xtask/wasi/runner.mjs").display()),
    );
    c
}

pub fn test() -> Outcome {
    if let Err(e) = util::ensure_targets(&[TARGET]) {
        return Outcome::single(Err(e));
    }
    step("core unit tests on wasm32-wasip1 (simd128 backend against portable)");
    let (ok_lib, log_lib) = run_tee(wasi_cargo().args([
        "test",
        "-p",
        "pqkit",
        "--release",
        "--lib",
        "--target",
        TARGET,
        "--no-default-features",
    ]));
    step("ML-KEM and ML-DSA vector and differential tests on wasm32-wasip1");
    let mut c = wasi_cargo();
    c.args([
        "test",
        "-p",
        "pqkit",
        "--release",
        "--target",
        TARGET,
        "--no-default-features",
        "--features",
        "kem,der,std,backend-override",
    ]);
    for t in TESTS {
        c.args(["--test", t]);
    }
    let (ok_int, log_int) = run_tee(&mut c);
    let (p1, f1) = libtest_counts(&log_lib);
    let (p2, f2) = libtest_counts(&log_int);
    Outcome::from_counts(ok_lib && ok_int, p1 + p2, f1 + f2, "wasi tests")
}
