//! `pqkit-ct`: the constant-time check of pqkit, run under valgrind memcheck
//! by `cargo xtask ct`.
//!
//! The ctgrind technique: every secret input (seeds, ML-KEM's `m`, signing
//! randomness, private keys) is marked undefined before the operation, so
//! memcheck reports each conditional branch and each memory address computed
//! from secret data. Outputs that the standards make public (public keys,
//! ciphertexts, signatures) are marked defined again right after the
//! operation that produced them, each with the reason; shared secrets are
//! declassified only where this harness checks them for correctness, after
//! the operation under test has finished.
//!
//! `pqkit-ct` runs every operation for every parameter set and every backend
//! this machine has and prints one line per case with the number of memcheck
//! errors it caused; it exits with status 1 when any case has one.
//! `pqkit-ct self-test` runs the planted leaks of `leaks.rs` instead and
//! exits with status 1 unless memcheck flags each leak it can see.

mod leaks;
mod vg;

use pqkit::arith::{self, BackendKind};
use std::process::ExitCode;

/// Deterministic filler for inputs: the check is about data flow, not
/// values, but the values should look random so that every code path that
/// random inputs take is taken.
fn fill(tag: u64, buf: &mut [u8]) {
    let mut s = tag.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5851_f42d_4c95_7f2d;
    for b in buf {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        *b = (s >> 24) as u8;
    }
}

/// Input bytes, marked secret.
fn secret_input<const N: usize>(tag: u64) -> [u8; N] {
    let mut b = [0u8; N];
    fill(tag, &mut b);
    vg::secret(&b);
    b
}

/// Counts memcheck errors per case.
struct Cases {
    findings: u64,
    cases: usize,
    backend: &'static str,
}

impl Cases {
    fn run(&mut self, name: &str, f: impl FnOnce()) {
        let before = vg::errors();
        f();
        let n = vg::errors() - before;
        self.cases += 1;
        self.findings += n;
        let verdict = if n == 0 {
            "clean".to_string()
        } else {
            format!("{n} FINDING(S)")
        };
        println!("ct: {:<58} [{}] {verdict}", name, self.backend);
    }
}

/// Marks a shared secret public so that the harness can compare it; only
/// called after the operation that produced it has returned.
fn reveal_for_check(bytes: &[u8]) -> Vec<u8> {
    vg::public(bytes);
    bytes.to_vec()
}

macro_rules! ml_kem {
    ($c:expr, $module:ident, $name:literal) => {{
        use pqkit::ml_kem::$module::{Ciphertext, DecapsulationKey, EncapsulationKey};
        let seed: [u8; 64] = secret_input(1);
        let m: [u8; 32] = secret_input(2);
        let mut dk = None;
        $c.run(concat!($name, " keygen"), || {
            let k = DecapsulationKey::from_seed(&seed);
            // FIPS 203 Algorithm 19: ek is the public output of KeyGen.
            vg::public(k.encapsulation_key().as_bytes());
            dk = Some(k);
        });
        let dk = dk.expect("keygen ran");
        let ek = EncapsulationKey::from_bytes(dk.encapsulation_key().as_bytes())
            .expect("own encapsulation key");
        let mut out = None;
        $c.run(concat!($name, " encaps"), || {
            let (ct, ss) = ek.encapsulate_deterministic(&m);
            // FIPS 203 Algorithm 20: the ciphertext is sent in the clear.
            vg::public(ct.as_bytes());
            out = Some((ct, ss));
        });
        let (ct, ss) = out.expect("encaps ran");
        let want = reveal_for_check(ss.as_bytes());
        $c.run(concat!($name, " decaps (valid ciphertext)"), || {
            let got = dk.decapsulate(&ct);
            assert_eq!(reveal_for_check(got.as_bytes()), want, "decaps mismatch");
        });
        let mut bad = *ct.as_bytes();
        bad[7] ^= 0x10;
        let bad = Ciphertext::from(bad);
        $c.run(
            concat!($name, " decaps (invalid: implicit rejection)"),
            || {
                let got = dk.decapsulate(&bad);
                assert_ne!(reveal_for_check(got.as_bytes()), want, "rejection missed");
            },
        );
        let expanded = *dk.to_expanded_bytes();
        // dk_pke (the secret vector) and z are secret; ek and H(ek) in the
        // middle are public parts of the encoding.
        let ek_at = expanded.len() - 64 - dk.encapsulation_key().as_bytes().len();
        vg::secret(&expanded[..ek_at]);
        let z_at = expanded.len() - 32;
        vg::secret(&expanded[z_at..]);
        // ek and H(ek) are public (FIPS 203 section 7.3 hashes the public ek).
        vg::public(&expanded[ek_at..z_at]);
        $c.run(concat!($name, " expanded-key import + decaps"), || {
            let k = DecapsulationKey::from_expanded_bytes(&expanded).expect("own expanded key");
            let got = k.decapsulate(&ct);
            assert_eq!(reveal_for_check(got.as_bytes()), want, "decaps mismatch");
        });
        vg::public(&expanded);
    }};
}

