//! `cargo xtask report [--quick]`: the benchmark report.
//!
//! Runs the criterion benches of `pqkit-bench` (`handshake`, `ml_kem`,
//! `ml_dsa`, `tls`), the Node bench of the npm package
//! (`wasm/tests/bench.mjs --json`) and the Cortex-M4 firmware under QEMU,
//! then prints six Markdown sections (the seed table, KEM and signature
//! operations, the same in Node, TLS 1.3 handshakes, the firmware, the
//! machine) and writes them to `target/report/report.md`, every number as a
//! row of `target/report/report.json` (shape: [`data::Row`]) and a bar chart
//! to `target/report/report.svg`.
//!
//! Everything is built first, the three groups of builds (benches, npm
//! package with its wasm32 peers, firmware) side by side on threads, then
//! measured one part at a time, so that the builds overlap each other but
//! never a measurement. The wall time of each phase is printed and kept in
//! `report.json` against the report's 20-minute budget.
//!
//! Every number comes from this run: a criterion result older than the run
//! is ignored, and a benchmark the report expects but does not find makes it
//! fail, naming the benchmark. Benchmarks it does not know are ignored.
//!
//! `--quick` shortens every measurement (criterion: 0.2 s warm-up, 0.4 s
//! measurement, 10 samples; Node: 0.15 s per cell) and runs only the pqkit
//! firmware; the sections are the same.

mod chart;
mod data;
mod render;

use crate::firmware;
use crate::util::{self, Result, cargo, output, root};
use data::{DsaFacts, KemFacts, Medians, NodeBench, Row, TlsFacts};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use std::fs::{self, File};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

/// The suites of the one bench binary (`bench/benches/main.rs`), run one
/// after another for the progress bar: a log name and the regular expression
/// on criterion's benchmark ids that selects the suite.
const BENCHES: &[(&str, &str)] = &[
    ("handshake", "^handshake/"),
    ("ml_kem", "^ML-KEM-"),
    ("ml_dsa", "^ML-DSA-"),
    ("tls", "^tls/"),
];
/// One second of measurement per benchmark: criterion's 100 samples of
/// microsecond operations still hold hundreds of iterations each, and 2 s
/// per benchmark kept the whole report over its 20-minute budget.
const FULL_ARGS: &[&str] = &[
    "--warm-up-time",
    "0.5",
    "--measurement-time",
    "1",
    "--noplot",
];
const QUICK_ARGS: &[&str] = &[
    "--warm-up-time",
    "0.2",
    "--measurement-time",
    "0.4",
    "--sample-size",
    "10",
    "--nresamples",
    "2000",
    "--noplot",
];

/// Where and how the numbers were measured (`report.json`'s `machine`).
#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    pub date: String,
    pub cpu: String,
    /// The CPU features that matter to the implementations measured.
    pub cpu_features: Vec<String>,
    pub logical_cpus: usize,
    pub rustc: String,
    pub node: String,
    /// The backend pqkit selected natively (`pqkit::arith::selected_backend()`).
    pub pqkit_backend: String,
    pub quick: bool,
    pub criterion_args: Vec<String>,
    pub node_seconds_per_cell: f64,
    /// Peer crate versions from Cargo.lock.
    pub peers: Vec<(String, String)>,
    /// How long each phase of this run took, to check against the budget.
    pub phase_seconds: PhaseSeconds,
}

/// Wall time of the report's phases, in seconds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PhaseSeconds {
    /// Every build, in parallel, with the tool installs before them.
    pub build: f64,
    /// The four criterion benches.
    pub criterion: f64,
    /// The Node bench.
    pub node: f64,
    /// The firmware runs under QEMU.
    pub firmware: f64,
}

/// Everything one run produced.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub machine: Machine,
    pub tls: TlsFacts,
    /// Why a section could not be measured in this run (e.g. the firmware
    /// peers with `--quick`).
    pub notes: Vec<String>,
    pub rows: Vec<Row>,
}

/// The steps, with a progress bar on a terminal and one plain line per step
/// elsewhere.
struct Progress {
    bar: Option<ProgressBar>,
    total: usize,
    done: usize,
}

