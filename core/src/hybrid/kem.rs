//! Stand-alone hybrid KEMs with the SHA3-256 combiner: X-Wing
//! (draft-connolly-cfrg-xwing-kem) and the CFRG concrete hybrids
//! MLKEM768-P256 and MLKEM1024-P384 (draft-irtf-cfrg-concrete-hybrid-kems).
//!
//! All three follow one recipe (the drafts' "QSF" framework):
//!
//! ```text
//! expandKey(seed):   seed_full = SHAKE256(seed, 64 + Group.Nseed)
//!                    (ek_PQ, dk_PQ) = ML-KEM.KeyGen_internal(seed_full[0:64])
//!                    dk_T = Group.RandomScalar(seed_full[64:]);  ek_T = Group.Exp(G, dk_T)
//! public key:        ek_PQ || ek_T
//! Encaps(ek; r):     (ss_PQ, ct_PQ) = ML-KEM.Encaps_internal(ek_PQ, r[0:32])
//!                    sk_E = Group.RandomScalar(r[32:]);  ct_T = Group.Exp(G, sk_E)
//!                    ss_T = Group.Exp(ek_T, sk_E)
//! ciphertext:        ct_PQ || ct_T
//! shared secret:     SHA3-256(ss_PQ || ss_T || ct_T || ek_T || Label)
//! ```
//!
//! The private key is the 32-byte seed; the expanded keys are kept alongside
//! it so that decapsulation does not redo key generation. ML-KEM's implicit
//! rejection makes X-Wing's decapsulation infallible; for the NIST curves a
//! ciphertext whose curve point is invalid is an error.
//!
//! For small stacks every step also works in memory the caller owns:
//! [`xwing::SecretKey::set_from_seed`] expands into an existing key,
//! [`xwing::PublicKey::encapsulate_derand_into`] and
//! [`xwing::encapsulate_derand_from_bytes`] (straight from an encoded public
//! key) write the ciphertext into the caller's buffer, and decapsulation
//! reads the ciphertext where it lies. The by-value forms call them and give
//! the same bytes.

use super::dh::Dh;
use super::mlkem::MlKem;
use crate::hash::{sha3_256, shake256};
use crate::{Error, Result};

/// The combiner: `SHA3-256(ss_PQ || ss_T || ct_T || ek_T || Label)`.
fn combine(ss_pq: &[u8], ss_t: &[u8], ct_t: &[u8], ek_t: &[u8], label: &[u8]) -> [u8; 32] {
    sha3_256(&[ss_pq, ss_t, ct_t, ek_t, label])
}

/// `expandKey`: the component keys from the 32-byte seed, generated into
/// `dk` and `pk` (the public key). Returns the group scalar.
///
/// The scalar is the only part that can be refused, and it is derived
/// first: on error `dk` and `pk` are left as they were.
fn expand<K: MlKem, D: Dh>(seed: &[u8; 32], dk: &mut K::Dk, pk: &mut [u8]) -> Result<D::Secret> {
    // 64 + the largest Group.Nseed (128, P-256).
    let mut full = zeroize::Zeroizing::new([0u8; 64 + 128]);
    let full = &mut full[..64 + D::SEED_LEN];
    shake256(&[seed], full);
    let (kem_seed, dh_seed) = full.split_at(64);
    let dh = D::random_scalar(dh_seed)?;
    let kem_seed: &[u8; 64] = kem_seed.try_into().map_err(|_| Error::InvalidPrivateKey)?;
    K::dk_set_from_seed(dk, kem_seed);
    let (pk_pq, pk_t) = pk.split_at_mut(K::EK_LEN);
    pk_pq.copy_from_slice(K::ek_bytes(dk));
    D::public_key(&dh, pk_t);
    Ok(dh)
}

/// The public-key checks: the ML-KEM part passes the FIPS 203 section 7.2
/// check, the group part is a valid element. Returns `H(ek_PQ)`.
fn check_public_key<K: MlKem, D: Dh>(pk: &[u8]) -> Result<[u8; 32]> {
    let (pq, t) = pk.split_at(K::EK_LEN);
    K::check_ek(pq)?;
    D::check_element(t)?;
    K::hash_ek(pq)
}

