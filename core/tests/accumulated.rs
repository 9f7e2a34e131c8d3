//! Accumulated tests: many key generations and signatures (or
//! encapsulations) on inputs read from one SHAKE128 stream, every output
//! absorbed into a second SHAKE128 whose first 32 bytes are compared at the
//! end. One hash then stands for millions of byte-exact outputs.
//!
//! - ML-DSA, the C2SP CCTV construction (`ML-DSA/accumulated` in
//!   github.com/C2SP/CCTV): 32-byte seeds `xi` read in turn from the
//!   SHAKE128 stream of the empty string; for each, ML-DSA.KeyGen_internal
//!   (FIPS 204 Algorithm 6), then the public key and the deterministic
//!   signature (Algorithm 2 with `rnd` = 0, so `M' = 0 || 0 || M`: the empty
//!   message under the empty context) are absorbed. The 100-key hashes
//!   here are checked against both the published values and RustCrypto
//!   `ml-dsa` run the same way; the 10,000-key hashes (`#[ignore]`d, run by
//!   `cargo xtask soak` on every backend) against the published ones.
//! - ML-KEM, the same construction: per iteration `d`, `z`, `m` and a random
//!   ciphertext are read from the stream; `ek`, the expanded `dk`, the
//!   ciphertext of `m`, its shared secret and the implicit-rejection secret
//!   of the random ciphertext are absorbed. CCTV's published ML-KEM hashes
//!   are for the FIPS 203 draft and do not apply, so the oracle is
//!   RustCrypto `ml-kem` run the same way, in the same test: 1,000 iterations
//!   here, 1,000,000 (`#[ignore]`d, `PQKIT_ACCUMULATED_KEM_ITERS`) in
//!   `cargo xtask soak`.
//!
//! The streams use RustCrypto's `shake` crate rather than pqkit's own sponge,
//! which is under test.

use shake::{ExtendableOutput, Shake128, Update, XofReader};
use std::time::Instant;

/// The CCTV ML-DSA hashes: (parameter set, keys, first 32 bytes of the
/// accumulator).
const PUBLISHED_ML_DSA: [(&str, u32, &str); 6] = [
    (
        "ML-DSA-44",
        100,
        "d51148e1f9f4fa1a723a6cf42e25f2a99eb5c1b378b3d2dbbd561b1203beeae4",
    ),
    (
        "ML-DSA-65",
        100,
        "8358a1843220194417cadbc2651295cd8fc65125b5a5c1a239a16dc8b57ca199",
    ),
    (
        "ML-DSA-87",
        100,
        "8c3ad714777622b8f21ce31bb35f71394f23bc0fcf3c78ace5d608990f3b061b",
    ),
    (
        "ML-DSA-44",
        10_000,
        "e7fd21f6a59bcba60d65adc44404bb29a7c00e5d8d3ec06a732c00a306a7d143",
    ),
    (
        "ML-DSA-65",
        10_000,
        "5ff5e196f0b830c3b10a9eb5358e7c98a3a20136cb677f3ae3b90175c3ace329",
    ),
    (
        "ML-DSA-87",
        10_000,
        "80a8cf39317f7d0be0e24972c51ac152bd2a3e09bc0c32ce29dd82c4e7385e60",
    ),
];

fn published(name: &str, n: u32) -> &'static str {
    PUBLISHED_ML_DSA
        .iter()
        .find(|(p, k, _)| *p == name && *k == n)
        .map(|(_, _, h)| *h)
        .expect("a published hash")
}

/// The input stream and the accumulator of one run.
struct Accumulator {
    input: <Shake128 as ExtendableOutput>::Reader,
    output: Shake128,
}

impl Accumulator {
    fn new() -> Self {
        Accumulator {
            input: Shake128::default().finalize_xof(),
            output: Shake128::default(),
        }
    }

    fn draw<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        self.input.read(&mut out);
        out
    }

    fn absorb(&mut self, bytes: &[u8]) {
        self.output.update(bytes);
    }

    fn finish(self) -> String {
        let mut out = [0u8; 32];
        self.output.finalize_xof().read(&mut out);
        hex::encode(out)
    }
}