impl Progress {
    fn new(total: usize) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {msg}",
                )
                .expect("a valid template"),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            total,
            done: 0,
        }
    }

    fn step(&mut self, msg: impl Into<String>) {
        let msg = msg.into();
        self.done += 1;
        match &self.bar {
            Some(bar) => {
                bar.set_position(self.done as u64 - 1);
                bar.set_message(msg);
            }
            None => util::step(format!("[{}/{}] {msg}", self.done, self.total)),
        }
    }

    /// A line under the current step (above the bar on a terminal).
    fn line(&self, msg: impl AsRef<str>) {
        let line = format!("    {}", msg.as_ref());
        match &self.bar {
            Some(bar) => bar.println(line),
            None => println!("{line}"),
        }
    }

    /// Runs `f` with the bar hidden (for steps that print their own lines).
    fn suspend<T>(&self, f: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

const USAGE: &str = "usage: cargo xtask report [--quick]";

/// Where the report writes: `target/report/`, the logs of every build and
/// bench in `logs/`, the benches' facts (sizes, backend) in `facts/`.
struct Dirs {
    target: PathBuf,
    out: PathBuf,
    logs: PathBuf,
    facts: PathBuf,
}

pub fn run(args: &[String]) -> Result {
    let mut quick = false;
    for a in args {
        match a.as_str() {
            "--quick" => quick = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    let started = Instant::now();
    let since = SystemTime::now();
    let target = target_dir()?;
    let out = target.join("report");
    let dirs = Dirs {
        logs: out.join("logs"),
        facts: out.join("facts"),
        out,
        target,
    };
    let _ = fs::remove_dir_all(&dirs.facts);
    fs::create_dir_all(&dirs.logs).map_err(|e| format!("creating {}: {e}", dirs.logs.display()))?;
    let criterion_args: Vec<String> = if quick { QUICK_ARGS } else { FULL_ARGS }
        .iter()
        .map(|s| s.to_string())
        .collect();
    let node_seconds = if quick { 0.15 } else { 1.0 };

    let mut p = Progress::new(BENCHES.len() + 6);
    p.step("reading the machine and toolchain");
    let mut machine = machine_info(quick, &criterion_args, node_seconds)?;

    // Everything is built first, in parallel, and measured afterwards one
    // part at a time, so that no build runs while anything is timed.
    let phase = Instant::now();
    let builds = build_phase(&mut p, !quick, &dirs.logs);
    machine.phase_seconds.build = phase.elapsed().as_secs_f64();
    builds.benches?;

    let phase = Instant::now();
    let native = criterion_phase(&mut p, &criterion_args, &dirs, since)?;
    machine.phase_seconds.criterion = phase.elapsed().as_secs_f64();
    machine.pqkit_backend = native.pqkit_backend;
    let mut rows = native.rows;

    // The Node and firmware parts need tools beyond cargo (Node, a
    // wasm-bindgen CLI, QEMU). When one fails, its section says why, the
    // other sections are still written, and the report fails at the end.
    let mut notes = Vec::new();
    let mut failed = Vec::new();
    let phase = Instant::now();
    match node_phase(&mut p, builds.node, node_seconds, &dirs.logs) {
        Ok(node_rows) => rows.extend(node_rows),
        Err(e) => {
            notes.push(format!("node: not measured: {e}"));
            failed.push("the Node bench");
        }
    }
    machine.phase_seconds.node = phase.elapsed().as_secs_f64();

    let phase = Instant::now();
    match firmware_phase(&mut p, builds.firmware, quick) {
        Ok(firmware) => {
            if quick {
                notes.push(
                    "firmware: --quick runs only the pqkit build; `cargo xtask report` adds the RustCrypto and libcrux builds".into(),
                );
            }
            rows.extend(data::firmware_rows(&firmware));
        }
        Err(e) => {
            notes.push(format!("firmware: not measured: {e}"));
            failed.push("the firmware");
        }
    }
    machine.phase_seconds.firmware = phase.elapsed().as_secs_f64();

    p.step("writing report.md, report.json and report.svg");
    let report = Report {
        machine,
        tls: native.tls,
        notes,
        rows,
    };
    let markdown = render::markdown(&report, "report.svg");
    let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    let svg = chart::svg(&report.rows)?;
    for (name, text) in [
        ("report.md", &markdown),
        ("report.json", &json),
        ("report.svg", &svg),
    ] {
        let path = dirs.out.join(name);
        fs::write(&path, text).map_err(|e| format!("writing {}: {e}", path.display()))?;
    }
    p.finish();
    println!();
    print!("{markdown}");
    println!();
    util::step(format!(
        "report done in {:.0} s: {}/report.md, report.json, report.svg",
        started.elapsed().as_secs_f64(),
        dirs.out.display()
    ));
    util::step(format!(
        "wall time per phase: {}",
        render::phases(&report.machine.phase_seconds)
    ));
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the report is incomplete: {} could not be measured (see its section)",
            failed.join(" and ")
        ))
    }
}

/// What the build phase left for the measurements: each group's outcome.
struct Builds {
    benches: Result,
    node: Result,
    firmware: Result<Vec<firmware::Built>>,
}

