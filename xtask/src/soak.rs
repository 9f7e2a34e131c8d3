//! `cargo xtask soak`: the long runs, not part of `cargo xtask test` (about
//! an hour of CPU time on a laptop-class x86-64, half that in wall time on
//! two cores):
//!
//! 1. the C2SP CCTV accumulated ML-DSA test, 10,000 keys and deterministic
//!    signatures per parameter set, against the published hashes, on every
//!    backend the machine can run;
//! 2. the same accumulation for ML-KEM, 1,000,000 iterations per parameter
//!    set, on every backend and with RustCrypto `ml-kem`, all equal;
//! 3. the backend differential (`core/tests/backend_differential.rs`) at
//!    1,000,000 ML-KEM operations and 100,000 ML-DSA keys and signatures
//!    per parameter set.
//!
//! The computations are release tests in `core/tests/` (the accumulations
//! `#[ignore]`d); this task builds them once and runs them at once as six
//! processes (the ML-KEM accumulation one per parameter set, the
//! differential one per algorithm), printing each one's wall time and the
//! hashes.

use crate::util::{self, Result, cargo, run_tee, step};
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::thread;
use std::time::Instant;

const FEATURES: &str = "std,backend-override";
const TESTS: [&str; 2] = ["accumulated", "backend_differential"];

/// One long run: a release test binary of the core, the tests of it that
/// `args` pick, with environment settings.
struct Part {
    what: &'static str,
    test: &'static str,
    /// Test-binary arguments that pick the part's tests.
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
}

/// Builds the release test binaries and returns their paths by test name.
/// The parts then run the binaries directly: several `cargo test` processes
/// would queue behind one another on the build directory's lock.
fn build() -> Result<HashMap<String, PathBuf>> {
    let mut c = cargo();
    c.args([
        "test",
        "--release",
        "-p",
        "pqkit",
        "--features",
        FEATURES,
        "--no-run",
        "--message-format=json-render-diagnostics",
    ]);
    for t in TESTS {
        c.args(["--test", t]);
    }
    let out = util::output(&mut c)?;
    let mut found = HashMap::new();
    for line in out.lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let name = msg["target"]["name"].as_str().unwrap_or_default();
        if let (Some(exe), true) = (msg["executable"].as_str(), TESTS.contains(&name)) {
            found.insert(name.to_string(), PathBuf::from(exe));
        }
    }
    for t in TESTS {
        if !found.contains_key(t) {
            return Err(format!("cargo built no test binary named `{t}`"));
        }
    }
    Ok(found)
}

fn run_part(exe: &PathBuf, part: &Part) -> Result<String> {
    let mut c = Command::new(exe);
    c.current_dir(util::root().join("core"));
    for (k, v) in part.env {
        c.env(k, v);
    }
    c.args(part.args);
    // The differential's three parameter sets share one global backend
    // override, so they run one after another within their process.
    c.args(["--nocapture", "--test-threads=1"]);
    let (ok, log) = run_tee(&mut c);
    if ok {
        Ok(log)
    } else {
        Err(format!("{}: the test failed", part.what))
    }
}

pub fn run(args: &[String]) -> Result {
    if let Some(a) = args.first() {
        return Err(format!("`cargo xtask soak` takes no arguments (got `{a}`)"));
    }
    step("building the release tests");
    let binaries = build()?;
    let parts = [
        Part {
            what: "CCTV accumulated ML-DSA, 10,000 keys per parameter set, every backend",
            test: "accumulated",
            args: &["--ignored", "--exact", "soak_ml_dsa_accumulated_10000"],
            env: &[],
        },
        Part {
            what: "accumulated ML-KEM-512, 1,000,000 iterations, every backend and RustCrypto ml-kem",
            test: "accumulated",
            args: &["--ignored", "--exact", "soak_ml_kem_accumulated"],
            env: &[
                ("PQKIT_ACCUMULATED_KEM_ITERS", "1000000"),
                ("PQKIT_ACCUMULATED_KEM_SET", "ML-KEM-512"),
            ],
        },
        Part {
            what: "accumulated ML-KEM-768, 1,000,000 iterations, every backend and RustCrypto ml-kem",
            test: "accumulated",
            args: &["--ignored", "--exact", "soak_ml_kem_accumulated"],
            env: &[
                ("PQKIT_ACCUMULATED_KEM_ITERS", "1000000"),
                ("PQKIT_ACCUMULATED_KEM_SET", "ML-KEM-768"),
            ],
        },
        Part {
            what: "accumulated ML-KEM-1024, 1,000,000 iterations, every backend and RustCrypto ml-kem",
            test: "accumulated",
            args: &["--ignored", "--exact", "soak_ml_kem_accumulated"],
            env: &[
                ("PQKIT_ACCUMULATED_KEM_ITERS", "1000000"),
                ("PQKIT_ACCUMULATED_KEM_SET", "ML-KEM-1024"),
            ],
        },
        Part {
            what: "ML-KEM backend differential, 1,000,000 operations per parameter set",
            test: "backend_differential",
            args: &["ml_kem"],
            env: &[("PQKIT_BACKEND_DIFF_ITERS", "1000000")],
        },
        Part {
            what: "ML-DSA backend differential, 100,000 keys and signatures per parameter set",
            test: "backend_differential",
            args: &["ml_dsa"],
            env: &[("PQKIT_DSA_DIFF_ITERS", "100000")],
        },
    ];
    // The parts are independent processes (the backend override is global
    // to a process), so they run at once, one per core where there are
    // enough; each prints its own wall time.
    step(format!("running {} parts at once", parts.len()));
    let results: Vec<(String, f64, Result<String>)> = thread::scope(|s| {
        let handles: Vec<_> = parts
            .iter()
            .map(|part| {
                let exe = &binaries[part.test];
                s.spawn(move || {
                    let t = Instant::now();
                    let r = run_part(exe, part);
                    let secs = t.elapsed().as_secs_f64();
                    println!("==> {secs:.0} s wall: {}", part.what);
                    (part.what.to_string(), secs, r)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a soak thread panicked"))
            .collect()
    });
    let mut summary = Vec::new();
    let mut failed = Vec::new();
    for (what, secs, r) in results {
        summary.push(format!("{secs:>8.0} s  {what}"));
        match r {
            // libtest may print a test's name on the same line as its
            // first `soak: ` line.
            Ok(log) => summary.extend(
                log.lines()
                    .filter_map(|l| {
                        l.find("soak: ")
                            .map(|i| &l[i..])
                            .or_else(|| l.contains("iterations equal to portable").then_some(l))
                    })
                    .map(|l| format!("            {l}")),
            ),
            Err(e) => {
                summary.push(format!("            FAILED: {e}"));
                failed.push(what);
            }
        }
    }
    println!();
    for line in summary {
        println!("{line}");
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("soak part(s) failed: {}", failed.join("; ")))
    }
}
