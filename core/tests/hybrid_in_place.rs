//! The in-place forms of the TLS hybrid groups and the hybrid KEMs: the same
//! bytes as the by-value forms, the same typed errors, and caller buffers
//! left as they were when an input is refused.

mod common;

use pqkit::Error;
use pqkit::ml_kem;
use rand_core::Rng;

/// What the caller's buffers hold before a call that must not write them.
const SENTINEL: u8 = 0xA5;

fn ek_len(client_share_len: usize) -> usize {
    if client_share_len == 1665 {
        ml_kem::ml_kem_1024::ENCAPSULATION_KEY_LEN
    } else {
        ml_kem::ml_kem_768::ENCAPSULATION_KEY_LEN
    }
}

/// The ECDH half computed on its own, through `pqkit::ecdh`, as a reference
/// independent of the hybrid code.
trait Curve {
    fn public(sk: &[u8]) -> Vec<u8>;
    fn shared(sk: &[u8], peer: &[u8]) -> Vec<u8>;
}

struct X25519;
impl Curve for X25519 {
    fn public(sk: &[u8]) -> Vec<u8> {
        let sk = pqkit::ecdh::X25519SecretKey::from_slice(sk).unwrap();
        sk.public_key().as_bytes().to_vec()
    }
    fn shared(sk: &[u8], peer: &[u8]) -> Vec<u8> {
        let sk = pqkit::ecdh::X25519SecretKey::from_slice(sk).unwrap();
        let peer = pqkit::ecdh::X25519PublicKey::from_slice(peer).unwrap();
        sk.diffie_hellman(&peer).unwrap().as_bytes().to_vec()
    }
}

macro_rules! nist_curve {
    ($curve:ident, $secret:ident, $public:ident) => {
        struct $curve;
        impl Curve for $curve {
            fn public(sk: &[u8]) -> Vec<u8> {
                let sk = pqkit::ecdh::$secret::from_slice(sk).unwrap();
                sk.public_key().as_bytes().to_vec()
            }
            fn shared(sk: &[u8], peer: &[u8]) -> Vec<u8> {
                let sk = pqkit::ecdh::$secret::from_slice(sk).unwrap();
                let peer = pqkit::ecdh::$public::from_sec1_bytes(peer).unwrap();
                sk.diffie_hellman(&peer).as_bytes().to_vec()
            }
        }
    };
}
nist_curve!(P256, P256SecretKey, P256PublicKey);
nist_curve!(P384, P384SecretKey, P384PublicKey);

