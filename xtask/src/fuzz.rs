//! `cargo xtask fuzz [--seconds N] [TARGET...]`: runs the cargo-fuzz targets
//! in `fuzz/` (see fuzz/README.md), and the `fuzz` suite of `cargo xtask
//! test`, which replays every target's committed seed corpus.
//!
//! Both install what they need first: a nightly toolchain (cargo-fuzz builds
//! with `-Zsanitizer=address` and libFuzzer's coverage instrumentation, which
//! stable Rust refuses) and `cargo-fuzz` at [`CARGO_FUZZ_VERSION`].
//!
//! A long run reads the committed seeds from `fuzz/corpus/<target>/` and
//! writes what it discovers to `fuzz/corpus-run/<target>/` (ignored by git),
//! so the repository keeps only the small seed set. A crash leaves its input
//! in `fuzz/artifacts/<target>/` and fails the command.

use crate::test::Outcome;
use crate::util::{self, Result, cargo, root, run_tee, step};
use std::process::Command;
use std::time::Instant;

/// The cargo-fuzz release the commands install (`cargo install --locked`).
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Release build with debug assertions and overflow checks: an unintended
/// wrapping or a failed `debug_assert!` is a finding too. `cargo fuzz run`
/// must get the same flags or it rebuilds.
const BUILD_FLAGS: &[&str] = &["--debug-assertions"];

/// Seconds per target when `--seconds` is not given.
const DEFAULT_SECONDS: u64 = 60;

/// Nightly cargo. `cargo xtask` runs with `CARGO` set to the stable cargo
/// binary itself, which does not understand `+nightly` (only rustup's proxy
/// does), and cargo-fuzz would call that binary for its builds: so go
/// through `rustup run nightly` and drop `CARGO`.
fn nightly() -> Command {
    let mut c = util::cmd("rustup");
    c.args(["run", "nightly", "cargo"]).env_remove("CARGO");
    c
}

/// A nightly toolchain and the pinned cargo-fuzz, installed when missing.
pub fn ensure_tools() -> Result {
    let toolchains = util::output(Command::new("rustup").args(["toolchain", "list"]))?;
    if !toolchains.lines().any(|l| l.starts_with("nightly")) {
        step("installing the nightly toolchain (rustup, minimal profile) for cargo-fuzz");
        util::run(Command::new("rustup").args([
            "toolchain",
            "install",
            "nightly",
            "--profile",
            "minimal",
        ]))?;
    }
    let installed = nightly()
        .args(["fuzz", "--version"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    if installed.split_whitespace().nth(1) != Some(CARGO_FUZZ_VERSION) {
        step(format!(
            "installing cargo-fuzz {CARGO_FUZZ_VERSION} from crates.io"
        ));
        util::run(cargo().args([
            "install",
            "--quiet",
            "--locked",
            "cargo-fuzz",
            "--version",
            CARGO_FUZZ_VERSION,
        ]))?;
    }
    Ok(())
}

/// The fuzz targets, as `cargo fuzz list` reports them.
fn targets() -> Result<Vec<String>> {
    let list = util::output(nightly().args(["fuzz", "list"]))?;
    Ok(list
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect())
}

fn build() -> Result {
    step("building the fuzz targets (nightly, AddressSanitizer, release with debug assertions)");
    util::run(nightly().args(["fuzz", "build"]).args(BUILD_FLAGS))
}

/// What libFuzzer reported at the end of a run.
#[derive(Debug, Default, PartialEq)]
struct Stats {
    executions: u64,
    seconds: f64,
    /// CPU time of the run (user and system), when the OS reports it.
    cpu_seconds: Option<f64>,
    corpus_inputs: u64,
    corpus_size: String,
}

/// Reads the last status line (`#N DONE cov: .. corp: A/SIZE ..`) and the
/// `-print_final_stats` lines of a libFuzzer log.
fn parse_stats(log: &str) -> Stats {
    let mut s = Stats::default();
    for line in log.lines() {
        if let Some(v) = line.strip_prefix("stat::number_of_executed_units:") {
            s.executions = v.trim().parse().unwrap_or(0);
        }
        if let Some(i) = line.find("corp: ") {
            let field = line[i + 6..].split_whitespace().next().unwrap_or("");
            if let Some((n, size)) = field.split_once('/') {
                s.corpus_inputs = n.parse().unwrap_or(s.corpus_inputs);
                s.corpus_size = size.to_string();
            }
        }
    }
    s
}

/// Runs `target` with the libFuzzer `flags`, reading `fuzz/corpus/<target>`
/// and writing new inputs to `out` (a corpus directory relative to the
/// workspace root, or `None` to write nothing new).
fn run_target(target: &str, out: Option<&str>, flags: &[String]) -> (bool, Stats) {
    let seeds = format!("fuzz/corpus/{target}");
    let mut c = nightly();
    c.args(["fuzz", "run"]).args(BUILD_FLAGS).arg(target);
    if let Some(out) = out {
        let _ = std::fs::create_dir_all(root().join(out));
        c.arg(out);
    }
    c.arg(&seeds)
        .arg("--")
        .arg("-print_final_stats=1")
        .args(flags);
    let t = Instant::now();
    let cpu = children_cpu_seconds();
    let (ok, log) = run_tee(&mut c);
    let mut stats = parse_stats(&log);
    stats.seconds = t.elapsed().as_secs_f64();
    stats.cpu_seconds = cpu.zip(children_cpu_seconds()).map(|(a, b)| b - a);
    (ok, stats)
}

/// CPU seconds used by the finished child processes of this process and
/// their own waited-for children (Linux `/proc/self/stat` `cutime` and
/// `cstime`, in clock ticks of 1/100 s). Wall time overstates the fuzzing
/// done on a busy machine; this does not.
fn children_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name, which may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // cutime and cstime are fields 16 and 17 of the whole line; the rest
    // starts at field 3.
    let ticks: u64 = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

/// `cargo xtask fuzz [--seconds N] [TARGET...]`.
pub fn run(args: &[String]) -> Result {
    let mut seconds = DEFAULT_SECONDS;
    let mut chosen = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seconds" => {
                seconds = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--seconds needs a whole number of seconds")?;
            }
            other if other.starts_with('-') => return Err(format!("unknown option `{other}`")),
            other => chosen.push(other.to_string()),
        }
    }
    ensure_tools()?;
    let all = targets()?;
    for t in &chosen {
        if !all.contains(t) {
            return Err(format!(
                "unknown fuzz target `{t}` (targets: {})",
                all.join(" ")
            ));
        }
    }
    let selected = if chosen.is_empty() { all } else { chosen };
    build()?;
    let mut rows = Vec::new();
    for target in &selected {
        step(format!("fuzzing {target} for {seconds} s"));
        let out = format!("fuzz/corpus-run/{target}");
        let (ok, stats) = run_target(target, Some(&out), &[format!("-max_total_time={seconds}")]);
        // Printed as each target ends, so an interrupted run still reports.
        let row = summary_line(target, ok, &stats);
        println!("==> {row}");
        rows.push((row, ok, target.clone()));
    }
    println!();
    for (row, _, _) in &rows {
        println!("{row}");
    }
    let failed: Vec<&str> = rows
        .iter()
        .filter(|(_, ok, _)| !ok)
        .map(|(_, _, t)| t.as_str())
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("fuzz target(s) failed: {}", failed.join(" ")))
    }
}

