//! The report's data handling and rendering on fixture data (no benchmark
//! is run).

use super::data::*;
use super::render::{grouped, markdown, versus_fastest};
use super::*;
use std::collections::BTreeMap;

fn medians() -> Medians {
    let mut m = BTreeMap::new();
    let mut t = 1000.0;
    for method in SEED_METHODS {
        for imp in method.impls {
            for side in ["client", "server"] {
                t += 10.0;
                m.insert(format!("handshake/{}/{side}/{imp}", method.name), t);
            }
        }
    }
    for (alg, id, _) in OPS {
        for (i, imp) in OP_IMPLS.iter().enumerate() {
            m.insert(format!("{alg}/{id}/{imp}"), 10_000.0 * (i + 1) as f64);
        }
    }
    for (row, imp) in TLS_ROWS {
        m.insert(format!("tls/{row}/{imp}"), 1e6);
    }
    // An extra benchmark from another bench version is ignored.
    m.insert("ML-DSA-65/sign-cctv-set/pqkit-prepared".into(), 1.0);
    Medians(m)
}

fn kem() -> KemFacts {
    KemFacts {
        pqkit_backend: "avx2".into(),
        sets: vec![KemSet {
            algorithm: "ML-KEM-768".into(),
            encapsulation_key_bytes: 1184,
            decapsulation_key_bytes: 2400,
            seed_bytes: 64,
            ciphertext_bytes: 1088,
            shared_secret_bytes: 32,
        }],
    }
}

fn dsa() -> DsaFacts {
    let set = |a: &str| DsaSet {
        algorithm: a.into(),
        public_key_bytes: 1952,
        expanded_key_bytes: 4032,
        seed_bytes: 32,
        signature_bytes: 3309,
        cctv_messages: 100,
    };
    DsaFacts {
        pqkit_backend: "avx2".into(),
        sets: vec![set("ML-DSA-44"), set("ML-DSA-65"), set("ML-DSA-87")],
    }
}

fn tls_facts() -> TlsFacts {
    TlsFacts {
        cipher_suite: "TLS13_AES_128_GCM_SHA256".into(),
        certificate: "ECDSA P-256".into(),
        rows: TLS_ROWS
            .iter()
            .map(|(row, imp)| TlsWire {
                row: row.to_string(),
                implementation: imp.to_string(),
                hello_retry_request: *row == TLS_HRR,
                client_hello_bytes: 1400,
                server_hello_bytes: 1200,
                total_bytes: 4000,
            })
            .collect(),
    }
}

fn node_bench() -> NodeBench {
    let mut results = Vec::new();
    let keys = SEED_METHODS
        .iter()
        .flat_map(|m| [(m.name, "client"), (m.name, "server")])
        .chain(NODE_EXPECTED.iter().copied());
    for (alg, op) in keys {
        for (imp, platform, ops) in [
            ("pqkit", "node-simd128", 2000.0),
            ("pqkit", "node-portable", 1000.0),
            ("@noble/post-quantum", "node", 500.0),
            ("libcrux", "node-simd128", 4000.0),
        ] {
            results.push(NodeResult {
                section: "seed".into(),
                algorithm: alg.into(),
                operation: op.into(),
                implementation: imp.into(),
                platform: platform.into(),
                ops_per_s: ops,
            });
        }
    }
    NodeBench {
        node: "v20.0.0".into(),
        seconds: 0.1,
        results,
    }
}

fn firmware() -> Vec<firmware::Measured> {
    vec![
        firmware::Measured {
            build: "pqkit".into(),
            implementation: "pqkit".into(),
            ops: vec![firmware::Op {
                op: "ml-kem-768/keygen".into(),
                stack_bytes: 3120,
                instructions: 2_040_000,
            }],
            sections: [(".text".to_string(), 50_000), (".rodata".to_string(), 4000)]
                .into_iter()
                .collect(),
            flash_bytes: 54_100,
            feature_set: false,
            target: None,
        },
        // A feature-set build: its sizes are rows; its operations, which
        // repeat the full build's, are not.
        firmware::Measured {
            build: "ML-KEM-768 only".into(),
            implementation: "pqkit".into(),
            ops: vec![firmware::Op {
                op: "harness/empty".into(),
                stack_bytes: 8,
                instructions: 40,
            }],
            sections: [(".text".to_string(), 12_000), (".rodata".to_string(), 900)]
                .into_iter()
                .collect(),
            flash_bytes: 13_300,
            feature_set: true,
            target: None,
        },
    ]
}

