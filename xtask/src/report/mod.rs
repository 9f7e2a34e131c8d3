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

use crate::util::{self, Result, cargo, output, root};
use data::{DsaFacts, KemFacts, Medians, NodeBench, Row, TlsFacts};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use std::fs::{self, File};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

const BENCHES: &[&str] = &["handshake", "ml_kem", "ml_dsa", "tls"];
const FULL_ARGS: &[&str] = &[
    "--warm-up-time",
    "0.5",
    "--measurement-time",
    "2",
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
    let logs = out.join("logs");
    let facts = out.join("facts");
    let _ = fs::remove_dir_all(&facts);
    fs::create_dir_all(&logs).map_err(|e| format!("creating {}: {e}", logs.display()))?;
    let criterion_args: Vec<String> = if quick { QUICK_ARGS } else { FULL_ARGS }
        .iter()
        .map(|s| s.to_string())
        .collect();
    let node_seconds = if quick { 0.15 } else { 1.0 };

    let mut p = Progress::new(BENCHES.len() + 6);
    p.step("reading the machine and toolchain");
    let mut machine = machine_info(quick, &criterion_args, node_seconds)?;

    p.step(format!(
        "building the benches (cargo bench -p pqkit-bench --no-run; log in {})",
        logs.display()
    ));
    run_logged(
        cargo().args(["bench", "-p", "pqkit-bench", "--no-run"]),
        &logs.join("build.log"),
    )?;
    for bench in BENCHES {
        p.step(format!(
            "cargo bench -p pqkit-bench --bench {bench} -- {}",
            criterion_args.join(" ")
        ));
        run_logged(
            cargo()
                .args(["bench", "-p", "pqkit-bench", "--bench", bench, "--"])
                .args(&criterion_args)
                .env("CRITERION_HOME", target.join("criterion"))
                .env("PQKIT_REPORT_FACTS", &facts),
            &logs.join(format!("{bench}.log")),
        )?;
    }
    let medians: Medians = data::read_criterion(&target.join("criterion"), since)?;
    let kem: KemFacts = data::read_json(&facts.join("ml_kem.json"))?;
    let dsa: DsaFacts = data::read_json(&facts.join("ml_dsa.json"))?;
    let tls: TlsFacts = data::read_json(&facts.join("tls.json"))?;
    machine.pqkit_backend = kem.pqkit_backend.clone();
    let mut rows = data::seed_rows(&medians)?;
    rows.extend(data::operation_rows(&medians, &kem, &dsa)?);
    rows.extend(data::tls_rows(&medians, &tls)?);

    // The Node and firmware parts need tools beyond cargo (Node, a
    // wasm-bindgen CLI, QEMU). When one fails, its section says why, the
    // other sections are still written, and the report fails at the end.
    let mut notes = Vec::new();
    let mut failed = Vec::new();
    p.step("building the npm package and the wasm32 peers");
    let node = p
        .suspend(|| -> Result {
            crate::wasm::build_package()?;
            crate::wasm::build_peers()?;
            util::ensure_npm_ci(&root().join("wasm/tests"))
        })
        .and_then(|()| {
            p.step(format!(
                "node wasm/tests/bench.mjs --json ({node_seconds} s per cell)"
            ));
            data::node_rows(&node_bench(node_seconds, &logs.join("node.log"))?)
        });
    match node {
        Ok(node_rows) => rows.extend(node_rows),
        Err(e) => {
            notes.push(format!("node: not measured: {e}"));
            failed.push("the Node bench");
        }
    }

    p.step(if quick {
        "the pqkit firmware under QEMU (--quick: no peer builds)"
    } else {
        "the firmware under QEMU, pqkit and its peers"
    });
    match p.suspend(|| crate::firmware::measure(!quick)) {
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

    p.step("writing report.md, report.json and report.svg");
    let report = Report {
        machine,
        tls,
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
        let path = out.join(name);
        fs::write(&path, text).map_err(|e| format!("writing {}: {e}", path.display()))?;
    }
    p.finish();
    println!();
    print!("{markdown}");
    println!();
    util::step(format!(
        "report done in {:.0} s: {}/report.md, report.json, report.svg",
        started.elapsed().as_secs_f64(),
        out.display()
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

/// Runs `c` with its output in `log`; on failure the error ends with the
/// log's last lines.
fn run_logged(c: &mut Command, log: &Path) -> Result {
    util::logged(log, || util::run(c))
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
        logical_cpus: std::thread::available_parallelism().map_or(0, |n| n.get()),
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
