//! Backends: what the algorithms need from the hardware.
//!
//! The algorithms in [`crate::ml_kem`] and [`crate::ml_dsa`] are generic over
//! the traits defined here and never call an intrinsic; a backend implements
//! the ring arithmetic and never knows a FIPS algorithm number.
//!
//! - [`kem::KemArith`]: arithmetic in `Z_3329[X]/(X^256 + 1)` for ML-KEM.
//! - [`dsa::DsaArith`]: arithmetic in `Z_8380417[X]/(X^256 + 1)` for ML-DSA.
//!
//! [`portable::Portable`] is the constant-time reference; SIMD backends are
//! tested bit for bit against it.

pub mod dsa;
pub mod kem;
pub mod portable;

/// The backends this build can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BackendKind {
    /// Plain Rust, constant time, every target.
    Portable,
}

impl BackendKind {
    /// The name reported to users (e.g. the npm package's `backend`).
    pub const fn name(self) -> &'static str {
        match self {
            BackendKind::Portable => "portable",
        }
    }
}

/// The backend that public operations dispatch to on this machine.
///
/// Chosen once per call from compile-time target features and, where
/// available, runtime CPU detection.
pub fn selected_backend() -> BackendKind {
    BackendKind::Portable
}