/// `EncapsDerand` to the checked public key `pk` (`ek_PQ || ek_T`, with
/// `h = H(ek_PQ)`): writes the ciphertext, returns the shared secret.
///
/// Every check comes before the first write to `ct`: on error it is left as
/// it was.
fn encapsulate<K: MlKem, D: Dh>(
    label: &[u8],
    pk: &[u8],
    h: &[u8; 32],
    randomness: &[u8],
    ct: &mut [u8],
) -> Result<[u8; 32]> {
    // Exactly `m` and the ephemeral seed: a longer input would be silently
    // cut (X-Wing's RandomScalar reads 32 bytes). The seed is `Group.Nseed`
    // bytes, or for P-256 also the three scalar tries of the HPKE-PQ test
    // vectors; both are exact lengths, nothing in between is taken.
    let len = randomness.len();
    if len != 32 + D::SEED_LEN && len != 32 + D::ENCAPS_SEED_LEN {
        return Err(Error::InvalidLength {
            what: "hybrid KEM encapsulation randomness",
            expected: 32 + D::SEED_LEN,
            actual: len,
        });
    }
    let (m, dh_seed) = randomness.split_at(32);
    let m: &[u8; 32] = m.try_into().map_err(|_| Error::Rng)?;
    let sk_e = D::random_scalar(dh_seed)?;
    let (ek_pq, ek_t) = pk.split_at(K::EK_LEN);
    let mut ss_t = zeroize::Zeroizing::new([0u8; 48]);
    let ss_t = &mut ss_t[..D::SS_LEN];
    D::shared_secret(&sk_e, ek_t, ss_t)?;
    let (ct_pq, ct_t) = ct.split_at_mut(K::CT_LEN);
    let ss_pq = K::encapsulate(ek_pq, h, m, ct_pq)?;
    D::public_key(&sk_e, ct_t);
    Ok(combine(ss_pq.as_bytes(), ss_t, ct_t, ek_t, label))
}

/// `Decaps`.
fn decapsulate<K: MlKem, D: Dh>(
    label: &[u8],
    dk: &K::Dk,
    dh: &D::Secret,
    ek_t: &[u8],
    ct: &[u8],
) -> Result<[u8; 32]> {
    let (ct_pq, ct_t) = ct.split_at(K::CT_LEN);
    let mut ss_t = zeroize::Zeroizing::new([0u8; 48]);
    let ss_t = &mut ss_t[..D::SS_LEN];
    D::shared_secret(dh, ct_t, ss_t)?;
    let ss_pq = K::decapsulate(dk, ct_pq)?;
    Ok(combine(ss_pq.as_bytes(), ss_t, ct_t, ek_t, label))
}

