//! Runs the built `pqkit` binary: round trips for every algorithm and key
//! form, the LAMPS example keys, KMS-style inputs, manifests, and every
//! input error (exit code 2, one line naming the file and the problem).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use base64::Engine;
use pqkit::encoding::{Algorithm, decode_public_key_pem};
use pqkit::manifest::{self, SignedManifest};
use pqkit::ml_dsa::{ml_dsa_44, ml_dsa_65, ml_dsa_87};

const DSA: [&str; 3] = ["ML-DSA-44", "ML-DSA-65", "ML-DSA-87"];
const KEM: [&str; 4] = ["ML-KEM-512", "ML-KEM-768", "ML-KEM-1024", "X-Wing"];
const FORMS: [&str; 3] = ["seed", "expanded", "both"];

fn pqkit(dir: &Path, args: &[&str]) -> Output {
    pqkit_stdin(dir, args, None)
}

fn pqkit_stdin(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pqkit"))
        .args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pqkit");
    if let Some(data) = stdin {
        child.stdin.take().unwrap().write_all(data).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs and requires exit code 0; returns stdout.
fn ok(dir: &Path, args: &[&str]) -> Vec<u8> {
    let o = pqkit(dir, args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    o.stdout
}

/// Runs and requires exit code 2 with one stderr line that contains every
/// one of `needles`.
fn fails(dir: &Path, args: &[&str], needles: &[&str]) {
    let o = pqkit(dir, args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: not one line: {err}");
    assert!(err.starts_with("pqkit: "), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: `{n}` not in: {err}");
    }
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, data).unwrap();
    p
}

fn lamps(rel: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/vectors/lamps")
        .join(rel);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true but test vectors are missing: {}", path.display());
    }
    eprintln!("SKIPPED: test vectors not found at {}", path.display());
    None
}

#[test]
fn signature_round_trip_every_algorithm_form_and_encoding() {
    let d = tmp();
    let d = d.path();
    write(d, "msg", b"firmware v1.2.3");
    for alg in DSA {
        for form in FORMS {
            for der in [false, true] {
                let (k, p) = (
                    format!("{alg}-{form}-{der}.key"),
                    format!("{alg}-{form}-{der}.pub"),
                );
                let mut args = vec![
                    "keygen", "--alg", alg, "--form", form, "--out", &k, "--pub", &p,
                ];
                if der {
                    args.push("--der");
                }
                ok(d, &args);
                let key = fs::read(d.join(&k)).unwrap();
                assert_eq!(key.starts_with(b"-----BEGIN PRIVATE KEY-----"), !der);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    let mode = fs::metadata(d.join(&k)).unwrap().permissions().mode();
                    assert_eq!(mode & 0o777, 0o600, "{k}");
                }
                // `pub` gives the same public key as keygen wrote.
                let mut pub_args = vec!["pub", "--key", &k];
                if der {
                    pub_args.push("--der");
                }
                assert_eq!(ok(d, &pub_args), fs::read(d.join(&p)).unwrap(), "{k}");

                let sig = ok(d, &["sign", "--key", &k, "--context", "ctx", "msg"]);
                fs::write(d.join("sig"), &sig).unwrap();
                ok(
                    d,
                    &[
                        "verify",
                        "--pub",
                        &p,
                        "--sig",
                        "sig",
                        "--context",
                        "ctx",
                        "msg",
                    ],
                );
                // Other context, other message, other signature: exit 1.
                let o = pqkit(d, &["verify", "--pub", &p, "--sig", "sig", "msg"]);
                assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
                assert!(stderr(&o).contains("INVALID"));
                let o = pqkit_stdin(
                    d,
                    &[
                        "verify",
                        "--pub",
                        &p,
                        "--sig",
                        "sig",
                        "--context",
                        "ctx",
                        "-",
                    ],
                    Some(b"firmware v1.2.4"),
                );
                assert_eq!(o.status.code(), Some(1));
                let mut bad = sig.clone();
                bad[10] ^= 1;
                fs::write(d.join("bad"), &bad).unwrap();
                let o = pqkit(
                    d,
                    &[
                        "verify",
                        "--pub",
                        &p,
                        "--sig",
                        "bad",
                        "--context",
                        "ctx",
                        "msg",
                    ],
                );
                assert_eq!(o.status.code(), Some(1));
            }
        }
    }
}

#[test]
fn kem_round_trip_every_algorithm_form_and_encoding() {
    let d = tmp();
    let d = d.path();
    for alg in KEM {
        for form in FORMS {
            if alg == "X-Wing" && form != "seed" {
                continue;
            }
            for der in [false, true] {
                let (k, p) = (
                    format!("{alg}-{form}-{der}.key"),
                    format!("{alg}-{form}-{der}.pub"),
                );
                let mut args = vec![
                    "keygen", "--alg", alg, "--form", form, "--out", &k, "--pub", &p,
                ];
                if der {
                    args.push("--der");
                }
                ok(d, &args);
                let ss1 = format!("{k}.ss1");
                let ss2 = format!("{k}.ss2");
                let ct = ok(d, &["encap", "--pub", &p, "--secret-out", &ss1]);
                let expected_ct = match alg {
                    "ML-KEM-512" => 768,
                    "ML-KEM-768" => 1088,
                    "ML-KEM-1024" => 1568,
                    _ => 1120,
                };
                assert_eq!(ct.len(), expected_ct, "{alg}");
                fs::write(d.join("ct"), &ct).unwrap();
                ok(d, &["decap", "--key", &k, "ct", "--secret-out", &ss2]);
                let secret = fs::read(d.join(&ss1)).unwrap();
                assert_eq!(secret.len(), 32);
                assert_eq!(secret, fs::read(d.join(&ss2)).unwrap(), "{k}");
                // To stdout when it is not a terminal, and from stdin.
                let o = pqkit_stdin(d, &["decap", "--key", &k], Some(&ct));
                assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
                assert_eq!(o.stdout, secret);
                // A different ciphertext gives a different secret (implicit
                // rejection for ML-KEM).
                let mut bad = ct.clone();
                bad[0] ^= 1;
                let o = pqkit_stdin(d, &["decap", "--key", &k], Some(&bad));
                assert_eq!(o.status.code(), Some(0));
                assert_ne!(o.stdout, secret);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    for f in [&k, &ss1, &ss2] {
                        let mode = fs::metadata(d.join(f)).unwrap().permissions().mode();
                        assert_eq!(mode & 0o777, 0o600, "{f}");
                    }
                }
            }
        }
    }
    fails(
        d,
        &[
            "keygen", "--alg", "X-Wing", "--form", "expanded", "--out", "xw.key",
        ],
        &["--form", "only the seed form"],
    );
    assert!(!d.join("xw.key").exists());
}