macro_rules! ml_dsa {
    ($c:expr, $module:ident, $name:literal) => {{
        use pqkit::ml_dsa::$module::{
            PreparedSigningKey, PreparedVerifyingKey, SIGNATURE_LEN, SigningKey, VerifyingKey,
            compact,
        };
        let seed: [u8; 32] = secret_input(3);
        let rnd: [u8; 32] = secret_input(4);
        let msg = b"pqkit constant-time check";
        let mut sk = None;
        $c.run(concat!($name, " keygen"), || {
            let k = SigningKey::from_seed(&seed);
            sk = Some(k);
        });
        let sk = sk.expect("keygen ran");
        // FIPS 204 Algorithm 1: pk is the public output of KeyGen.
        let vk = sk.verifying_key();
        vg::public(vk.as_bytes());
        let vk = VerifyingKey::from_bytes(vk.as_bytes()).expect("own public key");
        $c.run(concat!($name, " sign (hedged)"), || {
            let sig = sk.sign_with_randomness(msg, b"ctx", &rnd).expect("sign");
            // FIPS 204 Algorithm 2: the signature is published.
            vg::public(sig.as_bytes());
            vk.verify(msg, b"ctx", sig.as_bytes()).expect("verifies");
        });
        $c.run(concat!($name, " sign (deterministic)"), || {
            let sig = sk.sign_deterministic(msg, b"").expect("sign");
            vg::public(sig.as_bytes());
            vk.verify(msg, b"", sig.as_bytes()).expect("verifies");
        });
        // The schedule bare-metal firmware runs, pinned on this machine.
        $c.run(
            concat!($name, " sign (hedged, small-stack schedule)"),
            || {
                pqkit::ml_dsa::force_small_stack_schedule(true);
                let sig = sk.sign_with_randomness(msg, b"ctx", &rnd).expect("sign");
                pqkit::ml_dsa::force_small_stack_schedule(false);
                vg::public(sig.as_bytes());
                vk.verify(msg, b"ctx", sig.as_bytes()).expect("verifies");
            },
        );
        // The compact schedule, into memory the caller owns.
        let mut made = SigningKey::from_seed(&[0; 32]);
        $c.run(concat!($name, " keygen (compact schedule)"), || {
            compact::keygen(&seed, &mut made);
        });
        // pk is the public output of KeyGen.
        let made_vk = made.verifying_key();
        vg::public(made_vk.as_bytes());
        assert_eq!(made_vk.as_bytes(), vk.as_bytes(), "compact keygen mismatch");
        $c.run(concat!($name, " sign (hedged, compact schedule)"), || {
            let mut sig = [0u8; SIGNATURE_LEN];
            compact::sign_with_randomness(&sk, msg, b"ctx", &rnd, &mut sig).expect("sign");
            vg::public(&sig);
            compact::verify(&vk, msg, b"ctx", &sig).expect("verifies");
        });
        let mut pvk = Box::new(PreparedVerifyingKey::new());
        pvk.set_from(&vk);
        let mut psk = Box::new(PreparedSigningKey::new());
        $c.run(concat!($name, " prepare signing key"), || psk.set_from(&sk));
        $c.run(concat!($name, " prepared sign (hedged)"), || {
            let sig = psk.sign_with_randomness(msg, b"ctx", &rnd).expect("sign");
            vg::public(sig.as_bytes());
            pvk.verify(msg, b"ctx", sig.as_bytes()).expect("verifies");
        });
        $c.run(concat!($name, " prepared sign (deterministic)"), || {
            let sig = psk.sign_deterministic(msg, b"").expect("sign");
            vg::public(sig.as_bytes());
            pvk.verify(msg, b"", sig.as_bytes()).expect("verifies");
        });
        let expanded = *sk.to_expanded_bytes();
        // rho (the first 32 bytes) and tr = H(pk) (bytes 64..128) are public
        // parts of skEncode; K, s1, s2 and t0 are secret.
        vg::secret(&expanded[32..64]);
        vg::secret(&expanded[128..]);
        $c.run(concat!($name, " expanded-key import + sign"), || {
            let k = SigningKey::from_expanded_bytes(&expanded).expect("own expanded key");
            let sig = k.sign_deterministic(msg, b"").expect("sign");
            vg::public(sig.as_bytes());
            vk.verify(msg, b"", sig.as_bytes()).expect("verifies");
        });
    }};
}

macro_rules! tls_group {
    ($c:expr, $module:ident) => {{
        use pqkit::hybrid::tls::$module as g;
        let seed: [u8; g::SEED_LEN] = secret_input(5);
        let randomness: [u8; g::RANDOMNESS_LEN] = secret_input(6);
        let mut client = None;
        $c.run(&format!("{} client key share", g::NAME), || {
            let k = g::ClientKey::from_seed(&seed).expect("client key");
            // The key share is sent in the clear (ClientHello).
            vg::public(k.key_share());
            client = Some(k);
        });
        let client = client.expect("client ran");
        let share = *client.key_share();
        let mut server = None;
        $c.run(&format!("{} server response", g::NAME), || {
            let (s, secret) = g::respond_derand(&share, &randomness).expect("respond");
            // The server's key share is sent in the clear (ServerHello).
            vg::public(&s);
            server = Some((s, secret));
        });
        let (server_share, server_secret) = server.expect("server ran");
        let want = reveal_for_check(server_secret.as_bytes());
        $c.run(&format!("{} client finish", g::NAME), || {
            let secret = client.finish(&server_share).expect("finish");
            assert_eq!(reveal_for_check(secret.as_bytes()), want, "secrets differ");
        });
    }};
}

