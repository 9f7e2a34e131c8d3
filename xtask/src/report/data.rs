//! The report's data: one row shape for every number, and how criterion's,
//! the Node bench's, the TLS bench's and the firmware's results become rows.

use crate::util::Result;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::SystemTime;

/// One number of the report (`report.json`'s `rows`). Fields that do not
/// apply are left out of the JSON.
///
/// - `section`: `seed` (key exchange of a handshake), `operations` (single
///   KEM and signature operations, and sizes), `node`, `tls`, `firmware`.
/// - `platform`: `native`, `node-simd128` / `node-portable` (the
///   WebAssembly build with / without simd128), `node` (JavaScript),
///   `tls-handshake`, `cortex-m4-qemu`.
/// - `median_ns`: criterion's median time of one operation; `ops_per_s` =
///   10^9 / `median_ns` (Node: the median of batch rates).
/// - `bytes`: a size (key, ciphertext, signature, key share, TLS message,
///   ELF section); `stack_bytes` and `instructions`: peak stack and
///   instructions executed on the Cortex-M4.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub section: String,
    pub platform: String,
    pub implementation: String,
    pub algorithm: String,
    pub operation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_ns: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ops_per_s: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<u64>,
}

impl Row {
    pub fn new(
        section: &str,
        platform: &str,
        implementation: &str,
        algorithm: &str,
        operation: &str,
    ) -> Self {
        Row {
            section: section.into(),
            platform: platform.into(),
            implementation: implementation.into(),
            algorithm: algorithm.into(),
            operation: operation.into(),
            median_ns: None,
            ops_per_s: None,
            bytes: None,
            stack_bytes: None,
            instructions: None,
        }
    }

    /// A timed row: the median and the rate it implies.
    pub fn timed(mut self, median_ns: f64) -> Self {
        self.median_ns = Some(median_ns);
        self.ops_per_s = Some(1e9 / median_ns);
        self
    }

    pub fn bytes(mut self, bytes: u64) -> Self {
        self.bytes = Some(bytes);
        self
    }
}

pub const SEED: &str = "seed";
pub const OPERATIONS: &str = "operations";
pub const NODE: &str = "node";
pub const TLS: &str = "tls";
pub const FIRMWARE: &str = "firmware";

/// The seed table's rows: method, key share sizes as TLS 1.3 sends them
/// (RFC 8446; draft-ietf-tls-ecdhe-mlkem; X-Wing: public key and
/// ciphertext), and the implementations the `handshake` bench times.
pub struct SeedMethod {
    pub name: &'static str,
    pub client_share: u64,
    pub server_share: u64,
    /// pqkit first.
    pub impls: &'static [&'static str],
}

pub const SEED_METHODS: &[SeedMethod] = &[
    SeedMethod {
        name: "P-256",
        client_share: 65,
        server_share: 65,
        impls: &["pqkit", "p256"],
    },
    SeedMethod {
        name: "X25519",
        client_share: 32,
        server_share: 32,
        impls: &["pqkit", "x25519-dalek"],
    },
    SeedMethod {
        name: "ML-KEM-768",
        client_share: 1184,
        server_share: 1088,
        impls: &["pqkit", "rustcrypto", "libcrux-portable"],
    },
    SeedMethod {
        name: "X25519MLKEM768",
        client_share: 1216,
        server_share: 1120,
        impls: &["pqkit"],
    },
    SeedMethod {
        name: "SecP256r1MLKEM768",
        client_share: 1249,
        server_share: 1153,
        impls: &["pqkit"],
    },
    SeedMethod {
        name: "SecP384r1MLKEM1024",
        client_share: 1665,
        server_share: 1665,
        impls: &["pqkit"],
    },
    SeedMethod {
        name: "X-Wing",
        client_share: 1216,
        server_share: 1120,
        impls: &["pqkit"],
    },
];

/// AWS's published figures, the reference columns of the seed table:
/// method, bytes on the wire, thousand client and server ops/s.
pub const AWS_REFERENCE: &[(&str, u64, u32, u32)] = &[
    ("P-256", 128, 17, 17),
    ("X25519", 64, 31, 31),
    ("ML-KEM-768", 2272, 13, 25),
];

