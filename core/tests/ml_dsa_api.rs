//! The public ML-DSA API: error paths, context strings, external mu and its
//! streaming hasher, HashML-DSA with SHA-512, hedged and deterministic
//! signing, and expanded-key import and export with its consistency checks.

use core::convert::Infallible;
use pqkit::Error;
use pqkit::hash::{Shake128Reader, Xof, shake256};
use pqkit::ml_dsa::ml_dsa_65::{
    EXPANDED_KEY_LEN, PUBLIC_KEY_LEN, SIGNATURE_LEN, Signature, SigningKey, VerifyingKey,
};
use pqkit::ml_dsa::{MAX_CONTEXT_LEN, MU_LEN, RANDOMNESS_LEN, SEED_LEN};
use sha2::{Digest, Sha512};

/// A deterministic generator (SHAKE128 of a label), good enough for tests.
struct TestRng(Shake128Reader);

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

/// A generator that always fails.
struct BrokenRng;

#[derive(Debug)]
struct Broken;

impl core::fmt::Display for Broken {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("broken")
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

fn key() -> SigningKey {
    SigningKey::from_seed(&[42u8; SEED_LEN])
}

#[test]
fn constants() {
    assert_eq!(
        (SEED_LEN, MU_LEN, RANDOMNESS_LEN, MAX_CONTEXT_LEN),
        (32, 64, 32, 255)
    );
    use pqkit::ml_dsa::{ml_dsa_44 as a, ml_dsa_87 as c};
    assert_eq!(
        (a::PUBLIC_KEY_LEN, a::SIGNATURE_LEN, a::EXPANDED_KEY_LEN),
        (1312, 2420, 2560)
    );
    assert_eq!(
        (PUBLIC_KEY_LEN, SIGNATURE_LEN, EXPANDED_KEY_LEN),
        (1952, 3309, 4032)
    );
    assert_eq!(
        (c::PUBLIC_KEY_LEN, c::SIGNATURE_LEN, c::EXPANDED_KEY_LEN),
        (2592, 4627, 4896)
    );
}

#[test]
fn context_strings() {
    let sk = key();
    let vk = sk.verifying_key();
    let long = [7u8; MAX_CONTEXT_LEN + 1];
    let max = [7u8; MAX_CONTEXT_LEN];
    let too_long = Error::ContextTooLong { actual: 256 };
    assert_eq!(sk.sign_deterministic(b"m", &long).unwrap_err(), too_long);
    assert_eq!(
        sk.sign_with_randomness(b"m", &long, &[1; 32]).unwrap_err(),
        too_long
    );
    assert_eq!(
        sk.sign(b"m", &long, &mut TestRng(Shake128Reader::new(&[b"r"])))
            .unwrap_err(),
        too_long
    );
    assert_eq!(
        sk.sign_prehashed_sha512(b"m", &long, &[0; 32]).unwrap_err(),
        too_long
    );
    assert_eq!(vk.compute_mu(b"m", &long).unwrap_err(), too_long);
    assert_eq!(vk.mu_hasher(&long).unwrap_err(), too_long);
    let sig = sk.sign_deterministic(b"m", &max).unwrap();
    assert_eq!(
        vk.verify(b"m", &long, sig.as_bytes()).unwrap_err(),
        too_long
    );
    assert_eq!(
        vk.verify_prehashed_sha512(b"m", &long, sig.as_bytes())
            .unwrap_err(),
        too_long
    );
    assert_eq!(too_long.code(), "CONTEXT_TOO_LONG");
    // 255 bytes is fine, and the context is bound into the signature.
    assert!(vk.verify(b"m", &max, sig.as_bytes()).is_ok());
    assert_eq!(
        vk.verify(b"m", &max[..254], sig.as_bytes()).unwrap_err(),
        Error::InvalidSignature
    );
    assert_eq!(
        vk.verify(b"m", b"", sig.as_bytes()).unwrap_err(),
        Error::InvalidSignature
    );
}

#[test]
fn lengths_and_invalid_signatures() {
    let sk = key();
    let vk = sk.verifying_key();
    let sig = sk.sign_deterministic(b"msg", b"ctx").unwrap();
    // Wrong-length signatures are invalid signatures, never a panic.
    for len in [0, SIGNATURE_LEN - 1, SIGNATURE_LEN + 1] {
        let mut bytes = sig.as_bytes().to_vec();
        bytes.resize(len, 0);
        assert_eq!(
            vk.verify(b"msg", b"ctx", &bytes).unwrap_err(),
            Error::InvalidSignature
        );
        assert_eq!(
            vk.verify_mu(&[0; 64], &bytes).unwrap_err(),
            Error::InvalidSignature
        );
        assert!(matches!(
            Signature::from_bytes(&bytes),
            Err(Error::InvalidLength {
                expected: SIGNATURE_LEN,
                ..
            })
        ));
    }
    assert_eq!(Signature::from_bytes(sig.as_bytes()).unwrap(), sig);
    assert!(matches!(
        VerifyingKey::from_bytes(&vk.as_bytes()[1..]),
        Err(Error::InvalidLength {
            expected: PUBLIC_KEY_LEN,
            ..
        })
    ));
    assert_eq!(VerifyingKey::from_bytes(vk.as_bytes()).unwrap(), vk);
    assert!(matches!(
        SigningKey::from_expanded_bytes(&[0u8; EXPANDED_KEY_LEN - 1]),
        Err(Error::InvalidLength {
            expected: EXPANDED_KEY_LEN,
            ..
        })
    ));
    assert!(matches!(
        SigningKey::try_from_seed(&[0u8; 31]),
        Err(Error::InvalidLength { expected: 32, .. })
    ));
    // A wrong message, a flipped bit, and a malformed hint are all rejected.
    assert_eq!(
        vk.verify(b"msh", b"ctx", sig.as_bytes()).unwrap_err(),
        Error::InvalidSignature
    );
    let mut bad = *sig.as_bytes();
    bad[100] ^= 4;
    assert_eq!(
        vk.verify(b"msg", b"ctx", &bad).unwrap_err(),
        Error::InvalidSignature
    );
    let mut bad = *sig.as_bytes();
    bad[SIGNATURE_LEN - 1] = 56; // last row index beyond omega = 55
    assert_eq!(
        vk.verify(b"msg", b"ctx", &bad).unwrap_err(),
        Error::InvalidSignature
    );
    assert_eq!(Error::InvalidSignature.code(), "INVALID_SIGNATURE");
    assert!(!Error::InvalidSignature.to_string().is_empty());
}

#[test]
fn external_mu_matches_the_message_form() {
    let sk = key();
    let vk = sk.verifying_key();
    let msg: Vec<u8> = (0..10_000u32).map(|i| (i * 31 % 251) as u8).collect();
    let ctx = b"firmware";
    // mu = H(H(pk, 64) || 0 || len(ctx) || ctx || M, 64), computed here
    // independently.
    let mut tr = [0u8; 64];
    shake256(&[vk.as_bytes()], &mut tr);
    let mut expected = [0u8; 64];
    shake256(&[&tr, &[0, ctx.len() as u8], ctx, &msg], &mut expected);
    let mu = vk.compute_mu(&msg, ctx).unwrap();
    assert_eq!(mu, expected);
    for chunk in [1, 7, 136, 1000, 20_000] {
        let mut h = vk.mu_hasher(ctx).unwrap();
        for part in msg.chunks(chunk) {
            h.update(part);
        }
        assert_eq!(h.finalize(), mu, "chunk size {chunk}");
    }
    let mut h = vk.mu_hasher(ctx).unwrap();
    h.update(&msg[..5]).update(&msg[5..]);
    assert_eq!(h.finalize(), mu);

    let rnd = [9u8; 32];
    let sig = sk.sign_mu(&mu, &rnd);
    assert_eq!(sig, sk.sign_with_randomness(&msg, ctx, &rnd).unwrap());
    assert_eq!(
        sk.sign_mu(&mu, &[0; 32]),
        sk.sign_deterministic(&msg, ctx).unwrap()
    );
    assert!(vk.verify_mu(&mu, sig.as_bytes()).is_ok());
    assert!(vk.verify(&msg, ctx, sig.as_bytes()).is_ok());
    let mut other = mu;
    other[0] ^= 1;
    assert_eq!(
        vk.verify_mu(&other, sig.as_bytes()).unwrap_err(),
        Error::InvalidSignature
    );
}

#[test]
fn hash_ml_dsa_sha512() {
    let sk = key();
    let vk = sk.verifying_key();
    let (msg, ctx, rnd) = (b"a large file".as_slice(), b"ctx".as_slice(), [3u8; 32]);
    let sig = sk.sign_prehashed_sha512(msg, ctx, &rnd).unwrap();
    assert!(vk.verify_prehashed_sha512(msg, ctx, sig.as_bytes()).is_ok());
    // M' = 1 || len(ctx) || ctx || OID(SHA-512) || SHA-512(M) (FIPS 204,
    // Algorithm 4), computed here independently.
    let oid = [
        0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03,
    ];
    let digest = Sha512::digest(msg);
    let mut tr = [0u8; 64];
    shake256(&[vk.as_bytes()], &mut tr);
    let mut mu = [0u8; 64];
    shake256(&[&tr, &[1, ctx.len() as u8], ctx, &oid, &digest], &mut mu);
    assert_eq!(sk.sign_mu(&mu, &rnd), sig);
    // Pure and pre-hashed signatures never stand in for each other.
    assert_eq!(
        vk.verify(msg, ctx, sig.as_bytes()).unwrap_err(),
        Error::InvalidSignature
    );
    let pure = sk.sign_with_randomness(msg, ctx, &rnd).unwrap();
    assert_ne!(pure, sig);
    assert_eq!(
        vk.verify_prehashed_sha512(msg, ctx, pure.as_bytes())
            .unwrap_err(),
        Error::InvalidSignature
    );
    assert_eq!(
        vk.verify_prehashed_sha512(b"another file", ctx, sig.as_bytes())
            .unwrap_err(),
        Error::InvalidSignature
    );
}

#[test]
fn hedged_and_deterministic_signing() {
    let sk = key();
    let vk = sk.verifying_key();
    let mut rng = TestRng(Shake128Reader::new(&[b"hedged"]));
    let a = sk.sign(b"m", b"", &mut rng).unwrap();
    let b = sk.try_sign(b"m", b"", &mut rng).unwrap();
    assert_ne!(a, b, "hedged signatures must use fresh randomness");
    assert!(vk.verify(b"m", b"", a.as_bytes()).is_ok());
    assert!(vk.verify(b"m", b"", b.as_bytes()).is_ok());
    let d = sk.sign_deterministic(b"m", b"").unwrap();
    assert_eq!(d, sk.sign_deterministic(b"m", b"").unwrap());
    assert_eq!(d, sk.sign_with_randomness(b"m", b"", &[0; 32]).unwrap());
    assert_ne!(d, sk.sign_with_randomness(b"m", b"", &[1; 32]).unwrap());
    assert_eq!(
        sk.try_sign(b"m", b"", &mut BrokenRng).unwrap_err(),
        Error::Rng
    );
}

#[test]
fn generation() {
    let mut rng = TestRng(Shake128Reader::new(&[b"keys"]));
    let a = SigningKey::generate(&mut rng);
    let b = SigningKey::try_generate(&mut rng).unwrap();
    assert_ne!(a.verifying_key(), b.verifying_key());
    let seed = *a.seed().unwrap();
    assert_eq!(
        SigningKey::from_seed(&seed).verifying_key(),
        a.verifying_key()
    );
    assert_eq!(
        SigningKey::try_generate(&mut BrokenRng).unwrap_err(),
        Error::Rng
    );
}

#[test]
fn expanded_key_round_trip_and_checks() {
    let sk = key();
    let expanded = sk.to_expanded_bytes();
    let imported = SigningKey::from_expanded_bytes(&expanded[..]).unwrap();
    assert!(imported.seed().is_none());
    assert_eq!(imported.verifying_key(), sk.verifying_key());
    assert_eq!(
        imported.sign_deterministic(b"m", b"c").unwrap(),
        sk.sign_deterministic(b"m", b"c").unwrap()
    );
    assert_eq!(&imported.to_expanded_bytes()[..], &expanded[..]);

    let tampered = |offset: usize, xor: u8| {
        let mut bytes = *expanded;
        bytes[offset] ^= xor;
        SigningKey::from_expanded_bytes(&bytes).map(|_| ())
    };
    // rho (changes A, so t0 no longer matches), tr, a t0 bit, an s2 value
    // still in range, and an s1 value out of range (eta = 4: 4-bit values
    // above 8 decode below -4).
    let s2_offset = 128 + 5 * 128;
    let t0_offset = s2_offset + 6 * 128;
    for (offset, xor) in [
        (0, 1),
        (70, 1),
        (t0_offset + 5, 1),
        (s2_offset, 1),
        (128, 0x0F),
    ] {
        assert_eq!(
            tampered(offset, xor),
            Err(Error::InvalidPrivateKey),
            "offset {offset}"
        );
    }
    // K only feeds the signing randomness: any value is consistent.
    assert!(tampered(40, 1).is_ok());
}

#[test]
fn debug_output_hides_secrets() {
    let sk = key();
    let text = format!("{sk:?}");
    assert!(text.starts_with("ML-DSA-65 SigningKey"));
    let expanded = sk.to_expanded_bytes();
    let secret_hex: String = expanded[32..64]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(!text.contains(&secret_hex[..16]));
    fn zeroize_on_drop<T: zeroize::ZeroizeOnDrop>() {}
    zeroize_on_drop::<SigningKey>();
}
