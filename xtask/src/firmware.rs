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

const TARGET: &str = "thumbv7em-none-eabihf";
const BIN: &str = "pqkit-nostd-demo";
const DONE: &str = "# firmware: all checks passed";
/// Generous: the pqkit build runs in about a second, the slowest peer in
/// well under a minute.
const TIMEOUT: Duration = Duration::from_secs(300);

/// One firmware build: its name, the implementation it measures (one
/// column of the table) and the demo's cargo features.
struct Build {
    name: &'static str,
    implementation: &'static str,
    features: &'static str,
}

const PQKIT: Build = Build {
    name: "pqkit",
    implementation: "pqkit",
    features: "",
};

const HARDFAULT_SELFTEST: Build = Build {
    name: "pqkit (undefined instruction)",
    implementation: "pqkit",
    features: "selftest-hardfault",
};

const PANIC_SELFTEST: Build = Build {
    name: "pqkit (index out of bounds)",
    implementation: "pqkit",
    features: "selftest-panic",
};

const PEERS: &[Build] = &[
    Build {
        name: "rustcrypto",
        implementation: "rustcrypto",
        features: "peer-rustcrypto",
    },
    Build {
        name: "libcrux",
        implementation: "libcrux",
        features: "peer-libcrux",
    },
    Build {
        name: "rustcrypto-dsa",
        implementation: "rustcrypto",
        features: "peer-rustcrypto-dsa",
    },
];

/// What one build measured.
struct Run {
    name: &'static str,
    implementation: &'static str,
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
    /// Vector table + `.text` + `.rodata` + `.data`.
    pub flash_bytes: u64,
}

/// The pqkit build, and with `peers` the peer builds.
fn builds(peers: bool) -> Vec<&'static Build> {
    let mut builds = vec![&PQKIT];
    if peers {
        builds.extend(PEERS);
    }
    builds
}

/// What the firmware builds need beyond cargo: the rustup target and QEMU.
/// Separate from building so that a caller building other things on other
/// threads can install every tool first, one at a time.
pub fn ensure_tools() -> Result {
    util::ensure_targets(&[TARGET])?;
    util::ensure_apt("qemu-system-arm", "qemu-system-arm")
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
    let runs = run_builds(&builds(peers))?;
    print_report(&runs);
    if markdown {
        print_markdown(&runs);
    }
    check_fingerprints(&runs)?;
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
    let checks: [Check; 5] = [
        ("pqkit firmware", || {
            run_builds(&[&PQKIT]).map(|runs| print_report(&runs))
        }),
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
    let target_dir = demo_dir().join("target");
    let mut c = cargo();
    // Run from the demo's folder so that its .cargo/config.toml (target,
    // linker script) applies; it is a workspace of its own.
    c.current_dir(demo_dir())
        .args(["build", "--release", "--target", TARGET])
        .arg("--target-dir")
        .arg(&target_dir)
        // Flags from the environment would replace the config's
        // `-Tlink.x` (and are meant for host builds anyway).
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
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
    let out = target_dir.join(TARGET).join("release").join(BIN);
    let elf = target_dir.join("elf").join(file_name(build.name));
    std::fs::create_dir_all(target_dir.join("elf"))
        .and_then(|()| std::fs::copy(&out, &elf))
        .map_err(|e| format!("copying {} to {}: {e}", out.display(), elf.display()))?;
    Ok(Built {
        name: build.name,
        implementation: build.implementation,
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
    let output = qemu(&built.elf)?;
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
        ops,
        sections: built.sections.clone(),
        fingerprints,
        output,
    })
}

/// Runs the ELF under QEMU, echoing and returning its output (stdout and
/// stderr); fails on a non-zero exit status or when `TIMEOUT` passes.
fn qemu(elf: &Path) -> Result<String> {
    let mut child = Command::new("qemu-system-arm")
        .args(["-M", "mps2-an386", "-cpu", "cortex-m4", "-nographic"])
        .args(["-semihosting-config", "enable=on,target=native"])
        // Virtual time advances one nanosecond per executed instruction,
        // which the firmware reads back through SysTick.
        .args(["-icount", "shift=0"])
        .arg("-kernel")
        .arg(elf)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start qemu-system-arm: {e}"))?;
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
            Err(e) => return Err(format!("waiting for qemu-system-arm: {e}")),
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

/// Flash holds the vector table, code, constants and the initial values of
/// `.data`.
fn flash_bytes(sections: &[(String, u64)]) -> u64 {
    [".vector_table", ".text", ".rodata", ".data"]
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

fn print_report(runs: &[Run]) {
    // Every op, in the order the first build that has it printed it; one
    // column pair per implementation (a peer may take two builds).
    let mut ops: Vec<&str> = Vec::new();
    let mut impls: Vec<&str> = Vec::new();
    for r in runs {
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
    for r in runs {
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
fn print_markdown(runs: &[Run]) {
    let mut impls: Vec<&str> = Vec::new();
    let mut ops: Vec<&str> = Vec::new();
    for r in runs {
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
    for r in runs {
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
