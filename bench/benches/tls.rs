//! Full TLS 1.3 handshakes with rustls, client and server in one process
//! over in-memory buffers (no network, no sockets): what a key exchange
//! costs a whole handshake.
//!
//! Every row uses the same self-signed ECDSA P-256 certificate (made once
//! with rcgen), the same cipher suite (TLS_AES_128_GCM_SHA256), TLS 1.3
//! only, no session resumption, and rustls's aws-lc-rs provider for
//! everything except the key exchange group under test. One iteration is
//! one full handshake: a fresh `ClientConnection` and `ServerConnection`,
//! flights passed back and forth until neither side is handshaking
//! (client and server CPU time together, certificate signing and
//! verification included).
//!
//! Rows (benchmark ids `tls/<row>/<impl>`):
//! - `X25519/aws-lc-rs`: the classical baseline.
//! - `X25519MLKEM768/pqkit`, `X25519MLKEM768/aws-lc-rs`,
//!   `SecP256r1MLKEM768/pqkit`, `SecP256r1MLKEM768/aws-lc-rs`: both sides
//!   use the named implementation of the group.
//! - `HRR X25519 to X25519MLKEM768/pqkit`: the client supports
//!   X25519MLKEM768 (pqkit) and X25519 but sends only an X25519 key share;
//!   the server, which takes only X25519MLKEM768, answers with a
//!   HelloRetryRequest and the client sends a second ClientHello.
//!
//! Before timing, each row runs one handshake that checks the negotiated
//! group and handshake kind and exchanges application data both ways, and
//! records the bytes on the wire (TLS records with their 5-byte headers):
//! the ClientHello(s), the ServerHello (and the HelloRetryRequest) and the
//! total in both directions. With `PQKIT_REPORT_FACTS` set they go to
//! `tls.json` for `cargo xtask report`.
//!
//! `cargo bench -p pqkit-bench -- --warm-up-time 0.5 --measurement-time 1 '^tls/'`

use criterion::{Criterion, criterion_group};
use pqkit_bench::tls as pq;
use rustls::crypto::{CryptoProvider, SupportedKxGroup, aws_lc_rs};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::{
    ClientConfig, ClientConnection, HandshakeKind, NamedGroup, RootCertStore, ServerConfig,
    ServerConnection,
};
use serde_json::json;
use std::io::{Read, Write};
use std::sync::Arc;

/// The one cipher suite of every row.
const SUITE: &str = "TLS13_AES_128_GCM_SHA256";
const CERT: &str = "self-signed ECDSA P-256 (rcgen), SHA-256";

struct Row {
    row: &'static str,
    implementation: &'static str,
    client_groups: Vec<&'static dyn SupportedKxGroup>,
    server_groups: Vec<&'static dyn SupportedKxGroup>,
    expect_group: NamedGroup,
    expect_hrr: bool,
}

fn rows() -> Vec<Row> {
    let aws = &aws_lc_rs::kx_group::X25519MLKEM768;
    let row = |row, implementation, group: &'static dyn SupportedKxGroup| Row {
        row,
        implementation,
        client_groups: vec![group],
        server_groups: vec![group],
        expect_group: group.name(),
        expect_hrr: false,
    };
    vec![
        row("X25519", "aws-lc-rs", aws_lc_rs::kx_group::X25519),
        row("X25519MLKEM768", "pqkit", pq::X25519MLKEM768),
        row("X25519MLKEM768", "aws-lc-rs", *aws),
        row("SecP256r1MLKEM768", "pqkit", pq::SECP256R1MLKEM768),
        row(
            "SecP256r1MLKEM768",
            "aws-lc-rs",
            aws_lc_rs::kx_group::SECP256R1MLKEM768,
        ),
        Row {
            row: "HRR X25519 to X25519MLKEM768",
            implementation: "pqkit",
            // rustls sends a key share for its first group only.
            client_groups: vec![aws_lc_rs::kx_group::X25519, pq::X25519MLKEM768],
            server_groups: vec![pq::X25519MLKEM768],
            expect_group: NamedGroup::X25519MLKEM768,
            expect_hrr: true,
        },
    ]
}