fn report() -> Report {
    let m = medians();
    let mut rows = seed_rows(&m).unwrap();
    rows.extend(operation_rows(&m, &kem(), &dsa()).unwrap());
    rows.extend(tls_rows(&m, &tls_facts()).unwrap());
    rows.extend(node_rows(&node_bench()).unwrap());
    rows.extend(firmware_rows(&firmware()));
    Report {
        machine: Machine {
            date: "2026-12-07 12:00 UTC".into(),
            cpu: "Test CPU".into(),
            cpu_features: vec!["avx2".into()],
            logical_cpus: 2,
            rustc: "rustc 1.95.0".into(),
            node: "v20.0.0".into(),
            pqkit_backend: "avx2".into(),
            quick: true,
            criterion_args: vec!["--noplot".into()],
            node_seconds_per_cell: 0.1,
            peers: vec![("aws-lc-rs".into(), "1.19.0".into())],
            phase_seconds: PhaseSeconds {
                build: 312.4,
                criterion: 540.0,
                node: 61.2,
                firmware: 0.46,
            },
        },
        tls: tls_facts(),
        notes: vec!["firmware: only pqkit".into()],
        rows,
    }
}

#[test]
fn every_row_serialises_to_the_documented_shape() {
    let r = report();
    let json: serde_json::Value = serde_json::to_value(&r).unwrap();
    let allowed = [
        "section",
        "platform",
        "implementation",
        "algorithm",
        "operation",
        "median_ns",
        "ops_per_s",
        "bytes",
        "stack_bytes",
        "instructions",
    ];
    let platforms = [
        "native",
        "node-simd128",
        "node-portable",
        "node",
        "cortex-m4-qemu",
        "tls-handshake",
    ];
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), r.rows.len());
    for row in rows {
        let obj = row.as_object().unwrap();
        for key in obj.keys() {
            assert!(allowed.contains(&key.as_str()), "unexpected field {key}");
        }
        for key in &allowed[..5] {
            assert!(obj[*key].is_string(), "{key} missing in {row}");
        }
        assert!(platforms.contains(&obj["platform"].as_str().unwrap()));
        // Every row carries at least one number, and no null.
        assert!(allowed[5..].iter().any(|k| obj.contains_key(*k)), "{row}");
        assert!(obj.values().all(|v| !v.is_null()));
    }
    // Round trip: what the report writes, a reader gets back.
    let back: Vec<Row> = serde_json::from_value(json["rows"].clone()).unwrap();
    assert_eq!(back, r.rows);
}

#[test]
fn timed_rows_agree_with_their_median() {
    let m = medians();
    let rows = seed_rows(&m).unwrap();
    let first = &rows[0];
    assert_eq!(first.algorithm, "P-256");
    assert_eq!(first.bytes, Some(65));
    let ns = m.get("handshake/P-256/client/pqkit").unwrap();
    assert_eq!(first.median_ns, Some(ns));
    assert!((first.ops_per_s.unwrap() - 1e9 / ns).abs() < 1e-6);
}

#[test]
fn signing_is_per_message() {
    let rows = operation_rows(&medians(), &kem(), &dsa()).unwrap();
    let sign = rows
        .iter()
        .find(|r| {
            r.algorithm == "ML-DSA-65" && r.operation == "sign" && r.implementation == "pqkit"
        })
        .unwrap();
    // The set's 10,000 ns over its 100 messages.
    assert_eq!(sign.median_ns, Some(100.0));
    assert!(!rows.iter().any(|r| r.implementation.ends_with("-prepared")));
}

