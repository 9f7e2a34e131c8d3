//! The WebAssembly `simd128` backend: 8 x i16 (ML-KEM) lanes in `v128`.
//!
//! Compiled only when the build enables the `simd128` target feature, so
//! every engine that loads the module has the instructions.

/// The simd128 backend.
#[allow(dead_code)]
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Simd128;
