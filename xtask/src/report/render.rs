//! The report as Markdown: six sections from the rows of one run.

use super::data::{
    AWS_REFERENCE, FIRMWARE, NODE, OP_IMPLS, OPERATIONS, OPS, Row, SEED, SEED_METHODS, TLS,
    TLS_HRR, TLS_ROWS,
};
use super::{PhaseSeconds, Report};
use std::fmt::Write as _;

/// s2n-quic's published cost of an X25519+Kyber hybrid: about 8 % of the
/// connection rate.
const S2N_QUIC_DROP: f64 = 0.08;
/// Round-trip times the HelloRetryRequest row models.
const RTTS_MS: [f64; 2] = [30.0, 50.0];

/// Thousands separators: `12345.6` -> `12,346`; below 100, one decimal.
pub fn grouped(x: f64) -> String {
    if x < 100.0 {
        return format!("{x:.1}");
    }
    let digits = format!("{x:.0}");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count (bytes, stack) with thousands separators and no decimals.
pub fn count(n: u64) -> String {
    if n < 100 {
        n.to_string()
    } else {
        grouped(n as f64)
    }
}

fn table(md: &mut String, header: &[&str], right_from: usize, rows: &[Vec<String>]) {
    let _ = writeln!(md, "| {} |", header.join(" | "));
    let align: Vec<&str> = (0..header.len())
        .map(|i| if i < right_from { "---" } else { "--:" })
        .collect();
    let _ = writeln!(md, "|{}|", align.join("|"));
    for r in rows {
        let _ = writeln!(md, "| {} |", r.join(" | "));
    }
    md.push('\n');
}

fn find<'a>(
    rows: &'a [Row],
    section: &str,
    platform: &str,
    implementation: &str,
    algorithm: &str,
    operation: &str,
) -> Option<&'a Row> {
    rows.iter().find(|r| {
        r.section == section
            && r.platform == platform
            && r.implementation == implementation
            && r.algorithm == algorithm
            && r.operation == operation
    })
}

fn ops_cell(r: Option<&Row>) -> String {
    r.and_then(|r| r.ops_per_s).map_or("-".into(), grouped)
}

fn bytes_cell(r: Option<&Row>) -> String {
    r.and_then(|r| r.bytes).map_or("-".into(), count)
}