macro_rules! hybrid_kem {
    (
        $(#[$doc:meta])*
        $module:ident, $name:literal, label: $label:expr, kem: $kem:ty, dh: $dh:ty,
        public_key: $pk:literal, ciphertext: $ct:literal, randomness: $rand:literal
    ) => {
        $(#[$doc])*
        pub mod $module {
            use super::*;
            use crate::hybrid::SharedSecret;
            use rand_core::CryptoRng;
            use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

            /// The algorithm's name.
            pub const NAME: &str = $name;
            /// The combiner's domain-separation label.
            pub const LABEL: &[u8] = $label;
            /// Length of the private key (a seed).
            pub const SECRET_KEY_LEN: usize = 32;
            /// Length of the public key: `ek_PQ || ek_T`.
            pub const PUBLIC_KEY_LEN: usize = $pk;
            /// Length of the ciphertext: `ct_PQ || ct_T`.
            pub const CIPHERTEXT_LEN: usize = $ct;
            /// Length of the shared secret.
            pub const SHARED_SECRET_LEN: usize = 32;
            /// Length of the encapsulation randomness: ML-KEM's `m`, then the
            /// `Group.Nseed`-byte seed of the ephemeral scalar (32 bytes for
            /// X25519, 128 for P-256, 48 for P-384), as `@noble/post-quantum`
            /// draws it. MLKEM768-P256 also takes `m` and 96 bytes, the
            /// length of the HPKE-PQ test vectors.
            pub const RANDOMNESS_LEN: usize = $rand;
            const _: () = assert!(RANDOMNESS_LEN == 32 + <$dh as Dh>::SEED_LEN);
            /// The other length of encapsulation randomness taken: that of the
            /// HPKE-PQ test vectors (equal to [`RANDOMNESS_LEN`] but for
            /// MLKEM768-P256).
            pub const VECTOR_RANDOMNESS_LEN: usize = 32 + <$dh as Dh>::ENCAPS_SEED_LEN;

            /// The shared secret.
            pub type Secret = SharedSecret<[u8; 32]>;

            /// A public (encapsulation) key.
            #[derive(Clone)]
            pub struct PublicKey {
                bytes: [u8; $pk],
                /// `H(ek_PQ)` (FIPS 203 section 4.1), which encapsulation hashes in.
                h: [u8; 32],
            }

            impl core::fmt::Debug for PublicKey {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    write!(f, concat!($name, " PublicKey({:02x?}...)"), &self.bytes[..8])
                }
            }

            impl PartialEq for PublicKey {
                fn eq(&self, other: &Self) -> bool {
                    self.bytes == other.bytes
                }
            }
            impl Eq for PublicKey {}

            impl PublicKey {
                /// Imports a public key: the ML-KEM part must pass the FIPS
                /// 203 section 7.2 check and the curve part must be a valid point.
                pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
                    let bytes: [u8; $pk] = bytes.try_into().map_err(|_| Error::InvalidLength {
                        what: concat!($name, " public key"),
                        expected: $pk,
                        actual: bytes.len(),
                    })?;
                    let h = check_public_key::<$kem, $dh>(&bytes)?;
                    Ok(Self { bytes, h })
                }

                /// The encoded public key.
                pub fn as_bytes(&self) -> &[u8; $pk] {
                    &self.bytes
                }

                /// Encapsulates a fresh shared secret to this key.
                pub fn encapsulate(&self, rng: &mut impl CryptoRng) -> Result<([u8; $ct], Secret)> {
                    let mut r = Zeroizing::new([0u8; $rand]);
                    rng.fill_bytes(&mut r[..]);
                    self.encapsulate_derand(&r[..])
                }

                /// Encapsulation with caller-provided randomness (`EncapsDerand`),
                /// for tests and protocol vectors only. `randomness` is ML-KEM's
                /// `m` (32 bytes) followed by the seed of the ephemeral scalar:
                /// exactly `RANDOMNESS_LEN` bytes.
                pub fn encapsulate_derand(&self, randomness: &[u8]) -> Result<([u8; $ct], Secret)> {
                    let mut ct = [0u8; $ct];
                    let ss = self.encapsulate_derand_into(randomness, &mut ct)?;
                    Ok((ct, ss))
                }

                /// [`PublicKey::encapsulate`] writing the ciphertext into
                /// `ct`, which the caller owns; see
                /// [`PublicKey::encapsulate_derand_into`].
                pub fn encapsulate_into(
                    &self,
                    rng: &mut impl CryptoRng,
                    ct: &mut [u8; $ct],
                ) -> Result<Secret> {
                    let mut r = Zeroizing::new([0u8; $rand]);
                    rng.fill_bytes(&mut r[..]);
                    self.encapsulate_derand_into(&r[..], ct)
                }

                /// [`PublicKey::encapsulate_derand`] writing the ciphertext
                /// into `ct`, which the caller owns; the same caveat on the
                /// randomness applies.
                ///
                /// Rust does not promise to build a returned value in the
                /// caller's memory: the by-value form may build the
                /// ciphertext in its own frame and copy it out. Every check
                /// comes before the first byte of `ct` is written: on error
                /// it is left as it was.
                pub fn encapsulate_derand_into(
                    &self,
                    randomness: &[u8],
                    ct: &mut [u8; $ct],
                ) -> Result<Secret> {
                    let ss = encapsulate::<$kem, $dh>(LABEL, &self.bytes, &self.h, randomness, ct)?;
                    Ok(SharedSecret(ss))
                }
            }

            /// [`PublicKey::encapsulate_derand_into`] straight from an encoded
            /// public key, which is checked as [`PublicKey::from_bytes`]
            /// checks it (the FIPS 203 section 7.2 modulus check included)
            /// and read where it lies instead of being copied into a
            /// [`PublicKey`]. On error `ct` is left as it was.
            pub fn encapsulate_derand_from_bytes(
                public_key: &[u8],
                randomness: &[u8],
                ct: &mut [u8; $ct],
            ) -> Result<Secret> {
                if public_key.len() != $pk {
                    return Err(Error::InvalidLength {
                        what: concat!($name, " public key"),
                        expected: $pk,
                        actual: public_key.len(),
                    });
                }
                let h = check_public_key::<$kem, $dh>(public_key)?;
                let ss = encapsulate::<$kem, $dh>(LABEL, public_key, &h, randomness, ct)?;
                Ok(SharedSecret(ss))
            }

            /// A private (decapsulation) key: the 32-byte seed and what it expands to.
            #[derive(ZeroizeOnDrop)]
            pub struct SecretKey {
                seed: [u8; 32],
                #[zeroize(skip)]
                kem: <$kem as MlKem>::Dk,
                #[zeroize(skip)]
                dh: <$dh as Dh>::Secret,
                #[zeroize(skip)]
                public: PublicKey,
            }

            impl core::fmt::Debug for SecretKey {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str(concat!($name, " SecretKey (redacted)"))
                }
            }

            impl SecretKey {
                /// Expands a 32-byte seed into a key pair (`expandKey`).
                pub fn from_seed(seed: &[u8; 32]) -> Result<Self> {
                    let mut kem = <$kem as MlKem>::dk_zeroed();
                    let mut bytes = [0u8; $pk];
                    let dh = expand::<$kem, $dh>(seed, &mut kem, &mut bytes)?;
                    let public = PublicKey {
                        h: *<$kem as MlKem>::ek_hash(&kem),
                        bytes,
                    };
                    Ok(Self { seed: *seed, kem, dh, public })
                }

                /// [`SecretKey::from_seed`] into this key, replacing every
                /// part of it (public key included).
                ///
                /// Rust does not promise to build a returned value in the
                /// caller's memory: `from_seed` may build the key (the
                /// ML-KEM decapsulation key and the public key, about 3.7
                /// KiB for X-Wing) in its own frame and move it out.
                /// Firmware that keeps its key in memory it owns expands
                /// into it here.
                ///
                /// Only a seed whose every scalar try is out of range
                /// ([`Error::InvalidScalar`], NIST curves, probability below
                /// 2^-128) is refused; the key is then left as it was.
                pub fn set_from_seed(&mut self, seed: &[u8; 32]) -> Result<()> {
                    self.dh = expand::<$kem, $dh>(seed, &mut self.kem, &mut self.public.bytes)?;
                    self.public.h = *<$kem as MlKem>::ek_hash(&self.kem);
                    self.seed = *seed;
                    Ok(())
                }

                /// A fresh random key pair.
                pub fn generate(rng: &mut impl CryptoRng) -> Result<Self> {
                    let mut seed = Zeroizing::new([0u8; 32]);
                    loop {
                        rng.fill_bytes(&mut seed[..]);
                        // Only a seed whose every scalar try is out of range
                        // (probability below 2^-128) is refused.
                        match Self::from_seed(&seed) {
                            Err(Error::InvalidScalar) => continue,
                            other => return other,
                        }
                    }
                }

                /// The seed: the private key's only serialised form.
                pub fn seed(&self) -> &[u8; 32] {
                    &self.seed
                }

                /// The matching public key.
                pub fn public_key(&self) -> &PublicKey {
                    &self.public
                }

                /// Decapsulates a ciphertext of `CIPHERTEXT_LEN` bytes.
                pub fn decapsulate(&self, ciphertext: &[u8]) -> Result<Secret> {
                    if ciphertext.len() != $ct {
                        return Err(Error::InvalidLength {
                            what: concat!($name, " ciphertext"),
                            expected: $ct,
                            actual: ciphertext.len(),
                        });
                    }
                    let ek_t = &self.public.bytes[<$kem as MlKem>::EK_LEN..];
                    let mut ss = decapsulate::<$kem, $dh>(LABEL, &self.kem, &self.dh, ek_t, ciphertext)?;
                    let out = SharedSecret(ss);
                    ss.zeroize();
                    Ok(out)
                }
            }
        }
    };
}

