//! Shared helpers of the pqkit benchmarks and report.
//!
//! - [`tls`]: pqkit's TLS 1.3 hybrid groups as a rustls key exchange, used
//!   by the `tls` bench.
//! - [`facts`]: what a bench run knows besides its timings (the backend pqkit
//!   selected, key and ciphertext sizes), left for `cargo xtask report`.

pub mod facts;
pub mod tls;
