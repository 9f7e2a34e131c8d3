//! pqkit's firmware use cases on a riscv32imc core (QEMU `virt`), measured
//! as the Cortex-M4 firmware measures them: one JSON line per operation
//! with its peak stack and executed instructions, then
//! `# firmware: all checks passed`.
//!
//! The same use-case features as the Cortex-M4 build pick what a build
//! holds, so that `cargo xtask firmware` can read `.text` per feature set
//! for this target too. The seeds and the generator are the Cortex-M4
//! firmware's, so the fingerprints printed here must match its.

#![no_std]
#![no_main]
// Builds with only some use cases leave some of these unused.
#![cfg_attr(
    not(all(
        feature = "ml-kem-768",
        feature = "x25519-mlkem768",
        feature = "ml-dsa-65-verify"
    )),
    allow(unused_imports, dead_code)
)]

mod meter;
#[path = "../../src/rng.rs"]
mod rng;

use core::panic::PanicInfo;
use meter::Meter;
use pqkit::hash::sha3_256;
use rand_core::Rng;
use rng::DemoRng;
use semihosting::{println, process};
use subtle::ConstantTimeEq;

#[riscv_rt::entry]
fn main() -> ! {
    println!("# pqkit-nostd-riscv: riscv32imc, QEMU virt");
    let mut m = Meter::new();
    #[cfg(feature = "ml-dsa-65-verify")]
    boot_check(&mut m);
    #[cfg(feature = "x25519-mlkem768")]
    key_exchange(&mut m);
    #[cfg(feature = "ml-kem-768")]
    ml_kem(&mut m);
    #[cfg(not(any(
        feature = "ml-kem-768",
        feature = "x25519-mlkem768",
        feature = "ml-dsa-65-verify"
    )))]
    harness_only(&mut m);
    println!("# firmware: all checks passed");
    process::exit(0)
}

/// Reports a failed check and ends the run with a non-zero exit status.
pub fn fail(msg: &str) -> ! {
    println!("FAILURE: {}", msg);
    process::exit(1)
}

fn check(ok: bool, msg: &str) {
    if !ok {
        fail(msg);
    }
}

/// The first 8 bytes of SHA3-256 over `parts`, in hex, as the Cortex-M4
/// firmware prints its fingerprints.
fn fingerprint(what: &str, parts: &[&[u8]]) {
    print_hex8(what, &sha3_256(parts));
}

/// `# fingerprint <what> <hex of the first 8 bytes>`, digit by digit rather
/// than through `{:02x}` and `core::fmt`'s padding code.
fn print_hex8(what: &str, bytes: &[u8]) {
    let mut hex = [b'0'; 16];
    for (pair, b) in hex.chunks_exact_mut(2).zip(bytes) {
        for (digit, nibble) in pair.iter_mut().zip([b >> 4, b & 0x0f]) {
            *digit = b"0123456789abcdef"[usize::from(nibble)];
        }
    }
    let hex = core::str::from_utf8(&hex).unwrap_or("?");
    println!("# fingerprint {} {}", what, hex);
}

/// The build without any use case, for the harness's own flash (see the
/// Cortex-M4 firmware's `harness_only`).
#[cfg(not(any(
    feature = "ml-kem-768",
    feature = "x25519-mlkem768",
    feature = "ml-dsa-65-verify"
)))]
#[inline(never)]
fn harness_only(m: &mut Meter) {
    let out = m.measure("harness/empty", || core::hint::black_box([0u8; 8]));
    check(out == [0; 8], "the empty operation returned something");
    print_hex8("harness", &out);
}

/// ML-KEM-768 in the caller's memory (`set_from_seed`,
/// `encapsulate_deterministic_into`), with the Cortex-M4 firmware's seeds.
#[cfg(feature = "ml-kem-768")]
#[inline(never)]
fn ml_kem(m: &mut Meter) {
    use pqkit::ml_kem::ml_kem_768::{CIPHERTEXT_LEN, Ciphertext, DecapsulationKey};
    let mut seed = [0u8; 64];
    DemoRng::new(b"ml-kem seed").fill_bytes(&mut seed);
    let mut msg = [0u8; 32];
    DemoRng::new(b"ml-kem m").fill_bytes(&mut msg);

    let mut dk = DecapsulationKey::from_seed(&[0x11; 64]);
    let mut ct = Ciphertext::from([0u8; CIPHERTEXT_LEN]);
    m.measure("ml-kem-768/keygen", || dk.set_from_seed(&seed));
    let sender = m.measure("ml-kem-768/encaps", || {
        dk.encapsulation_key()
            .encapsulate_deterministic_into(&msg, &mut ct)
    });
    let dec = m.measure("ml-kem-768/decaps", || dk.decapsulate(&ct));
    check(
        bool::from(sender.ct_eq(&dec)),
        "ML-KEM-768: the two shared secrets differ",
    );
    println!("# ML-KEM-768: encapsulated and decapsulated secrets agree");
    fingerprint(
        "ml-kem-768",
        &[
            dk.encapsulation_key().as_bytes(),
            ct.as_bytes(),
            dec.as_bytes(),
        ],
    );
    let data = [0x5au8; 1087];
    let digest = m.measure("sha3-256/1087-bytes", || sha3_256(&[&data]));
    check(digest != [0; 32], "SHA3-256 gave zeros");
}

