//! The device story, on pqkit: every operation measured on the way.
//!
//! 1. Boot: check the signed firmware manifest against the vendor's ML-DSA-65
//!    public key held in flash, and refuse a tampered one (feature
//!    `ml-dsa-65-verify`).
//! 2. Connect: an X25519MLKEM768 key exchange as a TLS 1.3 client, against a
//!    server simulated in the same firmware; both ends derive a session key
//!    and prove they agree. A tampered server share must not agree.
//! 3. ML-KEM-768 and ML-DSA on their own, so every operation is measured.
//!
//! Each step is behind its feature (see Cargo.toml), so that a build with
//! one use case holds only that one's code.

// Builds with only some use cases leave some of these unused.
#![cfg_attr(
    not(all(
        feature = "ml-kem-768",
        feature = "x25519-mlkem768",
        feature = "ml-dsa"
    )),
    allow(unused_imports)
)]

use crate::harness::Harness;
use crate::rng::DemoRng;
use crate::{check, fail, hex8};
use cortex_m_semihosting::hprintln;
use heapless::Vec;
use pqkit::hash::sha3_256;
#[cfg(feature = "x25519-mlkem768")]
use pqkit::hybrid::tls::x25519_mlkem768 as group;
use pqkit::ml_kem::ml_kem_768;
use rand_core::Rng;
use subtle::ConstantTimeEq;

pub fn run(h: &mut Harness) {
    #[cfg(feature = "ml-dsa-65-verify")]
    manifest::run(h);
    #[cfg(feature = "x25519-mlkem768")]
    key_exchange(h);
    #[cfg(feature = "ml-kem-768")]
    {
        ml_kem(h);
        keccak(h);
    }
    #[cfg(feature = "ml-dsa")]
    dsa::run(h);
    #[cfg(not(any(
        feature = "ml-kem-768",
        feature = "x25519-mlkem768",
        feature = "ml-dsa-65-verify"
    )))]
    harness_only(h);
}

/// The build without any use case: one empty operation, measured and
/// printed as every other is, so that this build links all of the harness
/// (measuring, printing, checks) and its flash is what the harness adds to
/// every other build.
#[cfg(not(any(
    feature = "ml-kem-768",
    feature = "x25519-mlkem768",
    feature = "ml-dsa-65-verify"
)))]
#[inline(never)]
fn harness_only(h: &mut Harness) {
    let out = h.measure("harness/empty", || core::hint::black_box([0u8; 8]));
    check(out == [0; 8], "the empty operation returned something");
    hprintln!("# harness only, no pqkit operation ({})", hex8(&out));
}

/// Session key from the hybrid secret, bound to both key shares: SHA3-256
/// over a label, the transcript hash and the secret (the shape of TLS 1.3's
/// Derive-Secret, with SHA3-256 standing in for HKDF).
#[cfg(feature = "x25519-mlkem768")]
fn session_key(client_share: &[u8], server_share: &[u8], secret: &[u8]) -> [u8; 32] {
    let transcript = sha3_256(&[client_share, server_share]);
    sha3_256(&[b"pqkit-demo session key v1", &transcript, secret])
}

