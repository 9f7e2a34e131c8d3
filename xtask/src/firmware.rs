//! `cargo xtask firmware`: build the Cortex-M4 firmware (`nostd-demo/`) and
//! run it under QEMU's mps2-an386 board.
//!
//! The firmware prints one JSON line per measured operation,
//! `{"op":"ml-kem-768/keygen","stack_bytes":N,"instructions":M}`, and ends
//! with `# firmware: all checks passed`. This task collects those lines,
//! reads the section sizes from the ELF, prints a table and fails when the
//! firmware reports a failure, panics, faults, locks up (QEMU's "Lockup",
//! which is what a stack overflow ends in) or does not finish in time.
//!
//! It also builds the firmware once per feature set (one use case each, and
//! none: the harness alone) for a `.text / .rodata / flash` table, and the
//! riscv32imc build (`nostd-demo/riscv/`, the same use cases on QEMU's virt
//! machine) per feature set, run and measured the same way.
//!
//! `--peers` also builds and runs the RustCrypto and libcrux builds of the
//! same harness and prints them side by side. `--json FILE` writes what was
//! measured as data (a list of [`Measured`]), which `cargo xtask report`
//! also gets, in two steps: [`build_all`] while it builds everything else,
//! [`measure_built`] later when nothing else runs.

use crate::test::Outcome;
use crate::util::{self, Result, cargo, root, step};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

const DONE: &str = "# firmware: all checks passed";
/// Generous: the pqkit build runs in about a second, the slowest peer in
/// well under a minute.
const TIMEOUT: Duration = Duration::from_secs(300);

/// The machine a firmware is built for and run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Board {
    /// The Cortex-M4 firmware (`nostd-demo/`) on QEMU's mps2-an386.
    Mps2An386,
    /// The riscv32imc build (`nostd-demo/riscv/`) on QEMU's virt machine.
    RiscvVirt,
}

impl Board {
    fn target(self) -> &'static str {
        match self {
            Board::Mps2An386 => "thumbv7em-none-eabihf",
            Board::RiscvVirt => "riscv32imc-unknown-none-elf",
        }
    }

    /// The crate's folder: each is a workspace of its own, whose
    /// `.cargo/config.toml` (target, linker scripts) applies from there.
    fn dir(self) -> PathBuf {
        match self {
            Board::Mps2An386 => demo_dir(),
            Board::RiscvVirt => demo_dir().join("riscv"),
        }
    }

    fn bin(self) -> &'static str {
        match self {
            Board::Mps2An386 => "pqkit-nostd-demo",
            Board::RiscvVirt => "pqkit-nostd-riscv",
        }
    }

    fn qemu_binary(self) -> &'static str {
        match self {
            Board::Mps2An386 => "qemu-system-arm",
            Board::RiscvVirt => "qemu-system-riscv32",
        }
    }

    /// QEMU's machine options. With `-icount shift=0` virtual time advances
    /// one nanosecond per executed instruction: the Cortex-M4 firmware reads
    /// it back through SysTick, the riscv32 one from `minstret`.
    fn qemu_args(self) -> &'static [&'static str] {
        match self {
            Board::Mps2An386 => &["-M", "mps2-an386", "-cpu", "cortex-m4"],
            // `-bios none`: no SBI firmware; the core starts at the ELF
            // loaded at the start of RAM, in machine mode.
            Board::RiscvVirt => &["-M", "virt", "-bios", "none"],
        }
    }
}

/// One firmware build: its name, the implementation it measures (one
/// column of the table) and the demo's cargo features.
struct Build {
    name: &'static str,
    implementation: &'static str,
    features: &'static str,
    /// A feature-set build: only the use cases in `features`, without the
    /// default ones. Measured for its flash; its operations repeat the full
    /// build's.
    feature_set: bool,
    board: Board,
}

const PQKIT: Build = Build {
    name: "pqkit",
    implementation: "pqkit",
    features: "",
    feature_set: false,
    board: Board::Mps2An386,
};

const HARDFAULT_SELFTEST: Build = Build {
    name: "pqkit (undefined instruction)",
    implementation: "pqkit",
    features: "selftest-hardfault",
    feature_set: false,
    board: Board::Mps2An386,
};

const PANIC_SELFTEST: Build = Build {
    name: "pqkit (index out of bounds)",
    implementation: "pqkit",
    features: "selftest-panic",
    feature_set: false,
    board: Board::Mps2An386,
};

/// The firmware with no use case: the harness alone (painting, SysTick,
/// semihosting output, `core::fmt`, the panic and fault handlers), whose
/// flash every other build also carries.
const HARNESS_ONLY: Build = Build {
    name: "harness only",
    implementation: "pqkit",
    features: "",
    feature_set: true,
    board: Board::Mps2An386,
};

const MLKEM_ONLY: Build = Build {
    name: "ML-KEM-768 only",
    implementation: "pqkit",
    features: "ml-kem-768",
    feature_set: true,
    board: Board::Mps2An386,
};

/// The firmware with one use case each, and with none.
const FEATURE_SETS: &[Build] = &[
    HARNESS_ONLY,
    MLKEM_ONLY,
    Build {
        name: "X25519MLKEM768 only",
        implementation: "pqkit",
        features: "x25519-mlkem768",
        feature_set: true,
        board: Board::Mps2An386,
    },
    Build {
        name: "ML-DSA-65 verify only",
        implementation: "pqkit",
        features: "ml-dsa-65-verify",
        feature_set: true,
        board: Board::Mps2An386,
    },
];