macro_rules! tls_in_place_tests {
    ($module:ident, $kem:ident, $curve:ty) => {
        mod $module {
            use super::*;
            use pqkit::hybrid::tls::$module as g;

            /// Only X25519MLKEM768 puts the ML-KEM part first.
            const MLKEM_FIRST: bool = g::CLIENT_SHARE_LEN == 1216;

            /// Offsets of the ML-KEM and ECDH parts of the client's share.
            fn client_parts() -> (usize, usize) {
                let ek = ek_len(g::CLIENT_SHARE_LEN);
                if MLKEM_FIRST {
                    (0, ek)
                } else {
                    (g::CLIENT_SHARE_LEN - ek, 0)
                }
            }

            /// Client share, server share and secret of one exchange from
            /// ML-KEM (a parsed encapsulation key, encapsulated by value) and
            /// the curve computed apart, joined in the group's order.
            fn computed_apart(
                seed: &[u8; g::SEED_LEN],
                randomness: &[u8; g::RANDOMNESS_LEN],
            ) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
                use pqkit::ml_kem::$kem as k;
                let dk = k::DecapsulationKey::from_seed(seed[..64].try_into().unwrap());
                let ek =
                    k::EncapsulationKey::from_bytes(dk.encapsulation_key().as_bytes()).unwrap();
                let (ct, ss) = ek.encapsulate_deterministic(randomness[..32].try_into().unwrap());
                let client_dh = <$curve>::public(&seed[64..]);
                let server_dh = <$curve>::public(&randomness[32..]);
                let dh = <$curve>::shared(&randomness[32..], &client_dh);
                let cat = |a: &[u8], b: &[u8]| [a, b].concat();
                if MLKEM_FIRST {
                    (
                        cat(ek.as_bytes(), &client_dh),
                        cat(ct.as_bytes(), &server_dh),
                        cat(ss.as_bytes(), &dh),
                    )
                } else {
                    (
                        cat(&client_dh, ek.as_bytes()),
                        cat(&server_dh, ct.as_bytes()),
                        cat(&dh, ss.as_bytes()),
                    )
                }
            }

            #[test]
            fn in_place_steps_match_the_by_value_steps() {
                let mut rng = common::test_rng(11);
                // The in-place key starts out as another key: every part of
                // it must be replaced.
                let mut key = g::ClientKey::from_seed(&[0x33; g::SEED_LEN]).unwrap();
                for _ in 0..6 {
                    let mut seed = [0u8; g::SEED_LEN];
                    rng.fill_bytes(&mut seed);
                    let mut randomness = [0u8; g::RANDOMNESS_LEN];
                    rng.fill_bytes(&mut randomness);

                    let reference = g::ClientKey::from_seed(&seed).unwrap();
                    assert_ne!(key.key_share(), reference.key_share());
                    key.set_from_seed(&seed).unwrap();
                    assert_eq!(key.key_share(), reference.key_share());

                    let (share, secret) =
                        g::respond_derand(reference.key_share(), &randomness).unwrap();
                    let mut out = [SENTINEL; g::SERVER_SHARE_LEN];
                    let secret_in_place =
                        g::respond_derand_into(key.key_share(), &randomness, &mut out).unwrap();
                    assert_eq!(out, share);
                    assert_eq!(secret_in_place.as_bytes(), secret.as_bytes());

                    let (client_want, server_want, secret_want) =
                        computed_apart(&seed, &randomness);
                    assert_eq!(&key.key_share()[..], &client_want[..]);
                    assert_eq!(&out[..], &server_want[..]);
                    assert_eq!(secret_in_place.as_bytes(), &secret_want[..]);

                    // Each client key finishes the other's exchange: the
                    // in-place key holds the same private parts.
                    assert_eq!(
                        key.finish(&share).unwrap().as_bytes(),
                        reference.finish(&out).unwrap().as_bytes()
                    );
                    assert_eq!(key.finish(&out).unwrap().as_bytes(), secret.as_bytes());

                    // With the generator: the same draws give the same answer.
                    let mut a = common::test_rng(randomness[0] as u64);
                    let mut b = common::test_rng(randomness[0] as u64);
                    let (share, secret) = g::respond(key.key_share(), &mut a).unwrap();
                    let mut out = [SENTINEL; g::SERVER_SHARE_LEN];
                    let secret_in_place =
                        g::respond_into(key.key_share(), &mut b, &mut out).unwrap();
                    assert_eq!(out, share);
                    assert_eq!(secret_in_place.as_bytes(), secret.as_bytes());
                }
            }

            /// The `what` of the group's share-length error, as the by-value
            /// form reports it.
            fn length_error_what() -> &'static str {
                match g::respond_derand(&[], &[0; g::RANDOMNESS_LEN]) {
                    Err(Error::InvalidLength { what, .. }) => what,
                    other => panic!("{other:?}"),
                }
            }

            #[test]
            fn refused_client_shares_leave_the_server_share_unwritten() {
                let key = g::ClientKey::from_seed(&[0x44; g::SEED_LEN]).unwrap();
                let randomness = [0x55; g::RANDOMNESS_LEN];
                let mut out = [SENTINEL; g::SERVER_SHARE_LEN];
                let mut refuse = |share: &[u8], want: Error| {
                    assert_eq!(
                        g::respond_derand_into(share, &randomness, &mut out).map(|_| ()),
                        Err(want)
                    );
                    assert!(out.iter().all(|&b| b == SENTINEL), "{}: {want:?}", g::NAME);
                };

                let share = key.key_share();
                for len in [0, 1, g::CLIENT_SHARE_LEN - 1, g::CLIENT_SHARE_LEN + 1] {
                    let mut wrong = share.to_vec();
                    wrong.resize(len, 0);
                    refuse(
                        &wrong,
                        Error::InvalidLength {
                            what: length_error_what(),
                            expected: g::CLIENT_SHARE_LEN,
                            actual: len,
                        },
                    );
                }

                // FIPS 203 section 7.2: the first coefficient becomes 0xfff >= q.
                let (kem_at, dh_at) = client_parts();
                let mut unreduced = *share;
                unreduced[kem_at] = 0xff;
                unreduced[kem_at + 1] |= 0x0f;
                refuse(&unreduced, Error::EncapsulationKeyNotReduced);

                let mut bad_point = *share;
                if MLKEM_FIRST {
                    // A small-order X25519 point: an all-zero ECDH result.
                    bad_point[dh_at..].fill(0);
                    refuse(&bad_point, Error::AllZeroSharedSecret);
                } else {
                    // The point's last byte (of y) changed: off the curve.
                    bad_point[kem_at - 1] ^= 1;
                    refuse(&bad_point, Error::InvalidPoint);
                }

                // A good share answered into the same buffer does write it.
                let secret = g::respond_derand_into(share, &randomness, &mut out).unwrap();
                let (by_value, _) = g::respond_derand(share, &randomness).unwrap();
                assert_eq!(out, by_value);
                assert_eq!(key.finish(&out).unwrap().as_bytes(), secret.as_bytes());
            }

            #[test]
            fn refused_scalars_change_nothing() {
                let key = g::ClientKey::from_seed(&[0x44; g::SEED_LEN]).unwrap();
                if MLKEM_FIRST {
                    // Every 32-byte X25519 scalar is valid; what the client
                    // refuses is a server point that gives an all-zero
                    // secret, and that refusal must leave its key usable.
                    let (share, secret) =
                        g::respond_derand(key.key_share(), &[0x66; g::RANDOMNESS_LEN]).unwrap();
                    let mut small_order = share;
                    small_order[g::SERVER_SHARE_LEN - 32..].fill(0);
                    assert_eq!(
                        key.finish(&small_order).map(|_| ()),
                        Err(Error::AllZeroSharedSecret)
                    );
                    assert_eq!(key.finish(&share).unwrap().as_bytes(), secret.as_bytes());
                    return;
                }
                // The ECDH part of the server's randomness is zero: no scalar.
                let mut randomness = [0x55; g::RANDOMNESS_LEN];
                randomness[32..].fill(0);
                let mut out = [SENTINEL; g::SERVER_SHARE_LEN];
                assert_eq!(
                    g::respond_derand_into(key.key_share(), &randomness, &mut out).map(|_| ()),
                    Err(Error::InvalidScalar)
                );
                assert!(out.iter().all(|&b| b == SENTINEL));

                // The same for the client: its key stays what it was.
                let (share, secret) =
                    g::respond_derand(key.key_share(), &[0x66; g::RANDOMNESS_LEN]).unwrap();
                let mut key = key;
                let before = *key.key_share();
                let mut seed = [0x77; g::SEED_LEN];
                seed[64..].fill(0);
                assert_eq!(key.set_from_seed(&seed), Err(Error::InvalidScalar));
                assert_eq!(key.key_share(), &before);
                assert_eq!(key.finish(&share).unwrap().as_bytes(), secret.as_bytes());
            }
        }
    };
}

