//! One key exchange per iteration, from each side: what a TLS client and
//! server spend on the key-share part of a handshake. Read by
//! `cargo xtask report`, which turns the medians into operations per second.
//!
//! - ECDH (P-256, X25519): client op = server op = generate a key pair,
//!   encode its public key, decode the peer's public key, compute the shared
//!   secret.
//! - KEM (ML-KEM-768, X-Wing): client op = key generation + decapsulation;
//!   server op = encapsulation against an existing public key.
//! - TLS hybrids (X25519MLKEM768, SecP256r1MLKEM768, SecP384r1MLKEM1024):
//!   client op = `ClientKey` generation + `finish(server_share)`; server
//!   op = `respond(client_share)`.
//!
//! Randomness is fresh for every iteration, drawn from a ChaCha20 generator
//! seeded from the operating system. A KEM client must decapsulate a
//! ciphertext made for its own new key, so its seed is drawn and the matching
//! ciphertext made in criterion's untimed batch setup; the timed part expands
//! the key from that seed (what `generate` does after drawing it) and
//! decapsulates. The ML-KEM peers take the same seed and randomness bytes.
//!
//! Every pair of sides is checked to agree on the shared secret before
//! anything is timed, so a broken benchmark cannot report numbers.
//!
//! Benchmark ids: `handshake/<row>/<client|server>/<impl>`.
//!
//! `cargo bench -p pqkit-bench -- --warm-up-time 0.5 --measurement-time 1 '^handshake/'`

use chacha20::ChaCha20Rng;
use criterion::{BatchSize, Criterion, criterion_group};
use rand_core::{Rng, SeedableRng};
use std::hint::black_box;

fn rng() -> ChaCha20Rng {
    ChaCha20Rng::try_from_rng(&mut getrandom::SysRng).expect("operating system randomness")
}

fn random<const N: usize>(rng: &mut ChaCha20Rng) -> [u8; N] {
    let mut bytes = [0u8; N];
    rng.fill_bytes(&mut bytes);
    bytes
}

/// One ECDH implementation, split where the two sides exchange shares.
trait Ecdh {
    type Secret;
    /// A fresh key pair and its encoded public key (the key share).
    fn keygen(rng: &mut ChaCha20Rng) -> (Self::Secret, Vec<u8>);
    /// The shared secret with the peer's encoded key share.
    fn agree(secret: Self::Secret, peer_share: &[u8]) -> Vec<u8>;
}

struct P256Crate;
impl Ecdh for P256Crate {
    type Secret = p256::ecdh::EphemeralSecret;
    fn keygen(rng: &mut ChaCha20Rng) -> (Self::Secret, Vec<u8>) {
        use p256::elliptic_curve::Generate;
        use p256::elliptic_curve::sec1::ToSec1Point;
        let secret = p256::ecdh::EphemeralSecret::generate_from_rng(rng);
        let share = secret.public_key().to_sec1_point(false).as_bytes().to_vec();
        (secret, share)
    }
    fn agree(secret: Self::Secret, peer_share: &[u8]) -> Vec<u8> {
        let peer = p256::PublicKey::from_sec1_bytes(peer_share).expect("valid P-256 share");
        secret.diffie_hellman(&peer).raw_secret_bytes().to_vec()
    }
}

struct P256Pqkit;
impl Ecdh for P256Pqkit {
    type Secret = pqkit::ecdh::P256SecretKey;
    fn keygen(rng: &mut ChaCha20Rng) -> (Self::Secret, Vec<u8>) {
        let secret = pqkit::ecdh::P256SecretKey::generate(rng);
        let share = secret.public_key().as_bytes().to_vec();
        (secret, share)
    }
    fn agree(secret: Self::Secret, peer_share: &[u8]) -> Vec<u8> {
        let peer =
            pqkit::ecdh::P256PublicKey::from_sec1_bytes(peer_share).expect("valid P-256 share");
        secret.diffie_hellman(&peer).as_bytes().to_vec()
    }
}

struct X25519Dalek;
impl Ecdh for X25519Dalek {
    type Secret = x25519_dalek::EphemeralSecret;
    fn keygen(rng: &mut ChaCha20Rng) -> (Self::Secret, Vec<u8>) {
        let secret = x25519_dalek::EphemeralSecret::random_from_rng(rng);
        let share = x25519_dalek::PublicKey::from(&secret).as_bytes().to_vec();
        (secret, share)
    }
    fn agree(secret: Self::Secret, peer_share: &[u8]) -> Vec<u8> {
        let peer: [u8; 32] = peer_share.try_into().expect("32-byte X25519 share");
        let shared = secret.diffie_hellman(&x25519_dalek::PublicKey::from(peer));
        // RFC 8446 section 7.4.2: an all-zero secret must be refused; pqkit's
        // adapter checks, so this side pays for the same check.
        assert!(shared.was_contributory(), "all-zero X25519 secret");
        shared.as_bytes().to_vec()
    }
}