#[test]
fn a_missing_benchmark_fails_and_is_named() {
    let mut m = medians();
    m.0.remove("ML-KEM-768/decaps/aws-lc-rs");
    let e = operation_rows(&m, &kem(), &dsa()).unwrap_err();
    assert!(e.contains("ML-KEM-768/decaps/aws-lc-rs"), "{e}");
    let mut m = medians();
    m.0.remove("handshake/X-Wing/server/pqkit");
    assert!(seed_rows(&m).unwrap_err().contains("X-Wing/server"));
    let mut node = node_bench();
    node.results
        .retain(|r| !(r.platform == "node-portable" && r.algorithm == "SecP384r1MLKEM1024"));
    assert!(node_rows(&node).unwrap_err().contains("SecP384r1MLKEM1024"));
}

#[test]
fn the_markdown_has_every_section_and_ratio() {
    let md = markdown(&report(), "report.svg");
    for heading in [
        "## 1. Key exchange of a TLS handshake, natively",
        "## 2. KEM and signature operations, natively",
        "## 3. The same in Node",
        "## 4. TLS 1.3 handshakes",
        "## 5. Firmware",
        "## 6. The machine",
    ] {
        assert!(md.contains(heading), "{heading} missing");
    }
    assert!(md.contains("![Operations per second, pqkit and its peers](report.svg)"));
    // Fixture: pqkit 10 us, libcrux 20 us, ...: pqkit / fastest = 0.50.
    assert!(
        md.contains(
            "| ML-KEM-768 | keygen | 100,000 | 50,000 | 33,333 | 25,000 | 20,000 | libcrux | 0.50 |"
        ),
        "{md}"
    );
    // AWS's reference next to the measured seed rows.
    assert!(md.contains("| 2,272 | 13 | 25 |"));
    assert!(md.contains("| X25519 | pqkit | 32 | 32 | 64 |"), "{md}");
    // Node: libcrux at 4000 ops/s against pqkit simd128 at 2000: pqkit
    // takes twice its time; the portable build against noble (500) half.
    assert!(md.contains("2.00 (libcrux simd128) | 0.50 (noble)"), "{md}");
    // The TLS rows all at 1 ms: no drop; HRR against direct: 0 extra CPU.
    assert!(md.contains("+0.0 %"));
    assert!(md.contains("-8 %"));
    assert!(md.contains("+30 ms at 30 ms RTT"));
    assert!(md.contains("| ml-kem-768/keygen | 3,120 | 2.04 M |"));
    assert!(md.contains("| pqkit | 50,000 | 4,000 | - | - | 54,100 |"));
    assert!(md.contains("| ML-KEM-768 only | 12,000 | 900 | - | - | 13,300 |"));
    assert!(!md.contains("harness/empty"), "{md}");
    assert!(md.contains("Note: only pqkit"));
    assert!(
        md.contains(
            "- Wall time per phase: build 312 s (in parallel), criterion 540 s, Node 61 s, \
             firmware 0.5 s, 914 s in all"
        ),
        "{md}"
    );
}

#[test]
fn the_machine_keeps_the_phase_times() {
    let json = serde_json::to_value(report()).unwrap();
    let phases = json["machine"]["phase_seconds"].as_object().unwrap();
    assert_eq!(phases.len(), 4);
    for phase in ["build", "criterion", "node", "firmware"] {
        assert!(phases[phase].is_number(), "{phase} missing");
    }
    assert_eq!(phases["node"], 61.2);
}

#[test]
fn node_signature_rows_of_the_wasm_peers_enter_the_ratios() {
    // What bench.mjs prints for an ML-DSA operation of the Rust peers.
    let mut node = node_bench();
    for (imp, platform, ops) in [
        ("rustcrypto", "node-simd128", 3000.0),
        ("rustcrypto", "node-portable", 1500.0),
        ("libcrux", "node-portable", 2500.0),
    ] {
        node.results.push(NodeResult {
            section: "operations".into(),
            algorithm: "ML-DSA-65".into(),
            operation: "sign (expanded key)".into(),
            implementation: imp.into(),
            platform: platform.into(),
            ops_per_s: ops,
        });
    }
    let mut r = report();
    r.rows.retain(|row| row.section != NODE);
    r.rows.extend(node_rows(&node).unwrap());
    let md = markdown(&r, "report.svg");
    // pqkit simd128 (2000) against libcrux simd128 (4000), pqkit portable
    // (1000) against libcrux portable (2500), the fastest without simd128.
    assert!(
        md.contains(
            "| ML-DSA-65 | sign (expanded key) | 2,000 | 1,000 | 500 | 3,000 | 1,500 | 4,000 | \
             2,500 | 2.00 (libcrux simd128) | 2.50 (libcrux portable) |"
        ),
        "{md}"
    );
}