macro_rules! hybrid_kem {
    ($c:expr, $module:ident) => {{
        use pqkit::hybrid::kem::$module as h;
        let seed: [u8; 32] = secret_input(7);
        let randomness: [u8; h::RANDOMNESS_LEN] = secret_input(8);
        let mut sk = None;
        $c.run(&format!("{} keygen", h::NAME), || {
            let k = h::SecretKey::from_seed(&seed).expect("keygen");
            // The public key `ek_PQ || ek_T` is published.
            vg::public(k.public_key().as_bytes());
            sk = Some(k);
        });
        let sk = sk.expect("keygen ran");
        let pk = h::PublicKey::from_bytes(sk.public_key().as_bytes()).expect("own public key");
        let mut out = None;
        $c.run(&format!("{} encaps", h::NAME), || {
            let (ct, ss) = pk.encapsulate_derand(&randomness).expect("encaps");
            // The ciphertext `ct_PQ || ct_T` is sent in the clear.
            vg::public(&ct);
            out = Some((ct, ss));
        });
        let (ct, ss) = out.expect("encaps ran");
        let want = reveal_for_check(ss.as_bytes());
        $c.run(&format!("{} decaps", h::NAME), || {
            let got = sk.decapsulate(&ct).expect("decaps");
            assert_eq!(reveal_for_check(got.as_bytes()), want, "secrets differ");
        });
    }};
}

fn check_pqkit() -> ExitCode {
    let mut c = Cases {
        findings: 0,
        cases: 0,
        backend: "",
    };
    let backends: Vec<BackendKind> = arith::available_backends().collect();
    for &kind in &backends {
        arith::force_backend(Some(kind)).expect("listed as available");
        c.backend = kind.name();
        ml_kem!(c, ml_kem_512, "ML-KEM-512");
        ml_kem!(c, ml_kem_768, "ML-KEM-768");
        ml_kem!(c, ml_kem_1024, "ML-KEM-1024");
        ml_dsa!(c, ml_dsa_44, "ML-DSA-44");
        ml_dsa!(c, ml_dsa_65, "ML-DSA-65");
        ml_dsa!(c, ml_dsa_87, "ML-DSA-87");
        tls_group!(c, x25519_mlkem768);
        tls_group!(c, secp256r1_mlkem768);
        tls_group!(c, secp384r1_mlkem1024);
        hybrid_kem!(c, xwing);
        hybrid_kem!(c, mlkem768_p256);
        hybrid_kem!(c, mlkem1024_p384);
    }
    let names: Vec<&str> = backends.iter().map(|k| k.name()).collect();
    println!(
        "ct: pqkit: {} cases on backends [{}], {} finding(s)",
        c.cases,
        names.join(", "),
        c.findings
    );
    if c.findings == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn self_test() -> ExitCode {
    let mut missed = 0;
    let mut planted = |name: &str, f: &dyn Fn() -> u32| {
        let before = vg::errors();
        let out = f();
        // The result is printed (so it is computed), after making it defined
        // so that printing does not add errors of its own.
        vg::public_val(&out);
        let n = vg::errors() - before;
        if n > 0 {
            println!("ct: planted leak: {name:<34} flagged ({n} memcheck error(s))");
        } else {
            println!("ct: planted leak: {name:<34} NOT FLAGGED (result {out})");
            missed += 1;
        }
    };
    let secret: [u8; 16] = secret_input(9);
    let guess = [0x42u8; 16];
    planted("secret-indexed table lookup", &|| {
        u32::from(leaks::table_lookup(&secret))
    });
    planted("secret branch (early-exit compare)", &|| {
        u32::from(leaks::early_exit_compare(&secret, &guess))
    });
    // Memcheck propagates definedness through a division without reporting
    // it; the division scan of `cargo xtask ct` is what flags this one.
    let q = leaks::secret_division(&secret);
    vg::public_val(&q);
    println!("ct: planted leak: secret division ran (left to the division scan; quotient {q})");
    if missed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn main() -> ExitCode {
    if !vg::built_with_valgrind() {
        eprintln!(
            "pqkit-ct: built without valgrind's headers (apt-get install valgrind, then rebuild)"
        );
        return ExitCode::from(2);
    }
    if !vg::running() {
        eprintln!("pqkit-ct: run me under valgrind (cargo xtask ct)");
        return ExitCode::from(2);
    }
    match std::env::args().nth(1).as_deref() {
        None => check_pqkit(),
        Some("self-test") => self_test(),
        Some(other) => {
            eprintln!("pqkit-ct: unknown argument `{other}` (none, or `self-test`)");
            ExitCode::from(2)
        }
    }
}