#[cfg(feature = "x25519-mlkem768")]
#[inline(never)]
fn key_exchange(h: &mut Harness) {
    let mut seed = [0u8; group::SEED_LEN];
    DemoRng::new(b"tls client").fill_bytes(&mut seed);
    let mut randomness = [0u8; group::RANDOMNESS_LEN];
    DemoRng::new(b"tls server").fill_bytes(&mut randomness);

    // The by-value forms, for comparison: rustc builds the returned key and
    // share in the callee's frame and moves them out.
    let client = h.measure("x25519-mlkem768/client-share-by-value", || {
        group::ClientKey::from_seed(&[0x33; group::SEED_LEN])
    });
    let Ok(mut client) = client else {
        fail("X25519MLKEM768: the client could not make its key share")
    };
    // A device keeps its key and buffers in memory it owns and generates
    // into them in place.
    let made = h.measure("x25519-mlkem768/client-share", || {
        client.set_from_seed(&seed)
    });
    check(
        made.is_ok(),
        "X25519MLKEM768: the client could not make its key share",
    );
    // The ClientHello travels in a fixed-size buffer.
    let mut hello: Vec<u8, { group::CLIENT_SHARE_LEN }> = Vec::new();
    check(
        hello.extend_from_slice(client.key_share()).is_ok(),
        "client share does not fit its buffer",
    );

    let by_value = h.measure("x25519-mlkem768/server-answer-by-value", || {
        group::respond_derand(&hello, &randomness)
    });
    let mut server_share = [0u8; group::SERVER_SHARE_LEN];
    let answer = h.measure("x25519-mlkem768/server-answer", || {
        group::respond_derand_into(&hello, &randomness, &mut server_share)
    });
    let Ok(server_secret) = answer else {
        fail("X25519MLKEM768: the server refused the client share")
    };
    check(
        matches!(&by_value, Ok((share, secret))
            if *share == server_share && bool::from(secret.ct_eq(&server_secret))),
        "X25519MLKEM768: the in-place server answer differs from the by-value one",
    );

    let finished = h.measure("x25519-mlkem768/client-finish", || {
        client.finish(&server_share)
    });
    let Ok(client_secret) = finished else {
        fail("X25519MLKEM768: the client refused the server share")
    };

    let client_key = session_key(&hello, &server_share, client_secret.as_bytes());
    let server_key = session_key(&hello, &server_share, server_secret.as_bytes());
    check(
        bool::from(client_key.ct_eq(&server_key)),
        "client and server derived different session keys",
    );
    hprintln!(
        "# X25519MLKEM768: client and server agree on the session key (fingerprint {})",
        hex8(&sha3_256(&[b"fingerprint", &client_key]))
    );

    // An attacker flipping one ciphertext bit: ML-KEM's implicit rejection
    // gives the client an unrelated secret, so the keys no longer agree.
    let mut tampered = server_share;
    tampered[100] ^= 0x01;
    match client.finish(&tampered) {
        Ok(secret) => {
            let key = session_key(&hello, &tampered, secret.as_bytes());
            check(
                !bool::from(key.ct_eq(&server_key)),
                "a tampered server share still gave the same session key",
            );
            hprintln!("# X25519MLKEM768: tampered server share -> keys disagree, as they must");
        }
        Err(_) => fail("a tampered ciphertext must be answered by implicit rejection"),
    }
    // A truncated share is refused outright.
    check(
        client
            .finish(&server_share[..group::SERVER_SHARE_LEN - 1])
            .is_err(),
        "a truncated server share was accepted",
    );
}

#[cfg(feature = "ml-kem-768")]
#[inline(never)]
fn ml_kem(h: &mut Harness) {
    let (seed, m) = crate::fixtures::kem_seeds();

    // The by-value forms, for comparison: rustc builds the returned key and
    // ciphertext in the callee's frame and copies them out.
    let mut dk = h.measure("ml-kem-768/keygen-by-value", || {
        ml_kem_768::DecapsulationKey::from_seed(&[0x11; 64])
    });
    let (mut ct, _) = h.measure("ml-kem-768/encaps-by-value", || {
        dk.encapsulation_key()
            .encapsulate_deterministic(&[0x22; 32])
    });

    // A device keeps its key and buffers in memory it owns (as a C API
    // writes into caller buffers) and generates into them in place.
    h.measure("ml-kem-768/keygen", || dk.set_from_seed(&seed));
    let sender = h.measure("ml-kem-768/encaps", || {
        dk.encapsulation_key()
            .encapsulate_deterministic_into(&m, &mut ct)
    });

    let dec = h.measure("ml-kem-768/decaps", || dk.decapsulate(&ct));
    check(
        bool::from(sender.ct_eq(&dec)),
        "ML-KEM-768: the two shared secrets differ",
    );
    hprintln!("# ML-KEM-768: encapsulated and decapsulated secrets agree");
    // The peer builds use the same seeds; the xtask compares these.
    hprintln!(
        "# fingerprint ml-kem-768 {}",
        hex8(&sha3_256(&[
            dk.encapsulation_key().as_bytes(),
            ct.as_bytes(),
            dec.as_bytes()
        ]))
    );
}

/// The Keccak permutation dominates ML-KEM's instruction count; this op
/// gives its cost on this core: 8 permutations (1088 bytes at SHA3-256's
/// rate of 136, plus padding block).
#[cfg(feature = "ml-kem-768")]
#[inline(never)]
fn keccak(h: &mut Harness) {
    let data = [0x5au8; 1087];
    let digest = h.measure("sha3-256/1087-bytes", || sha3_256(&[&data]));
    check(digest != [0; 32], "SHA3-256 gave zeros");
}

#[cfg(feature = "ml-dsa-65-verify")]
mod manifest {
    use super::*;
    use pqkit::Error;
    use pqkit::manifest::{self as fw, ImageHasher, SignatureAlgorithm, SignedManifest};
    use pqkit::ml_dsa::ml_dsa_65;

