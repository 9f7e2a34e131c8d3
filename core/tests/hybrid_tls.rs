//! The TLS hybrid groups: wire lengths and order, the three-step exchange,
//! and every check draft-ietf-tls-ecdhe-mlkem asks for.

mod common;

use pqkit::Error;
use pqkit::ml_kem;

macro_rules! exchange_tests {
    ($module:ident, $client:expr, $server:expr, $secret:expr) => {
        mod $module {
            use super::*;
            use pqkit::hybrid::tls::$module as g;

            #[test]
            fn lengths_match_the_draft() {
                assert_eq!(
                    (
                        g::CLIENT_SHARE_LEN,
                        g::SERVER_SHARE_LEN,
                        g::SHARED_SECRET_LEN
                    ),
                    ($client, $server, $secret)
                );
            }

            #[test]
            fn both_sides_agree_and_tampering_is_caught() {
                let mut rng = common::test_rng(1);
                for _ in 0..20 {
                    let client = g::ClientKey::generate(&mut rng).unwrap();
                    let (share, server_secret) = g::respond(client.key_share(), &mut rng).unwrap();
                    let client_secret = client.finish(&share).unwrap();
                    assert_eq!(client_secret.as_bytes(), server_secret.as_bytes());
                    assert_eq!(share.len(), $server);

                    // Any flipped bit in the ML-KEM ciphertext changes the
                    // client's secret (implicit rejection), so the TLS
                    // handshake fails at Finished.
                    let kem_at = if g::NAME == "X25519MLKEM768" {
                        10
                    } else {
                        $server - 10
                    };
                    let mut tampered = share;
                    tampered[kem_at] ^= 0x40;
                    let other = client.finish(&tampered).unwrap();
                    assert_ne!(other.as_bytes(), server_secret.as_bytes());
                }
            }

            #[test]
            fn wrong_share_lengths_are_refused() {
                let mut rng = common::test_rng(2);
                let client = g::ClientKey::generate(&mut rng).unwrap();
                let share = client.key_share();
                for len in [0, 1, $client - 1, $client + 1] {
                    let mut long = share.to_vec();
                    long.resize(len, 0);
                    match g::respond(&long, &mut rng) {
                        Err(Error::InvalidLength {
                            expected, actual, ..
                        }) => {
                            assert_eq!((expected, actual), ($client, len))
                        }
                        other => panic!("length {len}: {other:?}"),
                    }
                }
                let (server, _) = g::respond(share, &mut rng).unwrap();
                match client.finish(&server[..$server - 1]) {
                    Err(Error::InvalidLength { expected, .. }) => assert_eq!(expected, $server),
                    other => panic!("{other:?}"),
                }
            }

            #[test]
            fn server_runs_the_modulus_check() {
                let mut rng = common::test_rng(3);
                let client = g::ClientKey::generate(&mut rng).unwrap();
                let mut share = *client.key_share();
                // The first ML-KEM coefficient becomes 0xfff >= q.
                let at = if g::NAME == "X25519MLKEM768" {
                    0
                } else {
                    g::CLIENT_SHARE_LEN - ek_len()
                };
                share[at] = 0xff;
                share[at + 1] |= 0x0f;
                assert_eq!(
                    g::respond(&share, &mut rng).unwrap_err(),
                    Error::EncapsulationKeyNotReduced
                );
            }

            fn ek_len() -> usize {
                if g::CLIENT_SHARE_LEN == 1665 {
                    ml_kem::ml_kem_1024::ENCAPSULATION_KEY_LEN
                } else {
                    ml_kem::ml_kem_768::ENCAPSULATION_KEY_LEN
                }
            }

            #[test]
            fn deterministic_steps_reproduce() {
                let seed = [7u8; g::SEED_LEN];
                let a = g::ClientKey::from_seed(&seed).unwrap();
                let b = g::ClientKey::from_seed(&seed).unwrap();
                assert_eq!(a.key_share(), b.key_share());
                let r = [9u8; g::RANDOMNESS_LEN];
                let (s1, k1) = g::respond_derand(a.key_share(), &r).unwrap();
                let (s2, k2) = g::respond_derand(a.key_share(), &r).unwrap();
                assert_eq!((s1, k1.as_bytes()), (s2, k2.as_bytes()));
                assert_eq!(b.finish(&s1).unwrap().as_bytes(), k1.as_bytes());
            }
        }
    };
}

exchange_tests!(x25519_mlkem768, 1216, 1120, 64);
exchange_tests!(secp256r1_mlkem768, 1249, 1153, 64);
exchange_tests!(secp384r1_mlkem1024, 1665, 1665, 80);