/// The riscv32imc builds: the use cases alone, none, and all three (the
/// ML-DSA operations beyond the boot check are measured on the Cortex-M4
/// only).
const RISCV_BUILDS: &[Build] = &[
    Build {
        name: "riscv32imc harness only",
        implementation: "pqkit riscv32imc",
        features: "",
        feature_set: true,
        board: Board::RiscvVirt,
    },
    Build {
        name: "riscv32imc ML-KEM-768 only",
        implementation: "pqkit riscv32imc",
        features: "ml-kem-768",
        feature_set: true,
        board: Board::RiscvVirt,
    },
    Build {
        name: "riscv32imc X25519MLKEM768 only",
        implementation: "pqkit riscv32imc",
        features: "x25519-mlkem768",
        feature_set: true,
        board: Board::RiscvVirt,
    },
    Build {
        name: "riscv32imc ML-DSA-65 verify only",
        implementation: "pqkit riscv32imc",
        features: "ml-dsa-65-verify",
        feature_set: true,
        board: Board::RiscvVirt,
    },
    RISCV_ALL,
];

const RISCV_ALL: Build = Build {
    name: "riscv32imc",
    implementation: "pqkit riscv32imc",
    features: "",
    feature_set: false,
    board: Board::RiscvVirt,
};

const PEERS: &[Build] = &[
    Build {
        name: "rustcrypto",
        implementation: "rustcrypto",
        features: "peer-rustcrypto",
        feature_set: false,
        board: Board::Mps2An386,
    },
    Build {
        name: "libcrux",
        implementation: "libcrux",
        features: "peer-libcrux",
        feature_set: false,
        board: Board::Mps2An386,
    },
    Build {
        name: "rustcrypto-dsa",
        implementation: "rustcrypto",
        features: "peer-rustcrypto-dsa",
        feature_set: false,
        board: Board::Mps2An386,
    },
];

/// What one build measured.
struct Run {
    name: &'static str,
    implementation: &'static str,
    feature_set: bool,
    board: Board,
    features: &'static str,
    ops: Vec<Op>,
    sections: Vec<(String, u64)>,
    /// `# fingerprint <what> <hex>` lines, compared across builds.
    fingerprints: BTreeMap<String, String>,
    /// Everything the firmware printed.
    output: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Op {
    pub op: String,
    pub stack_bytes: u64,
    pub instructions: u64,
}

/// What one firmware build measured, as data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measured {
    /// The build (`pqkit`, `rustcrypto`, `libcrux`, `rustcrypto-dsa`).
    pub build: String,
    /// The implementation it measures (a peer may take two builds).
    pub implementation: String,
    /// Every operation: peak stack and instructions executed.
    pub ops: Vec<Op>,
    /// Sizes of the allocated ELF sections (`.text`, `.rodata`, ...).
    pub sections: BTreeMap<String, u64>,
    /// Vector table + `.text` + `.rodata` + `.data` (see [`flash_bytes`]).
    pub flash_bytes: u64,
    /// A build with only one use case (or none), for its flash: its
    /// operations repeat the full build's.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub feature_set: bool,
    /// The rustc target, when not the Cortex-M4's `thumbv7em-none-eabihf`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// The pqkit build, its feature sets, and with `peers` the peer builds.
fn builds(peers: bool) -> Vec<&'static Build> {
    let mut builds = vec![&PQKIT];
    builds.extend(FEATURE_SETS);
    if peers {
        builds.extend(PEERS);
    }
    builds
}

/// What the firmware builds need beyond cargo: the rustup target and QEMU.
/// Separate from building so that a caller building other things on other
/// threads can install every tool first, one at a time.
pub fn ensure_tools() -> Result {
    util::ensure_targets(&[Board::Mps2An386.target()])?;
    util::ensure_apt("qemu-system-arm", "qemu-system-arm")
}

/// The same for the riscv32imc builds: Debian ships `qemu-system-riscv32`
/// in `qemu-system-misc`.
fn ensure_riscv_tools() -> Result {
    util::ensure_targets(&[Board::RiscvVirt.target()])?;
    util::ensure_apt("qemu-system-riscv32", "qemu-system-misc")
}

/// Builds the pqkit firmware (and with `peers` the peer builds) without
/// running any, so that the builds can overlap other work and the runs
/// happen later on a quiet machine. Expects [`ensure_tools`] to have run.
pub fn build_all(peers: bool) -> Result<Vec<Built>> {
    builds(peers)
        .into_iter()
        .map(|b| build_one(b, None, None))
        .collect()
}

/// Runs the firmware from [`build_all`] under QEMU one after another,
/// prints the tables, checks that every build agrees, and returns the
/// measurements.
pub fn measure_built(built: &[Built]) -> Result<Vec<Measured>> {
    let runs = built.iter().map(run_built).collect::<Result<Vec<_>>>()?;
    print_report(&runs);
    check_fingerprints(&runs)?;
    check_feature_set_ops(&runs)?;
    Ok(runs.iter().map(measured).collect())
}

fn measured(r: &Run) -> Measured {
    let mut sections = BTreeMap::new();
    for (name, size) in &r.sections {
        *sections.entry(name.clone()).or_insert(0) += size;
    }
    Measured {
        build: r.name.to_string(),
        implementation: r.implementation.to_string(),
        ops: r.ops.clone(),
        sections,
        flash_bytes: flash_bytes(&r.sections),
        feature_set: r.feature_set,
        target: (r.board != Board::Mps2An386).then(|| r.board.target().to_string()),
    }
}

const USAGE: &str = "usage: cargo xtask firmware [--peers] [--markdown] [--json FILE]";