tls_in_place_tests!(x25519_mlkem768, ml_kem_768, X25519);
tls_in_place_tests!(secp256r1_mlkem768, ml_kem_768, P256);
tls_in_place_tests!(secp384r1_mlkem1024, ml_kem_1024, P384);

macro_rules! kem_in_place_tests {
    ($module:ident, nist: $nist:literal) => {
        mod $module {
            use super::*;
            use pqkit::hybrid::kem::$module as h;

            #[test]
            fn in_place_forms_match_the_by_value_forms() {
                let mut rng = common::test_rng(12);
                let mut key = h::SecretKey::from_seed(&[0x33; 32]).unwrap();
                for _ in 0..6 {
                    let mut seed = [0u8; 32];
                    rng.fill_bytes(&mut seed);
                    let reference = h::SecretKey::from_seed(&seed).unwrap();
                    assert_ne!(key.public_key(), reference.public_key());
                    key.set_from_seed(&seed).unwrap();
                    assert_eq!(key.seed(), reference.seed());
                    assert_eq!(key.public_key(), reference.public_key());
                    let parsed = h::PublicKey::from_bytes(key.public_key().as_bytes()).unwrap();

                    let mut r = [0u8; 512];
                    rng.fill_bytes(&mut r);
                    for len in [h::RANDOMNESS_LEN, h::VECTOR_RANDOMNESS_LEN] {
                        let (ct, ss) = parsed.encapsulate_derand(&r[..len]).unwrap();
                        // The in-place key's public key (its `H(ek)` included)
                        // encapsulates as the parsed one does.
                        let (ct2, ss2) = key.public_key().encapsulate_derand(&r[..len]).unwrap();
                        assert_eq!((ct, ss.as_bytes()), (ct2, ss2.as_bytes()));

                        let mut out = [SENTINEL; h::CIPHERTEXT_LEN];
                        let ss2 = parsed.encapsulate_derand_into(&r[..len], &mut out).unwrap();
                        assert_eq!((out, ss2.as_bytes()), (ct, ss.as_bytes()));

                        let mut out = [SENTINEL; h::CIPHERTEXT_LEN];
                        let ss2 = h::encapsulate_derand_from_bytes(
                            reference.public_key().as_bytes(),
                            &r[..len],
                            &mut out,
                        )
                        .unwrap();
                        assert_eq!((out, ss2.as_bytes()), (ct, ss.as_bytes()));

                        assert_eq!(key.decapsulate(&ct).unwrap().as_bytes(), ss.as_bytes());
                        assert_eq!(
                            reference.decapsulate(&ct).unwrap().as_bytes(),
                            ss.as_bytes()
                        );
                    }

                    let mut a = common::test_rng(r[0] as u64);
                    let mut b = common::test_rng(r[0] as u64);
                    let (ct, ss) = parsed.encapsulate(&mut a).unwrap();
                    let mut out = [SENTINEL; h::CIPHERTEXT_LEN];
                    let ss2 = parsed.encapsulate_into(&mut b, &mut out).unwrap();
                    assert_eq!((out, ss2.as_bytes()), (ct, ss.as_bytes()));
                }
            }

            #[test]
            fn refused_inputs_leave_the_ciphertext_unwritten() {
                let key = h::SecretKey::from_seed(&[0x44; 32]).unwrap();
                let pk = key.public_key();
                let r = [0x55u8; 512];
                let mut out = [SENTINEL; h::CIPHERTEXT_LEN];
                let unwritten = |out: &[u8; h::CIPHERTEXT_LEN]| out.iter().all(|&b| b == SENTINEL);

                for len in [0, h::RANDOMNESS_LEN - 1, h::RANDOMNESS_LEN + 1] {
                    let want = Err(Error::InvalidLength {
                        what: "hybrid KEM encapsulation randomness",
                        expected: h::RANDOMNESS_LEN,
                        actual: len,
                    });
                    assert_eq!(
                        pk.encapsulate_derand_into(&r[..len], &mut out).map(|_| ()),
                        want
                    );
                    assert!(unwritten(&out));
                    let got = h::encapsulate_derand_from_bytes(pk.as_bytes(), &r[..len], &mut out);
                    assert_eq!(got.map(|_| ()), want);
                    assert!(unwritten(&out));
                }

                let bytes = pk.as_bytes();
                for len in [0, h::PUBLIC_KEY_LEN - 1, h::PUBLIC_KEY_LEN + 1] {
                    let mut wrong = bytes.to_vec();
                    wrong.resize(len, 0);
                    let got =
                        h::encapsulate_derand_from_bytes(&wrong, &r[..h::RANDOMNESS_LEN], &mut out);
                    match got {
                        Err(Error::InvalidLength {
                            expected, actual, ..
                        }) => assert_eq!((expected, actual), (h::PUBLIC_KEY_LEN, len)),
                        other => panic!("{len}: {:?}", other.map(|_| ())),
                    }
                    assert!(unwritten(&out));
                }

                // FIPS 203 section 7.2: the first coefficient becomes 0xfff >= q.
                let mut unreduced = *bytes;
                unreduced[0] = 0xff;
                unreduced[1] |= 0x0f;
                let got =
                    h::encapsulate_derand_from_bytes(&unreduced, &r[..h::RANDOMNESS_LEN], &mut out);
                assert_eq!(got.map(|_| ()), Err(Error::EncapsulationKeyNotReduced));
                assert!(unwritten(&out));

                if $nist {
                    // The point's last byte (of y) changed: off the curve.
                    let mut bad_point = *bytes;
                    bad_point[h::PUBLIC_KEY_LEN - 1] ^= 1;
                    let got = h::encapsulate_derand_from_bytes(
                        &bad_point,
                        &r[..h::RANDOMNESS_LEN],
                        &mut out,
                    );
                    assert_eq!(got.map(|_| ()), Err(Error::InvalidPoint));
                    assert!(unwritten(&out));

                    // No valid ephemeral scalar among the tries.
                    let mut zero = r;
                    zero[32..].fill(0);
                    let got = pk.encapsulate_derand_into(&zero[..h::RANDOMNESS_LEN], &mut out);
                    assert_eq!(got.map(|_| ()), Err(Error::InvalidScalar));
                    assert!(unwritten(&out));
                }

                // Valid inputs do write it, as the by-value form does.
                let ss = pk
                    .encapsulate_derand_into(&r[..h::RANDOMNESS_LEN], &mut out)
                    .unwrap();
                let (ct, ss2) = pk.encapsulate_derand(&r[..h::RANDOMNESS_LEN]).unwrap();
                assert_eq!((out, ss.as_bytes()), (ct, ss2.as_bytes()));
            }
        }
    };
}

kem_in_place_tests!(xwing, nist: false);
kem_in_place_tests!(mlkem768_p256, nist: true);
kem_in_place_tests!(mlkem1024_p384, nist: true);