/// The public key of a PEM SPKI file, for checks against the library.
fn ml_dsa_public(pem: &[u8]) -> (Algorithm, Vec<u8>) {
    let mut buf = [0u8; 4096];
    let info = decode_public_key_pem(pem, &mut buf).unwrap();
    (info.algorithm, info.public_key.to_vec())
}

fn library_mu(pem: &[u8], msg: &[u8], ctx: &[u8]) -> [u8; 64] {
    let (alg, pk) = ml_dsa_public(pem);
    match alg {
        Algorithm::MlDsa44 => ml_dsa_44::VerifyingKey::from_bytes(&pk)
            .unwrap()
            .compute_mu(msg, ctx),
        Algorithm::MlDsa65 => ml_dsa_65::VerifyingKey::from_bytes(&pk)
            .unwrap()
            .compute_mu(msg, ctx),
        Algorithm::MlDsa87 => ml_dsa_87::VerifyingKey::from_bytes(&pk)
            .unwrap()
            .compute_mu(msg, ctx),
        other => panic!("{other} is not ML-DSA"),
    }
    .unwrap()
}

#[test]
fn mu_matches_the_library_and_signing_the_mu_equals_signing_the_file() {
    let d = tmp();
    let d = d.path();
    // Longer than one 1 MiB read, not a multiple of it.
    let msg: Vec<u8> = (0..3_000_001u32)
        .map(|i| (i * 7 + i / 1000) as u8)
        .collect();
    write(d, "msg", &msg);
    for alg in DSA {
        ok(
            d,
            &[
                "keygen", "--alg", alg, "--out", "k", "--pub", "p", "--force",
            ],
        );
        let pem = fs::read(d.join("p")).unwrap();
        for (ctx_args, ctx) in [
            (vec![], &b""[..]),
            (vec!["--context", "pqkit test"], &b"pqkit test"[..]),
            (vec!["--context-hex", "00ff10"], &[0u8, 0xff, 0x10][..]),
        ] {
            let expected = library_mu(&pem, &msg, ctx);
            let with = |mut a: Vec<&'static str>| {
                a.extend(ctx_args.iter().copied());
                a
            };
            let hex_out = ok(d, &with(vec!["mu", "--pub", "p", "msg"]));
            assert_eq!(
                String::from_utf8(hex_out).unwrap(),
                hex::encode(expected) + "\n"
            );
            let hex_out = ok(d, &with(vec!["mu", "--pub", "p", "--hex", "msg"]));
            assert_eq!(
                String::from_utf8(hex_out).unwrap(),
                hex::encode(expected) + "\n"
            );
            let raw = ok(d, &with(vec!["mu", "--pub", "p", "--raw", "msg"]));
            assert_eq!(raw, expected);
            let b64 = ok(d, &with(vec!["mu", "--pub", "p", "--base64", "msg"]));
            assert_eq!(
                String::from_utf8(b64).unwrap().trim(),
                base64::engine::general_purpose::STANDARD.encode(expected)
            );
            // Signing the mu (raw, hex or base64) gives exactly the
            // deterministic signature of the file.
            let by_file = ok(
                d,
                &with(vec!["sign", "--key", "k", "--deterministic", "msg"]),
            );
            let by_file_again = ok(
                d,
                &with(vec!["sign", "--key", "k", "--deterministic", "msg"]),
            );
            assert_eq!(by_file, by_file_again);
            for (name, encoded) in [
                ("mu.raw", expected.to_vec()),
                ("mu.hex", (hex::encode(expected) + "\n").into_bytes()),
                (
                    "mu.b64",
                    base64::engine::general_purpose::STANDARD
                        .encode(expected)
                        .into_bytes(),
                ),
            ] {
                write(d, name, &encoded);
                let by_mu = ok(d, &["sign", "--key", "k", "--deterministic", "--mu", name]);
                assert_eq!(by_mu, by_file, "{alg} {name}");
            }
            // Hedged signatures differ but verify.
            let hedged = ok(d, &with(vec!["sign", "--key", "k", "msg"]));
            assert_ne!(hedged, by_file);
            write(d, "sig", &hedged);
            ok(
                d,
                &with(vec!["verify", "--pub", "p", "--sig", "sig", "msg"]),
            );
        }
    }
    // The mu of stdin is the mu of the file.
    let o = pqkit_stdin(d, &["mu", "--pub", "p", "-"], Some(&msg));
    assert_eq!(o.stdout, ok(d, &["mu", "--pub", "p", "msg"]));
}