/// The build phase. First every tool a build may install, one at a time:
/// rustup, `cargo install` and apt-get must not run concurrently. Then the
/// three groups of builds, one thread each, each group's output in its own
/// log. They use separate target directories (`target/`, `target/wasm-*`,
/// `nostd-demo/target/`), so cargo's build-directory lock does not
/// serialise them, and nothing is being measured meanwhile.
fn build_phase(p: &mut Progress, peers: bool, logs: &Path) -> Builds {
    p.step("installing what the builds need (rustup targets, wasm-bindgen CLI, Node, QEMU)");
    let (node_tools, firmware_tools) = p.suspend(|| {
        let node = crate::wasm::ensure_tools().and_then(|_| util::ensure_node());
        (node, firmware::ensure_tools())
    });
    p.step(format!(
        "building benches, npm package + wasm peers, firmware in parallel (logs in {})",
        logs.display()
    ));
    let log = |group: &str| logs.join(format!("build-{group}.log"));
    let (benches, node, firmware) = thread::scope(|s| {
        let benches = s.spawn(move || timed(|| util::logged(&log("benches"), build_benches)));
        let node = s.spawn(move || {
            timed(|| node_tools.and_then(|()| util::logged(&log("node"), build_node)))
        });
        let firmware = s.spawn(move || {
            timed(|| {
                firmware_tools
                    .and_then(|()| util::logged(&log("firmware"), || firmware::build_all(peers)))
            })
        });
        (joined(benches), joined(node), joined(firmware))
    });
    p.line(group_outcome("benches", &benches));
    p.line(group_outcome("npm package + wasm peers", &node));
    p.line(group_outcome(
        if peers {
            "firmware, pqkit and its peers"
        } else {
            "firmware, pqkit"
        },
        &firmware,
    ));
    Builds {
        benches: benches.0,
        node: node.0,
        firmware: firmware.0,
    }
}

/// The criterion benches, compiled and not run.
fn build_benches() -> Result {
    util::run(cargo().args(["bench", "-p", "pqkit-bench", "--no-run"]))
}

/// What the Node bench loads: the npm package, the wasm32 peers, and
/// `wasm/tests/node_modules` (noble).
fn build_node() -> Result {
    crate::wasm::build_package()?;
    crate::wasm::build_peers()?;
    util::ensure_npm_ci(&root().join("wasm/tests"))
}

/// `f`'s result and how long it took, in seconds.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed().as_secs_f64())
}

/// A build thread's outcome; a panic there counts as a failed build.
fn joined<T>(h: thread::ScopedJoinHandle<'_, (Result<T>, f64)>) -> (Result<T>, f64) {
    h.join()
        .unwrap_or_else(|_| (Err("the build thread panicked".into()), 0.0))
}

/// One line per build group: how long it took and whether it worked (why
/// not is in the section that needed it, or in the error for the benches).
fn group_outcome<T>(group: &str, (result, seconds): &(Result<T>, f64)) -> String {
    match result {
        Ok(_) => format!("{group}: built in {seconds:.0} s"),
        Err(_) => format!("{group}: FAILED after {seconds:.0} s"),
    }
}

/// What the criterion benches measured, as rows, with the facts the other
/// sections need.
struct Native {
    rows: Vec<Row>,
    tls: TlsFacts,
    pqkit_backend: String,
}

/// Runs the four criterion suites one after another (already built) and
/// reads back the results of this run.
fn criterion_phase(
    p: &mut Progress,
    criterion_args: &[String],
    dirs: &Dirs,
    since: SystemTime,
) -> Result<Native> {
    for (bench, filter) in BENCHES {
        p.step(format!(
            "cargo bench -p pqkit-bench -- {} '{filter}'",
            criterion_args.join(" ")
        ));
        util::logged(&dirs.logs.join(format!("{bench}.log")), || {
            util::run(
                cargo()
                    .args(["bench", "-p", "pqkit-bench", "--"])
                    .args(criterion_args)
                    .arg(filter)
                    .env("CRITERION_HOME", dirs.target.join("criterion"))
                    .env("PQKIT_REPORT_FACTS", &dirs.facts),
            )
        })?;
    }
    let medians: Medians = data::read_criterion(&dirs.target.join("criterion"), since)?;
    let kem: KemFacts = data::read_json(&dirs.facts.join("ml_kem.json"))?;
    let dsa: DsaFacts = data::read_json(&dirs.facts.join("ml_dsa.json"))?;
    let tls: TlsFacts = data::read_json(&dirs.facts.join("tls.json"))?;
    let mut rows = data::seed_rows(&medians)?;
    rows.extend(data::operation_rows(&medians, &kem, &dsa)?);
    rows.extend(data::tls_rows(&medians, &tls)?);
    Ok(Native {
        rows,
        tls,
        pqkit_backend: kem.pqkit_backend,
    })
}