/// Every implementation of the `ml_kem` and `ml_dsa` benches, pqkit first.
pub const OP_IMPLS: &[&str] = &[
    "pqkit",
    "libcrux",
    "libcrux-portable",
    "aws-lc-rs",
    "rustcrypto",
];

/// Algorithm, criterion's operation id, the name the report uses.
pub const OPS: &[(&str, &str, &str)] = &[
    ("ML-KEM-512", "keygen", "keygen"),
    ("ML-KEM-512", "encaps", "encaps"),
    ("ML-KEM-512", "decaps", "decaps"),
    ("ML-KEM-768", "keygen", "keygen"),
    ("ML-KEM-768", "encaps", "encaps"),
    ("ML-KEM-768", "decaps", "decaps"),
    ("ML-KEM-1024", "keygen", "keygen"),
    ("ML-KEM-1024", "encaps", "encaps"),
    ("ML-KEM-1024", "decaps", "decaps"),
    ("ML-DSA-44", "keygen", "keygen"),
    ("ML-DSA-44", "sign-cctv-set", "sign"),
    ("ML-DSA-44", "verify", "verify"),
    ("ML-DSA-65", "keygen", "keygen"),
    ("ML-DSA-65", "sign-cctv-set", "sign"),
    ("ML-DSA-65", "verify", "verify"),
    ("ML-DSA-87", "keygen", "keygen"),
    ("ML-DSA-87", "sign-cctv-set", "sign"),
    ("ML-DSA-87", "verify", "verify"),
];

/// The `tls` bench's rows: row name, implementation.
pub const TLS_ROWS: &[(&str, &str)] = &[
    ("X25519", "aws-lc-rs"),
    ("X25519MLKEM768", "pqkit"),
    ("X25519MLKEM768", "aws-lc-rs"),
    ("SecP256r1MLKEM768", "pqkit"),
    ("SecP256r1MLKEM768", "aws-lc-rs"),
    (TLS_HRR, "pqkit"),
];
pub const TLS_HRR: &str = "HRR X25519 to X25519MLKEM768";

/// Medians of one criterion run, by benchmark id.
#[derive(Debug, Default)]
pub struct Medians(pub BTreeMap<String, f64>);

impl Medians {
    /// The median of `id`; an expected benchmark without a result from this
    /// run is an error that names it.
    pub fn get(&self, id: &str) -> Result<f64> {
        self.0
            .get(id)
            .copied()
            .ok_or_else(|| format!("benchmark `{id}` has no result from this run"))
    }
}

/// The parts of criterion's `benchmark.json` the report needs.
#[derive(Deserialize)]
struct BenchmarkId {
    full_id: String,
}

#[derive(Deserialize)]
struct Estimate {
    point_estimate: f64,
}

/// The parts of criterion's `estimates.json` the report needs.
#[derive(Deserialize)]
struct Estimates {
    median: Estimate,
}

/// Reads every `<dir>/**/new/{benchmark,estimates}.json` written since
/// `since` (older results, e.g. of benchmarks a filter skipped, are not this
/// run's). Unknown benchmarks are kept but never asked for.
pub fn read_criterion(dir: &Path, since: SystemTime) -> Result<Medians> {
    let mut out = Medians::default();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if !path.is_dir() {
                continue;
            }
            if path.file_name().is_some_and(|n| n == "new") {
                let bench = path.join("benchmark.json");
                let est = path.join("estimates.json");
                let fresh = fs::metadata(&est)
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t >= since);
                if !fresh {
                    continue;
                }
                let id: BenchmarkId = read_json(&bench)?;
                let estimates: Estimates = read_json(&est)?;
                let ns = estimates.median.point_estimate;
                if !(ns.is_finite() && ns > 0.0) {
                    return Err(format!("{}: median {ns} is not a time", est.display()));
                }
                out.0.insert(id.full_id, ns);
            } else {
                stack.push(path);
            }
        }
    }
    Ok(out)
}