struct X25519Pqkit;
impl Ecdh for X25519Pqkit {
    type Secret = pqkit::ecdh::X25519SecretKey;
    fn keygen(rng: &mut ChaCha20Rng) -> (Self::Secret, Vec<u8>) {
        let secret = pqkit::ecdh::X25519SecretKey::generate(rng);
        let share = secret.public_key().as_bytes().to_vec();
        (secret, share)
    }
    fn agree(secret: Self::Secret, peer_share: &[u8]) -> Vec<u8> {
        let peer =
            pqkit::ecdh::X25519PublicKey::from_slice(peer_share).expect("32-byte X25519 share");
        let shared = secret
            .diffie_hellman(&peer)
            .expect("non-zero X25519 secret");
        shared.as_bytes().to_vec()
    }
}

/// Both sides of `A` and `B` agree with each other, in both roles.
fn check_ecdh<A: Ecdh, B: Ecdh>(rng: &mut ChaCha20Rng) {
    let (a, a_share) = A::keygen(rng);
    let (b, b_share) = B::keygen(rng);
    assert_eq!(A::agree(a, &b_share), B::agree(b, &a_share));
}

fn ecdh_side<E: Ecdh>(c: &mut Criterion, row: &str, name: &str) {
    let mut rng = rng();
    check_ecdh::<E, E>(&mut rng);
    // The two sides run the same code; each answers a share the other side
    // produced earlier.
    let (_, client_share) = E::keygen(&mut rng);
    let (_, server_share) = E::keygen(&mut rng);
    for (side, peer_share) in [("client", server_share), ("server", client_share)] {
        c.benchmark_group(format!("handshake/{row}/{side}"))
            .bench_function(name, |b| {
                b.iter(|| {
                    let (secret, share) = E::keygen(&mut rng);
                    (share, E::agree(secret, black_box(&peer_share)))
                })
            });
    }
}

fn ecdh(c: &mut Criterion) {
    let mut rng = rng();
    // Cross-checks: pqkit's adapters interoperate with the plain crates.
    check_ecdh::<P256Crate, P256Pqkit>(&mut rng);
    check_ecdh::<X25519Dalek, X25519Pqkit>(&mut rng);

    ecdh_side::<P256Crate>(c, "P-256", "p256");
    ecdh_side::<P256Pqkit>(c, "P-256", "pqkit");
    ecdh_side::<X25519Dalek>(c, "X25519", "x25519-dalek");
    ecdh_side::<X25519Pqkit>(c, "X25519", "pqkit");
}

