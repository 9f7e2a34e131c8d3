//! The vendor's side of the firmware update, done at build time: the signing
//! key never reaches the device, which only holds the public key in flash.
//!
//! By default this script plays the vendor with a fixed key. With
//! `PQKIT_DEMO_MANIFEST`, `PQKIT_DEMO_IMAGE` and `PQKIT_DEMO_VENDOR_PUB`
//! (all three) it embeds a manifest made elsewhere instead, e.g. by
//! `pqkit manifest sign`, with the image it describes and the vendor's
//! ML-DSA-65 public key (SPKI PEM or DER). Both paths use the one manifest
//! definition, `pqkit::manifest`.
//!
//! Shared by the build scripts of the Cortex-M4 firmware and of the riscv32
//! build in `riscv/`.

use pqkit::manifest::{CONTEXT, Manifest, SignatureAlgorithm};
use pqkit::ml_dsa::ml_dsa_65::SigningKey;
use std::env;
use std::fs;
use std::path::Path;

/// The vendor's key seed. Fixed so that builds are reproducible; a real
/// vendor keeps its key in an HSM.
const VENDOR_SEED: [u8; 32] = *b"pqkit demo vendor signing key 01";
/// Version of the demo update; the firmware runs version 2.
const VERSION: u32 = 3;
const VARS: [&str; 3] = [
    "PQKIT_DEMO_MANIFEST",
    "PQKIT_DEMO_IMAGE",
    "PQKIT_DEMO_VENDOR_PUB",
];

pub fn write_update(out: &Path) {
    for var in VARS {
        println!("cargo:rerun-if-env-changed={var}");
    }
    let given: Vec<Option<String>> = VARS.iter().map(|v| env::var(v).ok()).collect();
    match given.as_slice() {
        [None, None, None] => sign_demo_update(out),
        [Some(manifest), Some(image), Some(public)] => {
            for path in [manifest, image, public] {
                println!("cargo:rerun-if-changed={path}");
            }
            let read = |p: &str| fs::read(p).unwrap_or_else(|e| panic!("{p}: {e}"));
            fs::write(out.join("manifest.bin"), read(manifest)).unwrap();
            fs::write(out.join("update.bin"), read(image)).unwrap();
            fs::write(
                out.join("vendor_pk.bin"),
                ml_dsa_65_public_key(public, &read(public)),
            )
            .unwrap();
        }
        _ => panic!("set all of {VARS:?} or none of them"),
    }
}

/// A demo update image of 1 KiB.
fn demo_image() -> Vec<u8> {
    let mut image = b"pqkit-nostd-demo update image for mps2-an386\n".to_vec();
    image.extend(
        (0u32..)
            .map(|i| (i.wrapping_mul(167) >> 3) as u8)
            .take(1024 - image.len()),
    );
    image
}

fn sign_demo_update(out: &Path) {
    let sk = SigningKey::from_seed(&VENDOR_SEED);
    let image = demo_image();
    let body = Manifest::for_image(SignatureAlgorithm::MlDsa65, VERSION, &image).encode_body();
    let sig = sk
        .sign_deterministic(&body, CONTEXT)
        .expect("signing the manifest");
    let mut manifest = body.to_vec();
    manifest.extend_from_slice(sig.as_bytes());
    fs::write(out.join("vendor_pk.bin"), sk.verifying_key().as_bytes()).unwrap();
    fs::write(out.join("manifest.bin"), manifest).unwrap();
    fs::write(out.join("update.bin"), image).unwrap();
}

/// The raw FIPS 204 key of an ML-DSA-65 SubjectPublicKeyInfo.
fn ml_dsa_65_public_key(path: &str, file: &[u8]) -> Vec<u8> {
    use pqkit::encoding::{
        Algorithm, MAX_PUBLIC_KEY_DER_LEN, decode_public_key_der, decode_public_key_pem,
    };
    let mut buf = [0u8; MAX_PUBLIC_KEY_DER_LEN];
    let info = if file.starts_with(b"-----BEGIN") {
        decode_public_key_pem(file, &mut buf)
    } else {
        decode_public_key_der(file)
    }
    .unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(
        info.algorithm == Algorithm::MlDsa65,
        "{path}: the firmware holds an ML-DSA-65 vendor key, this is {}",
        info.algorithm
    );
    info.public_key.to_vec()
}
