//! Writes the committed seed corpus, `corpus/<target>/`: a handful of valid
//! inputs per target, made by pqkit from fixed seeds, so the fuzzer starts
//! from inputs that reach the deep paths (a valid key, a valid signature)
//! instead of having to discover the structure. Deterministic: running it
//! again rewrites the same files.
//!
//! ```sh
//! cargo +nightly test --manifest-path fuzz/Cargo.toml --no-default-features \
//!     --test seed_corpus -- --ignored
//! ```

use pqkit::encoding::{
    Algorithm, PrivateKey, encode_private_key_der, encode_private_key_pem, encode_public_key_der,
    encode_public_key_pem,
};
use pqkit::hybrid::{kem as hk, tls as ht};
use pqkit::manifest::{CONTEXT, Manifest, SignatureAlgorithm};
use pqkit::ml_dsa::{self, ml_dsa_44, ml_dsa_65, ml_dsa_87};
use pqkit::ml_kem::{self, ml_kem_512, ml_kem_768, ml_kem_1024};
use pqkit::tls::NamedGroup;
use std::path::PathBuf;

struct Corpus {
    dir: PathBuf,
}

impl Corpus {
    fn new(target: &str) -> Self {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .join(target);
        std::fs::create_dir_all(&dir).unwrap();
        Corpus { dir }
    }

    fn put(&self, name: &str, parts: &[&[u8]]) {
        std::fs::write(self.dir.join(name), parts.concat()).unwrap();
    }
}

fn short(field: &[u8]) -> Vec<u8> {
    let mut v = vec![u8::try_from(field.len()).unwrap()];
    v.extend_from_slice(field);
    v
}

fn long(field: &[u8]) -> Vec<u8> {
    let mut v = u16::try_from(field.len()).unwrap().to_le_bytes().to_vec();
    v.extend_from_slice(field);
    v
}

/// One ML-KEM key pair from a fixed seed: (seed, ek, expanded dk, ciphertext
/// of `m`).
macro_rules! kem_material {
    ($module:ident, $tag:expr) => {{
        let seed = [$tag; ml_kem::SEED_LEN];
        let dk = $module::DecapsulationKey::from_seed(&seed);
        let ek = dk.encapsulation_key().as_bytes().to_vec();
        let (ct, _) = dk
            .encapsulation_key()
            .encapsulate_deterministic(&[$tag ^ 0xff; 32]);
        (
            seed.to_vec(),
            ek,
            dk.to_expanded_bytes().to_vec(),
            ct.as_bytes().to_vec(),
        )
    }};
}

/// One ML-DSA key pair from a fixed seed: (seed, pk, expanded sk, signature
/// of `b"message"` with context `b"ctx"`).
macro_rules! dsa_material {
    ($module:ident, $tag:expr) => {{
        let seed = [$tag; ml_dsa::SEED_LEN];
        let sk = $module::SigningKey::from_seed(&seed);
        let sig = sk.sign_deterministic(b"message", b"ctx").unwrap();
        (
            seed.to_vec(),
            sk.verifying_key().as_bytes().to_vec(),
            sk.to_expanded_bytes().to_vec(),
            sig.as_bytes().to_vec(),
        )
    }};
}

/// One key pair's encodings: seed, public key, expanded private key, and a
/// ciphertext or signature made with it.
type Material = (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>);

fn kem_sets() -> [Material; 3] {
    [
        kem_material!(ml_kem_512, 1),
        kem_material!(ml_kem_768, 2),
        kem_material!(ml_kem_1024, 3),
    ]
}

fn dsa_sets() -> [Material; 3] {
    [
        dsa_material!(ml_dsa_44, 4),
        dsa_material!(ml_dsa_65, 5),
        dsa_material!(ml_dsa_87, 6),
    ]
}

const KEM_NAMES: [&str; 3] = ["512", "768", "1024"];
const DSA_NAMES: [&str; 3] = ["44", "65", "87"];

fn ml_kem_targets() {
    let keys = Corpus::new("ml_kem_keys");
    let decaps = Corpus::new("ml_kem_decapsulate");
    let diff = Corpus::new("differential");
    for (p, (seed, ek, dk, ct)) in kem_sets().iter().enumerate() {
        let n = KEM_NAMES[p];
        let sel = |form: usize| [u8::try_from(form * 3 + p).unwrap()];
        keys.put(&format!("{n}-ek"), &[&sel(0), ek]);
        keys.put(&format!("{n}-seed"), &[&sel(1), seed]);
        keys.put(&format!("{n}-expanded"), &[&sel(2), dk]);
        let m = [u8::try_from(p + 1).unwrap() ^ 0xff; 32];
        decaps.put(&format!("{n}-honest"), &[&sel(0), seed, &m, ct]);
        let dk_pke = &dk[..dk.len() - ek.len() - 64];
        diff.put(&format!("ml-kem-{n}"), &[&sel(0), seed, &m, ct, dk_pke, ek]);
    }
}