#[cfg(feature = "x25519")]
hybrid_kem!(
    /// X-Wing (draft-connolly-cfrg-xwing-kem): ML-KEM-768 and X25519, the
    /// construction browsers name `MLKEM768-X25519` (HPKE KEM 0x647A).
    xwing, "X-Wing", label: b"\\.//^\\", kem: crate::ml_kem::MlKem768,
    dh: crate::hybrid::dh::X25519, public_key: 1216, ciphertext: 1120, randomness: 64
);

#[cfg(feature = "p256")]
hybrid_kem!(
    /// MLKEM768-P256 (draft-irtf-cfrg-concrete-hybrid-kems, HPKE KEM 0x0050).
    mlkem768_p256, "MLKEM768-P256", label: b"MLKEM768-P256", kem: crate::ml_kem::MlKem768,
    dh: crate::hybrid::dh::P256, public_key: 1249, ciphertext: 1153, randomness: 160
);

#[cfg(feature = "p384")]
hybrid_kem!(
    /// MLKEM1024-P384 (draft-irtf-cfrg-concrete-hybrid-kems, HPKE KEM 0x0051).
    mlkem1024_p384, "MLKEM1024-P384", label: b"MLKEM1024-P384", kem: crate::ml_kem::MlKem1024,
    dh: crate::hybrid::dh::P384, public_key: 1665, ciphertext: 1665, randomness: 80
);