#[test]
fn a_section_that_could_not_be_measured_says_why() {
    let mut r = report();
    r.rows.retain(|row| row.section != NODE);
    r.notes.push("node: not measured: node not found".into());
    let md = markdown(&r, "report.svg");
    let node = &md[md.find("## 3.").unwrap()..md.find("## 4.").unwrap()];
    assert!(
        node.contains("Note: not measured: node not found"),
        "{node}"
    );
    assert!(!node.contains("| ML-KEM-768 |"));
}

#[test]
fn ratio_against_the_fastest_peer() {
    let peers = vec![
        ("a".to_string(), Some(100.0)),
        ("b".to_string(), None),
        ("c".to_string(), Some(400.0)),
    ];
    assert_eq!(versus_fastest(Some(200.0), &peers), Some(("c".into(), 2.0)));
    assert_eq!(versus_fastest(None, &peers), None);
    assert_eq!(versus_fastest(Some(1.0), &[]), None);
}

#[test]
fn the_chart_draws_every_series() {
    let svg = chart::svg(&report().rows).unwrap();
    assert!(svg.starts_with("<svg"));
    for label in [
        "pqkit",
        "libcrux",
        "ML-KEM-768 keygen",
        "ML-DSA-65 sign",
        "noble (JS)",
    ] {
        assert!(svg.contains(label), "{label} missing");
    }
}

#[test]
fn reads_criterion_results_of_this_run_only() {
    let dir = std::env::temp_dir().join(format!("pqkit-report-test-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let write = |group: &str, func: &str, full: &str, median: f64| {
        let d = dir.join(group).join(func).join("new");
        fs::create_dir_all(&d).unwrap();
        fs::write(
            d.join("benchmark.json"),
            format!(r#"{{"group_id":"{group}","function_id":"{func}","value_str":null,"throughput":null,"full_id":"{full}","directory_name":"{group}/{func}","title":"{full}"}}"#),
        )
        .unwrap();
        fs::write(
            d.join("estimates.json"),
            format!(r#"{{"mean":{{"confidence_interval":{{"confidence_level":0.95,"lower_bound":1.0,"upper_bound":2.0}},"point_estimate":9.0,"standard_error":0.1}},"median":{{"confidence_interval":{{"confidence_level":0.95,"lower_bound":1.0,"upper_bound":2.0}},"point_estimate":{median},"standard_error":0.1}}}}"#),
        )
        .unwrap();
    };
    write("ML-KEM-768_keygen", "old", "ML-KEM-768/keygen/old", 5.0);
    thread::sleep(Duration::from_millis(50));
    let since = SystemTime::now();
    // File times come from a coarser clock than `now()`.
    thread::sleep(Duration::from_millis(50));
    write(
        "ML-KEM-768_keygen",
        "pqkit",
        "ML-KEM-768/keygen/pqkit",
        1.5494448300137362e5,
    );
    let m = read_criterion(&dir, since).unwrap();
    assert_eq!(
        m.get("ML-KEM-768/keygen/pqkit").unwrap(),
        154944.48300137362
    );
    assert!(
        m.get("ML-KEM-768/keygen/old").is_err(),
        "an old result passed"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn dates_and_numbers() {
    assert_eq!(civil_from_days(0), (1970, 1, 1));
    assert_eq!(civil_from_days(20_429), (2025, 12, 7));
    assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    assert_eq!(grouped(99.44), "99.4");
    assert_eq!(grouped(12345.6), "12,346");
    assert_eq!(grouped(1234567.0), "1,234,567");
}
