//! The WebAssembly `simd128` backend: 8 x i16 (ML-KEM) and 4 x i32 (ML-DSA)
//! lanes in `v128`, and a 2-way Keccak (2 x 64 bits) for its samplers.
//!
//! Compiled only when the build enables the `simd128` target feature, so
//! every engine that loads the module has the instructions: the intrinsics
//! of `core::arch::wasm32` are then safe functions. The only `unsafe` left
//! is the loads and stores of `v128` through raw pointers; they all go
//! through the helpers below, which take a slice of exactly 16 bytes so the
//! bounds are checked where the slice is formed.
#![allow(unsafe_code)]

use core::arch::wasm32::{v128, v128_load, v128_store};

mod dsa;
mod keccak;
mod kem;
mod sample_x2;

/// The simd128 backend.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Simd128;

/// Loads 8 `i16` lanes.
#[inline(always)]
fn load_i16(a: &[i16]) -> v128 {
    let a: &[i16; 8] = match a.try_into() {
        Ok(a) => a,
        Err(_) => unreachable!("callers pass 8 lanes"),
    };
    // SAFETY: `a` is 8 readable i16, i.e. the 16 bytes of one v128;
    // `v128_load` has no alignment requirement.
    unsafe { v128_load(a.as_ptr().cast()) }
}

/// Stores 8 `i16` lanes.
#[inline(always)]
fn store_i16(a: &mut [i16], v: v128) {
    let a: &mut [i16; 8] = match a.try_into() {
        Ok(a) => a,
        Err(_) => unreachable!("callers pass 8 lanes"),
    };
    // SAFETY: `a` is 8 writable i16, i.e. the 16 bytes of one v128;
    // `v128_store` has no alignment requirement.
    unsafe { v128_store(a.as_mut_ptr().cast(), v) }
}

/// Loads 4 `i32` lanes.
#[inline(always)]
fn load_i32(a: &[i32]) -> v128 {
    let a: &[i32; 4] = match a.try_into() {
        Ok(a) => a,
        Err(_) => unreachable!("callers pass 4 lanes"),
    };
    // SAFETY: `a` is 4 readable i32, i.e. the 16 bytes of one v128;
    // `v128_load` has no alignment requirement.
    unsafe { v128_load(a.as_ptr().cast()) }
}

/// Stores 4 `i32` lanes.
#[inline(always)]
fn store_i32(a: &mut [i32], v: v128) {
    let a: &mut [i32; 4] = match a.try_into() {
        Ok(a) => a,
        Err(_) => unreachable!("callers pass 4 lanes"),
    };
    // SAFETY: `a` is 4 writable i32, i.e. the 16 bytes of one v128;
    // `v128_store` has no alignment requirement.
    unsafe { v128_store(a.as_mut_ptr().cast(), v) }
}

/// Loads 16 bytes.
#[inline(always)]
fn load_u8(a: &[u8]) -> v128 {
    let a: &[u8; 16] = match a.try_into() {
        Ok(a) => a,
        Err(_) => unreachable!("callers pass 16 bytes"),
    };
    // SAFETY: `a` is 16 readable bytes, one v128, no alignment needed.
    unsafe { v128_load(a.as_ptr().cast()) }
}

/// Stores 16 bytes.
#[inline(always)]
fn store_u8(a: &mut [u8], v: v128) {
    let a: &mut [u8; 16] = match a.try_into() {
        Ok(a) => a,
        Err(_) => unreachable!("callers pass 16 bytes"),
    };
    // SAFETY: `a` is 16 writable bytes, one v128, no alignment needed.
    unsafe { v128_store(a.as_mut_ptr().cast(), v) }
}

/// A constant table row as a vector.
#[inline(always)]
fn lanes(a: &[i16; 8]) -> v128 {
    load_i16(a)
}

/// A constant byte pattern as a vector.
#[inline(always)]
fn bytes16(a: &[u8; 16]) -> v128 {
    load_u8(a)
}