/// The fastest of `peers` (name, ops/s): its name and pqkit's time / its
/// time (= its ops/s / pqkit's ops/s).
pub fn versus_fastest(
    pqkit: Option<f64>,
    peers: &[(String, Option<f64>)],
) -> Option<(String, f64)> {
    let pqkit = pqkit?;
    peers
        .iter()
        .filter_map(|(name, ops)| ops.map(|o| (name.clone(), o)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(name, ops)| (name, ops / pqkit))
}

pub fn markdown(report: &Report, svg: &str) -> String {
    let mut md = String::new();
    let m = &report.machine;
    let _ = writeln!(md, "# pqkit benchmark report\n");
    let _ = writeln!(
        md,
        "Measured {} on {} ({} logical CPUs){}. Every ratio compares numbers from this run.\n",
        m.date,
        m.cpu,
        m.logical_cpus,
        if m.quick { ", `--quick`" } else { "" }
    );
    let _ = writeln!(md, "![Operations per second, pqkit and its peers]({svg})\n");
    seed(&mut md, &report.rows);
    operations(&mut md, report);
    node(&mut md, report);
    tls(&mut md, report);
    firmware(&mut md, report);
    machine(&mut md, report);
    md
}

fn seed(md: &mut String, rows: &[Row]) {
    let _ = writeln!(md, "## 1. Key exchange of a TLS handshake, natively\n");
    let mut out = Vec::new();
    for method in SEED_METHODS {
        let reference = AWS_REFERENCE.iter().find(|r| r.0 == method.name);
        for imp in method.impls {
            let client = find(rows, SEED, "native", imp, method.name, "client");
            let server = find(rows, SEED, "native", imp, method.name, "server");
            let mut r = vec![
                method.name.to_string(),
                imp.to_string(),
                count(method.client_share),
                count(method.server_share),
                count(method.client_share + method.server_share),
                ops_cell(client),
                ops_cell(server),
            ];
            match reference {
                Some((_, bytes, c, s)) => r.extend([count(*bytes), c.to_string(), s.to_string()]),
                None => r.extend(["-".into(), "-".into(), "-".into()]),
            }
            out.push(r);
        }
    }
    table(
        md,
        &[
            "Method",
            "Implementation",
            "Bytes client->server",
            "Bytes server->client",
            "Bytes total",
            "Client ops/s",
            "Server ops/s",
            "AWS bytes",
            "AWS client kops/s",
            "AWS server kops/s",
        ],
        2,
        &out,
    );
    let _ = writeln!(
        md,
        "Client op: ECDH key pair + shared secret; KEM key generation + decapsulation; TLS hybrid \
         `ClientKey` + `finish`. Server op: ECDH key pair + shared secret; KEM encapsulation; TLS \
         hybrid `respond`. Bytes: key shares as TLS 1.3 sends them (P-256 points uncompressed with \
         their 0x04 tag, hence 130 where the AWS figure counts 128). The AWS columns are the \
         published reference figures, not measured here.\n"
    );
}

fn operations(md: &mut String, report: &Report) {
    let rows = &report.rows;
    let _ = writeln!(md, "## 2. KEM and signature operations, natively\n");
    let _ = writeln!(
        md,
        "pqkit's backend on this CPU: `{}`. ops/s; signing averages over the CCTV benchmark \
         message set. Ratio = pqkit time / fastest peer time (below 1: pqkit is faster).\n",
        report.machine.pqkit_backend
    );
    let mut out = Vec::new();
    let mut last_alg = "";
    for (alg, _, op) in OPS {
        let cells: Vec<Option<f64>> = OP_IMPLS
            .iter()
            .map(|imp| find(rows, OPERATIONS, "native", imp, alg, op).and_then(|r| r.ops_per_s))
            .collect();
        let peers: Vec<(String, Option<f64>)> = OP_IMPLS[1..]
            .iter()
            .map(|s| s.to_string())
            .zip(cells[1..].iter().copied())
            .collect();
        let best = versus_fastest(cells[0], &peers);
        let mut r = vec![
            if *alg == last_alg {
                String::new()
            } else {
                alg.to_string()
            },
            op.to_string(),
        ];
        last_alg = alg;
        r.extend(cells.iter().map(|c| c.map_or("-".into(), grouped)));
        r.push(best.as_ref().map_or("-".into(), |b| b.0.clone()));
        r.push(best.map_or("-".into(), |b| format!("{:.2}", b.1)));
        out.push(r);
    }
    let mut header = vec!["Algorithm", "Operation"];
    header.extend(OP_IMPLS);
    header.extend(["Fastest peer", "pqkit / fastest"]);
    table(md, &header, 2, &out);

    let size = |alg: &str, what: &str| {
        bytes_cell(find(
            rows,
            OPERATIONS,
            "native",
            "pqkit",
            alg,
            &format!("size: {what}"),
        ))
    };
    let mut out = Vec::new();
    for alg in ["ML-KEM-512", "ML-KEM-768", "ML-KEM-1024"] {
        out.push(vec![
            alg.to_string(),
            size(alg, "encapsulation key"),
            format!(
                "{} (seed) / {} (expanded)",
                size(alg, "decapsulation key (seed)"),
                size(alg, "decapsulation key (expanded)")
            ),
            size(alg, "ciphertext"),
            size(alg, "shared secret"),
        ]);
    }
    for alg in ["ML-DSA-44", "ML-DSA-65", "ML-DSA-87"] {
        out.push(vec![
            alg.to_string(),
            size(alg, "public key"),
            format!(
                "{} (seed) / {} (expanded)",
                size(alg, "signing key (seed)"),
                size(alg, "signing key (expanded)")
            ),
            size(alg, "signature"),
            "-".into(),
        ]);
    }
    table(
        md,
        &[
            "Algorithm",
            "Public key B",
            "Secret key B",
            "Ciphertext / signature B",
            "Shared secret B",
        ],
        1,
        &out,
    );
}

/// The Node columns: label, implementation match, platform.
const NODE_COLUMNS: &[(&str, &str, &str)] = &[
    ("pqkit simd128", "pqkit", "node-simd128"),
    ("pqkit portable", "pqkit", "node-portable"),
    ("noble", "@noble/", "node"),
    ("RustCrypto simd128", "rustcrypto", "node-simd128"),
    ("RustCrypto portable", "rustcrypto", "node-portable"),
    ("libcrux simd128", "libcrux", "node-simd128"),
    ("libcrux portable", "libcrux", "node-portable"),
];

/// The notes of a section (`<prefix>: ...`), e.g. why it was not measured.
fn notes(md: &mut String, report: &Report, prefix: &str) {
    for n in report.notes.iter().filter_map(|n| n.strip_prefix(prefix)) {
        let _ = writeln!(md, "Note: {}\n", n.trim_start_matches(':').trim());
    }
}

fn node(md: &mut String, report: &Report) {
    let rows = &report.rows;
    let _ = writeln!(md, "## 3. The same in Node (npm package, WebAssembly)\n");
    notes(md, report, "node");
    let node_rows: Vec<&Row> = rows.iter().filter(|r| r.section == NODE).collect();
    let cell = |alg: &str, op: &str, imp: &str, platform: &str| {
        node_rows
            .iter()
            .find(|r| {
                r.algorithm == alg
                    && r.operation == op
                    && r.platform == platform
                    && r.implementation.starts_with(imp)
            })
            .and_then(|r| r.ops_per_s)
    };
    // (algorithm, operation) in the bench's order.
    let mut keys: Vec<(&str, &str)> = Vec::new();
    for r in &node_rows {
        let k = (r.algorithm.as_str(), r.operation.as_str());
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let is_seed = |op: &str| op == "client" || op == "server";
    for (title, seed) in [
        (
            "Key exchange of a TLS handshake (client / server op as in section 1):",
            true,
        ),
        ("Single operations:", false),
    ] {
        let _ = writeln!(md, "{title}\n");
        let mut out = Vec::new();
        for &(alg, op) in keys.iter().filter(|(_, op)| is_seed(op) == seed) {
            let cells: Vec<Option<f64>> = NODE_COLUMNS
                .iter()
                .map(|(_, imp, platform)| cell(alg, op, imp, platform))
                .collect();
            let peers: Vec<(String, Option<f64>)> = NODE_COLUMNS[2..]
                .iter()
                .map(|c| c.0.to_string())
                .zip(cells[2..].iter().copied())
                .collect();
            // The portable build against peers without simd128 (and noble).
            let portable_peers: Vec<(String, Option<f64>)> = peers
                .iter()
                .filter(|(name, _)| !name.ends_with("simd128"))
                .cloned()
                .collect();
            let best = versus_fastest(cells[0], &peers);
            let best_portable = versus_fastest(cells[1], &portable_peers);
            let mut r = vec![alg.to_string(), op.to_string()];
            r.extend(cells.iter().map(|c| c.map_or("-".into(), grouped)));
            for b in [best, best_portable] {
                r.push(b.map_or("-".into(), |(name, ratio)| format!("{ratio:.2} ({name})")));
            }
            out.push(r);
        }
        let mut header = vec!["Algorithm", "Operation"];
        header.extend(NODE_COLUMNS.iter().map(|c| c.0));
        header.extend([
            "pqkit simd128 / fastest peer",
            "pqkit portable / fastest peer without simd128",
        ]);
        table(md, &header, 2, &out);
    }
    let _ = writeln!(
        md,
        "ops/s (median of ~10 ms batches, implementations taking turns). Ratios are time ratios \
         (below 1: pqkit is faster). noble is JavaScript (@noble/post-quantum, @noble/curves); \
         RustCrypto `ml-kem` / `ml-dsa` and `libcrux-ml-kem` / `libcrux-ml-dsa` are compiled to \
         wasm32 with and without simd128. \"decaps\" starts from the 64-byte seed for pqkit and \
         the Rust peers, from the expanded key for noble; \"sign (expanded key)\" from the FIPS \
         204 signing key for pqkit, noble's secret key, a key object kept in the module for the \
         Rust peers. Every signature is hedged.\n"
    );
}

fn tls(md: &mut String, report: &Report) {
    let rows = &report.rows;
    let _ = writeln!(md, "## 4. TLS 1.3 handshakes (rustls, in memory)\n");
    let _ = writeln!(
        md,
        "Client and server in one process over in-memory buffers, no network. Every row: {}, \
         certificate {}, TLS 1.3 only, no resumption, rustls's aws-lc-rs provider for everything \
         but the key exchange under test. One handshake = client and server CPU together.\n",
        report.tls.cipher_suite, report.tls.certificate
    );
    let hs = |row: &str, imp: &str| find(rows, TLS, "tls-handshake", imp, row, "handshake");
    let base = hs("X25519", "aws-lc-rs").and_then(|r| r.ops_per_s);
    let mut out = Vec::new();
    for (row, imp) in TLS_ROWS {
        let h = hs(row, imp);
        let rate = h.and_then(|r| r.ops_per_s);
        let drop = match (rate, base) {
            (Some(r), Some(b)) if *row != "X25519" => format!("{:+.1} %", (r / b - 1.0) * 100.0),
            _ => "baseline".into(),
        };
        out.push(vec![
            row.to_string(),
            imp.to_string(),
            ops_cell(h),
            h.and_then(|r| r.median_ns)
                .map_or("-".into(), |ns| format!("{:.0}", ns / 1e3)),
            bytes_cell(find(rows, TLS, "tls-handshake", imp, row, "ClientHello")),
            bytes_cell(find(rows, TLS, "tls-handshake", imp, row, "ServerHello")),
            bytes_cell(h),
            drop,
            if *row == "X25519" {
                "-".into()
            } else {
                format!("-{:.0} %", S2N_QUIC_DROP * 100.0)
            },
        ]);
    }
    table(
        md,
        &[
            "Key exchange",
            "Implementation",
            "Handshakes/s",
            "Median us",
            "ClientHello B",
            "ServerHello B",
            "Total B",
            "Handshakes/s vs X25519",
            "s2n-quic published (X25519+Kyber)",
        ],
        2,
        &out,
    );
    let hrr = hs(TLS_HRR, "pqkit").and_then(|r| r.median_ns);
    let direct = hs("X25519MLKEM768", "pqkit").and_then(|r| r.median_ns);
    if let (Some(hrr), Some(direct)) = (hrr, direct) {
        let cpu_ms = (hrr - direct) / 1e6;
        let _ = writeln!(
            md,
            "HelloRetryRequest: the client offered only an X25519 share, the server wants \
             X25519MLKEM768. Measured extra CPU against a direct X25519MLKEM768 handshake (pqkit): \
             {:.3} ms. The retry costs a whole extra round trip before the server's first flight; \
             modelled: {}. The round trip, not the CPU, is the cost: clients should send the PQ \
             share first.\n",
            cpu_ms,
            RTTS_MS
                .iter()
                .map(|rtt| format!(
                    "+{rtt:.0} ms at {rtt:.0} ms RTT ({:.0}x the extra CPU)",
                    rtt / cpu_ms.abs().max(1e-6)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

fn firmware(md: &mut String, report: &Report) {
    let rows: Vec<&Row> = report
        .rows
        .iter()
        .filter(|r| r.section == FIRMWARE)
        .collect();
    let _ = writeln!(md, "## 5. Firmware: Cortex-M4 under QEMU (mps2-an386)\n");
    let mut impls: Vec<&str> = Vec::new();
    let mut ops: Vec<(&str, &str)> = Vec::new();
    for r in rows.iter().filter(|r| r.stack_bytes.is_some()) {
        if !impls.contains(&r.implementation.as_str()) {
            impls.push(&r.implementation);
        }
        let k = (r.algorithm.as_str(), r.operation.as_str());
        if !ops.contains(&k) {
            ops.push(k);
        }
    }
    let mut out = Vec::new();
    for (alg, op) in &ops {
        let mut r = vec![format!("{alg}/{op}")];
        for imp in &impls {
            match rows.iter().find(|x| {
                x.implementation == *imp
                    && x.algorithm == *alg
                    && x.operation == *op
                    && x.stack_bytes.is_some()
            }) {
                Some(x) => r.extend([
                    count(x.stack_bytes.unwrap_or(0)),
                    format!("{:.2} M", x.instructions.unwrap_or(0) as f64 / 1e6),
                ]),
                None => r.extend(["-".into(), "-".into()]),
            }
        }
        out.push(r);
    }
    let mut header = vec!["Operation".to_string()];
    for imp in &impls {
        header.push(format!("{imp} stack B"));
        header.push(format!("{imp} instructions"));
    }
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    table(md, &header, 1, &out);

    let mut builds: Vec<&str> = Vec::new();
    for r in rows.iter().filter(|r| r.algorithm == "firmware image") {
        if !builds.contains(&r.implementation.as_str()) {
            builds.push(&r.implementation);
        }
    }
    let sections = [".text", ".rodata", ".data", ".bss", "flash"];
    let out: Vec<Vec<String>> = builds
        .iter()
        .map(|b| {
            let mut r = vec![b.to_string()];
            r.extend(sections.iter().map(|s| {
                bytes_cell(
                    rows.iter()
                        .find(|x| {
                            x.implementation == *b
                                && x.algorithm == "firmware image"
                                && x.operation == *s
                        })
                        .copied(),
                )
            }));
            r
        })
        .collect();
    let mut header = vec!["Firmware build"];
    header.extend(sections.iter().map(|s| match *s {
        "flash" => "flash B",
        ".text" => ".text B",
        ".rodata" => ".rodata B",
        ".data" => ".data B",
        _ => ".bss B",
    }));
    table(md, &header, 1, &out);
    let _ = writeln!(
        md,
        "Stack: peak bytes of stack the operation used (painted stack); instructions: executed \
         instructions (QEMU `-icount`). The pqkit and peer builds hold the whole firmware (device \
         story, every operation), so `.text` is the image's code, not one operation's; the \
         \"only\" builds hold the harness and one use case, \"harness only\" none.\n"
    );
    notes(md, report, "firmware");
}

/// The phases' wall times on one line, e.g. `build 312 s (in parallel),
/// criterion 540 s, Node 61 s, firmware 0.5 s, 914 s in all`.
pub fn phases(p: &PhaseSeconds) -> String {
    format!(
        "build {} s (in parallel), criterion {} s, Node {} s, firmware {} s, {} s in all",
        seconds(p.build),
        seconds(p.criterion),
        seconds(p.node),
        seconds(p.firmware),
        seconds(p.build + p.criterion + p.node + p.firmware)
    )
}

/// Whole seconds, with a tenth below ten seconds (the pqkit firmware alone
/// runs in under one).
fn seconds(s: f64) -> String {
    if s < 10.0 {
        format!("{s:.1}")
    } else {
        format!("{s:.0}")
    }
}

fn machine(md: &mut String, report: &Report) {
    let m = &report.machine;
    let _ = writeln!(md, "## 6. The machine\n");
    let _ = writeln!(md, "- Date: {}", m.date);
    let _ = writeln!(md, "- CPU: {}, {} logical CPUs", m.cpu, m.logical_cpus);
    let _ = writeln!(md, "- CPU features: {}", m.cpu_features.join(" "));
    let _ = writeln!(md, "- pqkit backend: {}", m.pqkit_backend);
    let _ = writeln!(md, "- Toolchain: {}", m.rustc);
    let _ = writeln!(md, "- Node: {}", m.node);
    let _ = writeln!(
        md,
        "- Criterion arguments: `{}`; Node: {} s per cell",
        m.criterion_args.join(" "),
        m.node_seconds_per_cell
    );
    let _ = writeln!(md, "- Wall time per phase: {}", phases(&m.phase_seconds));
    let _ = writeln!(
        md,
        "- Peers (Cargo.lock): {}",
        m.peers
            .iter()
            .map(|(c, v)| format!("{c} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        md,
        "\nMedians on a machine that may be shared and noisy: compare within one run."
    );
}