fn provider(groups: &[&'static dyn SupportedKxGroup]) -> Arc<CryptoProvider> {
    Arc::new(CryptoProvider {
        kx_groups: groups.to_vec(),
        cipher_suites: vec![aws_lc_rs::cipher_suite::TLS13_AES_128_GCM_SHA256],
        ..aws_lc_rs::default_provider()
    })
}

struct Configs {
    client: Arc<ClientConfig>,
    server: Arc<ServerConfig>,
}

fn configs(row: &Row, cert: &CertificateDer<'static>, key: &PrivateKeyDer<'static>) -> Configs {
    let mut roots = RootCertStore::empty();
    roots.add(cert.clone()).expect("the certificate as a root");
    let mut client = ClientConfig::builder_with_provider(provider(&row.client_groups))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .expect("TLS 1.3")
        .with_root_certificates(roots)
        .with_no_client_auth();
    // Every handshake full: no tickets, no resumption.
    client.resumption = rustls::client::Resumption::disabled();
    let mut server = ServerConfig::builder_with_provider(provider(&row.server_groups))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .expect("TLS 1.3")
        .with_no_client_auth()
        .with_single_cert(vec![cert.clone()], key.clone_key())
        .expect("the certificate and key");
    server.send_tls13_tickets = 0;
    server.session_storage = Arc::new(rustls::server::NoServerSessionStorage {});
    Configs {
        client: Arc::new(client),
        server: Arc::new(server),
    }
}

/// Bytes of each kind the handshake put on the wire.
#[derive(Default, Debug)]
struct Wire {
    client_hello: usize,
    server_hello: usize,
    total: usize,
}

impl Wire {
    /// Counts the plaintext handshake records of one flight: ClientHello
    /// (type 1) and ServerHello / HelloRetryRequest (type 2), with their
    /// record headers.
    fn flight(&mut self, mut bytes: &[u8]) {
        self.total += bytes.len();
        while bytes.len() >= 5 {
            let len = 5 + usize::from(u16::from_be_bytes([bytes[3], bytes[4]]));
            let (record, rest) = bytes.split_at(len.min(bytes.len()));
            // Content type 22 = handshake; encrypted records are type 23.
            if record[0] == 22 && record.len() > 5 {
                match record[5] {
                    1 => self.client_hello += record.len(),
                    2 => self.server_hello += record.len(),
                    _ => {}
                }
            }
            bytes = rest;
        }
    }
}

/// One full handshake; `wire` (if given) counts its bytes.
fn handshake(c: &Configs, mut wire: Option<&mut Wire>) -> (ClientConnection, ServerConnection) {
    let name = ServerName::try_from("pqkit.test").expect("server name");
    let mut client = ClientConnection::new(c.client.clone(), name).expect("client");
    let mut server = ServerConnection::new(c.server.clone()).expect("server");
    let mut buf = Vec::with_capacity(8192);
    for _ in 0..8 {
        buf.clear();
        while client.wants_write() {
            client.write_tls(&mut buf).expect("client write");
        }
        if let Some(w) = wire.as_deref_mut() {
            w.flight(&buf);
        }
        let mut input = &buf[..];
        while !input.is_empty() {
            server.read_tls(&mut input).expect("server read");
            server.process_new_packets().expect("server handshake");
        }
        buf.clear();
        while server.wants_write() {
            server.write_tls(&mut buf).expect("server write");
        }
        if let Some(w) = wire.as_deref_mut() {
            w.flight(&buf);
        }
        let mut input = &buf[..];
        while !input.is_empty() {
            client.read_tls(&mut input).expect("client read");
            client.process_new_packets().expect("client handshake");
        }
        if !client.is_handshaking() && !server.is_handshaking() && !client.wants_write() {
            return (client, server);
        }
    }
    panic!("the handshake did not finish");
}

/// The untimed check of a row: group, handshake kind, data both ways.
fn check(row: &Row, c: &Configs) -> Wire {
    let mut wire = Wire::default();
    let (mut client, mut server) = handshake(c, Some(&mut wire));
    let group = |g: Option<&'static dyn SupportedKxGroup>| g.expect("a group").name();
    assert_eq!(
        group(client.negotiated_key_exchange_group()),
        row.expect_group
    );
    assert_eq!(
        group(server.negotiated_key_exchange_group()),
        row.expect_group
    );
    let kind = if row.expect_hrr {
        HandshakeKind::FullWithHelloRetryRequest
    } else {
        HandshakeKind::Full
    };
    assert_eq!(client.handshake_kind(), Some(kind), "{}", row.row);
    assert_eq!(server.handshake_kind(), Some(kind), "{}", row.row);

    client.writer().write_all(b"ping").expect("client data");
    let mut buf = Vec::new();
    client.write_tls(&mut buf).expect("client write");
    server.read_tls(&mut &buf[..]).expect("server read");
    server.process_new_packets().expect("server data");
    let mut got = [0u8; 4];
    server.reader().read_exact(&mut got).expect("server reads");
    assert_eq!(&got, b"ping");
    server.writer().write_all(b"pong").expect("server data");
    buf.clear();
    server.write_tls(&mut buf).expect("server write");
    client.read_tls(&mut &buf[..]).expect("client read");
    client.process_new_packets().expect("client data");
    client.reader().read_exact(&mut got).expect("client reads");
    assert_eq!(&got, b"pong");
    wire
}

fn tls(c: &mut Criterion) {
    let cert = rcgen::generate_simple_self_signed(vec!["pqkit.test".into()])
        .expect("self-signed certificate");
    let der = cert.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(cert.signing_key.serialize_der().into());

    let mut facts = Vec::new();
    for row in rows() {
        let configs = configs(&row, &der, &key);
        let wire = check(&row, &configs);
        facts.push(json!({
            "row": row.row,
            "implementation": row.implementation,
            "group": format!("{:?}", row.expect_group),
            "hello_retry_request": row.expect_hrr,
            "client_hello_bytes": wire.client_hello,
            "server_hello_bytes": wire.server_hello,
            "total_bytes": wire.total,
        }));
        c.benchmark_group(format!("tls/{}", row.row))
            .bench_function(row.implementation, |b| b.iter(|| handshake(&configs, None)));
    }
    pqkit_bench::facts::write(
        "tls",
        json!({ "cipher_suite": SUITE, "certificate": CERT, "rows": facts }),
    );
}

criterion_group!(benches, tls);