pub fn run(args: &[String]) -> Result {
    let mut peers = false;
    let mut markdown = false;
    let mut json = None;
    let mut args = args.iter();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--peers" => peers = true,
            "--markdown" => markdown = true,
            "--json" => {
                json = Some(PathBuf::from(
                    args.next()
                        .ok_or_else(|| format!("--json needs a file\n{USAGE}"))?,
                ))
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    let mut all = builds(peers);
    all.extend(RISCV_BUILDS);
    let runs = run_builds(&all)?;
    print_report(&runs);
    if markdown {
        print_markdown(&runs);
    }
    check_fingerprints(&runs)?;
    check_feature_set_ops(&runs)?;
    if let Some(path) = json {
        let data: Vec<Measured> = runs.iter().map(measured).collect();
        let text = serde_json::to_string_pretty(&data).map_err(|e| e.to_string())?;
        std::fs::write(&path, text).map_err(|e| format!("writing {}: {e}", path.display()))?;
        step(format!("wrote {}", path.display()));
    }
    Ok(())
}

/// The `firmware` test suite: the pqkit build runs its device story and
/// every check in it; then the three ways a firmware can die (a stack
/// overflow, a HardFault, a panic) are each provoked once and must each be
/// reported, so that none can pass unnoticed; last, the firmware boots on an
/// update signed by the `pqkit` command, and refuses one signed by another
/// key.
pub fn suite() -> Outcome {
    let mut outcome = Outcome {
        passed: 0,
        failed: 0,
        error: None,
    };
    type Check = (&'static str, fn() -> Result);
    let checks: [Check; 7] = [
        ("pqkit firmware", || {
            run_builds(&[&PQKIT]).map(|runs| print_report(&runs))
        }),
        ("feature-set builds", feature_sets_run),
        ("riscv32imc build", riscv_run),
        ("stack overflow detection", overflow_is_caught),
        ("HardFault detection", || {
            failure_is_caught(&HARDFAULT_SELFTEST, "HardFault")
        }),
        ("panic detection", || {
            failure_is_caught(&PANIC_SELFTEST, "panic")
        }),
        ("manifest signed by the pqkit command", cli_manifest_boots),
    ];
    for (what, check) in checks {
        match check() {
            Ok(()) => outcome.passed += 1,
            Err(e) => {
                outcome.failed += 1;
                outcome.error = Some(format!("{what}: {e}"));
            }
        }
    }
    outcome
}

/// An update made outside the firmware's build script: the manifest, the
/// image it describes and the vendor public key to put in flash (build.rs
/// reads them from PQKIT_DEMO_MANIFEST, PQKIT_DEMO_IMAGE and
/// PQKIT_DEMO_VENDOR_PUB).
struct Update {
    manifest: PathBuf,
    image: PathBuf,
    vendor_pub: PathBuf,
}

const UPDATE_VARS: [&str; 3] = [
    "PQKIT_DEMO_MANIFEST",
    "PQKIT_DEMO_IMAGE",
    "PQKIT_DEMO_VENDOR_PUB",
];

/// The build server's side with the real tool: `pqkit keygen` makes the
/// vendor key, `pqkit manifest sign` signs a 64 KiB image as version 7,
/// and the firmware built with that public key in flash must accept the
/// update at boot. A manifest signed by another key must be refused.
fn cli_manifest_boots() -> Result {
    step("building the pqkit command");
    util::run(cargo().args(["build", "-p", "pqkit-cli"]))?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    let pqkit = target.join("debug").join("pqkit");
    let dir = target.join("firmware-cli-update");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let image: Vec<u8> = (0u32..64 * 1024)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    std::fs::write(dir.join("image.bin"), image).map_err(|e| format!("image.bin: {e}"))?;
    let tool = |args: &[&str]| {
        step(format!("pqkit {}", args.join(" ")));
        util::run(Command::new(&pqkit).args(args).current_dir(&dir))
    };
    tool(&[
        "keygen",
        "--alg",
        "ML-DSA-65",
        "--out",
        "vendor.pem",
        "--pub",
        "vendor.pub",
    ])?;
    tool(&[
        "keygen",
        "--alg",
        "ML-DSA-65",
        "--out",
        "other.pem",
        "--pub",
        "other.pub",
    ])?;
    tool(&[
        "manifest",
        "sign",
        "--key",
        "vendor.pem",
        "--version",
        "7",
        "-o",
        "update.manifest",
        "image.bin",
    ])?;
    tool(&[
        "manifest",
        "sign",
        "--key",
        "other.pem",
        "--version",
        "7",
        "-o",
        "forged.manifest",
        "image.bin",
    ])?;
    tool(&[
        "manifest",
        "verify",
        "--pub",
        "vendor.pub",
        "--manifest",
        "update.manifest",
        "image.bin",
    ])?;

    let update = |manifest: &str| Update {
        manifest: dir.join(manifest),
        image: dir.join("image.bin"),
        vendor_pub: dir.join("vendor.pub"),
    };
    let run = build_and_run(&PQKIT, None, Some(&update("update.manifest")))?;
    let expected = "# manifest: version 7 (65536 bytes";
    if !run.output.lines().any(|l| l.trim().starts_with(expected)) {
        return Err(format!("the firmware never printed `{expected}...`"));
    }
    step("the firmware with a manifest signed by another key must refuse it");
    match build_and_run(&PQKIT, None, Some(&update("forged.manifest"))) {
        Ok(_) => Err("the firmware accepted a manifest signed by another key".into()),
        Err(e) if e.contains("the genuine firmware manifest was rejected") => {
            println!("    refused as expected: {e}");
            Ok(())
        }
        Err(e) => Err(format!("expected the manifest to be refused, got: {e}")),
    }
}

/// Each feature-set build must boot, pass the checks of its use case and
/// measure that use case's operations and no other's (a feature gate that
/// leaks a use case into another build, or drops one, fails here); the
/// flash table is printed with the full build as the last row.
fn feature_sets_run() -> Result {
    let mut builds = vec![&PQKIT];
    builds.extend(FEATURE_SETS);
    let runs = run_builds(&builds)?;
    print_feature_sets(&runs);
    check_feature_set_ops(&runs)
}

/// The riscv32imc build runs every use case under QEMU's virt machine and
/// must compute the same ML-KEM-768 key, ciphertext and secret as the
/// Cortex-M4 firmware from the same seeds.
fn riscv_run() -> Result {
    let runs = run_builds(&[&PQKIT, &RISCV_ALL])?;
    print_report(&runs);
    check_fingerprints(&runs)?;
    let kem = |r: &Run| r.fingerprints.get("ml-kem-768").cloned();
    match (kem(&runs[0]), kem(&runs[1])) {
        (Some(arm), Some(riscv)) if arm == riscv => Ok(()),
        (arm, riscv) => Err(format!(
            "ML-KEM-768 fingerprints differ: Cortex-M4 {arm:?}, riscv32imc {riscv:?}"
        )),
    }
}

/// The operation-name prefixes each use-case feature measures.
const USE_CASE_OPS: &[(&str, &[&str])] = &[
    ("ml-kem-768", &["ml-kem-768/", "sha3-256/"]),
    ("x25519-mlkem768", &["x25519-mlkem768/"]),
    ("ml-dsa-65-verify", &["ml-dsa-65/verify-manifest"]),
];

fn check_feature_set_ops(runs: &[Run]) -> Result {
    for r in runs.iter().filter(|r| r.feature_set) {
        for &(feature, prefixes) in USE_CASE_OPS {
            let enabled = r.features.split(',').any(|f| f == feature);
            let measured = r
                .ops
                .iter()
                .any(|o| prefixes.iter().any(|p| o.op.starts_with(p)));
            if enabled != measured {
                return Err(format!(
                    "the {} build {} `{feature}` operations",
                    r.name,
                    if enabled {
                        "measured none of its"
                    } else {
                        "measured"
                    }
                ));
            }
        }
    }
    Ok(())
}

/// Stack region for the overflow check: less than the key exchange needs.
const TOO_SMALL_STACK: usize = 12 * 1024;

fn overflow_is_caught() -> Result {
    step(format!(
        "the pqkit firmware with a {} KiB stack must lock up",
        TOO_SMALL_STACK / 1024
    ));
    match build_and_run(&PQKIT, Some(TOO_SMALL_STACK), None) {
        Ok(_) => Err(format!(
            "a {TOO_SMALL_STACK}-byte stack was enough; the check no longer overflows"
        )),
        Err(e) if e.contains("lockup") => {
            println!("    caught as expected: {e}");
            Ok(())
        }
        Err(e) => Err(format!("expected a lockup, got: {e}")),
    }
}

/// `build` fails on purpose; the run must be reported as `what`.
fn failure_is_caught(build: &Build, what: &str) -> Result {
    step(format!(
        "the {} firmware must be reported as a {what}",
        build.name
    ));
    match build_and_run(build, None, None) {
        Ok(_) => Err(format!("the {} firmware passed", build.name)),
        Err(e) if e.contains(what) => {
            println!("    caught as expected: {e}");
            Ok(())
        }
        Err(e) => Err(format!("expected a {what}, got: {e}")),
    }
}

fn run_builds(builds: &[&Build]) -> Result<Vec<Run>> {
    ensure_tools()?;
    if builds.iter().any(|b| b.board == Board::RiscvVirt) {
        ensure_riscv_tools()?;
    }
    builds
        .iter()
        .map(|b| build_and_run(b, None, None))
        .collect()
}

fn demo_dir() -> PathBuf {
    root().join("nostd-demo")
}

/// One firmware, built and not yet run.
pub struct Built {
    name: &'static str,
    implementation: &'static str,
    feature_set: bool,
    board: Board,
    features: &'static str,
    /// A copy of the ELF that the next build cannot overwrite.
    elf: PathBuf,
    sections: Vec<(String, u64)>,
}

/// Builds and runs one firmware; `stack` overrides the size of its stack
/// region (build.rs reads PQKIT_DEMO_STACK_SIZE), `update` the update it
/// checks at boot.
fn build_and_run(build: &Build, stack: Option<usize>, update: Option<&Update>) -> Result<Run> {
    run_built(&build_one(build, stack, update)?)
}

/// Builds one firmware (see [`build_and_run`]) and copies its ELF to
/// `nostd-demo/target/elf/`, named after the build: every build writes the
/// same path in cargo's output.
fn build_one(build: &Build, stack: Option<usize>, update: Option<&Update>) -> Result<Built> {
    step(format!(
        "building the {} firmware (opt-level s, LTO)",
        build.name
    ));
    // Both boards' builds share one target folder: the host build of pqkit
    // that their build scripts use is built once.
    let target_dir = demo_dir().join("target");
    let mut c = cargo();
    // Run from the crate's folder so that its .cargo/config.toml (target,
    // linker script) applies; it is a workspace of its own.
    c.current_dir(build.board.dir())
        .args(["build", "--release", "--target", build.board.target()])
        .arg("--target-dir")
        .arg(&target_dir)
        // Flags from the environment would replace the config's
        // `-Tlink.x` (and are meant for host builds anyway).
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    if build.feature_set {
        c.arg("--no-default-features");
    }
    if !build.features.is_empty() {
        c.args(["--features", build.features]);
    }
    match stack {
        Some(bytes) => c.env("PQKIT_DEMO_STACK_SIZE", bytes.to_string()),
        None => c.env_remove("PQKIT_DEMO_STACK_SIZE"),
    };
    match update {
        Some(u) => {
            for (var, path) in UPDATE_VARS
                .iter()
                .zip([&u.manifest, &u.image, &u.vendor_pub])
            {
                c.env(var, path);
            }
        }
        None => {
            for var in UPDATE_VARS {
                c.env_remove(var);
            }
        }
    }
    util::run(&mut c)?;
    let out = target_dir
        .join(build.board.target())
        .join("release")
        .join(build.board.bin());
    let elf = target_dir.join("elf").join(file_name(build.name));
    std::fs::create_dir_all(target_dir.join("elf"))
        .and_then(|()| std::fs::copy(&out, &elf))
        .map_err(|e| format!("copying {} to {}: {e}", out.display(), elf.display()))?;
    Ok(Built {
        name: build.name,
        implementation: build.implementation,
        feature_set: build.feature_set,
        board: build.board,
        features: build.features,
        sections: section_sizes(&elf)?,
        elf,
    })
}

/// `pqkit (index out of bounds)` -> `pqkit-index-out-of-bounds`.
fn file_name(build: &str) -> String {
    build
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Runs a built firmware under QEMU and checks what it printed.
fn run_built(built: &Built) -> Result<Run> {
    step(format!("running the {} firmware under QEMU", built.name));
    let output = qemu(built.board, &built.elf)?;
    let ops = check_output(built.name, &output)?;
    let fingerprints = output
        .lines()
        .filter_map(|l| l.strip_prefix("# fingerprint "))
        .filter_map(|l| l.rsplit_once(' '))
        .map(|(what, hex)| (what.to_string(), hex.to_string()))
        .collect();
    Ok(Run {
        name: built.name,
        implementation: built.implementation,
        feature_set: built.feature_set,
        board: built.board,
        features: built.features,
        ops,
        sections: built.sections.clone(),
        fingerprints,
        output,
    })
}

/// Runs the ELF under QEMU, echoing and returning its output (stdout and
/// stderr); fails on a non-zero exit status or when `TIMEOUT` passes.
fn qemu(board: Board, elf: &Path) -> Result<String> {
    let program = board.qemu_binary();
    let mut child = Command::new(program)
        .args(board.qemu_args())
        .arg("-nographic")
        .args(["-semihosting-config", "enable=on,target=native"])
        .args(["-icount", "shift=0"])
        .arg("-kernel")
        .arg(elf)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start {program}: {e}"))?;
    let (tx, rx) = mpsc::channel::<String>();
    let pump = |stream: Box<dyn Read + Send>, tx: mpsc::Sender<String>| {
        thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(|l| l.ok()) {
                println!("    {line}");
                let _ = tx.send(line);
            }
        })
    };
    let out = pump(Box::new(child.stdout.take().unwrap()), tx.clone());
    let err = pump(Box::new(child.stderr.take().unwrap()), tx);
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "the firmware did not finish within {} s (killed)",
                    TIMEOUT.as_secs()
                ));
            }
            Ok(None) => thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("waiting for {program}: {e}")),
        }
    };
    let _ = out.join();
    let _ = err.join();
    let text: Vec<String> = rx.try_iter().collect();
    let text = text.join("\n");
    if let Some(reason) = failure_in(&text) {
        return Err(format!("the firmware reported {reason} (QEMU {status})"));
    }
    if !status.success() {
        return Err(format!("QEMU exited with {status}"));
    }
    Ok(text)
}

