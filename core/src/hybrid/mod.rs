//! Hybrid key exchange: ML-KEM combined with an elliptic-curve Diffie-Hellman
//! so that the result stays secret while either one holds.
//!
//! Two constructions, with different wire formats:
//!
//! - [`tls`]: the TLS 1.3 hybrid groups of draft-ietf-tls-ecdhe-mlkem
//!   (X25519MLKEM768, SecP256r1MLKEM768, SecP384r1MLKEM1024). Key shares are
//!   plain concatenations and the shared secret is the concatenation of both
//!   secrets: TLS's own key schedule does the combining.
//! - [`kem`]: stand-alone hybrid KEMs with a SHA3-256 combiner: X-Wing
//!   (draft-connolly-cfrg-xwing-kem, what browsers call `MLKEM768-X25519`) and
//!   the CFRG concrete hybrids MLKEM768-P256 and MLKEM1024-P384
//!   (draft-irtf-cfrg-concrete-hybrid-kems, also HPKE KEMs 0x0050/0x0051).
//!   All three share one shape: a 32-byte seed is the private key, expanded
//!   with SHAKE256 into an ML-KEM seed and a curve scalar.

mod bytes;
mod dh;
pub mod kem;
mod mlkem;
pub mod tls;

pub use bytes::{ByteArray, SharedSecret};
