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
//! tested bit for bit against it. The SIMD backends are crate-private: their
//! functions may only run once the CPU is known to have the instructions, so
//! the only way to reach them is through the selection below.
//!
//! # Selection
//!
//! [`selected_backend`] decides once per process (x86-64: runtime CPU
//! detection through `cpufeatures`, cached; wasm32: the `simd128` target
//! feature at compile time; elsewhere: portable). Every public operation
//! matches on it once and then runs monomorphised code.
//!
//! Tests, differential harnesses and benchmarks can pin a backend with
//! [`force_backend`], behind the `backend-override` feature. It is a
//! process-wide switch meant for those tools only; it refuses a backend the
//! CPU cannot run, so it can make a program slower but never unsound. With
//! `std` as well, the environment variable `PQKIT_BACKEND` (a
//! [`BackendKind::name`]) pins the backend from the first operation on, which
//! is how the whole test suite runs once per backend; a name this CPU cannot
//! run panics there, so that a test run never silently falls back.

pub mod dsa;
pub mod kem;
pub mod portable;
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
))]
mod sample_lanes;

#[cfg(target_arch = "x86_64")]
pub(crate) mod avx2;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) mod simd128;

/// The backends pqkit has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BackendKind {
    /// Plain Rust, constant time, every target.
    Portable,
    /// x86-64 with AVX2 (16 x i16 lanes), chosen at run time.
    Avx2,
    /// WebAssembly `simd128` (8 x i16 lanes), chosen at compile time.
    Simd128,
}

impl BackendKind {
    /// Every backend, in order of preference from slowest to fastest.
    pub const ALL: [BackendKind; 3] = [
        BackendKind::Portable,
        BackendKind::Avx2,
        BackendKind::Simd128,
    ];

    /// The name reported to users (e.g. the npm package's `backend`).
    pub const fn name(self) -> &'static str {
        match self {
            BackendKind::Portable => "portable",
            BackendKind::Avx2 => "avx2",
            BackendKind::Simd128 => "simd128",
        }
    }

    /// Whether this build, on this CPU, can run the backend.
    pub fn is_available(self) -> bool {
        match self {
            BackendKind::Portable => true,
            #[cfg(target_arch = "x86_64")]
            BackendKind::Avx2 => avx2::available(),
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            BackendKind::Simd128 => true,
            #[allow(unreachable_patterns)]
            _ => false,
        }
    }
}

/// The backends this build can run on this CPU, portable first.
pub fn available_backends() -> impl Iterator<Item = BackendKind> {
    BackendKind::ALL.into_iter().filter(|k| k.is_available())
}

/// The fastest backend this build can run on this CPU.
pub(crate) fn detected_backend() -> BackendKind {
    #[cfg(target_arch = "x86_64")]
    if avx2::available() {
        return BackendKind::Avx2;
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return BackendKind::Simd128;
    #[allow(unreachable_code)]
    BackendKind::Portable
}

/// The backend that public operations dispatch to on this machine.
///
/// Detection runs once and is cached; with the `backend-override` feature a
/// backend pinned by [`force_backend`] takes precedence.
pub fn selected_backend() -> BackendKind {
    #[cfg(feature = "backend-override")]
    if let Some(kind) = forced::get() {
        return kind;
    }
    detected_backend()
}

/// Runs `$body` with the type alias `$B` naming the ML-KEM backend that
/// [`selected_backend`] picked: the one dispatch point of every ML-KEM
/// operation (the body is monomorphised once per backend).
macro_rules! kem_dispatch {
    ($B:ident => $body:expr) => {
        match $crate::arith::selected_backend() {
            #[cfg(target_arch = "x86_64")]
            $crate::arith::BackendKind::Avx2 => {
                type $B = $crate::arith::avx2::Avx2;
                $body
            }
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            $crate::arith::BackendKind::Simd128 => {
                type $B = $crate::arith::simd128::Simd128;
                $body
            }
            _ => {
                type $B = $crate::arith::portable::Portable;
                $body
            }
        }
    };
}
pub(crate) use kem_dispatch;

/// [`kem_dispatch`] for ML-DSA.
macro_rules! dsa_dispatch {
    ($B:ident => $body:expr) => {
        match $crate::arith::selected_backend() {
            #[cfg(target_arch = "x86_64")]
            $crate::arith::BackendKind::Avx2 => {
                type $B = $crate::arith::avx2::Avx2;
                $body
            }
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            $crate::arith::BackendKind::Simd128 => {
                type $B = $crate::arith::simd128::Simd128;
                $body
            }
            _ => {
                type $B = $crate::arith::portable::Portable;
                $body
            }
        }
    };
}
pub(crate) use dsa_dispatch;

/// Pins every later public operation of this process to `kind`, or with
/// `None` returns to the detected backend.
///
/// For tests, differential harnesses and benchmarks only: the switch is
/// process-wide, so concurrent callers see each other's choice. Returns
/// [`crate::Error::BackendUnavailable`] (and changes nothing) when this build
/// or this CPU cannot run `kind`.
#[cfg(feature = "backend-override")]
pub fn force_backend(kind: Option<BackendKind>) -> crate::Result<()> {
    match kind {
        Some(k) if !k.is_available() => Err(crate::Error::BackendUnavailable),
        _ => {
            forced::set(kind);
            Ok(())
        }
    }
}

#[cfg(feature = "backend-override")]
mod forced {
    use super::BackendKind;
    use core::sync::atomic::{AtomicU8, Ordering};

    /// 0 = not forced, otherwise 1 + the index in [`BackendKind::ALL`].
    static FORCED: AtomicU8 = AtomicU8::new(0);

    pub(super) fn get() -> Option<BackendKind> {
        #[cfg(feature = "std")]
        from_env();
        match FORCED.load(Ordering::Relaxed) {
            0 => None,
            i => BackendKind::ALL.get(usize::from(i) - 1).copied(),
        }
    }

    /// Reads `PQKIT_BACKEND` once, before the first selection.
    #[cfg(feature = "std")]
    fn from_env() {
        static READ: std::sync::Once = std::sync::Once::new();
        READ.call_once(|| {
            let Ok(name) = std::env::var("PQKIT_BACKEND") else {
                return;
            };
            let kind = BackendKind::ALL.into_iter().find(|k| k.name() == name);
            match kind {
                Some(k) if k.is_available() => set(Some(k)),
                _ => panic!("PQKIT_BACKEND={name}: not a backend this build and CPU can run"),
            }
        });
    }

    pub(super) fn set(kind: Option<BackendKind>) {
        let v = match kind {
            None => 0,
            Some(k) => {
                let i = BackendKind::ALL.iter().position(|&x| x == k).unwrap_or(0);
                i as u8 + 1
            }
        };
        FORCED.store(v, Ordering::Relaxed);
    }
}