/// The first sign of failure in the firmware's output, if any.
fn failure_in(output: &str) -> Option<String> {
    for line in output.lines() {
        for (marker, what) in [
            ("PANIC", "a panic"),
            ("HARDFAULT", "a HardFault"),
            ("FAILURE", "a failed check"),
            ("EXCEPTION", "a trap (riscv32)"),
            (
                "Lockup",
                "a CPU lockup (stack overflow or fault in a fault handler)",
            ),
        ] {
            if line.contains(marker) {
                return Some(format!("{what}: {}", line.trim()));
            }
        }
    }
    None
}

/// The measured operations of a successful run; fails when the run did not
/// reach its end or measured nothing.
fn check_output(name: &str, output: &str) -> Result<Vec<Op>> {
    if let Some(reason) = failure_in(output) {
        return Err(format!("the {name} firmware reported {reason}"));
    }
    if !output.lines().any(|l| l.trim() == DONE) {
        return Err(format!("the {name} firmware stopped before `{DONE}`"));
    }
    let mut ops = Vec::new();
    for line in output.lines().map(str::trim).filter(|l| l.starts_with('{')) {
        ops.push(parse_op(line).ok_or_else(|| format!("malformed result line: {line}"))?);
    }
    if ops.is_empty() {
        return Err(format!("the {name} firmware measured no operation"));
    }
    Ok(ops)
}