macro_rules! ml_dsa {
    ($module:ident, $marker:ident, $name:literal) => {
        mod $module {
            use super::*;

            pub const NAME: &str = $name;

            /// pqkit on the backend in force.
            pub fn ours(n: u32) -> String {
                use pqkit::ml_dsa::$module::SigningKey;
                let mut acc = Accumulator::new();
                for _ in 0..n {
                    let sk = SigningKey::from_seed(&acc.draw());
                    acc.absorb(sk.verifying_key().as_bytes());
                    let sig = sk.sign_deterministic(b"", b"").unwrap();
                    acc.absorb(sig.as_bytes());
                }
                acc.finish()
            }

            /// RustCrypto `ml-dsa`, the same way.
            pub fn oracle(n: u32) -> String {
                use ml_dsa::{Seed, SigningKey, $marker};
                let mut acc = Accumulator::new();
                for _ in 0..n {
                    let seed: [u8; 32] = acc.draw();
                    let sk = SigningKey::<$marker>::from_seed(&Seed::from(seed));
                    let esk = sk.expanded_key();
                    acc.absorb(&esk.verifying_key().encode());
                    let sig = esk.sign_deterministic(b"", b"").unwrap();
                    acc.absorb(&sig.encode());
                }
                acc.finish()
            }

            #[test]
            fn accumulated_100() {
                let ours = ours(100);
                assert_eq!(ours, oracle(100), "against RustCrypto ml-dsa");
                assert_eq!(ours, published(NAME, 100), "against the CCTV hash");
            }
        }
    };
}

ml_dsa!(ml_dsa_44, MlDsa44, "ML-DSA-44");
ml_dsa!(ml_dsa_65, MlDsa65, "ML-DSA-65");
ml_dsa!(ml_dsa_87, MlDsa87, "ML-DSA-87");

macro_rules! ml_kem {
    ($module:ident, $name:literal) => {
        mod $module {
            use super::*;
            use pqkit::ml_kem::$module::CIPHERTEXT_LEN;

            pub const NAME: &str = $name;

            /// pqkit on the backend in force.
            pub fn ours(n: u64) -> String {
                use pqkit::ml_kem::$module::{Ciphertext, DecapsulationKey};
                let mut acc = Accumulator::new();
                let mut dk = DecapsulationKey::from_seed(&[0; 64]);
                for _ in 0..n {
                    let seed: [u8; 64] = acc.draw();
                    let m: [u8; 32] = acc.draw();
                    let random_ct: [u8; CIPHERTEXT_LEN] = acc.draw();
                    dk.set_from_seed(&seed);
                    let ek = dk.encapsulation_key();
                    acc.absorb(ek.as_bytes());
                    acc.absorb(&dk.to_expanded_bytes()[..]);
                    let (ct, k) = ek.encapsulate_deterministic(&m);
                    acc.absorb(ct.as_bytes());
                    acc.absorb(k.as_bytes());
                    acc.absorb(dk.decapsulate(&Ciphertext::from(random_ct)).as_bytes());
                }
                acc.finish()
            }

            /// RustCrypto `ml-kem`, the same way.
            #[allow(deprecated)] // ml-kem calls the expanded key encoding legacy
            pub fn oracle(n: u64) -> String {
                use ml_kem::{Decapsulate, ExpandedKeyEncoding, KeyExport};
                let mut acc = Accumulator::new();
                for _ in 0..n {
                    let seed: [u8; 64] = acc.draw();
                    let m: [u8; 32] = acc.draw();
                    let random_ct: [u8; CIPHERTEXT_LEN] = acc.draw();
                    let dk = ml_kem::$module::DecapsulationKey::from_seed(seed.into());
                    let ek = dk.encapsulation_key();
                    acc.absorb(&ek.to_bytes());
                    acc.absorb(&dk.to_expanded_bytes());
                    let (ct, k) = ek.encapsulate_deterministic(&m.into());
                    acc.absorb(&ct);
                    acc.absorb(&k);
                    acc.absorb(&dk.decapsulate(&random_ct.into()));
                }
                acc.finish()
            }

            #[test]
            fn accumulated_1000() {
                assert_eq!(ours(1000), oracle(1000), "against RustCrypto ml-kem");
            }
        }
    };
}