    /// The vendor's public key, in flash.
    static VENDOR_PK: [u8; ml_dsa_65::PUBLIC_KEY_LEN] =
        *include_bytes!(concat!(env!("OUT_DIR"), "/vendor_pk.bin"));
    /// The update as it arrived over the air: the signed manifest (in the
    /// `pqkit::manifest` format) and the image it describes.
    static MANIFEST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/manifest.bin"));
    static IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/update.bin"));
    /// The version this device runs: only newer updates are accepted.
    const INSTALLED_VERSION: u32 = 2;

    /// Length and SHA3-256 of the image, read block by block as a
    /// bootloader reads a flash slot.
    fn image_digest(image: &[u8], flip_last_bit: bool) -> (u64, [u8; 32]) {
        let mut h = ImageHasher::new();
        let (body, last) = image.split_at(image.len().saturating_sub(1));
        for block in body.chunks(256) {
            h.update(block);
        }
        if let Some(&b) = last.first() {
            h.update(&[b ^ u8::from(flip_last_bit)]);
        }
        h.finalize()
    }

    #[inline(never)]
    pub fn run(h: &mut Harness) {
        // The manifest is received into a fixed-size RAM buffer.
        let mut received: Vec<u8, { fw::MAX_LEN }> = Vec::new();
        check(
            received.extend_from_slice(MANIFEST).is_ok(),
            "manifest too large",
        );
        let signed = match SignedManifest::parse(&received) {
            Ok(s) => s,
            Err(_) => fail("the update's manifest is malformed"),
        };
        check(
            signed.manifest.algorithm == SignatureAlgorithm::MlDsa65,
            "the manifest is not signed with ML-DSA-65, the vendor key's algorithm",
        );

        // Parsing the key from flash is part of the check.
        let verdict = h.measure("ml-dsa-65/verify-manifest", || signed.verify(&VENDOR_PK));
        check(
            verdict == Ok(()),
            "the genuine firmware manifest was rejected",
        );
        let (len, digest) = image_digest(IMAGE, false);
        check(
            signed.manifest.matches(len, &digest),
            "the update image does not match its manifest",
        );
        check(
            signed.manifest.version > INSTALLED_VERSION,
            "the update is not newer than the installed version (rollback)",
        );
        hprintln!(
            "# manifest: version {} ({} bytes, SHA3-256 {}..) signed by the vendor key in flash, update accepted",
            signed.manifest.version,
            len,
            hex8(&digest)
        );

        let (len, digest) = image_digest(IMAGE, true);
        check(
            !signed.manifest.matches(len, &digest),
            "a tampered image matched the manifest",
        );
        // Version bumped by an attacker.
        let mut tampered = received.clone();
        tampered[8] ^= 0x01;
        check(
            SignedManifest::parse(&tampered).map(|s| s.verify(&VENDOR_PK))
                == Ok(Err(Error::InvalidSignature)),
            "a tampered manifest was accepted",
        );
        tampered[8] ^= 0x01;
        tampered[fw::BODY_LEN + 1000] ^= 0x40;
        check(
            SignedManifest::parse(&tampered).map(|s| s.verify(&VENDOR_PK))
                == Ok(Err(Error::InvalidSignature)),
            "a tampered signature was accepted",
        );
        let vk = match ml_dsa_65::VerifyingKey::from_bytes(&VENDOR_PK) {
            Ok(vk) => vk,
            Err(_) => fail("the vendor key in flash does not parse"),
        };
        check(
            vk.verify(signed.body, b"another context", signed.signature)
                == Err(Error::InvalidSignature),
            "a signature was accepted under another context",
        );
        hprintln!("# manifest: tampered image, manifest, signature and context all rejected");
    }
}

#[cfg(feature = "ml-dsa")]
mod dsa {
    use super::*;

    pub fn run(h: &mut Harness) {
        ml_dsa_44(h);
        ml_dsa_65(h);
        ml_dsa_87(h);
    }

