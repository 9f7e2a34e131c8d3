//! ECDH adapter behaviour beyond the Wycheproof files: scalar range checks,
//! point-format checks, key generation and agreement between both sides.
#![cfg(all(feature = "x25519", feature = "p256", feature = "p384"))]

use core::convert::Infallible;

use pqkit::Error;
use pqkit::ecdh::{
    P256PublicKey, P256SecretKey, P384PublicKey, P384SecretKey, X25519PublicKey, X25519SecretKey,
};
use pqkit::hash::{Shake256Reader, Xof};

/// Deterministic SHAKE256-based generator, enough to drive key generation.
struct TestRng(Shake256Reader);

impl TestRng {
    fn new(seed: &[u8]) -> Self {
        Self(Shake256Reader::new(&[seed]))
    }
}

impl rand_core::TryRng for TestRng {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.0.squeeze(&mut b);
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.0.squeeze(&mut b);
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.0.squeeze(dst);
        Ok(())
    }
}

impl rand_core::TryCryptoRng for TestRng {}

const P256_N: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const P384_N: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";

fn add_small(be: &[u8], k: u8) -> Vec<u8> {
    let mut out = be.to_vec();
    let mut carry = k as u16;
    for b in out.iter_mut().rev() {
        let s = *b as u16 + carry;
        *b = s as u8;
        carry = s >> 8;
    }
    out
}

fn sub_one(be: &[u8]) -> Vec<u8> {
    let mut out = be.to_vec();
    for b in out.iter_mut().rev() {
        let (v, borrow) = b.overflowing_sub(1);
        *b = v;
        if !borrow {
            break;
        }
    }
    out
}

#[test]
fn p256_scalar_range() {
    let n = hex::decode(P256_N).unwrap();
    assert_eq!(
        P256SecretKey::from_slice(&[0u8; 32]).unwrap_err(),
        Error::InvalidScalar
    );
    assert_eq!(
        P256SecretKey::from_slice(&n).unwrap_err(),
        Error::InvalidScalar
    );
    assert_eq!(
        P256SecretKey::from_slice(&add_small(&n, 1)).unwrap_err(),
        Error::InvalidScalar
    );
    assert_eq!(
        P256SecretKey::from_slice(&[0xff; 32]).unwrap_err(),
        Error::InvalidScalar
    );
    let max = P256SecretKey::from_slice(&sub_one(&n)).unwrap();
    assert_eq!(max.to_bytes().as_slice(), sub_one(&n));
    let mut one = [0u8; 32];
    one[31] = 1;
    let g = P256SecretKey::from_bytes(&one).unwrap().public_key();
    // The generator's x-coordinate (SEC 2 section 2.4.2).
    assert_eq!(
        hex::encode(&g.as_bytes()[1..33]),
        "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
    );
    assert!(matches!(
        P256SecretKey::from_slice(&[1u8; 31]),
        Err(Error::InvalidLength {
            expected: 32,
            actual: 31,
            ..
        })
    ));
}

#[test]
fn p384_scalar_range() {
    let n = hex::decode(P384_N).unwrap();
    assert_eq!(
        P384SecretKey::from_slice(&[0u8; 48]).unwrap_err(),
        Error::InvalidScalar
    );
    assert_eq!(
        P384SecretKey::from_slice(&n).unwrap_err(),
        Error::InvalidScalar
    );
    assert_eq!(
        P384SecretKey::from_slice(&add_small(&n, 7)).unwrap_err(),
        Error::InvalidScalar
    );
    let max = P384SecretKey::from_slice(&sub_one(&n)).unwrap();
    assert_eq!(max.to_bytes().as_slice(), sub_one(&n));
    assert!(matches!(
        P384SecretKey::from_slice(&[1u8; 49]),
        Err(Error::InvalidLength {
            expected: 48,
            actual: 49,
            ..
        })
    ));
}

#[test]
fn nist_point_formats() {
    let mut rng = TestRng::new(b"points");
    let pk = P256SecretKey::generate(&mut rng).public_key();
    let bytes = *pk.as_bytes();
    assert_eq!(bytes[0], 0x04);
    assert_eq!(P256PublicKey::from_sec1_bytes(&bytes).unwrap(), pk);

    // Compressed form of the same point.
    let mut compressed = [0u8; 33];
    compressed[0] = 0x02 | (bytes[64] & 1);
    compressed[1..].copy_from_slice(&bytes[1..33]);
    assert_eq!(
        P256PublicKey::from_sec1_bytes(&compressed).unwrap_err(),
        Error::CompressedPoint
    );

    // Hybrid tag (0x06/0x07) and bad tags.
    for tag in [0x00, 0x01, 0x05, 0x06, 0x07, 0xff] {
        let mut b = bytes;
        b[0] = tag;
        assert_eq!(
            P256PublicKey::from_sec1_bytes(&b).unwrap_err(),
            Error::InvalidPoint,
            "{tag}"
        );
    }
    // Off the curve: flip a bit of y.
    let mut off = bytes;
    off[64] ^= 1;
    assert_eq!(
        P256PublicKey::from_sec1_bytes(&off).unwrap_err(),
        Error::InvalidPoint
    );
    // Coordinate >= p.
    let mut big = bytes;
    big[1..33].fill(0xff);
    assert_eq!(
        P256PublicKey::from_sec1_bytes(&big).unwrap_err(),
        Error::InvalidPoint
    );
    // The SEC1 identity encoding and truncations.
    assert!(matches!(
        P256PublicKey::from_sec1_bytes(&[0x00]),
        Err(Error::InvalidLength { .. })
    ));
    assert!(matches!(
        P256PublicKey::from_sec1_bytes(&bytes[..64]),
        Err(Error::InvalidLength {
            expected: 65,
            actual: 64,
            ..
        })
    ));
    assert!(matches!(
        P384PublicKey::from_sec1_bytes(&bytes),
        Err(Error::InvalidLength {
            expected: 97,
            actual: 65,
            ..
        })
    ));
    let pk384 = P384SecretKey::generate(&mut rng).public_key();
    let mut c384 = [0u8; 49];
    c384[0] = 0x03;
    c384[1..].copy_from_slice(&pk384.as_bytes()[1..49]);
    assert_eq!(
        P384PublicKey::from_sec1_bytes(&c384).unwrap_err(),
        Error::CompressedPoint
    );
}