/// The shapes AWS KMS uses: `get-public-key` gives DER SPKI (or its base64
/// with `--output text`), `sign` gives the raw signature (base64 in text
/// output).
#[test]
fn kms_shaped_public_keys_and_signatures() {
    let d = tmp();
    let d = d.path();
    write(d, "msg", &vec![0xab; 10_000]);
    ok(
        d,
        &[
            "keygen",
            "--alg",
            "ML-DSA-87",
            "--out",
            "k",
            "--pub",
            "p.pem",
        ],
    );
    let der = ok(d, &["pub", "--key", "k", "--der"]);
    write(d, "p.der", &der);
    let b64 = base64::engine::general_purpose::STANDARD.encode(&der) + "\n";
    write(d, "p.b64", b64.as_bytes());
    let mu = ok(d, &["mu", "--pub", "p.pem", "--raw", "msg"]);
    for p in ["p.der", "p.b64"] {
        assert_eq!(ok(d, &["mu", "--pub", p, "--raw", "msg"]), mu, "{p}");
    }
    write(d, "mu", &mu);
    let sig = ok(d, &["sign", "--key", "k", "--mu", "mu"]);
    write(d, "sig.raw", &sig);
    let text = base64::engine::general_purpose::STANDARD.encode(&sig) + "\n";
    write(d, "sig.b64", text.as_bytes());
    let b64_sig = ok(d, &["sign", "--key", "k", "--base64", "msg"]);
    write(d, "sig2.b64", &b64_sig);
    for p in ["p.pem", "p.der", "p.b64"] {
        for s in ["sig.raw", "sig.b64", "sig2.b64"] {
            ok(d, &["verify", "--pub", p, "--sig", s, "msg"]);
        }
    }
    // `pub` turns the DER into PEM.
    assert_eq!(
        ok(d, &["pub", "--key", "p.der"]),
        fs::read(d.join("p.pem")).unwrap()
    );
}

