//! The portable, constant-time reference backend.

mod dsa;
mod kem;

/// The portable backend: plain Rust on every target.
#[derive(Debug, Clone, Copy, Default)]
pub struct Portable;