fn ml_dsa_targets() {
    let keys = Corpus::new("ml_dsa_keys");
    let verify = Corpus::new("ml_dsa_verify");
    let diff = Corpus::new("differential");
    for (p, (seed, pk, sk, sig)) in dsa_sets().iter().enumerate() {
        let n = DSA_NAMES[p];
        let sel = |form: usize| [u8::try_from(form * 3 + p).unwrap()];
        keys.put(&format!("{n}-pk"), &[&sel(0), pk]);
        keys.put(&format!("{n}-seed"), &[&sel(1), seed]);
        keys.put(&format!("{n}-expanded"), &[&sel(2), sk]);
        let (ctx, msg) = (short(b"ctx"), long(b"message"));
        verify.put(&format!("{n}-seed-key"), &[&sel(0), seed, &ctx, &msg, sig]);
        let own = [0x80 | sel(0)[0]];
        verify.put(&format!("{n}-own-key"), &[&own, pk, &ctx, &msg, sig]);
        let diff_sel = [u8::try_from(3 + p).unwrap()];
        diff.put(&format!("ml-dsa-{n}"), &[&diff_sel, seed, &ctx, &msg, sig]);
    }
}

fn hybrid_target() {
    let c = Corpus::new("hybrid_shares");
    macro_rules! tls {
        ($module:ident, $sel:expr, $tag:expr) => {{
            use ht::$module::{ClientKey, RANDOMNESS_LEN, SEED_LEN, respond_derand};
            let seed = [$tag; SEED_LEN];
            let rand = [$tag ^ 0x55; RANDOMNESS_LEN];
            let client = ClientKey::from_seed(&seed).unwrap();
            let (server, _) = respond_derand(client.key_share(), &rand).unwrap();
            c.put(
                concat!(stringify!($module), "-server-share"),
                &[&[$sel + 6], &seed, &rand, &server],
            );
            c.put(
                concat!(stringify!($module), "-client-share"),
                &[&[$sel], &seed, &rand, client.key_share()],
            );
        }};
    }
    macro_rules! kem {
        ($module:ident, $sel:expr, $tag:expr) => {{
            use hk::$module::{RANDOMNESS_LEN, SecretKey};
            let seed = [$tag; 32];
            let rand = [$tag ^ 0x55; RANDOMNESS_LEN];
            let sk = SecretKey::from_seed(&seed).unwrap();
            let (ct, _) = sk.public_key().encapsulate_derand(&rand).unwrap();
            c.put(
                concat!(stringify!($module), "-public-key"),
                &[&[$sel], &seed, &rand, sk.public_key().as_bytes()],
            );
            c.put(
                concat!(stringify!($module), "-ciphertext"),
                &[&[$sel + 6], &seed, &rand, &ct],
            );
        }};
    }
    tls!(x25519_mlkem768, 0, 7);
    tls!(secp256r1_mlkem768, 1, 8);
    tls!(secp384r1_mlkem1024, 2, 9);
    kem!(xwing, 3, 10);
    kem!(mlkem768_p256, 4, 11);
    kem!(mlkem1024_p384, 5, 12);
}

/// A minimal DER TLV (definite length).
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut v = vec![tag];
    let n = content.len();
    if n < 0x80 {
        v.push(n as u8);
    } else if n < 0x100 {
        v.extend_from_slice(&[0x81, n as u8]);
    } else {
        v.extend_from_slice(&[0x82, (n >> 8) as u8, n as u8]);
    }
    v.extend_from_slice(content);
    v
}

/// A structurally valid X.509 certificate around `spki` (the signature is
/// not a real one: only the path to the key is parsed).
fn certificate(spki: &[u8]) -> Vec<u8> {
    let alg = tlv(
        0x30,
        &tlv(
            0x06,
            &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x11],
        ),
    );
    let name = tlv(
        0x30,
        &tlv(
            0x31,
            &tlv(
                0x30,
                &[tlv(0x06, &[0x55, 0x04, 0x03]), tlv(0x0c, b"pqkit")].concat(),
            ),
        ),
    );
    let validity = tlv(
        0x30,
        &[tlv(0x17, b"260101000000Z"), tlv(0x17, b"360101000000Z")].concat(),
    );
    let tbs = tlv(
        0x30,
        &[
            tlv(0xa0, &tlv(0x02, &[2])),
            tlv(0x02, &[1]),
            alg.clone(),
            name.clone(),
            validity,
            name,
            spki.to_vec(),
        ]
        .concat(),
    );
    tlv(0x30, &[tbs, alg, tlv(0x03, &[0, 1, 2, 3])].concat())
}

