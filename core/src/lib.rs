//! pqkit: constant-time post-quantum cryptography for browsers, microcontrollers
//! and servers.
//!
//! - [`ml_kem`]: ML-KEM-512/768/1024 (FIPS 203).
//! - [`ml_dsa`]: ML-DSA-44/65/87 (FIPS 204).
//! - [`hybrid`]: TLS hybrid groups and X-Wing.
//! - [`tls`]: TLS NamedGroup registry and PQ-first group negotiation.
//! - [`ecdh`]: X25519, P-256 and P-384 adapters used by the hybrids.
//! - [`encoding`]: SubjectPublicKeyInfo / PKCS#8 key encodings, DER and PEM.
//! - [`manifest`]: the signed firmware manifest a device checks at boot.
//!
//! The crate is `no_std` and never allocates. Every operation on secret data is
//! written to run in time independent of that data; the portable backend in
//! [`arith`] is the reference that faster backends are tested against.
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]

#[cfg(any(test, feature = "std"))]
extern crate std;

pub mod arith;
#[cfg(any(feature = "x25519", feature = "p256", feature = "p384"))]
pub mod ecdh;
#[cfg(feature = "der")]
pub mod encoding;
mod error;
pub mod hash;
// Each hybrid needs only its own curve's feature: X25519MLKEM768 and X-Wing
// build with `x25519` alone.
#[cfg(any(feature = "x25519", feature = "p256", feature = "p384"))]
pub mod hybrid;
pub mod manifest;
pub mod ml_dsa;
pub mod ml_kem;
pub mod tls;

pub use error::Error;

/// Result type of every fallible pqkit operation.
pub type Result<T> = core::result::Result<T, Error>;
