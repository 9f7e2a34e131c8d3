//! WebAssembly bindings of pqkit: the npm package `pqkit`.
//!
//! These exports are the low-level layer: byte arrays in, byte arrays out,
//! algorithms named by small integer ids. The JS API in `js/` wraps them so
//! that argument checks, error classes and key-pair objects feel native to
//! JS. Every input is validated here too, before the core sees it, so no
//! input can make the module trap: the `wasm-release` profile aborts on
//! panic, which would surface as a WebAssembly `RuntimeError`.
//!
//! Errors cross into JS as a string `CODE\nmessage`; the JS layer turns
//! `INVALID_LENGTH` into a `RangeError`, `INVALID_ARGUMENT` into a
//! `TypeError` and every other code into a `PqkitError` with that `code`.

use wasm_bindgen::prelude::*;

#[cfg(feature = "ml-dsa")]
mod dsa;
mod ecdh;
#[cfg(feature = "encoding")]
mod encoding;
mod kem;
mod tls;
mod wipe;

#[global_allocator]
static ALLOCATOR: wipe::WipeOnFree = wipe::WipeOnFree;

/// Why an exported call refused its input.
#[derive(Debug)]
pub(crate) struct Fail {
    code: &'static str,
    message: String,
}

impl Fail {
    /// A wrong length, with the length(s) expected in the message.
    pub(crate) fn length(message: String) -> Self {
        Self {
            code: "INVALID_LENGTH",
            message,
        }
    }

    /// An argument of the wrong kind (unknown name, unknown option value).
    pub(crate) fn argument(message: String) -> Self {
        Self {
            code: "INVALID_ARGUMENT",
            message,
        }
    }
}

impl From<pqkit::Error> for Fail {
    fn from(e: pqkit::Error) -> Self {
        Self {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

pub(crate) type Res<T> = Result<T, Fail>;

/// What the exports return: a value, or the refusal the JS layer decodes.
pub(crate) type JsResult<T> = Result<T, JsValue>;

/// Runs one exported operation: afterwards the stack it used is
/// overwritten, and a refusal becomes the string the JS layer decodes.
pub(crate) fn run<T>(op: impl FnOnce() -> Res<T>) -> JsResult<T> {
    let result = op();
    wipe::scrub_stack();
    result.map_err(|f| JsValue::from_str(&format!("{}\n{}", f.code, f.message)))
}

/// Checks that `bytes` is exactly `N` bytes long.
pub(crate) fn exact<'a, const N: usize>(what: &str, bytes: &'a [u8]) -> Res<&'a [u8; N]> {
    bytes
        .try_into()
        .map_err(|_| Fail::length(format!("{what} must be {N} bytes, got {}", bytes.len())))
}

/// The arithmetic backend this build runs (`"portable"` or `"simd128"`).
#[wasm_bindgen(js_name = backendName)]
pub fn backend_name() -> String {
    pqkit::arith::selected_backend().name().into()
}
