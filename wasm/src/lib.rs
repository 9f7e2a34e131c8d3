//! WebAssembly bindings of pqkit: the npm package `pqkit`.
//!
//! The JS-facing API lives in `js/` and wraps these low-level exports so that
//! argument checks, error classes and key-pair objects feel native to JS.

use wasm_bindgen::prelude::*;

/// The arithmetic backend this build runs (`"portable"` or `"simd128"`).
#[wasm_bindgen(js_name = backendName)]
pub fn backend_name() -> String {
    if cfg!(target_feature = "simd128") {
        "simd128".into()
    } else {
        pqkit::arith::selected_backend().name().into()
    }
}