/// The byte layout, checked against the ML-KEM and X25519 parts computed
/// separately: ML-KEM first for X25519MLKEM768, the curve point first for the
/// NIST groups, and the secret in the same order.
#[test]
fn x25519_mlkem768_layout() {
    let seed: [u8; 96] = core::array::from_fn(|i| i as u8);
    let client = pqkit::hybrid::tls::x25519_mlkem768::ClientKey::from_seed(&seed).unwrap();
    let dk = ml_kem::ml_kem_768::DecapsulationKey::from_seed(seed[..64].try_into().unwrap());
    let share = client.key_share();
    assert_eq!(&share[..1184], &dk.encapsulation_key().as_bytes()[..]);
    let x_secret = x25519_dalek::StaticSecret::from(<[u8; 32]>::try_from(&seed[64..]).unwrap());
    assert_eq!(
        &share[1184..],
        x25519_dalek::PublicKey::from(&x_secret).as_bytes()
    );

    let r: [u8; 64] = core::array::from_fn(|i| (200 - i) as u8);
    let (server, secret) = pqkit::hybrid::tls::x25519_mlkem768::respond_derand(share, &r).unwrap();
    let (ct, ss) = dk
        .encapsulation_key()
        .encapsulate_deterministic(r[..32].try_into().unwrap());
    assert_eq!(&server[..1088], &ct.as_bytes()[..]);
    let eph = x25519_dalek::StaticSecret::from(<[u8; 32]>::try_from(&r[32..]).unwrap());
    assert_eq!(
        &server[1088..],
        x25519_dalek::PublicKey::from(&eph).as_bytes()
    );
    let peer = x25519_dalek::PublicKey::from(<[u8; 32]>::try_from(&share[1184..]).unwrap());
    assert_eq!(&secret.as_bytes()[..32], ss.as_bytes());
    assert_eq!(
        &secret.as_bytes()[32..],
        eph.diffie_hellman(&peer).as_bytes()
    );
}

#[test]
fn secp256r1_mlkem768_layout() {
    let seed: [u8; 96] = core::array::from_fn(|i| (i as u8).wrapping_mul(3));
    let client = pqkit::hybrid::tls::secp256r1_mlkem768::ClientKey::from_seed(&seed).unwrap();
    let dk = ml_kem::ml_kem_768::DecapsulationKey::from_seed(seed[..64].try_into().unwrap());
    let share = client.key_share();
    assert_eq!(share[0], 0x04, "uncompressed SEC1 point first");
    assert_eq!(&share[65..], &dk.encapsulation_key().as_bytes()[..]);
    let r = [5u8; 64];
    let (server, secret) =
        pqkit::hybrid::tls::secp256r1_mlkem768::respond_derand(share, &r).unwrap();
    let (ct, ss) = dk.encapsulation_key().encapsulate_deterministic(&[5u8; 32]);
    assert_eq!(server[0], 0x04);
    assert_eq!(&server[65..], &ct.as_bytes()[..]);
    assert_eq!(
        &secret.as_bytes()[32..],
        ss.as_bytes(),
        "ML-KEM secret last"
    );
}

#[test]
fn all_zero_x25519_result_is_refused() {
    let mut rng = common::test_rng(4);
    let client = pqkit::hybrid::tls::x25519_mlkem768::ClientKey::generate(&mut rng).unwrap();
    // A small-order X25519 point makes every shared secret zero.
    let mut share = *client.key_share();
    share[1184..].fill(0);
    assert_eq!(
        pqkit::hybrid::tls::x25519_mlkem768::respond(&share, &mut rng).unwrap_err(),
        Error::AllZeroSharedSecret
    );
    let (mut server, _) =
        pqkit::hybrid::tls::x25519_mlkem768::respond(client.key_share(), &mut rng).unwrap();
    server[1088..].fill(0);
    assert_eq!(
        client.finish(&server).unwrap_err(),
        Error::AllZeroSharedSecret
    );
}

#[test]
fn invalid_and_identity_points_are_refused() {
    let mut rng = common::test_rng(5);
    let c256 = pqkit::hybrid::tls::secp256r1_mlkem768::ClientKey::generate(&mut rng).unwrap();
    let c384 = pqkit::hybrid::tls::secp384r1_mlkem1024::ClientKey::generate(&mut rng).unwrap();

    let mut off_curve = *c256.key_share();
    off_curve[64] ^= 1;
    assert!(pqkit::hybrid::tls::secp256r1_mlkem768::respond(&off_curve, &mut rng).is_err());
    let mut identity = *c256.key_share();
    identity[..65].fill(0);
    assert!(pqkit::hybrid::tls::secp256r1_mlkem768::respond(&identity, &mut rng).is_err());
    let mut compressed = *c256.key_share();
    compressed[0] = 0x02;
    assert!(pqkit::hybrid::tls::secp256r1_mlkem768::respond(&compressed, &mut rng).is_err());

    let mut off_curve = *c384.key_share();
    off_curve[96] ^= 1;
    assert!(pqkit::hybrid::tls::secp384r1_mlkem1024::respond(&off_curve, &mut rng).is_err());
    let (mut server, _) =
        pqkit::hybrid::tls::secp384r1_mlkem1024::respond(c384.key_share(), &mut rng).unwrap();
    server[1] ^= 1;
    assert!(c384.finish(&server).is_err());
}