#[test]
fn generated_keys_agree() {
    let mut rng = TestRng::new(b"agree");
    for _ in 0..8 {
        let (a, b) = (
            P256SecretKey::generate(&mut rng),
            P256SecretKey::generate(&mut rng),
        );
        let ab = a.diffie_hellman(&b.public_key());
        let ba = b.diffie_hellman(&a.public_key());
        assert_eq!(ab.as_bytes(), ba.as_bytes());
        assert_ne!(a.public_key(), b.public_key());

        let (a, b) = (
            P384SecretKey::generate(&mut rng),
            P384SecretKey::generate(&mut rng),
        );
        let ab =
            a.diffie_hellman(&P384PublicKey::from_sec1_bytes(b.public_key().as_bytes()).unwrap());
        let ba = b.diffie_hellman(&a.public_key());
        assert_eq!(ab.as_bytes(), ba.as_bytes());

        let (a, b) = (
            X25519SecretKey::generate(&mut rng),
            X25519SecretKey::generate(&mut rng),
        );
        let ab = a.diffie_hellman(&b.public_key()).unwrap();
        let ba = b.diffie_hellman(&a.public_key()).unwrap();
        assert_eq!(ab.as_bytes(), ba.as_bytes());
        assert_ne!(ab.as_bytes(), &[0u8; 32]);
    }
}

#[test]
fn x25519_rfc7748_and_clamping() {
    // RFC 7748 section 6.1.
    let a = X25519SecretKey::from_slice(
        &hex::decode("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a").unwrap(),
    )
    .unwrap();
    assert_eq!(
        hex::encode(a.public_key().as_bytes()),
        "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
    );
    let b_pub = X25519PublicKey::from_slice(
        &hex::decode("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f").unwrap(),
    )
    .unwrap();
    assert_eq!(
        hex::encode(a.diffie_hellman(&b_pub).unwrap().as_bytes()),
        "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"
    );
    // Bits that clamping clears or sets do not change the result, and the
    // stored bytes stay as given.
    let mut raw = *a.as_bytes();
    raw[0] ^= 0x07;
    raw[31] ^= 0xc0;
    let a2 = X25519SecretKey::from_bytes(&raw);
    assert_eq!(a2.as_bytes(), &raw);
    assert_eq!(a2.public_key(), a.public_key());
    // The all-zero point is small order.
    assert_eq!(
        a.diffie_hellman(&X25519PublicKey::from_bytes(&[0u8; 32]))
            .unwrap_err(),
        Error::AllZeroSharedSecret
    );
    assert!(matches!(
        X25519PublicKey::from_slice(&[0u8; 33]),
        Err(Error::InvalidLength {
            expected: 32,
            actual: 33,
            ..
        })
    ));
}

/// A generator whose source has failed.
struct BrokenRng;

#[derive(Debug)]
struct Broken;

impl core::fmt::Display for Broken {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("entropy source failed")
    }
}

impl core::error::Error for Broken {}

impl rand_core::TryRng for BrokenRng {
    type Error = Broken;
    fn try_next_u32(&mut self) -> Result<u32, Broken> {
        Err(Broken)
    }
    fn try_next_u64(&mut self) -> Result<u64, Broken> {
        Err(Broken)
    }
    fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), Broken> {
        Err(Broken)
    }
}

impl rand_core::TryCryptoRng for BrokenRng {}

#[test]
fn fallible_generation() {
    assert_eq!(
        X25519SecretKey::try_generate(&mut BrokenRng).unwrap_err(),
        Error::Rng
    );
    assert_eq!(
        P256SecretKey::try_generate(&mut BrokenRng).unwrap_err(),
        Error::Rng
    );
    assert_eq!(
        P384SecretKey::try_generate(&mut BrokenRng).unwrap_err(),
        Error::Rng
    );
    // With a working generator, try_generate draws the same keys as generate.
    let a = X25519SecretKey::try_generate(&mut TestRng::new(b"same")).unwrap();
    let b = X25519SecretKey::generate(&mut TestRng::new(b"same"));
    assert_eq!(a.as_bytes(), b.as_bytes());
    let a = P256SecretKey::try_generate(&mut TestRng::new(b"same")).unwrap();
    let b = P256SecretKey::generate(&mut TestRng::new(b"same"));
    assert_eq!(a.public_key(), b.public_key());
    let a = P384SecretKey::try_generate(&mut TestRng::new(b"same")).unwrap();
    let b = P384SecretKey::generate(&mut TestRng::new(b"same"));
    assert_eq!(a.public_key(), b.public_key());
}

#[test]
fn error_codes_are_stable() {
    assert_eq!(Error::InvalidPoint.code(), "INVALID_POINT");
    assert_eq!(Error::CompressedPoint.code(), "COMPRESSED_POINT");
    assert_eq!(Error::InvalidScalar.code(), "INVALID_SCALAR");
    assert_eq!(Error::AllZeroSharedSecret.code(), "ALL_ZERO_SHARED_SECRET");
    assert!(Error::AllZeroSharedSecret.to_string().contains("all zero"));
}
