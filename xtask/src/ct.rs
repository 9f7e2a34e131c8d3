//! `cargo xtask ct`: the constant-time check (see ct/src/main.rs).
//!
//! 1. Builds the `pqkit-ct` harness with the release settings (LTO, one
//!    codegen unit, opt-level 3: the code that ships) plus line tables, in
//!    its own target directory.
//! 2. Self-test under valgrind memcheck: the planted secret-indexed table
//!    lookup and secret branch must be flagged.
//! 3. Division scan: memcheck does not flag divisions (it propagates
//!    definedness through them silently), so the harness's machine code is
//!    searched for integer division instructions. Every one whose source
//!    location (including the inlining chain) is in pqkit's `core/src` is a
//!    finding; the planted division in `ct/src/leaks.rs` must be found.
//! 4. The pqkit run under memcheck with `ct/valgrind.supp`: every case must
//!    be clean.
//!
//! Fails when a planted leak is not flagged or pqkit has a finding.

use crate::test::Outcome;
use crate::util::{self, Result, cargo, cmd, root, step};
use std::path::PathBuf;

const PROFILE_ARGS: &[&str] = &[
    "--config",
    "profile.ct.inherits=\"release\"",
    "--config",
    "profile.ct.debug=\"line-tables-only\"",
    "--profile",
    "ct",
];

fn build() -> Result<PathBuf> {
    util::ensure_apt("valgrind", "valgrind")?;
    util::ensure_apt("objdump", "binutils")?;
    if !std::path::Path::new("/usr/include/valgrind/memcheck.h").exists() {
        return Err("valgrind is installed but /usr/include/valgrind/memcheck.h is missing".into());
    }
    let target = root().join("target").join("ct");
    step("building the pqkit-ct harness (release settings + line tables)");
    util::run(
        cargo()
            .args(["build", "-p", "pqkit-ct"])
            .args(PROFILE_ARGS)
            .arg("--target-dir")
            .arg(&target),
    )?;
    Ok(target.join("ct").join("pqkit-ct"))
}

fn valgrind(bin: &PathBuf, args: &[&str]) -> (bool, String) {
    let supp = root().join("ct").join("valgrind.supp");
    util::run_tee(
        cmd("valgrind")
            .args(["-q", "--error-limit=no", "--num-callers=30"])
            .arg(format!("--suppressions={}", supp.display()))
            .arg(bin)
            .args(args),
    )
}

/// Integer divisions in the disassembly of `bin`, as `(address, source
/// locations)`; the locations are the line-table entry and its inlining
/// chain.
fn divisions(bin: &PathBuf) -> Result<Vec<(String, Vec<String>)>> {
    let dis = util::output(
        cmd("objdump")
            .args(["-d", "-l", "--inlines", "--no-show-raw-insn"])
            .arg(bin),
    )?;
    let mut found = Vec::new();
    let mut locs: Vec<String> = Vec::new();
    let mut in_locs = false;
    for line in dis.lines() {
        let is_loc = line.starts_with('/') || line.starts_with("inlined by ");
        if is_loc {
            if !in_locs {
                locs.clear();
            }
            locs.push(line.trim_start_matches("inlined by ").to_string());
            in_locs = true;
            continue;
        }
        in_locs = false;
        // A new function, or the function-name line objdump prints before a
        // location: forget locations that belonged to what came before.
        if line.ends_with(">:") || line.ends_with("():") {
            locs.clear();
            continue;
        }
        let Some((addr, insn)) = line.split_once(":\t") else {
            continue;
        };
        let mnemonic = insn.split_whitespace().next().unwrap_or("");
        if matches!(
            mnemonic,
            "div"
                | "divb"
                | "divw"
                | "divl"
                | "divq"
                | "idiv"
                | "idivb"
                | "idivw"
                | "idivl"
                | "idivq"
        ) {
            found.push((addr.trim().to_string(), locs.clone()));
        }
    }
    Ok(found)
}

pub fn run(_args: &[String]) -> Result {
    let o = suite();
    match o.error {
        None if o.failed == 0 => Ok(()),
        Some(e) => Err(e),
        None => Err(format!("{} constant-time check(s) failed", o.failed)),
    }
}

pub fn suite() -> Outcome {
    let bin = match build() {
        Ok(b) => b,
        Err(e) => return Outcome::single(Err(e)),
    };
    let mut o = Outcome {
        passed: 0,
        failed: 0,
        error: None,
    };
    let fail = |o: &mut Outcome, e: String| {
        eprintln!("ct: {e}");
        o.failed += 1;
        o.error.get_or_insert(e);
    };

    step("self-test: planted leaks under valgrind memcheck");
    let (ok, log) = valgrind(&bin, &["self-test"]);
    let flagged = log
        .lines()
        .filter(|l| l.starts_with("ct: planted leak:") && l.contains(" flagged ("))
        .count();
    o.passed += flagged;
    if !ok || flagged != 2 {
        fail(
            &mut o,
            format!("self-test: {flagged} of 2 planted memcheck leaks flagged"),
        );
    }

    step("division scan of the harness's machine code");
    match divisions(&bin) {
        Err(e) => fail(&mut o, e),
        Ok(divs) => {
            let core = root().join("core").join("src");
            let core = core.to_string_lossy();
            let leaks = root().join("ct").join("src").join("leaks.rs");
            let leaks = leaks.to_string_lossy();
            let mut planted = 0;
            for (addr, locs) in &divs {
                if locs.iter().any(|l| l.contains(leaks.as_ref())) {
                    planted += 1;
                    println!(
                        "ct: planted leak: secret division flagged (division at {addr}, {})",
                        locs.join(" <- ")
                    );
                } else if locs.iter().any(|l| l.contains(core.as_ref())) {
                    fail(
                        &mut o,
                        format!("division in pqkit at {addr}: {}", locs.join(" <- ")),
                    );
                }
            }
            if planted == 0 {
                fail(&mut o, "the planted secret division was NOT flagged".into());
            } else {
                o.passed += 1;
            }
            println!(
                "ct: {} integer division(s) in the binary, {planted} planted, none in pqkit unless listed above",
                divs.len()
            );
        }
    }

    step("pqkit under valgrind memcheck (every operation, parameter set and backend)");
    let (ok, log) = valgrind(&bin, &[]);
    let clean = log
        .lines()
        .filter(|l| l.starts_with("ct: ") && l.ends_with("] clean"))
        .count();
    let dirty = log
        .lines()
        .filter(|l| l.starts_with("ct: ") && l.ends_with("FINDING(S)"))
        .count();
    o.passed += clean;
    if !ok || dirty > 0 || clean == 0 {
        o.failed += dirty.max(1) - 1;
        fail(
            &mut o,
            format!("pqkit: {dirty} case(s) with memcheck findings"),
        );
    }
    o
}