/// Parses `{"op":"...","stack_bytes":N,"instructions":M}` (keys in any
/// order, nothing nested).
pub fn parse_op(line: &str) -> Option<Op> {
    let body = line.strip_prefix('{')?.strip_suffix('}')?;
    let (mut op, mut stack, mut instructions) = (None, None, None);
    for field in body.split(',') {
        let (key, value) = field.split_once(':')?;
        let key = key.trim().strip_prefix('"')?.strip_suffix('"')?;
        let value = value.trim();
        match key {
            "op" => op = Some(value.strip_prefix('"')?.strip_suffix('"')?.to_string()),
            "stack_bytes" => stack = Some(value.parse().ok()?),
            "instructions" => instructions = Some(value.parse().ok()?),
            _ => {}
        }
    }
    Some(Op {
        op: op?,
        stack_bytes: stack?,
        instructions: instructions?,
    })
}

/// Sizes of the named allocated sections of a 32-bit little-endian ELF,
/// read from its section headers.
pub fn elf32_sections(elf: &[u8]) -> Result<Vec<(String, u64)>> {
    let bad = |what: &str| format!("not a 32-bit little-endian ELF: {what}");
    if elf.len() < 52 || &elf[..4] != b"\x7fELF" {
        return Err(bad("magic"));
    }
    if elf[4] != 1 || elf[5] != 1 {
        return Err(bad("class or byte order"));
    }
    let u16_at = |o: usize| -> Result<u64> {
        elf.get(o..o + 2)
            .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
            .ok_or_else(|| bad("truncated"))
    };
    let u32_at = |o: usize| -> Result<u64> {
        elf.get(o..o + 4)
            .map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
            .ok_or_else(|| bad("truncated"))
    };
    let shoff = u32_at(32)? as usize;
    let shentsize = u16_at(46)? as usize;
    let shnum = u16_at(48)? as usize;
    let shstrndx = u16_at(50)? as usize;
    if shentsize < 40 || shstrndx >= shnum {
        return Err(bad("section header table"));
    }
    let header = |i: usize| shoff + i * shentsize;
    let strtab = u32_at(header(shstrndx) + 16)? as usize;
    let mut out = Vec::new();
    for i in 0..shnum {
        let h = header(i);
        let name_off = strtab + u32_at(h)? as usize;
        let name_bytes = elf.get(name_off..).ok_or_else(|| bad("section name"))?;
        let end = name_bytes
            .iter()
            .position(|&b| b == 0)
            .ok_or_else(|| bad("section name"))?;
        let name = String::from_utf8_lossy(&name_bytes[..end]).into_owned();
        let flags = u32_at(h + 8)?;
        const SHF_ALLOC: u64 = 2;
        if flags & SHF_ALLOC != 0 {
            out.push((name, u32_at(h + 20)?));
        }
    }
    Ok(out)
}

