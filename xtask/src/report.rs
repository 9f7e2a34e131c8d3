//! `cargo xtask report`: the benchmark report.
//!
//! Runs the `handshake` criterion benchmark of `pqkit-bench`, reads the
//! median of every benchmark from criterion's `estimates.json` and prints a
//! Markdown table of bytes on the wire and client/server operations per
//! second, pqkit and its peers side by side, with ratios. The same report goes
//! to `target/report/report.md` and, as data, to `target/report/report.json`.
//!
//! Arguments, if any, replace the default criterion arguments
//! (`--warm-up-time 1 --measurement-time 3`), e.g. `cargo xtask report --quick`.
//! A criterion filter that skips benchmarks makes the report fail: every
//! number in the table must come from this run.

use crate::util::{self, Result, cargo, output, step};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

const BENCH: &str = "handshake";
const DEFAULT_ARGS: &[&str] = &["--warm-up-time", "1", "--measurement-time", "3"];

/// What a row's ratio columns compare.
#[derive(Clone, Copy)]
enum Ratio {
    /// Peer time / pqkit time in the same group: above 1, pqkit is faster.
    PeerOverPqkit,
    /// This hybrid's time / the time of plain ECDH (pqkit's adapter) in
    /// `group`: what adding ML-KEM-768 costs.
    OverEcdh(&'static str),
}

struct Group {
    name: &'static str,
    client_share: usize,
    server_share: usize,
    /// pqkit first: it is the reference of the peer ratios.
    impls: &'static [&'static str],
    ratio: Ratio,
}

/// Share sizes are what TLS 1.3 sends (RFC 8446, draft-ietf-tls-ecdhe-mlkem)
/// and, for X-Wing, its public key and ciphertext.
const GROUPS: &[Group] = &[
    Group {
        name: "P-256",
        client_share: 65,
        server_share: 65,
        impls: &["pqkit", "p256"],
        ratio: Ratio::PeerOverPqkit,
    },
    Group {
        name: "X25519",
        client_share: 32,
        server_share: 32,
        impls: &["pqkit", "x25519-dalek"],
        ratio: Ratio::PeerOverPqkit,
    },
    Group {
        name: "ML-KEM-768",
        client_share: 1184,
        server_share: 1088,
        impls: &["pqkit", "rustcrypto", "libcrux-portable"],
        ratio: Ratio::PeerOverPqkit,
    },
    Group {
        name: "X25519MLKEM768",
        client_share: 1216,
        server_share: 1120,
        impls: &["pqkit"],
        ratio: Ratio::OverEcdh("X25519"),
    },
    Group {
        name: "SecP256r1MLKEM768",
        client_share: 1249,
        server_share: 1153,
        impls: &["pqkit"],
        ratio: Ratio::OverEcdh("P-256"),
    },
    Group {
        name: "X-Wing",
        client_share: 1216,
        server_share: 1120,
        impls: &["pqkit"],
        ratio: Ratio::OverEcdh("X25519"),
    },
];

/// Cloudflare's published figures (fast desktop CPU), the numbers this
/// report is read against: group, bytes on the wire, client and server ops/s.
const REFERENCE: &[(&str, usize, u32, u32)] = &[
    ("P-256", 128, 17_000, 17_000),
    ("X25519", 64, 31_000, 31_000),
    ("ML-KEM-768", 2272, 13_000, 25_000),
];

struct Measured {
    id: String,
    median_ns: f64,
}

impl Measured {
    fn ops(&self) -> f64 {
        1e9 / self.median_ns
    }
}

struct Row {
    group: &'static Group,
    implementation: &'static str,
    client: Measured,
    server: Measured,
    /// (client, server), see [`Ratio`]; none for pqkit's own row among peers.
    ratio: Option<(f64, f64)>,
    ratio_is: String,
}

/// Where and how the numbers were measured, printed with them.
struct RunInfo {
    cpu: String,
    cores: usize,
    rustc: String,
    bench_args: Vec<String>,
}

