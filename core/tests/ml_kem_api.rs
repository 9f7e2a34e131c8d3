//! The public ML-KEM API: error paths, round trips, key import and export,
//! randomness use, and the RustCrypto `kem` trait implementations.

use core::convert::Infallible;
use pqkit::Error;
use pqkit::hash::{Shake128Reader, Xof};
use pqkit::ml_kem::{RANDOMNESS_LEN, SEED_LEN, SHARED_SECRET_LEN, SharedSecret};
use subtle::ConstantTimeEq;

/// A deterministic generator (SHAKE128 of a label), good enough for tests.
struct TestRng(Shake128Reader);

impl TestRng {
    fn new(label: &[u8]) -> Self {
        TestRng(Shake128Reader::new(&[label]))
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

#[test]
fn constants() {
    assert_eq!((SEED_LEN, SHARED_SECRET_LEN, RANDOMNESS_LEN), (64, 32, 32));
    use pqkit::ml_kem::{ml_kem_512 as a, ml_kem_768 as b, ml_kem_1024 as c};
    assert_eq!(
        (
            a::ENCAPSULATION_KEY_LEN,
            a::DECAPSULATION_KEY_LEN,
            a::CIPHERTEXT_LEN
        ),
        (800, 1632, 768)
    );
    assert_eq!(
        (
            b::ENCAPSULATION_KEY_LEN,
            b::DECAPSULATION_KEY_LEN,
            b::CIPHERTEXT_LEN
        ),
        (1184, 2400, 1088)
    );
    assert_eq!(
        (
            c::ENCAPSULATION_KEY_LEN,
            c::DECAPSULATION_KEY_LEN,
            c::CIPHERTEXT_LEN
        ),
        (1568, 3168, 1568)
    );
}

macro_rules! api_suite {
    ($module:ident, $marker:ident, $name:literal) => {
        mod $module {
            use super::*;
            use pqkit::ml_kem::$marker;
            use pqkit::ml_kem::$module::{
                CIPHERTEXT_LEN, Ciphertext, DECAPSULATION_KEY_LEN, DecapsulationKey,
                ENCAPSULATION_KEY_LEN, EncapsulationKey,
            };

            fn invalid_length(what: &'static str, expected: usize, actual: usize) -> Error {
                Error::InvalidLength {
                    what,
                    expected,
                    actual,
                }
            }

            #[test]
            fn in_place_forms_equal_the_by_value_forms() {
                let seed = [0x5a; 64];
                let by_value = DecapsulationKey::from_seed(&seed);
                // Start from an imported key without a seed: every part,
                // the seed included, must be replaced.
                let mut slot = DecapsulationKey::from_expanded_bytes(
                    &*DecapsulationKey::from_seed(&[1; 64]).to_expanded_bytes(),
                )
                .unwrap();
                assert_eq!(slot.seed(), None);
                slot.set_from_seed(&seed);
                assert_eq!(slot.seed(), Some(&seed));
                assert_eq!(*slot.to_expanded_bytes(), *by_value.to_expanded_bytes());
                assert_eq!(slot.encapsulation_key(), by_value.encapsulation_key());

                let ek = by_value.encapsulation_key();
                let m = [0x33; RANDOMNESS_LEN];
                let (ct, secret) = ek.encapsulate_deterministic(&m);
                let mut ct_into = Ciphertext::from([0xff; CIPHERTEXT_LEN]);
                let secret_into = ek.encapsulate_deterministic_into(&m, &mut ct_into);
                assert_eq!(ct_into, ct);
                assert_eq!(secret_into, secret);

                // The same randomness through both RNG forms.
                let (ct, secret) = ek.encapsulate(&mut TestRng::new(b"into"));
                let secret_into = ek.encapsulate_into(&mut TestRng::new(b"into"), &mut ct_into);
                assert_eq!(ct_into, ct);
                assert_eq!(secret_into, secret);
                assert_eq!(slot.decapsulate(&ct_into), secret);
            }

            #[test]
            fn every_wrong_length_is_rejected() {
                let dk = DecapsulationKey::from_seed(&[3; 64]);
                let ek = dk.encapsulation_key().as_bytes().to_vec();
                let dk_bytes = dk.to_expanded_bytes().to_vec();
                let ct = ek.clone();
                for len in 0..DECAPSULATION_KEY_LEN + 2 {
                    if len != ENCAPSULATION_KEY_LEN {
                        let mut v = ek.clone();
                        v.resize(len, 0);
                        assert_eq!(
                            EncapsulationKey::from_bytes(&v),
                            Err(invalid_length(
                                concat!($name, " encapsulation key"),
                                ENCAPSULATION_KEY_LEN,
                                len
                            ))
                        );
                    }
                    if len != DECAPSULATION_KEY_LEN {
                        let mut v = dk_bytes.clone();
                        v.resize(len, 0);
                        assert_eq!(
                            DecapsulationKey::from_expanded_bytes(&v).unwrap_err(),
                            invalid_length(
                                concat!($name, " decapsulation key"),
                                DECAPSULATION_KEY_LEN,
                                len
                            )
                        );
                    }
                    if len != CIPHERTEXT_LEN {
                        let mut v = ct.clone();
                        v.resize(len, 0);
                        assert_eq!(
                            Ciphertext::from_bytes(&v),
                            Err(invalid_length(
                                concat!($name, " ciphertext"),
                                CIPHERTEXT_LEN,
                                len
                            ))
                        );
                    }
                    if len != SEED_LEN && len < 200 {
                        assert_eq!(
                            DecapsulationKey::try_from_seed(&vec![0; len]).unwrap_err(),
                            invalid_length(concat!($name, " seed"), SEED_LEN, len)
                        );
                    }
                }
            }

            #[test]
            fn non_reduced_keys_get_a_typed_error() {
                let dk = DecapsulationKey::from_seed(&[4; 64]);
                let good = dk.encapsulation_key().as_bytes().to_vec();
                // Set each polynomial's last coefficient (top 12 bits of its
                // 384 bytes) to q = 3329 and then to 4095.
                for poly in 0..(ENCAPSULATION_KEY_LEN - 32) / 384 {
                    for value in [3329u16, 4095] {
                        let mut ek = good.clone();
                        let at = 384 * poly + 382;
                        ek[at] = (ek[at] & 0x0f) | ((value & 0x0f) << 4) as u8;
                        ek[at + 1] = (value >> 4) as u8;
                        assert_eq!(
                            EncapsulationKey::from_bytes(&ek),
                            Err(Error::EncapsulationKeyNotReduced)
                        );
                        // Embedded in an expanded decapsulation key as well.
                        let mut dkb = dk.to_expanded_bytes().to_vec();
                        let off = DECAPSULATION_KEY_LEN - ENCAPSULATION_KEY_LEN - 64;
                        dkb[off..off + ENCAPSULATION_KEY_LEN].copy_from_slice(&ek);
                        assert_eq!(
                            DecapsulationKey::from_expanded_bytes(&dkb).unwrap_err(),
                            Error::EncapsulationKeyNotReduced
                        );
                    }
                    // q - 1 is fine.
                    let mut ek = good.clone();
                    let (at, value) = (384 * poly + 382, 3328u16);
                    ek[at] = (ek[at] & 0x0f) | ((value & 0x0f) << 4) as u8;
                    ek[at + 1] = (value >> 4) as u8;
                    assert!(EncapsulationKey::from_bytes(&ek).is_ok());
                }
                // The seed rho is not range-checked: any bytes are fine.
                let mut ek = good.clone();
                for b in &mut ek[ENCAPSULATION_KEY_LEN - 32..] {
                    *b = 0xff;
                }
                assert!(EncapsulationKey::from_bytes(&ek).is_ok());
            }

            #[test]
            fn expanded_key_hash_is_checked() {
                let dk = DecapsulationKey::from_seed(&[5; 64]);
                let mut bytes = dk.to_expanded_bytes().to_vec();
                bytes[DECAPSULATION_KEY_LEN - 64] ^= 1;
                let err = DecapsulationKey::from_expanded_bytes(&bytes).unwrap_err();
                assert_eq!(err, Error::DecapsulationKeyHashMismatch);
                assert_eq!(err.code(), "DECAPSULATION_KEY_HASH_MISMATCH");
            }

            #[test]
            fn round_trips_and_implicit_rejection() {
                let mut rng = TestRng::new($name.as_bytes());
                let dk = DecapsulationKey::generate(&mut rng);
                let ek = EncapsulationKey::from_bytes(dk.encapsulation_key().as_bytes()).unwrap();
                assert_eq!(&ek, dk.encapsulation_key());
                for _ in 0..20 {
                    let (ct, k) = ek.encapsulate(&mut rng);
                    assert_eq!(dk.decapsulate(&ct), k);
                    let ct2 = Ciphertext::from_bytes(ct.as_bytes()).unwrap();
                    assert_eq!(ct2, ct);
                    // Flipping any single bit selects the rejection key J(z || c).
                    for bit in [0, 8 * CIPHERTEXT_LEN - 1, 4 * CIPHERTEXT_LEN] {
                        let mut bad = *ct.as_bytes();
                        bad[bit / 8] ^= 1 << (bit % 8);
                        let rejected = dk.decapsulate(&Ciphertext::from(bad));
                        assert!(!bool::from(rejected.ct_eq(&k)));
                        // Deterministic: the same bad ciphertext, the same key.
                        assert_eq!(rejected, dk.decapsulate(&Ciphertext::from(bad)));
                    }
                }
                // Imported expanded keys decapsulate identically.
                let imported =
                    DecapsulationKey::from_expanded_bytes(&dk.to_expanded_bytes()[..]).unwrap();
                assert_eq!(imported.seed(), None);
                let (ct, k) = ek.encapsulate_deterministic(&[9; 32]);
                assert_eq!(imported.decapsulate(&ct), k);
                assert_eq!(dk.clone().decapsulate(&ct), k);
            }

            #[test]
            fn generate_uses_the_rng() {
                let mut seed = [0u8; 64];
                rand_core::Rng::fill_bytes(&mut TestRng::new(b"gen"), &mut seed);
                let dk = DecapsulationKey::generate(&mut TestRng::new(b"gen"));
                assert_eq!(dk.seed(), Some(&seed));
                assert_eq!(
                    dk.encapsulation_key(),
                    DecapsulationKey::from_seed(&seed).encapsulation_key()
                );
                assert_eq!(
                    DecapsulationKey::try_generate(&mut BrokenRng).unwrap_err(),
                    Error::Rng
                );
                let other = DecapsulationKey::generate(&mut TestRng::new(b"other"));
                assert_ne!(other.encapsulation_key(), dk.encapsulation_key());
            }

            #[test]
            fn debug_output_hides_secrets() {
                let dk = DecapsulationKey::from_seed(&[0xab; 64]);
                let text = format!("{dk:?}");
                assert!(text.contains($name));
                let z_hex = "abababab";
                assert!(!text.contains(z_hex), "{text}");
                let (_, k) = dk.encapsulation_key().encapsulate_deterministic(&[1; 32]);
                assert_eq!(format!("{k:?}"), "SharedSecret(..)");
            }

            #[test]
            fn rustcrypto_kem_traits() {
                use kem::{
                    Decapsulate, Decapsulator, Encapsulate, FromSeed, Generate, Kem, KeyExport,
                    KeyInit, TryDecapsulate, TryKeyInit,
                };
                let mut rng = TestRng::new(b"kem traits");
                let (dk, ek) = <$marker as Kem>::generate_keypair_from_rng(&mut rng);
                let (ct, k) = ek.encapsulate_with_rng(&mut rng);
                assert_eq!(Decapsulate::decapsulate(&dk, &ct), k);
                assert_eq!(dk.try_decapsulate(&ct).unwrap(), k);
                assert_eq!(dk.decapsulate_slice(&ct[..]).unwrap(), k);
                assert!(dk.decapsulate_slice(&ct[1..]).is_err());
                assert_eq!(Decapsulator::encapsulation_key(&dk), &ek);

                // KeyInit from the seed equals the inherent constructor.
                let seed = [6u8; 64];
                let via_trait = <DecapsulationKey as KeyInit>::new(&seed.into());
                let (_, ek2) = <$marker as FromSeed>::from_seed(&seed.into());
                assert_eq!(&ek2, DecapsulationKey::from_seed(&seed).encapsulation_key());
                assert_eq!(via_trait.encapsulation_key(), &ek2);

                // TryKeyInit runs the modulus check; KeyExport gives the bytes back.
                let exported = ek.to_bytes();
                assert_eq!(
                    <EncapsulationKey as TryKeyInit>::new(&exported).unwrap(),
                    ek
                );
                let mut bad = exported.clone();
                bad[0] = 0xff;
                bad[1] |= 0x0f;
                assert!(<EncapsulationKey as TryKeyInit>::new(&bad).is_err());
                assert!(<EncapsulationKey as TryKeyInit>::new_from_slice(&exported[1..]).is_err());

                // Generate draws the seed from the generator.
                let g = DecapsulationKey::generate_from_rng(&mut TestRng::new(b"g"));
                assert_eq!(
                    g.seed(),
                    DecapsulationKey::generate(&mut TestRng::new(b"g")).seed()
                );
                assert!(
                    <DecapsulationKey as Generate>::try_generate_from_rng(&mut BrokenRng).is_err()
                );

                // Interoperates with RustCrypto ml-kem through the same traits.
                let theirs = ml_kem::$module::DecapsulationKey::from_seed(seed.into());
                let their_ek = theirs.encapsulation_key();
                let (ct, k) = ek2.encapsulate_with_rng(&mut rng);
                assert_eq!(Decapsulate::decapsulate(&theirs, &ct), k);
                let (ct, k) = their_ek.encapsulate_with_rng(&mut rng);
                assert_eq!(Decapsulate::decapsulate(&via_trait, &ct), k);
            }

            #[test]
            fn shared_secret_compares_in_constant_time_api() {
                let dk = DecapsulationKey::from_seed(&[8; 64]);
                let (_, a) = dk.encapsulation_key().encapsulate_deterministic(&[1; 32]);
                let (_, b) = dk.encapsulation_key().encapsulate_deterministic(&[2; 32]);
                assert!(bool::from(a.ct_eq(&a.clone())));
                assert!(!bool::from(a.ct_eq(&b)));
                let _: &SharedSecret = &a;
            }
        }
    };
}

api_suite!(ml_kem_512, MlKem512, "ML-KEM-512");
api_suite!(ml_kem_768, MlKem768, "ML-KEM-768");
api_suite!(ml_kem_1024, MlKem1024, "ML-KEM-1024");