#[test]
fn lamps_ml_dsa_example_keys_load_sign_and_verify() {
    let Some(dir) = lamps("ml-dsa") else { return };
    let d = tmp();
    let d = d.path();
    write(d, "msg", b"LAMPS example");
    for alg in DSA {
        let public = dir.join(format!("{alg}.pub"));
        let cert = dir.join(format!("{alg}.crt"));
        let public_pem = fs::read(&public).unwrap();
        let mut signatures = Vec::new();
        for form in FORMS {
            let key = dir.join(format!("{alg}-{form}.priv"));
            let key = key.to_str().unwrap();
            let derived = ok(d, &["pub", "--key", key]);
            assert_eq!(ml_dsa_public(&derived), ml_dsa_public(&public_pem), "{key}");
            let sig = ok(
                d,
                &[
                    "sign",
                    "--key",
                    key,
                    "--deterministic",
                    "--context",
                    "c",
                    "msg",
                ],
            );
            write(d, "sig", &sig);
            for p in [&public, &cert] {
                ok(
                    d,
                    &[
                        "verify",
                        "--pub",
                        p.to_str().unwrap(),
                        "--sig",
                        "sig",
                        "--context",
                        "c",
                        "msg",
                    ],
                );
            }
            signatures.push(sig);
        }
        // The three forms are one key.
        assert_eq!(signatures[0], signatures[1], "{alg}");
        assert_eq!(signatures[0], signatures[2], "{alg}");
        // The certificate's key is the key.
        assert_eq!(
            ok(d, &["pub", "--key", cert.to_str().unwrap()]),
            ok(d, &["pub", "--key", public.to_str().unwrap()])
        );
    }
    for i in 1..=3 {
        let bad = dir.join(format!("bad-ML-DSA-44-{i}.priv"));
        fails(
            d,
            &["sign", "--key", bad.to_str().unwrap(), "msg"],
            &[bad.to_str().unwrap()],
        );
    }
}

#[test]
fn lamps_ml_kem_example_keys_load_and_decapsulate() {
    let Some(dir) = lamps("ml-kem") else { return };
    let d = tmp();
    let d = d.path();
    for alg in ["ML-KEM-512", "ML-KEM-768", "ML-KEM-1024"] {
        let public = dir.join(format!("{alg}.pub"));
        let ct = ok(
            d,
            &[
                "encap",
                "--pub",
                public.to_str().unwrap(),
                "--secret-out",
                "ss",
                "--force",
            ],
        );
        write(d, "ct", &ct);
        let secret = fs::read(d.join("ss")).unwrap();
        for form in FORMS {
            let key = dir.join(format!("{alg}-{form}.priv"));
            let key = key.to_str().unwrap();
            assert_eq!(
                ok(d, &["pub", "--key", key]),
                ok(d, &["pub", "--key", public.to_str().unwrap()]),
                "{key}"
            );
            let o = pqkit(d, &["decap", "--key", key, "ct"]);
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
            assert_eq!(o.stdout, secret, "{key}");
        }
    }
    for i in 1..=4 {
        let bad = dir.join(format!("bad-ML-KEM-512-{i}.priv"));
        fails(
            d,
            &["decap", "--key", bad.to_str().unwrap(), "ct"],
            &[bad.to_str().unwrap()],
        );
    }
}

