//! Puts `memory.x` where the linker finds it and, with the
//! `ml-dsa-65-verify` feature, writes the vendor's signed firmware manifest
//! (the Cortex-M4 firmware's own, `../vendor.rs`).

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap());
    fs::copy("memory.x", out.join("memory.x")).unwrap();
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory.x");
    println!("cargo:rerun-if-changed=build.rs");

    #[cfg(feature = "ml-dsa-65-verify")]
    vendor::write_update(&out);
}

#[cfg(feature = "ml-dsa-65-verify")]
#[path = "../vendor.rs"]
mod vendor;