pub fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T> {
    let text = fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("parsing {}: {e}", path.display()))
}

/// The seed table from the `handshake` bench.
pub fn seed_rows(m: &Medians) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for method in SEED_METHODS {
        for imp in method.impls {
            for (side, bytes) in [
                ("client", method.client_share),
                ("server", method.server_share),
            ] {
                let ns = m.get(&format!("handshake/{}/{side}/{imp}", method.name))?;
                rows.push(
                    Row::new(SEED, "native", imp, method.name, side)
                        .timed(ns)
                        .bytes(bytes),
                );
            }
        }
    }
    Ok(rows)
}

/// What the `ml_kem` bench reports besides timings.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct KemFacts {
    pub pqkit_backend: String,
    pub sets: Vec<KemSet>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct KemSet {
    pub algorithm: String,
    pub encapsulation_key_bytes: u64,
    pub decapsulation_key_bytes: u64,
    pub seed_bytes: u64,
    pub ciphertext_bytes: u64,
    pub shared_secret_bytes: u64,
}

/// What the `ml_dsa` bench reports besides timings.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DsaFacts {
    pub pqkit_backend: String,
    pub sets: Vec<DsaSet>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DsaSet {
    pub algorithm: String,
    pub public_key_bytes: u64,
    pub expanded_key_bytes: u64,
    pub seed_bytes: u64,
    pub signature_bytes: u64,
    /// Messages per `sign-cctv-set` iteration.
    pub cctv_messages: u64,
}

/// Section 2 from the `ml_kem` and `ml_dsa` benches: one timed row per
/// implementation and operation (signing: the set's median divided by its
/// size, i.e. the average over the CCTV messages), then the sizes.
pub fn operation_rows(m: &Medians, kem: &KemFacts, dsa: &DsaFacts) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for (alg, id, op) in OPS {
        let per_iteration = if *id == "sign-cctv-set" {
            dsa.sets
                .iter()
                .find(|s| s.algorithm == *alg)
                .map(|s| s.cctv_messages)
                .filter(|&n| n > 0)
                .ok_or_else(|| format!("the ml_dsa bench gave no message count for {alg}"))?
        } else {
            1
        };
        for imp in OP_IMPLS {
            let ns = m.get(&format!("{alg}/{id}/{imp}"))?;
            rows.push(
                Row::new(OPERATIONS, "native", imp, alg, op).timed(ns / per_iteration as f64),
            );
        }
    }
    let size = |alg: &str, what: &str, bytes| {
        Row::new(OPERATIONS, "native", "pqkit", alg, &format!("size: {what}")).bytes(bytes)
    };
    for s in &kem.sets {
        for (what, bytes) in [
            ("encapsulation key", s.encapsulation_key_bytes),
            ("decapsulation key (expanded)", s.decapsulation_key_bytes),
            ("decapsulation key (seed)", s.seed_bytes),
            ("ciphertext", s.ciphertext_bytes),
            ("shared secret", s.shared_secret_bytes),
        ] {
            rows.push(size(&s.algorithm, what, bytes));
        }
    }
    for s in &dsa.sets {
        for (what, bytes) in [
            ("public key", s.public_key_bytes),
            ("signing key (expanded)", s.expanded_key_bytes),
            ("signing key (seed)", s.seed_bytes),
            ("signature", s.signature_bytes),
        ] {
            rows.push(size(&s.algorithm, what, bytes));
        }
    }
    Ok(rows)
}

/// What the `tls` bench reports besides timings.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct TlsFacts {
    pub cipher_suite: String,
    pub certificate: String,
    pub rows: Vec<TlsWire>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct TlsWire {
    pub row: String,
    pub implementation: String,
    pub hello_retry_request: bool,
    pub client_hello_bytes: u64,
    pub server_hello_bytes: u64,
    pub total_bytes: u64,
}