#[test]
fn manifest_sign_and_verify() {
    let d = tmp();
    let d = d.path();
    let image: Vec<u8> = (0..2_500_000u32).map(|i| (i % 251) as u8).collect();
    write(d, "fw.bin", &image);
    ok(
        d,
        &[
            "keygen",
            "--alg",
            "ML-DSA-65",
            "--out",
            "vendor.key",
            "--pub",
            "vendor.pub",
        ],
    );
    let m = ok(
        d,
        &[
            "manifest",
            "sign",
            "--key",
            "vendor.key",
            "--version",
            "42",
            "fw.bin",
        ],
    );
    write(d, "fw.manifest", &m);
    // The shared definition reads it back.
    let signed = SignedManifest::parse(&m).unwrap();
    assert_eq!(signed.manifest.version, 42);
    assert!(
        signed
            .manifest
            .matches(image.len() as u64, &manifest::image_digest(&image))
    );
    let pem = fs::read(d.join("vendor.pub")).unwrap();
    signed.verify(&ml_dsa_public(&pem).1).unwrap();
    let out = ok(
        d,
        &[
            "manifest",
            "verify",
            "--pub",
            "vendor.pub",
            "--manifest",
            "fw.manifest",
            "fw.bin",
        ],
    );
    assert_eq!(out, b"version 42\n");
    // Deterministic manifests are reproducible.
    let a = ok(
        d,
        &[
            "manifest",
            "sign",
            "--key",
            "vendor.key",
            "--version",
            "1",
            "--deterministic",
            "fw.bin",
        ],
    );
    let b = ok(
        d,
        &[
            "manifest",
            "sign",
            "--key",
            "vendor.key",
            "--version",
            "1",
            "--deterministic",
            "-o",
            "b.manifest",
            "fw.bin",
        ],
    );
    assert!(b.is_empty());
    assert_eq!(a, fs::read(d.join("b.manifest")).unwrap());

    // Another image, another key, a tampered manifest: exit 1.
    let mut other = image.clone();
    other[1_234_567] ^= 1;
    write(d, "other.bin", &other);
    let o = pqkit(
        d,
        &[
            "manifest",
            "verify",
            "--pub",
            "vendor.pub",
            "--manifest",
            "fw.manifest",
            "other.bin",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("does NOT match"));
    ok(
        d,
        &["keygen", "--alg", "ML-DSA-65", "--out", "k2", "--pub", "p2"],
    );
    let o = pqkit(
        d,
        &[
            "manifest",
            "verify",
            "--pub",
            "p2",
            "--manifest",
            "fw.manifest",
            "fw.bin",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let mut t = m.clone();
    t[8] ^= 1;
    write(d, "t.manifest", &t);
    let o = pqkit(
        d,
        &[
            "manifest",
            "verify",
            "--pub",
            "vendor.pub",
            "--manifest",
            "t.manifest",
            "fw.bin",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    // Malformed manifests and the wrong kind of key: exit 2.
    write(d, "short.manifest", &m[..40]);
    fails(
        d,
        &[
            "manifest",
            "verify",
            "--pub",
            "vendor.pub",
            "--manifest",
            "short.manifest",
            "fw.bin",
        ],
        &["short.manifest", "truncated firmware manifest"],
    );
    write(d, "cut.manifest", &m[..m.len() - 1]);
    fails(
        d,
        &[
            "manifest",
            "verify",
            "--pub",
            "vendor.pub",
            "--manifest",
            "cut.manifest",
            "fw.bin",
        ],
        &["cut.manifest", "must be 3361 bytes"],
    );
    write(d, "junk.manifest", &[0u8; 3361]);
    fails(
        d,
        &[
            "manifest",
            "verify",
            "--pub",
            "vendor.pub",
            "--manifest",
            "junk.manifest",
            "fw.bin",
        ],
        &["junk.manifest", "not a firmware manifest"],
    );
    ok(
        d,
        &[
            "keygen",
            "--alg",
            "ML-DSA-44",
            "--out",
            "k44",
            "--pub",
            "p44",
        ],
    );
    fails(
        d,
        &[
            "manifest",
            "verify",
            "--pub",
            "p44",
            "--manifest",
            "fw.manifest",
            "fw.bin",
        ],
        &["fw.manifest", "signed with ML-DSA-65", "ML-DSA-44"],
    );
    ok(
        d,
        &[
            "keygen",
            "--alg",
            "ML-KEM-768",
            "--out",
            "kem",
            "--pub",
            "kem.pub",
        ],
    );
    fails(
        d,
        &[
            "manifest",
            "sign",
            "--key",
            "kem",
            "--version",
            "1",
            "fw.bin",
        ],
        &["kem", "cannot sign"],
    );
    fails(
        d,
        &[
            "manifest",
            "sign",
            "--key",
            "vendor.key",
            "--version",
            "1",
            "missing.bin",
        ],
        &["missing.bin", "no such file"],
    );
}

#[test]
fn every_input_error_is_one_line_and_exit_2() {
    let d = tmp();
    let d = d.path();
    write(d, "msg", b"m");
    ok(
        d,
        &[
            "keygen",
            "--alg",
            "ML-DSA-65",
            "--out",
            "k.pem",
            "--pub",
            "p.pem",
        ],
    );
    ok(
        d,
        &[
            "keygen",
            "--alg",
            "ML-KEM-768",
            "--out",
            "kem.pem",
            "--pub",
            "kem.pub",
        ],
    );
    ok(
        d,
        &[
            "keygen", "--alg", "X-Wing", "--out", "xw.pem", "--pub", "xw.pub",
        ],
    );
    let sig = ok(d, &["sign", "--key", "k.pem", "msg"]);
    write(d, "sig", &sig);
    let key_pem = fs::read(d.join("k.pem")).unwrap();
    let pub_pem = fs::read(d.join("p.pem")).unwrap();
    let pub_der = ok(d, &["pub", "--key", "k.pem", "--der"]);
    write(d, "p.der", &pub_der);

    // Wrong algorithm for the command.
    fails(
        d,
        &["sign", "--key", "kem.pem", "msg"],
        &["kem.pem", "ML-KEM-768 key cannot sign"],
    );
    fails(
        d,
        &["sign", "--key", "xw.pem", "msg"],
        &["xw.pem", "X-Wing key cannot sign"],
    );
    fails(
        d,
        &["verify", "--pub", "kem.pub", "--sig", "sig", "msg"],
        &["kem.pub", "cannot verify"],
    );
    fails(
        d,
        &["mu", "--pub", "xw.pub", "msg"],
        &["xw.pub", "cannot verify"],
    );
    fails(
        d,
        &["encap", "--pub", "p.pem", "--secret-out", "ss"],
        &["p.pem", "ML-DSA-65 key cannot encapsulate"],
    );
    fails(
        d,
        &["decap", "--key", "k.pem", "sig"],
        &["k.pem", "cannot decapsulate"],
    );
    // A private key where a public key belongs, and the reverse.
    fails(
        d,
        &["verify", "--pub", "k.pem", "--sig", "sig", "msg"],
        &["k.pem", "is a private key"],
    );
    fails(
        d,
        &["encap", "--pub", "kem.pem", "--secret-out", "ss"],
        &["kem.pem", "is a private key"],
    );
    fails(
        d,
        &["sign", "--key", "p.pem", "msg"],
        &["p.pem", "is a public key"],
    );
    fails(
        d,
        &["decap", "--key", "kem.pub", "sig"],
        &["kem.pub", "is a public key"],
    );
    // Malformed and truncated PEM / DER.
    write(d, "trunc.pem", &key_pem[..key_pem.len() / 2]);
    fails(
        d,
        &["sign", "--key", "trunc.pem", "msg"],
        &["trunc.pem", "malformed PEM"],
    );
    let mut garbled = pub_pem.clone();
    garbled[40] = b'!';
    write(d, "garbled.pem", &garbled);
    fails(
        d,
        &["mu", "--pub", "garbled.pem", "msg"],
        &["garbled.pem", "malformed PEM"],
    );
    let relabeled = String::from_utf8(pub_pem.clone())
        .unwrap()
        .replace("PUBLIC KEY", "RSA PUBLIC KEY");
    write(d, "label.pem", relabeled.as_bytes());
    fails(
        d,
        &["mu", "--pub", "label.pem", "msg"],
        &["label.pem", "RSA PUBLIC KEY"],
    );
    write(d, "trunc.der", &pub_der[..pub_der.len() - 100]);
    fails(
        d,
        &["mu", "--pub", "trunc.der", "msg"],
        &["trunc.der", "malformed DER"],
    );
    let mut long = pub_der.clone();
    long.push(0);
    write(d, "long.der", &long);
    fails(
        d,
        &["mu", "--pub", "long.der", "msg"],
        &["long.der", "after the end of the DER"],
    );
    write(d, "text.txt", b"hello, this is not a key\n");
    fails(
        d,
        &["mu", "--pub", "text.txt", "msg"],
        &["text.txt", "not a PEM, DER or base64"],
    );
    write(d, "empty", b"");
    fails(
        d,
        &["sign", "--key", "empty", "msg"],
        &["empty", "empty file"],
    );
    // Unreadable files.
    fails(
        d,
        &["sign", "--key", "nope.pem", "msg"],
        &["nope.pem", "no such file"],
    );
    fails(
        d,
        &["sign", "--key", "k.pem", "nope.bin"],
        &["nope.bin", "no such file"],
    );
    fs::create_dir(d.join("adir")).unwrap();
    fails(
        d,
        &["verify", "--pub", "p.pem", "--sig", "sig", "adir"],
        &["adir", "is a directory"],
    );
    fails(
        d,
        &["verify", "--pub", "p.pem", "--sig", "nosig", "msg"],
        &["nosig", "no such file"],
    );
    // Contexts.
    let long_ctx = "x".repeat(256);
    fails(
        d,
        &["sign", "--key", "k.pem", "--context", &long_ctx, "msg"],
        &["--context", "at most 255 bytes, got 256"],
    );
    fails(
        d,
        &[
            "verify",
            "--pub",
            "p.pem",
            "--sig",
            "sig",
            "--context-hex",
            &"ab".repeat(300),
            "msg",
        ],
        &["--context-hex", "got 300"],
    );
    fails(
        d,
        &["mu", "--pub", "p.pem", "--context-hex", "zz", "msg"],
        &["--context-hex", "not hex"],
    );
    ok(
        d,
        &[
            "sign",
            "--key",
            "k.pem",
            "--context",
            &"x".repeat(255),
            "msg",
        ],
    );
    // Signatures and mu values of the wrong shape.
    write(d, "shortsig", &sig[..100]);
    fails(
        d,
        &["verify", "--pub", "p.pem", "--sig", "shortsig", "msg"],
        &["shortsig", "not an ML-DSA-65 signature", "100 bytes"],
    );
    write(d, "badmu", b"0011");
    fails(
        d,
        &["sign", "--key", "k.pem", "--mu", "badmu"],
        &["badmu", "not a mu"],
    );
    // Ciphertexts of the wrong length.
    fails(
        d,
        &["decap", "--key", "kem.pem", "sig"],
        &["sig", "ciphertext must be 1088 bytes"],
    );
    fails(
        d,
        &["decap", "--key", "xw.pem", "msg"],
        &["msg", "ciphertext must be 1120 bytes"],
    );
    // Existing files are not overwritten.
    fails(
        d,
        &["keygen", "--alg", "ML-DSA-44", "--out", "k.pem"],
        &["k.pem", "already exists", "--force"],
    );
    assert_eq!(fs::read(d.join("k.pem")).unwrap(), key_pem);
    fails(
        d,
        &[
            "keygen",
            "--alg",
            "ML-DSA-44",
            "--out",
            "new.pem",
            "--pub",
            "p.pem",
        ],
        &["p.pem", "already exists"],
    );
    assert!(!d.join("new.pem").exists());
    fails(
        d,
        &[
            "keygen",
            "--alg",
            "ML-DSA-44",
            "--out",
            "same",
            "--pub",
            "same",
        ],
        &["same", "--out and --pub name the same file"],
    );
    assert!(!d.join("same").exists());
    let ct = ok(d, &["encap", "--pub", "kem.pub", "--secret-out", "ss"]);
    write(d, "ct", &ct);
    fails(
        d,
        &["encap", "--pub", "kem.pub", "--secret-out", "ss"],
        &["ss", "already exists"],
    );
    fails(
        d,
        &["decap", "--key", "kem.pem", "--secret-out", "ss", "ct"],
        &["ss", "already exists"],
    );
    // --force replaces a file, with a private mode.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(d.join("k.pem"), fs::Permissions::from_mode(0o644)).unwrap();
        ok(
            d,
            &["keygen", "--alg", "ML-DSA-44", "--out", "k.pem", "--force"],
        );
        let mode = fs::metadata(d.join("k.pem")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_ne!(fs::read(d.join("k.pem")).unwrap(), key_pem);
    }
    // Usage errors are clap's, also exit 2.
    let o = pqkit(d, &["keygen", "--alg", "RSA-2048", "--out", "x"]);
    assert_eq!(o.status.code(), Some(2));
    let o = pqkit(
        d,
        &[
            "sign",
            "--key",
            "k.pem",
            "--context",
            "a",
            "--context-hex",
            "00",
            "msg",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
}

/// `cargo test -p pqkit-cli --release -- --ignored one_gib`: the mu of a
/// 1 GiB file streams through the hasher and equals the library's
/// `compute_mu` over the file held in memory.
#[test]
#[ignore = "writes and hashes 1 GiB; run by hand"]
fn one_gib_file_mu_equals_compute_mu() {
    let d = tmp();
    let d = d.path();
    let mut data = vec![0u8; 1 << 30];
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for chunk in data.chunks_mut(8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        chunk.copy_from_slice(&x.to_le_bytes()[..chunk.len()]);
    }
    write(d, "big", &data);
    ok(
        d,
        &["keygen", "--alg", "ML-DSA-65", "--out", "k", "--pub", "p"],
    );
    let pem = fs::read(d.join("p")).unwrap();
    let expected = library_mu(&pem, &data, b"big");
    let raw = ok(d, &["mu", "--pub", "p", "--context", "big", "--raw", "big"]);
    assert_eq!(raw, expected);
    let sig = ok(d, &["sign", "--key", "k", "--context", "big", "big"]);
    write(d, "sig", &sig);
    ok(
        d,
        &[
            "verify",
            "--pub",
            "p",
            "--sig",
            "sig",
            "--context",
            "big",
            "big",
        ],
    );
}

/// On a terminal (made with util-linux `script`): binary and secret outputs
/// are refused before any input is read, and a large input shows a progress
/// bar on stderr. Skipped where `script` is missing.
#[test]
fn terminal_outputs_and_progress_bar() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("SKIPPED: util-linux `script` not found");
        return;
    }
    let d = tmp();
    let d = d.path();
    ok(
        d,
        &[
            "keygen",
            "--alg",
            "ML-KEM-768",
            "--out",
            "kem",
            "--pub",
            "kem.pub",
        ],
    );
    ok(
        d,
        &["keygen", "--alg", "ML-DSA-44", "--out", "k", "--pub", "p"],
    );
    let ct = ok(d, &["encap", "--pub", "kem.pub", "--secret-out", "ss"]);
    write(d, "ct", &ct);
    let big = vec![7u8; 64 << 20];
    write(d, "big", &big);
    let on_tty = |cmd: &str| {
        let o = Command::new("script")
            .args([
                "-qec",
                &format!("{} {cmd}; echo rc=$?", env!("CARGO_BIN_EXE_pqkit")),
                "/dev/null",
            ])
            .current_dir(d)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let secret = fs::read(d.join("ss")).unwrap();
    for (cmd, what) in [
        ("decap --key kem ct", "shared secret"),
        ("sign --key k big", "signature"),
        ("mu --pub p --raw big", "mu"),
        ("encap --pub kem.pub --secret-out ss2", "ciphertext"),
    ] {
        let out = on_tty(cmd);
        assert!(
            out.contains(&format!(
                "is a terminal; refusing to write the binary {what}"
            )),
            "{cmd}: {out}"
        );
        assert!(out.contains("rc=2"), "{cmd}: {out}");
        // Refused before reading the input: no progress bar.
        assert!(!out.contains("MiB/"), "{cmd}: {out}");
    }
    assert!(!d.join("ss2").exists());
    assert!(
        !on_tty("decap --key kem ct")
            .as_bytes()
            .windows(32)
            .any(|w| w == secret)
    );
    // Text output on a terminal, with a progress bar for a 64 MiB file.
    let out = on_tty("mu --pub p big");
    assert!(out.contains("MiB/64.00 MiB"), "{out}");
    assert!(out.contains("rc=0"), "{out}");
    let expected = library_mu(&fs::read(d.join("p")).unwrap(), &big, b"");
    assert!(out.contains(&hex::encode(expected)), "{out}");
}