fn section_sizes(elf: &Path) -> Result<Vec<(String, u64)>> {
    let bytes = std::fs::read(elf).map_err(|e| format!("reading {}: {e}", elf.display()))?;
    elf32_sections(&bytes)
}

fn size_of(sections: &[(String, u64)], name: &str) -> u64 {
    sections
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, s)| s)
        .sum()
}

/// Flash holds the vector table, code (on riscv32 also riscv-rt's
/// `.init.rust` and any `.eh_frame`), constants and the initial values of
/// `.data`.
fn flash_bytes(sections: &[(String, u64)]) -> u64 {
    [
        ".vector_table",
        ".text",
        ".init.rust",
        ".eh_frame",
        ".rodata",
        ".data",
    ]
    .iter()
    .map(|n| size_of(sections, n))
    .sum()
}

fn kib(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1024.0)
}

fn millions(n: u64) -> String {
    format!("{:.2} M", n as f64 / 1e6)
}

/// The issue's goals for pqkit, as (op, stack limit in bytes, beat libcrux).
const GOALS: &[(&str, u64, bool)] = &[
    ("ml-kem-768/keygen", 4096, true),
    ("ml-kem-768/encaps", 4096, true),
    ("ml-kem-768/decaps", 4096, true),
    ("ml-dsa-65/keygen", 16 * 1024, false),
    ("ml-dsa-65/sign", 32 * 1024, false),
    ("ml-dsa-65/verify", 8 * 1024, false),
    ("ml-dsa-65/keygen-small-stack", 8 * 1024, false),
    ("ml-dsa-65/sign-small-stack", 8 * 1024, false),
    ("ml-dsa-65/verify-small-stack", 4 * 1024, false),
];
const TEXT_GOAL: u64 = 64 * 1024;

fn print_report(all: &[Run]) {
    // The feature-set builds get a table of their own (their operations
    // repeat the full build's).
    let runs: Vec<&Run> = all.iter().filter(|r| !r.feature_set).collect();
    // Every op, in the order the first build that has it printed it; one
    // column pair per implementation (a peer may take two builds).
    let mut ops: Vec<&str> = Vec::new();
    let mut impls: Vec<&str> = Vec::new();
    for r in &runs {
        if !impls.contains(&r.implementation) {
            impls.push(r.implementation);
        }
        for o in &r.ops {
            if !ops.contains(&o.op.as_str()) {
                ops.push(&o.op);
            }
        }
    }
    let find = |implementation: &str, op: &str| {
        runs.iter()
            .filter(|r| r.implementation == implementation)
            .flat_map(|r| &r.ops)
            .find(|o| o.op == op)
            .cloned()
    };

    println!();
    print!("{:<32}", "operation");
    for i in &impls {
        print!(" {:>16} {:>12}", format!("{i} stack"), "instructions");
    }
    println!();
    for op in &ops {
        print!("{op:<32}");
        for i in &impls {
            match find(i, op) {
                Some(o) => print!(
                    " {:>16} {:>12}",
                    format!("{} B", o.stack_bytes),
                    millions(o.instructions)
                ),
                None => print!(" {:>16} {:>12}", "-", "-"),
            }
        }
        println!();
    }

    println!();
    println!(
        "{:<15} {:>9} {:>9} {:>9} {:>9} {:>10}",
        "build", ".text", ".rodata", ".data", ".bss", "flash"
    );
    for r in &runs {
        let s = &r.sections;
        println!(
            "{:<15} {:>9} {:>9} {:>9} {:>9} {:>10}",
            r.name,
            size_of(s, ".text"),
            size_of(s, ".rodata"),
            size_of(s, ".data"),
            size_of(s, ".bss"),
            flash_bytes(s)
        );
    }

    // The goals are benchmarks, not tests: reported, never failed on.
    print_feature_sets(all);
    let Some(pqkit) = runs.iter().find(|r| r.name == "pqkit") else {
        return;
    };
    let has_libcrux = impls.contains(&"libcrux");
    println!();
    println!("goals (benchmarks, not tests):");
    for &(op, limit, vs_libcrux) in GOALS {
        let Some(o) = find("pqkit", op) else {
            println!("  {op:<22} not measured in this build");
            continue;
        };
        let mut line = format!(
            "  {op:<22} stack {} B (goal <= {} B): {}",
            o.stack_bytes,
            limit,
            if o.stack_bytes <= limit {
                "met"
            } else {
                "MISSED"
            }
        );
        if vs_libcrux {
            if let Some(peer) = find("libcrux", op).filter(|_| has_libcrux) {
                line.push_str(&format!(
                    "; instructions {} vs libcrux {}: {}",
                    millions(o.instructions),
                    millions(peer.instructions),
                    if o.instructions < peer.instructions {
                        "met"
                    } else {
                        "MISSED"
                    }
                ));
            }
        }
        println!("{line}");
    }
    let text = size_of(&pqkit.sections, ".text");
    println!(
        "  {:<22} {} B = {} KiB (goal <= 64 KiB): {}",
        ".text",
        text,
        kib(text),
        if text <= TEXT_GOAL { "met" } else { "MISSED" }
    );
}

