//! `cargo xtask test`: every test suite of the project, one after another,
//! then a per-suite summary and a last line `N passed, M failed` counting
//! individual tests (a suite that fails before reporting counts is one
//! failure).

use crate::util::{self, Result, cargo, run_tee, step};
use std::time::Instant;

/// What one suite reports back.
pub struct Outcome {
    pub passed: usize,
    pub failed: usize,
    /// Why the suite failed outright (build error, missing tool...).
    pub error: Option<String>,
}

impl Outcome {
    pub fn from_counts(ok: bool, passed: usize, failed: usize, what: &str) -> Self {
        let error = (!ok).then(|| format!("{what} failed"));
        // A failing command that reported no failing test still failed.
        let failed = if ok { failed } else { failed.max(1) };
        Outcome {
            passed,
            failed,
            error,
        }
    }
    pub fn single(r: Result) -> Self {
        match r {
            Ok(()) => Outcome {
                passed: 1,
                failed: 0,
                error: None,
            },
            Err(e) => Outcome {
                passed: 0,
                failed: 1,
                error: Some(e),
            },
        }
    }
}

pub struct Suite {
    pub name: &'static str,
    pub about: &'static str,
    pub run: fn() -> Outcome,
}

pub const SUITES: &[Suite] = &[
    Suite {
        name: "fmt",
        about: "cargo fmt --check (workspace, firmware and fuzz targets)",
        run: fmt,
    },
    Suite {
        name: "clippy",
        about: "cargo clippy --all-targets -- -D warnings",
        run: clippy,
    },
    Suite {
        name: "cargo-test",
        about: "cargo test --workspace (unit, vectors, differential)",
        run: cargo_test,
    },
    Suite {
        name: "ct",
        about: "constant-time check under valgrind memcheck, planted leaks flagged",
        run: crate::ct::suite,
    },
    Suite {
        name: "fuzz",
        about: "every cargo-fuzz target over its committed seed corpus",
        run: crate::fuzz::suite,
    },
    Suite {
        name: "no-std",
        about: "core builds for Cortex-M4/M0+, RISC-V and wasm32 without std",
        run: no_std,
    },
    Suite {
        name: "firmware",
        about: "nostd-demo on QEMU mps2-an386 (and riscv32imc on virt): device story, stack and instructions",
        run: firmware,
    },
    Suite {
        name: "wasi",
        about: "core tests on wasm32-wasip1 with simd128, under Node's WASI",
        run: crate::wasi::test,
    },
    Suite {
        name: "wasm",
        about: "npm package build (portable + simd128), its Node tests, README examples, WebCrypto vs Node 26",
        run: crate::wasm::test,
    },
    Suite {
        name: "browser",
        about: "demo site in headless Chromium",
        run: crate::www::test,
    },
];

pub fn run(args: &[String]) -> Result {
    for a in args {
        if !SUITES.iter().any(|s| s.name == a) {
            return Err(format!("unknown suite `{a}` (see `cargo xtask suites`)"));
        }
    }
    if util::is_ci() && !util::root().join("../shared/vectors").exists() {
        return Err("CI=true but ../shared/vectors is missing".into());
    }
    let selected: Vec<&Suite> = SUITES
        .iter()
        .filter(|s| args.is_empty() || args.iter().any(|a| a == s.name))
        .collect();
    let mut rows = Vec::new();
    for suite in selected {
        step(format!("suite {}: {}", suite.name, suite.about));
        let t = Instant::now();
        let outcome = (suite.run)();
        rows.push((suite.name, outcome, t.elapsed().as_secs_f64()));
    }

    println!();
    println!(
        "{:<12} {:>7} {:>7} {:>9}  result",
        "suite", "passed", "failed", "seconds"
    );
    let (mut passed, mut failed) = (0, 0);
    for (name, o, secs) in &rows {
        let result = match &o.error {
            None if o.failed == 0 => "ok".to_string(),
            None => "FAILED".to_string(),
            Some(e) => format!("FAILED: {e}"),
        };
        println!(
            "{name:<12} {:>7} {:>7} {secs:>9.1}  {result}",
            o.passed, o.failed
        );
        passed += o.passed;
        failed += o.failed;
    }
    println!("{passed} passed, {failed} failed");
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} test(s) failed"))
    }
}