fn ml_kem_768(c: &mut Criterion) {
    use libcrux_ml_kem::mlkem768::portable as lc;
    use ml_kem::ml_kem_768 as rc;
    use ml_kem::{Decapsulate, KeyExport};
    use pqkit::ml_kem::ml_kem_768 as pq;

    let mut rng = rng();
    let seed: [u8; 64] = random(&mut rng);
    let m: [u8; 32] = random(&mut rng);

    let ours = pq::DecapsulationKey::from_seed(&seed);
    let (ours_ct, ours_ss) = ours.encapsulation_key().encapsulate_deterministic(&m);
    let theirs = rc::DecapsulationKey::from_seed(seed.into());
    let (rc_ct, rc_ss) = theirs
        .encapsulation_key()
        .encapsulate_deterministic(&m.into());
    let lc_pair = lc::generate_key_pair(seed);
    let (lc_ct, lc_ss) = lc::encapsulate(lc_pair.public_key(), m);

    // Same seed and randomness, so the same bytes everywhere, and each
    // decapsulation finds the secret its encapsulation made.
    let ek = ours.encapsulation_key().as_bytes();
    assert_eq!(&ek[..], &theirs.encapsulation_key().to_bytes()[..]);
    assert_eq!(&ek[..], lc_pair.public_key().as_slice());
    assert_eq!(&ours_ct.as_bytes()[..], &rc_ct[..]);
    assert_eq!(&ours_ct.as_bytes()[..], lc_ct.as_slice());
    assert_eq!(ours_ss.as_bytes(), &rc_ss[..]);
    assert_eq!(ours_ss.as_bytes(), &lc_ss);
    assert_eq!(ours.decapsulate(&ours_ct).as_bytes(), &lc_ss);
    assert_eq!(&theirs.decapsulate(&rc_ct)[..], &lc_ss);
    assert_eq!(lc::decapsulate(lc_pair.private_key(), &lc_ct), lc_ss);

    let mut g = c.benchmark_group("handshake/ML-KEM-768/client");
    g.bench_function("pqkit", |b| {
        b.iter_batched(
            || {
                let seed: [u8; 64] = random(&mut rng);
                let dk = pq::DecapsulationKey::from_seed(&seed);
                let (ct, _) = dk
                    .encapsulation_key()
                    .encapsulate_deterministic(&random(&mut rng));
                (seed, ct)
            },
            |(seed, ct)| pq::DecapsulationKey::from_seed(&seed).decapsulate(&ct),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("rustcrypto", |b| {
        b.iter_batched(
            || {
                let seed: [u8; 64] = random(&mut rng);
                let dk = rc::DecapsulationKey::from_seed(seed.into());
                let m: [u8; 32] = random(&mut rng);
                let (ct, _) = dk.encapsulation_key().encapsulate_deterministic(&m.into());
                (seed, ct)
            },
            |(seed, ct)| rc::DecapsulationKey::from_seed(seed.into()).decapsulate(&ct),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("libcrux-portable", |b| {
        b.iter_batched(
            || {
                let seed: [u8; 64] = random(&mut rng);
                let pair = lc::generate_key_pair(seed);
                let (ct, _) = lc::encapsulate(pair.public_key(), random(&mut rng));
                (seed, ct)
            },
            |(seed, ct)| lc::decapsulate(lc::generate_key_pair(seed).private_key(), &ct),
            BatchSize::SmallInput,
        )
    });
    g.finish();

    let ours_ek = ours.encapsulation_key();
    let rc_ek = theirs.encapsulation_key();
    let mut g = c.benchmark_group("handshake/ML-KEM-768/server");
    g.bench_function("pqkit", |b| {
        b.iter(|| ours_ek.encapsulate_deterministic(&random(&mut rng)))
    });
    g.bench_function("rustcrypto", |b| {
        b.iter(|| {
            let m: [u8; 32] = random(&mut rng);
            rc_ek.encapsulate_deterministic(&m.into())
        })
    });
    g.bench_function("libcrux-portable", |b| {
        b.iter(|| lc::encapsulate(lc_pair.public_key(), random(&mut rng)))
    });
    g.finish();
}

fn x_wing(c: &mut Criterion) {
    use pqkit::hybrid::kem::xwing;

    let mut rng = rng();
    let sk = xwing::SecretKey::generate(&mut rng).expect("X-Wing key");
    let (ct, ss) = sk
        .public_key()
        .encapsulate(&mut rng)
        .expect("X-Wing encapsulation");
    assert_eq!(
        sk.decapsulate(&ct)
            .expect("X-Wing decapsulation")
            .as_bytes(),
        ss.as_bytes()
    );

    c.benchmark_group("handshake/X-Wing/client")
        .bench_function("pqkit", |b| {
            b.iter_batched(
                || {
                    let seed: [u8; 32] = random(&mut rng);
                    let sk = xwing::SecretKey::from_seed(&seed).expect("X-Wing key");
                    let (ct, _) = sk
                        .public_key()
                        .encapsulate(&mut rng)
                        .expect("encapsulation");
                    (seed, ct)
                },
                |(seed, ct)| {
                    let sk = xwing::SecretKey::from_seed(&seed).expect("X-Wing key");
                    sk.decapsulate(&ct).expect("decapsulation")
                },
                BatchSize::SmallInput,
            )
        });
    let pk = sk.public_key();
    c.benchmark_group("handshake/X-Wing/server")
        .bench_function("pqkit", |b| {
            b.iter(|| pk.encapsulate(&mut rng).expect("encapsulation"))
        });
}

macro_rules! tls_hybrid {
    ($fn_name:ident, $row:literal, $group:ident) => {
        fn $fn_name(c: &mut Criterion) {
            use pqkit::hybrid::tls::$group as g;

            let mut rng = rng();
            let client = g::ClientKey::generate(&mut rng).expect("client key");
            let (server_share, server_secret) =
                g::respond(client.key_share(), &mut rng).expect("server share");
            let client_secret = client.finish(&server_share).expect("client secret");
            assert_eq!(client_secret.as_bytes(), server_secret.as_bytes());

            c.benchmark_group(concat!("handshake/", $row, "/client"))
                .bench_function("pqkit", |b| {
                    b.iter_batched(
                        || loop {
                            // Like `ClientKey::generate`: draw again in the
                            // (below 2^-32) case of an out-of-range scalar.
                            let seed: [u8; g::SEED_LEN] = random(&mut rng);
                            if let Ok(key) = g::ClientKey::from_seed(&seed) {
                                let (share, _) =
                                    g::respond(key.key_share(), &mut rng).expect("server share");
                                break (seed, share);
                            }
                        },
                        |(seed, share)| {
                            let key = g::ClientKey::from_seed(&seed).expect("client key");
                            key.finish(&share).expect("client secret")
                        },
                        BatchSize::SmallInput,
                    )
                });
            let client_share = client.key_share();
            c.benchmark_group(concat!("handshake/", $row, "/server"))
                .bench_function("pqkit", |b| {
                    b.iter(|| g::respond(black_box(client_share), &mut rng).expect("server share"))
                });
        }
    };
}

tls_hybrid!(x25519_mlkem768, "X25519MLKEM768", x25519_mlkem768);
tls_hybrid!(secp256r1_mlkem768, "SecP256r1MLKEM768", secp256r1_mlkem768);
tls_hybrid!(
    secp384r1_mlkem1024,
    "SecP384r1MLKEM1024",
    secp384r1_mlkem1024
);

criterion_group!(
    benches,
    ecdh,
    ml_kem_768,
    x25519_mlkem768,
    secp256r1_mlkem768,
    secp384r1_mlkem1024,
    x_wing
);