/// The tables again, in Markdown (for nostd-demo/README.md).
fn print_markdown(all: &[Run]) {
    let runs: Vec<&Run> = all.iter().filter(|r| !r.feature_set).collect();
    let mut impls: Vec<&str> = Vec::new();
    let mut ops: Vec<&str> = Vec::new();
    for r in &runs {
        if !impls.contains(&r.implementation) {
            impls.push(r.implementation);
        }
        for o in &r.ops {
            if !ops.contains(&o.op.as_str()) {
                ops.push(&o.op);
            }
        }
    }
    println!();
    print!("| operation |");
    for i in &impls {
        print!(" {i} stack | {i} instructions |");
    }
    println!();
    println!("|---|{}", "---:|---:|".repeat(impls.len()));
    for op in &ops {
        print!("| {op} |");
        for i in &impls {
            let found = runs
                .iter()
                .filter(|r| r.implementation == *i)
                .flat_map(|r| &r.ops)
                .find(|o| o.op == *op);
            match found {
                Some(o) => print!(
                    " {} B ({} KiB) | {} |",
                    o.stack_bytes,
                    kib(o.stack_bytes),
                    o.instructions
                ),
                None => print!(" - | - |"),
            }
        }
        println!();
    }
    println!();
    println!("| build | .text | .rodata | .data | .bss | flash |");
    println!("|---|---:|---:|---:|---:|---:|");
    for r in &runs {
        let s = &r.sections;
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            r.name,
            size_of(s, ".text"),
            size_of(s, ".rodata"),
            size_of(s, ".data"),
            size_of(s, ".bss"),
            flash_bytes(s)
        );
    }
    for board in [Board::Mps2An386, Board::RiscvVirt] {
        let rows = feature_set_rows(all, board);
        if rows.is_empty() {
            continue;
        }
        println!();
        println!(
            "| feature set ({}) | cargo features | .text | .rodata | flash | .text less the harness's |",
            board_title(board)
        );
        println!("|---|---|---:|---:|---:|---:|");
        for row in rows {
            println!(
                "| {} | `{}` | {} | {} | {} | {} |",
                row.label,
                row.cargo_features(),
                row.text,
                row.rodata,
                row.flash,
                row.library_text
                    .map_or_else(|| "-".to_string(), |t| t.to_string())
            );
        }
    }
}

/// One line of a feature-set table.
struct FeatureSetRow {
    label: &'static str,
    /// The use-case features (empty: none, or the default ones for "all").
    features: &'static str,
    text: u64,
    rodata: u64,
    flash: u64,
    /// `.text` less the harness-only build's: what the library (and the
    /// use case's own driving code) adds.
    library_text: Option<u64>,
}

impl FeatureSetRow {
    fn cargo_features(&self) -> String {
        match (self.label, self.features) {
            ("all", _) => "default features".to_string(),
            (_, "") => "--no-default-features".to_string(),
            (_, f) => format!("--no-default-features --features {f}"),
        }
    }
}

/// The feature-set builds for `board` among `runs`, then its full build as
/// "all"; empty when no feature-set build for `board` ran.
fn feature_set_rows(runs: &[Run], board: Board) -> Vec<FeatureSetRow> {
    let on_board = || runs.iter().filter(move |r| r.board == board);
    if !on_board().any(|r| r.feature_set) {
        return Vec::new();
    }
    let harness = on_board()
        .find(|r| r.feature_set && r.features.is_empty())
        .map(|r| size_of(&r.sections, ".text"));
    let all = match board {
        Board::Mps2An386 => PQKIT.name,
        Board::RiscvVirt => RISCV_ALL.name,
    };
    let row = |label: &'static str, r: &Run| {
        let text = size_of(&r.sections, ".text");
        FeatureSetRow {
            label,
            features: r.features,
            text,
            rodata: size_of(&r.sections, ".rodata"),
            flash: flash_bytes(&r.sections),
            library_text: harness
                .filter(|_| !(r.feature_set && r.features.is_empty()))
                .map(|h| text.saturating_sub(h)),
        }
    };
    on_board()
        .filter(|r| r.feature_set)
        .map(|r| row(r.name, r))
        .chain(on_board().find(|r| r.name == all).map(|r| row("all", r)))
        .collect()
}

/// What an ML-KEM-768-only firmware may take of `.text` (a benchmark,
/// reported, never failed on).
const MLKEM_ONLY_TEXT_GOAL: u64 = 16 * 1024;

fn board_title(board: Board) -> String {
    match board {
        Board::Mps2An386 => format!("Cortex-M4, {}", board.target()),
        Board::RiscvVirt => format!("riscv32imc, {}", board.target()),
    }
}