fn fmt() -> Outcome {
    let ws = util::run(cargo().args(["fmt", "--all", "--", "--check"]));
    let fw = util::run(cargo().args([
        "fmt",
        "--manifest-path",
        "nostd-demo/Cargo.toml",
        "--",
        "--check",
    ]));
    let riscv = util::run(cargo().args([
        "fmt",
        "--manifest-path",
        "nostd-demo/riscv/Cargo.toml",
        "--",
        "--check",
    ]));
    let fuzz =
        util::run(cargo().args(["fmt", "--manifest-path", "fuzz/Cargo.toml", "--", "--check"]));
    Outcome::single(ws.and(fw).and(riscv).and(fuzz))
}

fn clippy() -> Outcome {
    Outcome::single(util::run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])))
}

/// Sums `test result: ... N passed; M failed` lines of libtest output.
pub fn libtest_counts(log: &str) -> (usize, usize) {
    let mut passed = 0;
    let mut failed = 0;
    for line in log.lines().filter(|l| l.starts_with("test result:")) {
        passed += count_before(line, " passed");
        failed += count_before(line, " failed");
    }
    (passed, failed)
}

/// The number right before `marker` in `line` (0 when absent).
pub fn count_before(line: &str, marker: &str) -> usize {
    line.find(marker)
        .and_then(|i| line[..i].rsplit(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn firmware() -> Outcome {
    crate::firmware::suite()
}

/// The workspace tests on the backend this machine selects, then the core's
/// tests again pinned to the portable backend (`PQKIT_BACKEND`), together
/// with the SIMD-against-portable differential that needs the override;
/// last, the benches must build (one more passed or failed check).
fn cargo_test() -> Outcome {
    let (ok, log) = run_tee(cargo().args(["test", "--workspace"]));
    step("core tests on the portable backend (PQKIT_BACKEND=portable)");
    let (ok_portable, log_portable) = run_tee(
        cargo()
            .args(["test", "-p", "pqkit", "--features", "std,backend-override"])
            .env("PQKIT_BACKEND", "portable"),
    );
    // The benches build and link too (in the test profile, on the
    // dependencies built above: an optimised build of every peer would add
    // minutes to the test command; `cargo xtask report` builds that itself).
    step("building the benches (cargo build -p pqkit-bench --benches)");
    let benches = util::run(cargo().args(["build", "-p", "pqkit-bench", "--benches"]));
    let (p1, f1) = libtest_counts(&log);
    let (p2, f2) = libtest_counts(&log_portable);
    let (p3, f3) = if benches.is_ok() { (1, 0) } else { (0, 1) };
    Outcome::from_counts(
        ok && ok_portable && benches.is_ok(),
        p1 + p2 + p3,
        f1 + f2 + f3,
        "cargo test",
    )
}

/// Targets the core must build for without std: the firmware's Cortex-M4,
/// a Cortex-M0+ (no atomics, no DSP multiply), an ESP32-C3 class RISC-V core
/// and the browser's wasm32.
pub const NO_STD_TARGETS: &[&str] = &[
    "thumbv7em-none-eabihf",
    "thumbv6m-none-eabi",
    "riscv32imc-unknown-none-elf",
    "wasm32-unknown-unknown",
];

fn no_std() -> Outcome {
    if let Err(e) = util::ensure_targets(NO_STD_TARGETS) {
        return Outcome::single(Err(e));
    }
    let mut o = Outcome {
        passed: 0,
        failed: 0,
        error: None,
    };
    for target in NO_STD_TARGETS {
        step(format!("building pqkit for {target}"));
        match util::run(cargo().args(["build", "-p", "pqkit", "--release", "--target", target])) {
            Ok(()) => o.passed += 1,
            Err(e) => {
                o.failed += 1;
                o.error = Some(e);
            }
        }
    }
    o
}