/// Section 4 from the `tls` bench.
pub fn tls_rows(m: &Medians, facts: &TlsFacts) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for (row, imp) in TLS_ROWS {
        let ns = m.get(&format!("tls/{row}/{imp}"))?;
        let wire = facts
            .rows
            .iter()
            .find(|w| w.row == *row && w.implementation == *imp)
            .ok_or_else(|| format!("the tls bench gave no byte counts for {row} ({imp})"))?;
        let r = |op: &str| Row::new(TLS, "tls-handshake", imp, row, op);
        rows.push(r("handshake").timed(ns).bytes(wire.total_bytes));
        rows.push(r("ClientHello").bytes(wire.client_hello_bytes));
        rows.push(r("ServerHello").bytes(wire.server_hello_bytes));
    }
    Ok(rows)
}

/// `node wasm/tests/bench.mjs --json`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct NodeBench {
    pub node: String,
    pub seconds: f64,
    pub results: Vec<NodeResult>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct NodeResult {
    pub section: String,
    pub algorithm: String,
    pub operation: String,
    pub implementation: String,
    pub platform: String,
    pub ops_per_s: f64,
}

/// What section 3 must have: both pqkit builds for every seed method and
/// every single operation the bench measures.
pub const NODE_EXPECTED: &[(&str, &str)] = &[
    ("ML-KEM-512", "keygen"),
    ("ML-KEM-768", "keygen"),
    ("ML-KEM-768", "encaps"),
    ("ML-KEM-768", "decaps"),
    ("ML-KEM-1024", "decaps"),
    ("ML-DSA-44", "verify"),
    ("ML-DSA-65", "keygen"),
    ("ML-DSA-65", "sign (expanded key)"),
    ("ML-DSA-65", "verify"),
    ("ML-DSA-87", "sign (expanded key)"),
];

/// Section 3 from the Node bench; fails when a pqkit build is missing for a
/// seed method or an expected operation.
pub fn node_rows(bench: &NodeBench) -> Result<Vec<Row>> {
    let rows: Vec<Row> = bench
        .results
        .iter()
        .filter(|r| r.ops_per_s.is_finite() && r.ops_per_s > 0.0)
        .map(|r| {
            let mut row = Row::new(
                NODE,
                &r.platform,
                &r.implementation,
                &r.algorithm,
                &r.operation,
            );
            row.ops_per_s = Some(r.ops_per_s);
            row
        })
        .collect();
    let expected = SEED_METHODS
        .iter()
        .flat_map(|m| [(m.name, "client"), (m.name, "server")])
        .chain(NODE_EXPECTED.iter().copied());
    for (alg, op) in expected {
        for platform in ["node-simd128", "node-portable"] {
            let found = rows.iter().any(|r| {
                r.implementation == "pqkit"
                    && r.platform == platform
                    && r.algorithm == alg
                    && r.operation == op
            });
            if !found {
                return Err(format!(
                    "the Node bench has no result for pqkit {platform} {alg} {op}"
                ));
            }
        }
    }
    Ok(rows)
}

/// Section 5 from the firmware's measurements.
pub fn firmware_rows(runs: &[crate::firmware::Measured]) -> Vec<Row> {
    let mut rows = Vec::new();
    for run in runs {
        // A feature-set build's operations repeat the full build's; only
        // its sizes are new.
        let ops = if run.feature_set {
            &[][..]
        } else {
            &run.ops[..]
        };
        for op in ops {
            let (alg, what) = op.op.split_once('/').unwrap_or((op.op.as_str(), ""));
            let mut row = Row::new(FIRMWARE, "cortex-m4-qemu", &run.implementation, alg, what);
            row.stack_bytes = Some(op.stack_bytes);
            row.instructions = Some(op.instructions);
            rows.push(row);
        }
        for (section, bytes) in run
            .sections
            .iter()
            .map(|(n, b)| (n.as_str(), *b))
            .chain([("flash", run.flash_bytes)])
        {
            rows.push(
                Row::new(
                    FIRMWARE,
                    "cortex-m4-qemu",
                    &run.build,
                    "firmware image",
                    section,
                )
                .bytes(bytes),
            );
        }
    }
    rows
}