fn encoding_target() {
    let c = Corpus::new("encoding");
    let kem = kem_sets();
    let dsa = dsa_sets();
    let mut buf = vec![0u8; 16384];
    for (i, alg) in Algorithm::ALL.into_iter().enumerate() {
        let (seed, pk, expanded) = if i < 3 {
            (&kem[i].0, &kem[i].1, &kem[i].2)
        } else {
            (&dsa[i - 3].0, &dsa[i - 3].1, &dsa[i - 3].2)
        };
        let name = alg.name();
        let n = encode_public_key_der(alg, pk, &mut buf).unwrap();
        let spki = buf[..n].to_vec();
        c.put(&format!("{name}-spki"), &[&[0], &spki]);
        let n = encode_private_key_der(alg, &PrivateKey::Seed(seed), &mut buf).unwrap();
        c.put(&format!("{name}-pkcs8-seed"), &[&[1], &buf[..n]]);
        // The larger forms for one parameter set of each.
        if i == 0 || i == 3 {
            let n =
                encode_private_key_der(alg, &PrivateKey::ExpandedKey(expanded), &mut buf).unwrap();
            c.put(&format!("{name}-pkcs8-expanded"), &[&[1], &buf[..n]]);
            let both = PrivateKey::Both {
                seed,
                expanded_key: expanded,
            };
            let n = encode_private_key_der(alg, &both, &mut buf).unwrap();
            c.put(&format!("{name}-pkcs8-both"), &[&[1], &buf[..n]]);
            let n = encode_public_key_pem(alg, pk, &mut buf).unwrap();
            c.put(&format!("{name}-spki-pem"), &[&[2], &buf[..n]]);
            let n = encode_private_key_pem(alg, &PrivateKey::Seed(seed), &mut buf).unwrap();
            c.put(&format!("{name}-pkcs8-seed-pem"), &[&[3], &buf[..n]]);
            let cert = certificate(&spki);
            c.put(&format!("{name}-certificate"), &[&[4], &cert]);
            let b64 = base64(&cert);
            let pem = format!("-----BEGIN CERTIFICATE-----\n{b64}-----END CERTIFICATE-----\n");
            c.put(&format!("{name}-certificate-pem"), &[&[5], pem.as_bytes()]);
        }
    }
}

/// Base64 in 64-column lines, for the certificate PEM seed.
fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                s.push(A[(n >> (18 - 6 * k)) as usize & 63] as char);
            } else {
                s.push('=');
            }
        }
    }
    let mut out = String::new();
    for line in s.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap());
        out.push('\n');
    }
    out
}

fn tls_negotiate_target() {
    let c = Corpus::new("tls_negotiate");
    let list = |groups: &[NamedGroup]| {
        let bytes: Vec<u8> = groups.iter().flat_map(|g| g.code().to_be_bytes()).collect();
        short(&bytes)
    };
    use NamedGroup as G;
    // A browser today: X25519MLKEM768 share plus X25519.
    let browser = [G::X25519_MLKEM768, G::X25519, G::SECP256R1, G::SECP384R1];
    let server = [
        G::SECP384R1_MLKEM1024,
        G::X25519_MLKEM768,
        G::X25519,
        G::SECP256R1,
    ];
    for policy in [0u8, 1] {
        c.put(
            &format!("browser-{policy}"),
            &[
                &[policy],
                &list(&browser),
                &list(&[G::X25519_MLKEM768, G::X25519]),
                &list(&server),
            ],
        );
        // Classical share only: PQ-first asks for a retry.
        c.put(
            &format!("classical-share-{policy}"),
            &[
                &[policy],
                &list(&browser),
                &list(&[G::X25519]),
                &list(&server),
            ],
        );
    }
    // Rule breakers: a duplicate share, a share outside supported_groups.
    c.put(
        "duplicate-share",
        &[
            &[0],
            &list(&browser),
            &list(&[G::X25519, G::X25519]),
            &list(&server),
        ],
    );
    c.put(
        "unsupported-share",
        &[
            &[0],
            &list(&[G::X25519]),
            &list(&[G::X_WING]),
            &list(&server),
        ],
    );
}

fn manifest_target() {
    let c = Corpus::new("manifest");
    let seed = [13u8; 32];
    let image = b"firmware image";
    macro_rules! signed {
        ($module:ident, $alg:expr) => {{
            let body = Manifest::for_image($alg, 7, image).encode_body();
            let sk = $module::SigningKey::from_seed(&seed);
            let sig = sk.sign_deterministic(&body, CONTEXT).unwrap();
            c.put(&format!("{}", $alg.name()), &[&seed, &body, sig.as_bytes()]);
        }};
    }
    signed!(ml_dsa_44, SignatureAlgorithm::MlDsa44);
    signed!(ml_dsa_65, SignatureAlgorithm::MlDsa65);
    signed!(ml_dsa_87, SignatureAlgorithm::MlDsa87);
}

#[test]
#[ignore = "writes fuzz/corpus/; run on purpose (see the module comment)"]
fn write_seed_corpus() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    if root.exists() {
        std::fs::remove_dir_all(&root).unwrap();
    }
    ml_kem_targets();
    ml_dsa_targets();
    hybrid_target();
    encoding_target();
    tls_negotiate_target();
    manifest_target();
}