/// `.text`, `.rodata` and flash of each feature-set build, per board.
fn print_feature_sets(runs: &[Run]) {
    for board in [Board::Mps2An386, Board::RiscvVirt] {
        let rows = feature_set_rows(runs, board);
        if rows.is_empty() {
            continue;
        }
        println!();
        println!(
            ".text / .rodata / flash per feature set ({}; bytes; library = .text less the harness's):",
            board_title(board)
        );
        println!(
            "{:<32} {:<50} {:>7} {:>8} {:>7} {:>8}",
            "feature set", "cargo features", ".text", ".rodata", "flash", "library"
        );
        for row in &rows {
            println!(
                "{:<32} {:<50} {:>7} {:>8} {:>7} {:>8}",
                row.label,
                row.cargo_features(),
                row.text,
                row.rodata,
                row.flash,
                row.library_text
                    .map_or_else(|| "-".to_string(), |t| t.to_string())
            );
        }
        // The goal is the Cortex-M4's; the other board's row is there to
        // compare with.
        if let Some(kem) = rows.iter().find(|r| {
            board == Board::Mps2An386 && r.label != "all" && r.features == MLKEM_ONLY.features
        }) {
            println!(
                "  ML-KEM-768 only .text {} B = {} KiB (goal <= 16 KiB): {}",
                kem.text,
                kib(kem.text),
                if kem.text <= MLKEM_ONLY_TEXT_GOAL {
                    "met"
                } else {
                    "MISSED"
                }
            );
        }
    }
}

/// Every build derives its keys from the same seeds, so the ML-KEM results
/// printed as fingerprints must be identical across implementations.
fn check_fingerprints(runs: &[Run]) -> Result {
    // what -> (first build that printed it, its value, how many builds did)
    let mut seen: BTreeMap<&str, (&str, &str, usize)> = BTreeMap::new();
    for r in runs {
        for (what, hex) in &r.fingerprints {
            let entry = seen.entry(what).or_insert((r.name, hex, 0));
            if entry.1 != hex {
                return Err(format!(
                    "{what}: the {} and {} builds disagree ({hex} vs {})",
                    r.name, entry.0, entry.1
                ));
            }
            entry.2 += 1;
        }
    }
    let agreed: Vec<&str> = seen
        .iter()
        .filter(|(_, (_, _, n))| *n > 1)
        .map(|(what, _)| *what)
        .collect();
    if !agreed.is_empty() {
        println!();
        println!(
            "same keys, ciphertexts and signatures from every build for: {}",
            agreed.join(", ")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_elf_copies_after_the_build() {
        assert_eq!(file_name("pqkit"), "pqkit");
        assert_eq!(file_name("rustcrypto-dsa"), "rustcrypto-dsa");
        assert_eq!(
            file_name("pqkit (index out of bounds)"),
            "pqkit-index-out-of-bounds"
        );
    }

    #[test]
    fn parses_result_lines() {
        let op =
            parse_op(r#"{"op":"ml-kem-768/keygen","stack_bytes":3120,"instructions":2040000}"#)
                .unwrap();
        assert_eq!(op.op, "ml-kem-768/keygen");
        assert_eq!(op.stack_bytes, 3120);
        assert_eq!(op.instructions, 2_040_000);
        assert_eq!(
            parse_op(r#"{"op":"x","stack_bytes":-1,"instructions":2}"#),
            None
        );
        assert_eq!(parse_op(r#"{"op":"x","instructions":2}"#), None);
        assert_eq!(parse_op("# a comment"), None);
    }

    #[test]
    fn spots_every_failure_marker() {
        assert!(failure_in("# ok\n{\"op\":\"a\"}").is_none());
        for line in [
            "PANIC: panicked at src/main.rs:1:1",
            "HARDFAULT: pc=0x00000000",
            "FAILURE: secrets differ",
            "qemu: fatal: Lockup: can't escalate 3 to HardFault (current priority -1)",
        ] {
            assert!(failure_in(line).is_some(), "{line}");
        }
        let out = "{\"op\":\"a\",\"stack_bytes\":1,\"instructions\":2}\n";
        assert!(
            check_output("t", out).is_err(),
            "a run without the end marker passes"
        );
        let out = format!("{out}{DONE}\n");
        assert_eq!(check_output("t", &out).unwrap().len(), 1);
        assert!(
            check_output("t", DONE).is_err(),
            "a run that measured nothing passes"
        );
    }

    #[test]
    fn reads_section_sizes_of_an_elf32() {
        // A minimal ELF32: header, a string table and three sections.
        let names = b"\0.text\0.shstrtab\0.comment\0";
        let mut elf = vec![0u8; 52];
        elf[..6].copy_from_slice(b"\x7fELF\x01\x01");
        let strtab_off = elf.len();
        elf.extend_from_slice(names);
        while !elf.len().is_multiple_of(4) {
            elf.push(0);
        }
        let shoff = elf.len();
        let section = |name: u32, flags: u32, offset: u32, size: u32| {
            let mut h = [0u8; 40];
            h[..4].copy_from_slice(&name.to_le_bytes());
            h[8..12].copy_from_slice(&flags.to_le_bytes());
            h[16..20].copy_from_slice(&offset.to_le_bytes());
            h[20..24].copy_from_slice(&size.to_le_bytes());
            h
        };
        elf.extend_from_slice(&section(0, 0, 0, 0));
        elf.extend_from_slice(&section(1, 6, 0, 1234)); // .text, alloc + exec
        elf.extend_from_slice(&section(7, 0, strtab_off as u32, names.len() as u32));
        elf.extend_from_slice(&section(17, 0, 0, 99)); // .comment, not allocated
        elf[32..36].copy_from_slice(&(shoff as u32).to_le_bytes());
        elf[46..48].copy_from_slice(&40u16.to_le_bytes());
        elf[48..50].copy_from_slice(&4u16.to_le_bytes());
        elf[50..52].copy_from_slice(&2u16.to_le_bytes());
        assert_eq!(
            elf32_sections(&elf).unwrap(),
            vec![(".text".to_string(), 1234)]
        );
        assert!(elf32_sections(&elf[..40]).is_err());
        let mut be = elf.clone();
        be[5] = 2;
        assert!(elf32_sections(&be).is_err());
    }
}
