//! Writes the linker's `memory.x` with this build's stack size and, with the
//! `ml-dsa-65-verify` feature, the vendor's signed firmware manifest.

use std::env;
use std::fs;
use std::path::PathBuf;

/// Stack for the pqkit build; the peer builds need far more (see README).
const STACK_PQKIT: usize = 128 * 1024;
const STACK_PEER_KEM: usize = 256 * 1024;
const STACK_PEER_DSA: usize = 1024 * 1024;

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap());
    let feature = |f: &str| env::var_os(format!("CARGO_FEATURE_{f}")).is_some();
    // PQKIT_DEMO_STACK_SIZE overrides, e.g. to watch an overflow fault.
    println!("cargo:rerun-if-env-changed=PQKIT_DEMO_STACK_SIZE");
    let stack = if let Some(bytes) = env::var("PQKIT_DEMO_STACK_SIZE")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        bytes
    } else if feature("PEER_RUSTCRYPTO_DSA") {
        STACK_PEER_DSA
    } else if feature("PEER_RUSTCRYPTO") || feature("PEER_LIBCRUX") {
        STACK_PEER_KEM
    } else {
        STACK_PQKIT
    };
    // `story`: the pqkit build, i.e. no peer build was asked for.
    println!("cargo::rustc-check-cfg=cfg(story)");
    if !(feature("PEER_RUSTCRYPTO") || feature("PEER_LIBCRUX") || feature("PEER_RUSTCRYPTO_DSA")) {
        println!("cargo::rustc-cfg=story");
    }
    let memory = fs::read_to_string("memory.x.in").unwrap();
    let memory = memory.replace("STACK_SIZE", &format!("0x{stack:x}"));
    fs::write(out.join("memory.x"), memory).unwrap();
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rustc-env=PQKIT_DEMO_STACK_SIZE={stack}");
    println!("cargo:rerun-if-changed=memory.x.in");
    println!("cargo:rerun-if-changed=build.rs");

    #[cfg(feature = "ml-dsa-65-verify")]
    vendor::write_update(&out);
}

#[cfg(feature = "ml-dsa-65-verify")]
#[path = "vendor.rs"]
mod vendor;
