//! Writes the linker's `memory.x` with this build's stack size and, with the
//! `ml-dsa` feature, the vendor's signed firmware manifest.

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

    #[cfg(feature = "ml-dsa")]
    vendor::sign_manifest(&out);
}

/// The vendor's side of the firmware update, done at build time: the signing
/// key never reaches the device, which only holds the public key in flash.
#[cfg(feature = "ml-dsa")]
mod vendor {
    use pqkit::ml_dsa::ml_dsa_65::SigningKey;
    use std::fs;
    use std::path::Path;

    /// The vendor's key seed. Fixed so that builds are reproducible; a real
    /// vendor keeps its key in an HSM.
    const VENDOR_SEED: [u8; 32] = *b"pqkit demo vendor signing key 01";
    /// Domain separation for manifest signatures (FIPS 204 context string).
    pub const CONTEXT: &[u8] = b"pqkit-demo firmware manifest v1";
    const MANIFEST: &[u8] = b"{\"device\":\"mps2-an386\",\"image\":\"pqkit-nostd-demo\",\"version\":\"1.4.2\",\"sha3-256\":\"6c1f0a5d4e9b3c2a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c\",\"min-bootloader\":3}";

    pub fn sign_manifest(out: &Path) {
        let sk = SigningKey::from_seed(&VENDOR_SEED);
        let sig = sk
            .sign_deterministic(MANIFEST, CONTEXT)
            .expect("signing the manifest");
        fs::write(out.join("vendor_pk.bin"), sk.verifying_key().as_bytes()).unwrap();
        fs::write(out.join("manifest.json"), MANIFEST).unwrap();
        fs::write(out.join("manifest.sig"), sig.as_bytes()).unwrap();
        fs::write(out.join("manifest_ctx.bin"), CONTEXT).unwrap();
    }
}