    macro_rules! dsa_ops {
        ($fn:ident, $module:ident, $name:literal $(, $compact_ops:ident)?) => {
            #[inline(never)]
            fn $fn(h: &mut Harness) {
                use crate::fixtures::dsa::{DSA_CONTEXT, DSA_MESSAGE, dsa_rng_label, dsa_seed};
                use pqkit::ml_dsa::$module::{SigningKey, VerifyingKey};
                let seed = dsa_seed($name);
                let mut rng = DemoRng::new(dsa_rng_label($name).as_bytes());
                let (msg, ctx) = (DSA_MESSAGE, DSA_CONTEXT);

                let sk = h.measure(concat!($name, "/keygen"), || SigningKey::from_seed(&seed));
                let vk = sk.verifying_key();
                let pk = *vk.as_bytes();
                let sig = h.measure(concat!($name, "/sign"), || sk.sign(msg, ctx, &mut rng));
                let Ok(sig) = sig else {
                    fail(concat!($name, ": signing failed"))
                };
                let verdict = h.measure(concat!($name, "/verify"), || {
                    vk.verify(msg, ctx, sig.as_bytes())
                });
                check(
                    verdict == Ok(()),
                    concat!($name, ": a fresh signature does not verify"),
                );
                // The same from the encoded key, as a device holding it in
                // flash runs it: parsing is part of the cost.
                let verdict = h.measure(concat!($name, "/verify-from-bytes"), || {
                    VerifyingKey::from_bytes(&pk).and_then(|vk| vk.verify(msg, ctx, sig.as_bytes()))
                });
                check(
                    verdict == Ok(()),
                    concat!($name, ": a fresh signature does not verify"),
                );
                check(
                    vk.verify(&msg[1..], ctx, sig.as_bytes()).is_err(),
                    concat!($name, ": a signature verified for another message"),
                );
                $($compact_ops(h, &seed, &sk, &sig);)?
                hprintln!(concat!("# ", $name, ": signed (hedged) and verified"));
                hprintln!(
                    concat!("# fingerprint ", $name, " {}"),
                    hex8(&sha3_256(&[
                        vk.as_bytes().as_slice(),
                        sig.as_bytes().as_slice()
                    ]))
                );

                $(
                /// The compact schedule: the same key, signature (same
                /// randomness) and verdicts as the rows above, generated and
                /// signed into memory this firmware owns.
                #[inline(never)]
                fn $compact_ops(
                    h: &mut Harness,
                    seed: &[u8; 32],
                    sk: &pqkit::ml_dsa::$module::SigningKey,
                    sig: &pqkit::ml_dsa::$module::Signature,
                ) {
                    use crate::fixtures::dsa::{DSA_CONTEXT, DSA_MESSAGE, dsa_rng_label};
                    use pqkit::ml_dsa::$module::{SIGNATURE_LEN, compact};
                    let (msg, ctx) = (DSA_MESSAGE, DSA_CONTEXT);
                    let vk = sk.verifying_key();

                    // Any key will do: key generation replaces all of it.
                    let mut made = sk.clone();
                    made.set_from_seed(&[0; 32]);
                    h.measure(concat!($name, "/keygen-small-stack"), || {
                        compact::keygen(seed, &mut made)
                    });
                    check(
                        made.verifying_key() == vk,
                        concat!($name, ": the compact schedule made another key"),
                    );

                    // Signing with the key made above: the same signature
                    // also shows that its secret part is the same.
                    let mut rng = DemoRng::new(dsa_rng_label($name).as_bytes());
                    let mut sig2 = [0u8; SIGNATURE_LEN];
                    let signed = h.measure(concat!($name, "/sign-small-stack"), || {
                        compact::sign(&made, msg, ctx, &mut rng, &mut sig2)
                    });
                    check(
                        signed.is_ok() && sig2 == *sig.as_bytes(),
                        concat!($name, ": the compact schedule signed differently"),
                    );

                    let verdict = h.measure(concat!($name, "/verify-small-stack"), || {
                        compact::verify(&vk, msg, ctx, &sig2)
                    });
                    check(
                        verdict == Ok(()),
                        concat!($name, ": compact verification rejected a fresh signature"),
                    );
                    let pk = *vk.as_bytes();
                    let verdict = h
                        .measure(concat!($name, "/verify-small-stack-from-bytes"), || {
                            compact::verify_bytes(&pk, msg, ctx, &sig2)
                        });
                    check(
                        verdict == Ok(()),
                        concat!($name, ": compact verification rejected a fresh signature"),
                    );
                    sig2[SIGNATURE_LEN / 2] ^= 0x08;
                    check(
                        compact::verify(&vk, msg, ctx, &sig2).is_err(),
                        concat!(
                            $name,
                            ": compact verification accepted a tampered signature"
                        ),
                    );
                }
                )?
            }
        };
    }

    dsa_ops!(ml_dsa_44, ml_dsa_44, "ml-dsa-44");
    // The compact schedule's rows for ML-DSA-65 only: the library code is
    // shared by the parameter sets, but each set's rows add about 1.5 KiB
    // of firmware code, which the flash budget does not have room for.
    dsa_ops!(ml_dsa_65, ml_dsa_65, "ml-dsa-65", compact_ops);
    dsa_ops!(ml_dsa_87, ml_dsa_87, "ml-dsa-87");
}
