//! Elliptic-curve Diffie-Hellman adapters for the hybrid KEMs.
//!
//! These are thin wrappers over `x25519-dalek`, `p256` and `p384`: pqkit does
//! no curve arithmetic of its own. The wrappers fix the exact byte formats and
//! checks that the TLS hybrid groups (draft-ietf-tls-ecdhe-mlkem), X-Wing and
//! the CFRG concrete hybrids rely on:
//!
//! - X25519 (RFC 7748): 32-byte secrets (clamped when used), 32-byte public
//!   keys and shared secrets; an all-zero shared secret is refused
//!   ([`crate::Error::AllZeroSharedSecret`]), as RFC 8446 section 7.4.2 requires.
//! - P-256 / P-384 (SEC 1): secret scalars in `1..n-1` as 32 / 48 big-endian
//!   bytes, public keys as uncompressed points (65 / 97 bytes, RFC 8446 section
//!   4.2.8.2), shared secret = the x-coordinate of the product (32 / 48 bytes,
//!   RFC 8446 section 7.4.2).
//!
//! Secret keys and shared secrets zeroize on drop.

#[cfg(any(feature = "p256", feature = "p384"))]
mod nist;
#[cfg(feature = "x25519")]
mod x25519;

#[cfg(feature = "p256")]
pub use nist::p256::{P256PublicKey, P256SecretKey, P256SharedSecret};
#[cfg(feature = "p384")]
pub use nist::p384::{P384PublicKey, P384SecretKey, P384SharedSecret};
#[cfg(feature = "x25519")]
pub use x25519::{X25519PublicKey, X25519SecretKey, X25519SharedSecret};
