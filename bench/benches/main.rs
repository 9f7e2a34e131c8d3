//! The criterion benches of pqkit and its peers, one binary for four suites
//! so that the fat-LTO link happens once. A regular expression on the
//! benchmark id picks a suite:
//!
//! | suite | filter | module |
//! |---|---|---|
//! | key exchange of a TLS handshake | `'^handshake/'` | [`handshake`] |
//! | ML-KEM operations | `'^ML-KEM-'` | [`ml_kem`] |
//! | ML-DSA operations | `'^ML-DSA-'` | [`ml_dsa`] |
//! | rustls handshakes | `'^tls/'` | [`tls`] |
//!
//! `cargo bench -p pqkit-bench -- --warm-up-time 0.5 --measurement-time 1 '^ML-KEM-'`

use criterion::criterion_main;

mod handshake;
mod ml_dsa;
mod ml_kem;
mod tls;

criterion_main!(
    handshake::benches,
    ml_kem::benches,
    ml_dsa::benches,
    tls::benches
);