ml_kem!(ml_kem_512, "ML-KEM-512");
ml_kem!(ml_kem_768, "ML-KEM-768");
ml_kem!(ml_kem_1024, "ML-KEM-1024");

/// One parameter set's accumulation: the iteration count in, the hex
/// accumulator hash out.
type Run<N> = fn(N) -> String;

/// The backends this machine can run, each pinned in turn; without the
/// `backend-override` feature, only the one pqkit selects.
fn on_every_backend(mut f: impl FnMut(&str)) {
    #[cfg(feature = "backend-override")]
    for kind in pqkit::arith::available_backends() {
        pqkit::arith::force_backend(Some(kind)).unwrap();
        f(kind.name());
        pqkit::arith::force_backend(None).unwrap();
    }
    #[cfg(not(feature = "backend-override"))]
    f(pqkit::arith::selected_backend().name());
}

/// The CCTV 10,000-key ML-DSA hashes on every backend (`cargo xtask soak`).
#[test]
#[ignore = "long run: cargo xtask soak"]
fn soak_ml_dsa_accumulated_10000() {
    let sets: [(&str, Run<u32>); 3] = [
        (ml_dsa_44::NAME, ml_dsa_44::ours),
        (ml_dsa_65::NAME, ml_dsa_65::ours),
        (ml_dsa_87::NAME, ml_dsa_87::ours),
    ];
    for (name, ours) in sets {
        on_every_backend(|backend| {
            let t = Instant::now();
            let got = ours(10_000);
            println!(
                "soak: {name} accumulated 10000 on {backend}: {got} ({:.1} s)",
                t.elapsed().as_secs_f64()
            );
            assert_eq!(got, published(name, 10_000), "{name} on {backend}");
        });
    }
}

/// The ML-KEM accumulation, `PQKIT_ACCUMULATED_KEM_ITERS` iterations
/// (default 1,000,000) per parameter set, on every backend and with
/// RustCrypto `ml-kem` (`cargo xtask soak`). `PQKIT_ACCUMULATED_KEM_SET`
/// (for example `ML-KEM-768`) runs one parameter set only, so that the sets
/// can run in parallel processes.
#[test]
#[ignore = "long run: cargo xtask soak"]
fn soak_ml_kem_accumulated() {
    let n: u64 = std::env::var("PQKIT_ACCUMULATED_KEM_ITERS")
        .map(|v| {
            v.parse()
                .expect("PQKIT_ACCUMULATED_KEM_ITERS must be an integer")
        })
        .unwrap_or(1_000_000);
    let sets: [(&str, Run<u64>, Run<u64>); 3] = [
        (ml_kem_512::NAME, ml_kem_512::ours, ml_kem_512::oracle),
        (ml_kem_768::NAME, ml_kem_768::ours, ml_kem_768::oracle),
        (ml_kem_1024::NAME, ml_kem_1024::ours, ml_kem_1024::oracle),
    ];
    let only = std::env::var("PQKIT_ACCUMULATED_KEM_SET").ok();
    if let Some(set) = &only {
        assert!(
            sets.iter().any(|(name, _, _)| name == set),
            "PQKIT_ACCUMULATED_KEM_SET={set} names no ML-KEM parameter set"
        );
    }
    for (name, ours, oracle) in sets {
        if only.as_deref().is_some_and(|set| set != name) {
            continue;
        }
        let t = Instant::now();
        let want = oracle(n);
        println!(
            "soak: {name} accumulated {n} with RustCrypto ml-kem: {want} ({:.1} s)",
            t.elapsed().as_secs_f64()
        );
        on_every_backend(|backend| {
            let t = Instant::now();
            let got = ours(n);
            println!(
                "soak: {name} accumulated {n} on {backend}: {got} ({:.1} s)",
                t.elapsed().as_secs_f64()
            );
            assert_eq!(got, want, "{name} on {backend}");
        });
    }
}