pub fn run(args: &[String]) -> Result {
    let started = Instant::now();
    let since = SystemTime::now();

    step("reading the machine and toolchain");
    let cpu = cpu_model();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let rustc = output(util::cmd("rustc").arg("-V"))?.trim().to_string();
    println!("    {cpu}, {cores} logical CPUs; {rustc}");

    let bench_args: Vec<String> = if args.is_empty() {
        DEFAULT_ARGS.iter().map(|s| s.to_string()).collect()
    } else {
        args.to_vec()
    };
    step(format!(
        "cargo bench -p pqkit-bench --bench {BENCH} -- {} (builds first)",
        bench_args.join(" ")
    ));
    util::run(
        cargo()
            .args(["bench", "-p", "pqkit-bench", "--bench", BENCH, "--"])
            .args(&bench_args),
    )?;

    let target = target_dir()?;
    let criterion = target.join("criterion");
    step(format!(
        "reading the medians from {}",
        criterion.join("handshake_*/*/new/estimates.json").display()
    ));
    let rows = collect(&criterion, since)?;

    let info = RunInfo {
        cpu,
        cores,
        rustc,
        bench_args,
    };
    let markdown = render_markdown(&rows, &info);
    println!();
    print!("{markdown}");
    println!();

    let dir = target.join("report");
    step(format!(
        "writing {}/report.md and report.json",
        dir.display()
    ));
    fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let json = render_json(&rows, &info);
    for (name, text) in [("report.md", &markdown), ("report.json", &json)] {
        let path = dir.join(name);
        fs::write(&path, text).map_err(|e| format!("writing {}: {e}", path.display()))?;
    }
    step(format!(
        "report done in {:.0} s",
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}

fn cpu_model() -> String {
    fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// Cargo's target directory, wherever `CARGO_TARGET_DIR` or a config file
/// puts it.
fn target_dir() -> Result<PathBuf> {
    let meta = output(cargo().args(["metadata", "--format-version", "1", "--no-deps"]))?;
    json_string_field(&meta, "target_directory")
        .map(PathBuf::from)
        .ok_or_else(|| "`cargo metadata` printed no target_directory".into())
}

fn collect(criterion: &Path, since: SystemTime) -> Result<Vec<Row>> {
    let median = |group: &str, side: &str, imp: &str| -> Result<Measured> {
        let id = format!("{BENCH}/{group}/{side}/{imp}");
        // Criterion's directory names: the group id and the function id,
        // each with '/' (among others) replaced by '_'.
        let path = criterion
            .join(format!("{BENCH}_{group}_{side}"))
            .join(imp)
            .join("new/estimates.json");
        let missing = |why: String| format!("benchmark {id}: {why} ({})", path.display());
        let meta = fs::metadata(&path).map_err(|e| missing(e.to_string()))?;
        // A result left over from an earlier run (e.g. one that a criterion
        // filter skipped this time) must not pass as a measurement.
        if meta.modified().is_ok_and(|t| t < since) {
            return Err(missing("not measured in this run".into()));
        }
        let text = fs::read_to_string(&path).map_err(|e| missing(e.to_string()))?;
        let median_ns = median_point_estimate(&text)
            .filter(|ns| ns.is_finite() && *ns > 0.0)
            .ok_or_else(|| missing("no median.point_estimate".into()))?;
        Ok(Measured { id, median_ns })
    };

    let mut rows = Vec::new();
    for group in GROUPS {
        for &imp in group.impls {
            let client = median(group.name, "client", imp)?;
            let server = median(group.name, "server", imp)?;
            let (base_client, base_server, ratio_is) = match group.ratio {
                Ratio::PeerOverPqkit => (
                    median(group.name, "client", "pqkit")?,
                    median(group.name, "server", "pqkit")?,
                    format!("{imp} time / pqkit time"),
                ),
                Ratio::OverEcdh(ecdh) => (
                    median(ecdh, "client", "pqkit")?,
                    median(ecdh, "server", "pqkit")?,
                    format!("time / {ecdh} (pqkit) time"),
                ),
            };
            let baseline = matches!(group.ratio, Ratio::PeerOverPqkit) && imp == "pqkit";
            let ratio = (!baseline).then(|| {
                (
                    client.median_ns / base_client.median_ns,
                    server.median_ns / base_server.median_ns,
                )
            });
            let ratio_is = if baseline {
                "baseline of the peer ratios".to_string()
            } else {
                ratio_is
            };
            rows.push(Row {
                group,
                implementation: imp,
                client,
                server,
                ratio,
                ratio_is,
            });
        }
    }
    Ok(rows)
}

/// Thousands separators: `12345.6` -> `12,346`.
fn grouped(x: f64) -> String {
    let digits = format!("{:.0}", x);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn render_markdown(rows: &[Row], run: &RunInfo) -> String {
    let RunInfo {
        cpu,
        cores,
        rustc,
        bench_args,
    } = run;
    let mut md = String::new();
    let _ = writeln!(md, "## pqkit handshake report\n");
    let _ = writeln!(
        md,
        "| Group | Implementation | Bytes on the wire | Client ops/s | Server ops/s | Client ratio | Server ratio | Ratio is |"
    );
    let _ = writeln!(md, "|---|---|--:|--:|--:|--:|--:|---|");
    for r in rows {
        let g = r.group;
        let _ = writeln!(
            md,
            "| {} | {} | {} ({} + {}) | {} | {} | {} | {} | {} |",
            g.name,
            r.implementation,
            grouped((g.client_share + g.server_share) as f64),
            g.client_share,
            g.server_share,
            grouped(r.client.ops()),
            grouped(r.server.ops()),
            r.ratio.map_or("-".into(), |(c, _)| format!("{c:.2}")),
            r.ratio.map_or("-".into(), |(_, s)| format!("{s:.2}")),
            r.ratio_is,
        );
    }
    let _ = writeln!(md, "\nReference (Cloudflare, fast desktop CPU):\n");
    let _ = writeln!(
        md,
        "| Group | Bytes on the wire | Client ops/s | Server ops/s |"
    );
    let _ = writeln!(md, "|---|--:|--:|--:|");
    for (name, bytes, client, server) in REFERENCE {
        let _ = writeln!(
            md,
            "| {name} | {} | {} | {} |",
            grouped(*bytes as f64),
            grouped(f64::from(*client)),
            grouped(f64::from(*server))
        );
    }
    let _ = writeln!(
        md,
        "\n- Machine: {cpu}, {cores} logical CPUs. Toolchain: {rustc}.\n\
         - ops/s = 10^9 / criterion's median time in ns (`cargo bench -p pqkit-bench --bench {BENCH} -- {}`). \
         The machine may be shared and noisy: medians, not best cases.\n\
         - Bytes on the wire = client share + server share as TLS 1.3 sends them \
         (P-256 points uncompressed with their 0x04 tag, hence 130 where the reference counts 128).\n\
         - ECDH: client op = server op = key pair + shared secret from the peer's share. \
         KEM: client op = key generation + decapsulation, server op = encapsulation. \
         TLS hybrids: client op = `ClientKey` + `finish`, server op = `respond`.\n\
         - Fresh randomness every iteration from a ChaCha20 generator seeded by the OS; \
         KEM clients expand their key from a seed drawn (with the matching ciphertext) outside the timed part.",
        bench_args.join(" ")
    );
    md
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn render_json(rows: &[Row], run: &RunInfo) -> String {
    let RunInfo {
        cpu,
        cores,
        rustc,
        bench_args,
    } = run;
    let side = |m: &Measured| {
        format!(
            "{{\"id\": {}, \"median_ns\": {:.1}, \"ops_per_s\": {:.1}}}",
            json_str(&m.id),
            m.median_ns,
            m.ops()
        )
    };
    let rows: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "    {{\"group\": {}, \"implementation\": {}, \"client_share_bytes\": {}, \
                 \"server_share_bytes\": {}, \"wire_bytes\": {}, \"client\": {}, \"server\": {}, \
                 \"client_ratio\": {}, \"server_ratio\": {}, \"ratio_is\": {}}}",
                json_str(r.group.name),
                json_str(r.implementation),
                r.group.client_share,
                r.group.server_share,
                r.group.client_share + r.group.server_share,
                side(&r.client),
                side(&r.server),
                r.ratio.map_or("null".into(), |(c, _)| format!("{c:.4}")),
                r.ratio.map_or("null".into(), |(_, s)| format!("{s:.4}")),
                json_str(&r.ratio_is),
            )
        })
        .collect();
    let reference: Vec<String> = REFERENCE
        .iter()
        .map(|(name, bytes, client, server)| {
            format!(
                "    {{\"group\": {}, \"wire_bytes\": {bytes}, \"client_ops_per_s\": {client}, \"server_ops_per_s\": {server}}}",
                json_str(name)
            )
        })
        .collect();
    let args: Vec<String> = bench_args.iter().map(|a| json_str(a)).collect();
    format!(
        "{{\n  \"machine\": {{\"cpu\": {}, \"logical_cpus\": {cores}}},\n  \"toolchain\": {},\n  \
         \"benchmark\": {},\n  \"criterion_args\": [{}],\n  \"statistic\": \"median\",\n  \
         \"randomness\": \"fresh per iteration, ChaCha20 seeded from the OS\",\n  \
         \"rows\": [\n{}\n  ],\n  \"reference_cloudflare\": [\n{}\n  ]\n}}\n",
        json_str(cpu),
        json_str(rustc),
        json_str(&format!("pqkit-bench/{BENCH}")),
        args.join(", "),
        rows.join(",\n"),
        reference.join(",\n"),
    )
}

/// `median.point_estimate` of criterion's `estimates.json`:
/// `{"mean":{...},"median":{"confidence_interval":{...},"point_estimate":N,...},...}`.
/// Only this one number is needed, so no JSON library.
fn median_point_estimate(json: &str) -> Option<f64> {
    let median = &json[json.find("\"median\"")?..];
    let after = &median[median.find("\"point_estimate\"")? + "\"point_estimate\"".len()..];
    let value = after.trim_start().strip_prefix(':')?.trim_start();
    let end = value
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')))
        .unwrap_or(value.len());
    value[..end].parse().ok()
}

/// A top-level string field of a JSON document, unescaped (enough for
/// `cargo metadata`'s paths).
fn json_string_field(json: &str, key: &str) -> Option<String> {
    let needle = format!("\"{key}\"");
    let after = &json[json.find(&needle)? + needle.len()..];
    let mut chars = after
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?
        .chars();
    let mut out = String::new();
    loop {
        match chars.next()? {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                c => out.push(c),
            },
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_median_not_the_mean() {
        let json = r#"{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":1.0,"upper_bound":2.0},"point_estimate":160858.6,"standard_error":4.3},"median":{"confidence_interval":{"confidence_level":0.95,"lower_bound":136186.6,"upper_bound":163899.6},"point_estimate":1.5494448300137362e5,"standard_error":5799.1}}"#;
        assert_eq!(median_point_estimate(json), Some(154944.48300137362));
    }

    #[test]
    fn reads_a_string_field() {
        let json = r#"{"packages":[],"target_directory":"/a \"b\"/c\\d","version":1}"#;
        assert_eq!(
            json_string_field(json, "target_directory").as_deref(),
            Some(r#"/a "b"/c\d"#)
        );
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(999.4), "999");
        assert_eq!(grouped(12345.6), "12,346");
        assert_eq!(grouped(1234567.0), "1,234,567");
    }
}
