//! `cargo xtask wasm`: the npm package `pqkit` in `wasm/pkg/`.
//!
//! Two WebAssembly builds of the `pqkit-wasm` crate, one with `simd128` and
//! one without, each run through the pinned `wasm-bindgen` CLI; the package's
//! own loader (`wasm/js/`) picks one at import time.

use crate::test::Outcome;
use crate::util::{self, Result, cargo, root, run_tee, step};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "wasm-release";

/// The two builds: output folder name and extra rustc flags.
const BUILDS: &[(&str, &str)] = &[("portable", ""), ("simd128", "-C target-feature=+simd128")];

/// Builds the package and returns its folder.
pub fn build() -> Result<PathBuf> {
    util::ensure_targets(&[TARGET])?;
    let bindgen = util::ensure_wasm_bindgen()?;
    let pkg = root().join("wasm/pkg");
    if pkg.exists() {
        fs::remove_dir_all(&pkg).map_err(|e| format!("cleaning wasm/pkg: {e}"))?;
    }
    for (name, flags) in BUILDS {
        step(format!("building the {name} WebAssembly module"));
        // Separate target dirs so the two flag sets don't evict each other.
        let target_dir = root().join("target").join(format!("wasm-{name}"));
        util::run(
            cargo()
                .args([
                    "build",
                    "-p",
                    "pqkit-wasm",
                    "--target",
                    TARGET,
                    "--profile",
                    PROFILE,
                ])
                .arg("--target-dir")
                .arg(&target_dir)
                .env("RUSTFLAGS", flags),
        )?;
        let wasm = target_dir
            .join(TARGET)
            .join(PROFILE)
            .join("pqkit_wasm.wasm");
        step(format!("wasm-bindgen -> wasm/pkg/{name}/"));
        util::run(
            Command::new(&bindgen)
                .args(["--target", "web", "--omit-default-module-path", "--out-dir"])
                .arg(pkg.join(name))
                .arg(&wasm),
        )?;
    }
    step("assembling the npm package in wasm/pkg/");
    copy_dir(&root().join("wasm/js"), &pkg)?;
    for f in ["package.json", "README.md"] {
        fs::copy(root().join("wasm").join(f), pkg.join(f))
            .map_err(|e| format!("copying wasm/{f}: {e}"))?;
    }
    for (name, _) in BUILDS {
        let bytes = fs::metadata(pkg.join(name).join("pqkit_wasm_bg.wasm"))
            .map(|m| m.len())
            .unwrap_or(0);
        println!("    {name}: pqkit_wasm_bg.wasm {bytes} bytes");
    }
    Ok(pkg)
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let dest = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &dest)?;
        } else {
            fs::copy(entry.path(), &dest).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// The `wasm` test suite: build the package, then run its Node tests once
/// per build (the loader honours `PQKIT_BACKEND` to force one).
pub fn test() -> Outcome {
    if let Err(e) = build() {
        return Outcome::single(Err(e));
    }
    let tests = root().join("wasm/tests");
    if let Err(e) = util::ensure_npm_ci(&tests) {
        return Outcome::single(Err(e));
    }
    let mut total = Outcome {
        passed: 0,
        failed: 0,
        error: None,
    };
    for (name, _) in BUILDS {
        step(format!("node --test with the {name} build"));
        let (ok, log) = run_tee(
            Command::new("node")
                .args(["--test", "--test-reporter=tap"])
                .current_dir(&tests)
                .env("PQKIT_BACKEND", name),
        );
        let (p, f) = tap_counts(&log);
        total.passed += p;
        total.failed += f;
        if !ok {
            total.failed = total.failed.max(1);
            total.error = Some(format!("node tests failed with the {name} build"));
        }
    }
    total
}

/// Counts from the TAP summary node's test runner prints (`# pass N`).
pub fn tap_counts(log: &str) -> (usize, usize) {
    let grab = |key: &str| {
        log.lines()
            .filter_map(|l| l.trim().strip_prefix(key))
            .filter_map(|n| n.trim().parse::<usize>().ok())
            .next_back()
            .unwrap_or(0)
    };
    (grab("# pass "), grab("# fail "))
}