#[cfg(test)]
mod tests {
    use crate::Error;

    /// Encapsulation randomness must be exactly `RANDOMNESS_LEN` bytes (or
    /// the test vectors' length `$alt`), and the error names
    /// `RANDOMNESS_LEN` (X-Wing used to take 96 bytes and drop the last 32;
    /// the NIST hybrids took any `32 + n * scalar` bytes).
    #[test]
    fn encapsulation_randomness_has_exact_lengths() {
        macro_rules! check {
            ($module:ident, $scalar:literal, $alt:literal) => {{
                use super::$module::*;
                let sk = SecretKey::from_seed(&[3u8; 32]).unwrap();
                let pk = sk.public_key();
                let r = [0x42u8; 512];
                for ok in [RANDOMNESS_LEN, $alt] {
                    let (ct, ss) = pk.encapsulate_derand(&r[..ok]).unwrap();
                    assert_eq!(sk.decapsulate(&ct).unwrap().as_bytes(), ss.as_bytes());
                }
                let lengths = [
                    0,
                    32,
                    RANDOMNESS_LEN - 1,
                    RANDOMNESS_LEN + 1,
                    RANDOMNESS_LEN + $scalar,
                    RANDOMNESS_LEN - $scalar,
                    $alt - 1,
                    $alt + 1,
                ];
                for len in lengths.into_iter().filter(|&l| l != $alt) {
                    match pk.encapsulate_derand(&r[..len]) {
                        Err(Error::InvalidLength {
                            expected, actual, ..
                        }) => {
                            assert_eq!((expected, actual), (RANDOMNESS_LEN, len), "{}", NAME)
                        }
                        other => panic!("{} with {len} bytes: {:?}", NAME, other.map(|_| ())),
                    }
                }
            }};
        }
        #[cfg(feature = "x25519")]
        check!(xwing, 32, 64);
        #[cfg(feature = "p256")]
        check!(mlkem768_p256, 32, 128);
        #[cfg(feature = "p384")]
        check!(mlkem1024_p384, 48, 80);
    }
}