/// The Node bench, when its package and peers built.
fn node_phase(p: &mut Progress, built: Result, seconds: f64, logs: &Path) -> Result<Vec<Row>> {
    p.step(format!(
        "node wasm/tests/bench.mjs --json ({seconds} s per cell)"
    ));
    built?;
    data::node_rows(&node_bench(seconds, &logs.join("node.log"))?)
}

/// The firmware builds under QEMU, one after another, when they built.
fn firmware_phase(
    p: &mut Progress,
    built: Result<Vec<firmware::Built>>,
    quick: bool,
) -> Result<Vec<firmware::Measured>> {
    p.step(if quick {
        "the pqkit firmware under QEMU (--quick: no peer builds)"
    } else {
        "the firmware under QEMU, pqkit and its peers"
    });
    let built = built?;
    p.suspend(|| firmware::measure_built(&built))
}

/// `node wasm/tests/bench.mjs --json`: the JSON on stdout, the Markdown
/// tables it also prints (on stderr) in `log`.
fn node_bench(seconds: f64, log: &Path) -> Result<NodeBench> {
    let file = File::create(log).map_err(|e| format!("creating {}: {e}", log.display()))?;
    let out = Command::new("node")
        .args(["bench.mjs", "--json"])
        .current_dir(root().join("wasm/tests"))
        .env("BENCH_SECONDS", seconds.to_string())
        .stdin(Stdio::null())
        .stderr(file)
        .output()
        .map_err(|e| format!("could not start node: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "node bench.mjs failed ({}); the end of {}:\n{}",
            out.status,
            log.display(),
            util::tail(log, 40)
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("parsing bench.mjs --json: {e}"))
}

/// Cargo's target directory, wherever `CARGO_TARGET_DIR` or a config file
/// puts it.
fn target_dir() -> Result<PathBuf> {
    #[derive(serde::Deserialize)]
    struct Metadata {
        target_directory: PathBuf,
    }
    let meta = output(cargo().args(["metadata", "--format-version", "1", "--no-deps"]))?;
    serde_json::from_str::<Metadata>(&meta)
        .map(|m| m.target_directory)
        .map_err(|e| format!("`cargo metadata`: {e}"))
}

/// CPU features worth naming next to the numbers: what the SIMD code paths
/// of pqkit and its peers (and AWS-LC's assembly) look for.
const FEATURES: &[&str] = &[
    "sse4_1",
    "avx",
    "avx2",
    "bmi2",
    "adx",
    "aes",
    "pclmulqdq",
    "sha_ni",
    "avx512f",
    "avx512vl",
    "vaes",
    "vpclmulqdq",
];

/// Peer crates whose versions the report prints.
const PEER_CRATES: &[&str] = &[
    "libcrux-ml-kem",
    "libcrux-ml-dsa",
    "aws-lc-rs",
    "aws-lc-sys",
    "ml-kem",
    "ml-dsa",
    "p256",
    "x25519-dalek",
    "rustls",
    "criterion",
];

fn machine_info(quick: bool, criterion_args: &[String], node_seconds: f64) -> Result<Machine> {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let field = |name: &str| {
        cpuinfo
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_string())
    };
    let flags = field("flags").unwrap_or_default();
    let cpu_features = FEATURES
        .iter()
        .filter(|f| flags.split_whitespace().any(|x| x == **f))
        .map(|f| f.to_string())
        .collect();
    let node = util::ensure_apt("node", "nodejs")
        .and_then(|()| output(Command::new("node").arg("--version")))
        .map(|v| v.trim().to_string())
        .unwrap_or_else(|e| format!("unavailable ({e})"));
    Ok(Machine {
        date: utc_now(),
        cpu: field("model name").unwrap_or_else(|| "unknown CPU".into()),
        cpu_features,
        logical_cpus: thread::available_parallelism().map_or(0, |n| n.get()),
        rustc: output(util::cmd("rustc").arg("-V"))?.trim().to_string(),
        node,
        pqkit_backend: String::new(),
        quick,
        criterion_args: criterion_args.to_vec(),
        node_seconds_per_cell: node_seconds,
        peers: PEER_CRATES
            .iter()
            .filter_map(|c| util::locked_version(c).ok().map(|v| (c.to_string(), v)))
            .collect(),
        phase_seconds: PhaseSeconds::default(),
    })
}

/// The current UTC time as `YYYY-MM-DD HH:MM UTC`.
fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        s / 3600,
        s / 60 % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day), by
/// 400-year eras of 146,097 days.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests;
