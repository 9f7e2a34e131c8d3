//! `cargo xtask soak`: the long runs, not part of `cargo xtask test` (about
//! an hour on one core of a laptop-class x86-64):
//!
//! 1. the C2SP CCTV accumulated ML-DSA test, 10,000 keys and deterministic
//!    signatures per parameter set, against the published hashes, on every
//!    backend the machine can run;
//! 2. the same accumulation for ML-KEM, 1,000,000 iterations per parameter
//!    set, on every backend and with RustCrypto `ml-kem`, all equal;
//! 3. the backend differential (`core/tests/backend_differential.rs`) at
//!    1,000,000 operations per parameter set.
//!
//! The computations are `#[ignore]`d release tests in `core/tests/`; this
//! task runs them and prints each part's wall time and the hashes.

use crate::util::{Result, cargo, run_tee, step};
use std::time::Instant;

const FEATURES: &str = "std,backend-override";

/// One long run: a release test of the core, optionally one `#[ignore]`d
/// test of it, with environment settings.
struct Part {
    what: &'static str,
    test: &'static str,
    ignored: Option<&'static str>,
    env: &'static [(&'static str, &'static str)],
}

fn release_test(test: &str, filter: Option<&str>, env: &[(&str, &str)]) -> Result<String> {
    let mut c = cargo();
    c.args([
        "test",
        "--release",
        "-p",
        "pqkit",
        "--features",
        FEATURES,
        "--test",
        test,
    ]);
    for (k, v) in env {
        c.env(k, v);
    }
    c.arg("--");
    if let Some(f) = filter {
        c.args(["--ignored", "--exact", f]);
    }
    c.arg("--nocapture");
    let (ok, log) = run_tee(&mut c);
    if ok {
        Ok(log)
    } else {
        Err(format!("`cargo test --test {test}` failed"))
    }
}

pub fn run(args: &[String]) -> Result {
    if let Some(a) = args.first() {
        return Err(format!("`cargo xtask soak` takes no arguments (got `{a}`)"));
    }
    step("building the release tests");
    crate::util::run(cargo().args([
        "test",
        "--release",
        "-p",
        "pqkit",
        "--features",
        FEATURES,
        "--no-run",
        "--test",
        "accumulated",
        "--test",
        "backend_differential",
    ]))?;
    let parts = [
        Part {
            what: "CCTV accumulated ML-DSA, 10,000 keys per parameter set, every backend",
            test: "accumulated",
            ignored: Some("soak_ml_dsa_accumulated_10000"),
            env: &[],
        },
        Part {
            what: "accumulated ML-KEM, 1,000,000 iterations per parameter set, every backend and RustCrypto ml-kem",
            test: "accumulated",
            ignored: Some("soak_ml_kem_accumulated"),
            env: &[("PQKIT_ACCUMULATED_KEM_ITERS", "1000000")],
        },
        Part {
            what: "backend differential, 1,000,000 operations per parameter set",
            test: "backend_differential",
            ignored: None,
            env: &[("PQKIT_BACKEND_DIFF_ITERS", "1000000")],
        },
    ];
    let mut summary = Vec::new();
    for Part {
        what,
        test,
        ignored,
        env,
    } in parts
    {
        step(what);
        let t = Instant::now();
        let log = release_test(test, ignored, env)?;
        let secs = t.elapsed().as_secs_f64();
        println!("==> {secs:.0} s wall: {what}");
        summary.push(format!("{secs:>8.0} s  {what}"));
        summary.extend(
            log.lines()
                .filter(|l| l.starts_with("soak: ") || l.contains("iterations equal to portable"))
                .map(|l| format!("            {l}")),
        );
    }
    println!();
    for line in summary {
        println!("{line}");
    }
    Ok(())
}