fn summary_line(target: &str, ok: bool, s: &Stats) -> String {
    let cpu = s
        .cpu_seconds
        .map_or("n/a".to_string(), |c| format!("{c:.0} s"));
    format!(
        "{target:<20} {:>5.0} s wall {cpu:>7} CPU {:>10} executions  corpus {} inputs ({})  {}",
        s.seconds,
        s.executions,
        s.corpus_inputs,
        s.corpus_size,
        if ok {
            "ok"
        } else {
            "CRASH (see fuzz/artifacts/)"
        }
    )
}

/// The `fuzz` suite: every target over its committed seed corpus
/// (`-runs=0` executes the corpus and stops), one test per target.
pub fn suite() -> Outcome {
    if let Err(e) = ensure_tools().and_then(|()| build()) {
        return Outcome::single(Err(e));
    }
    let all = match targets() {
        Ok(t) if !t.is_empty() => t,
        Ok(_) => return Outcome::single(Err("no fuzz targets found".into())),
        Err(e) => return Outcome::single(Err(e)),
    };
    let mut o = Outcome {
        passed: 0,
        failed: 0,
        error: None,
    };
    for target in &all {
        step(format!("replaying the seed corpus of {target}"));
        let (ok, stats) = run_target(target, None, &["-runs=0".to_string()]);
        // An empty corpus would make the replay pass without testing anything.
        if ok && stats.corpus_inputs > 0 {
            o.passed += 1;
        } else {
            o.failed += 1;
            o.error = Some(format!("{target} failed on its seed corpus"));
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libfuzzer_final_stats() {
        let log = "\
INFO: seed corpus: files: 9 min: 33b max: 4897b total: 21000b rss: 40Mb
#10\tINITED cov: 1200 ft: 1500 corp: 9/21Kb exec/s: 0 rss: 50Mb
#2048\tpulse  cov: 1300 ft: 1700 corp: 12/30Kb lim: 4897 exec/s: 1024 rss: 60Mb
#123456\tDONE   cov: 1400 ft: 2000 corp: 57/112Kb lim: 4897 exec/s: 2057 rss: 70Mb
Done 123456 runs in 60 second(s)
stat::number_of_executed_units: 123456
stat::average_exec_per_sec:     2057
";
        let s = parse_stats(log);
        assert_eq!(s.executions, 123_456);
        assert_eq!(s.corpus_inputs, 57);
        assert_eq!(s.corpus_size, "112Kb");
    }
}