/// X25519MLKEM768 as a TLS 1.3 client against a simulated server.
#[cfg(feature = "x25519-mlkem768")]
#[inline(never)]
fn key_exchange(m: &mut Meter) {
    use pqkit::hybrid::tls::x25519_mlkem768 as group;
    let mut seed = [0u8; group::SEED_LEN];
    DemoRng::new(b"tls client").fill_bytes(&mut seed);
    let mut randomness = [0u8; group::RANDOMNESS_LEN];
    DemoRng::new(b"tls server").fill_bytes(&mut randomness);

    // The rows mean what the Cortex-M4 firmware's do: the key and the
    // shares live in memory the device owns and are generated in place.
    let Ok(mut client) = group::ClientKey::from_seed(&[0x33; group::SEED_LEN]) else {
        fail("X25519MLKEM768: the client could not make its key share")
    };
    let made = m.measure("x25519-mlkem768/client-share", || {
        client.set_from_seed(&seed)
    });
    if made.is_err() {
        fail("X25519MLKEM768: the client could not make its key share")
    }
    let hello = *client.key_share();
    let mut server_share = [0u8; group::SERVER_SHARE_LEN];
    let answer = m.measure("x25519-mlkem768/server-answer", || {
        group::respond_derand_into(&hello, &randomness, &mut server_share)
    });
    let Ok(server_secret) = answer else {
        fail("X25519MLKEM768: the server refused the client share")
    };
    let finished = m.measure("x25519-mlkem768/client-finish", || {
        client.finish(&server_share)
    });
    let Ok(client_secret) = finished else {
        fail("X25519MLKEM768: the client refused the server share")
    };
    check(
        bool::from(client_secret.as_bytes().ct_eq(server_secret.as_bytes())),
        "X25519MLKEM768: client and server secrets differ",
    );
    let mut tampered = server_share;
    tampered[100] ^= 0x01;
    check(
        client
            .finish(&tampered)
            .is_ok_and(|s| !bool::from(s.as_bytes().ct_eq(server_secret.as_bytes()))),
        "X25519MLKEM768: a tampered server share gave the same secret",
    );
    println!("# X25519MLKEM768: client and server agree; a tampered share does not");
}

/// The boot check: the vendor's signed manifest (made by the build script)
/// verified against the ML-DSA-65 key in flash.
#[cfg(feature = "ml-dsa-65-verify")]
#[inline(never)]
fn boot_check(m: &mut Meter) {
    use pqkit::Error;
    use pqkit::manifest::{ImageHasher, SignedManifest};
    use pqkit::ml_dsa::ml_dsa_65;

    static VENDOR_PK: [u8; ml_dsa_65::PUBLIC_KEY_LEN] =
        *include_bytes!(concat!(env!("OUT_DIR"), "/vendor_pk.bin"));
    static MANIFEST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/manifest.bin"));
    static IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/update.bin"));

    let Ok(signed) = SignedManifest::parse(MANIFEST) else {
        fail("the update's manifest is malformed")
    };
    let verdict = m.measure("ml-dsa-65/verify-manifest", || signed.verify(&VENDOR_PK));
    check(
        verdict == Ok(()),
        "the genuine firmware manifest was rejected",
    );
    let mut hasher = ImageHasher::new();
    for block in IMAGE.chunks(256) {
        hasher.update(block);
    }
    let (len, digest) = hasher.finalize();
    check(
        signed.manifest.matches(len, &digest),
        "the update image does not match its manifest",
    );
    let mut tampered = [0u8; pqkit::manifest::MAX_LEN];
    let tampered = &mut tampered[..MANIFEST.len()];
    tampered.copy_from_slice(MANIFEST);
    tampered[pqkit::manifest::BODY_LEN + 1000] ^= 0x40;
    check(
        SignedManifest::parse(tampered).map(|s| s.verify(&VENDOR_PK))
            == Ok(Err(Error::InvalidSignature)),
        "a tampered signature was accepted",
    );
    println!(
        "# manifest: version {} signed by the vendor key in flash, accepted; a tampered signature is not",
        signed.manifest.version
    );
}

#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    println!("PANIC: {}", info);
    process::exit(1)
}

/// Any trap: an access fault, an illegal instruction. Reported, never
/// returned from.
#[unsafe(export_name = "ExceptionHandler")]
fn exception(_frame: &riscv_rt::TrapFrame) -> ! {
    println!(
        "EXCEPTION: mcause={:#x} mepc={:#010x}",
        riscv::register::mcause::read().bits(),
        riscv::register::mepc::read()
    );
    process::exit(1)
}
