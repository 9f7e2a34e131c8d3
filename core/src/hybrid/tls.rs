//! The TLS 1.3 hybrid key exchange groups of draft-ietf-tls-ecdhe-mlkem.
//!
//! Each group runs in three steps: the client makes its key share
//! ([`x25519_mlkem768::ClientKey::generate`]), the server answers it
//! ([`x25519_mlkem768::respond`]: ML-KEM encapsulation plus ECDH), and the
//! client finishes ([`x25519_mlkem768::ClientKey::finish`]). Both ends get the
//! same shared secret, which TLS feeds into its key schedule as is.
//!
//! The draft fixes the byte order of each group: only X25519MLKEM768 puts the
//! ML-KEM part first, a choice made for FIPS-approved key derivation.
//!
//! | group | client share | server share | secret |
//! |---|---|---|---|
//! | X25519MLKEM768 (0x11EC) | `ek(1184) ‖ x25519(32)` | `ct(1088) ‖ x25519(32)` | `ss_mlkem ‖ ss_x25519` |
//! | SecP256r1MLKEM768 (0x11EB) | `p256(65) ‖ ek(1184)` | `p256(65) ‖ ct(1088)` | `ecdh_x(32) ‖ ss_mlkem` |
//! | SecP384r1MLKEM1024 (0x11ED) | `p384(97) ‖ ek(1568)` | `p384(97) ‖ ct(1568)` | `ecdh_x(48) ‖ ss_mlkem` |
//!
//! Each step also has a form that works in memory the caller owns, for
//! small stacks: [`x25519_mlkem768::ClientKey::set_from_seed`] generates into
//! an existing key, [`x25519_mlkem768::respond_derand_into`] reads the
//! client's share where it lies and writes the server's share into the
//! caller's buffer, and `finish` reads the server's share in place. The
//! by-value forms call them and give the same bytes.
//!
//! The checks the draft requires are made: the server runs the FIPS 203
//! section 7.2 check on the client's encapsulation key, both sides insist on
//! exact share lengths, invalid or identity curve points are rejected, and so
//! is an all-zero X25519 result.

use super::dh::Dh;
use super::mlkem::MlKem;
use crate::{Error, Result};
use rand_core::CryptoRng;
use subtle::ConstantTimeEq;

/// Splits a share into its ML-KEM and ECDH parts in the group's order.
fn split(share: &[u8], kem_len: usize, mlkem_first: bool) -> (&[u8], &[u8]) {
    if mlkem_first {
        share.split_at(kem_len)
    } else {
        let (dh, kem) = share.split_at(share.len() - kem_len);
        (kem, dh)
    }
}

fn split_mut(share: &mut [u8], kem_len: usize, mlkem_first: bool) -> (&mut [u8], &mut [u8]) {
    if mlkem_first {
        share.split_at_mut(kem_len)
    } else {
        let at = share.len() - kem_len;
        let (dh, kem) = share.split_at_mut(at);
        (kem, dh)
    }
}

/// The ECDH part of the secret, rejecting an all-zero result (which only a
/// small-order X25519 point can produce; the NIST curves never give one for a
/// valid point).
fn ecdh<D: Dh>(sk: &D::Secret, peer: &[u8], out: &mut [u8]) -> Result<()> {
    D::shared_secret(sk, peer, out)?;
    let zero = out.iter().fold(0u8, |acc, b| acc | b).ct_eq(&0);
    // An all-zero result comes from a low-order peer share (public) and
    // aborts the exchange, which the peer sees (RFC 8446 section 7.4.2).
    if crate::arith::portable::declassify(bool::from(zero)) {
        return Err(Error::AllZeroSharedSecret);
    }
    Ok(())
}

fn check_len(what: &'static str, bytes: &[u8], expected: usize) -> Result<()> {
    if bytes.len() == expected {
        Ok(())
    } else {
        Err(Error::InvalidLength {
            what,
            expected,
            actual: bytes.len(),
        })
    }
}

/// Client step 1: the key pair from the seed `kem_seed(64) ‖ dh_scalar`,
/// generated into `dk` and `share` (the key share). Returns the ECDH scalar.
///
/// The scalar is the only part that can be refused, and it is checked
/// first: on error `dk` and `share` are left as they were.
fn client_keys<K: MlKem, D: Dh>(
    seed: &[u8],
    mlkem_first: bool,
    dk: &mut K::Dk,
    share: &mut [u8],
) -> Result<D::Secret> {
    let (kem_seed, dh_seed) = seed.split_at(64);
    let dh = D::random_scalar(dh_seed)?;
    let kem_seed: &[u8; 64] = kem_seed.try_into().map_err(|_| Error::InvalidPrivateKey)?;
    K::dk_set_from_seed(dk, kem_seed);
    let (kem_out, dh_out) = split_mut(share, K::EK_LEN, mlkem_first);
    kem_out.copy_from_slice(K::ek_bytes(dk));
    D::public_key(&dh, dh_out);
    Ok(dh)
}

/// Server step 2: answer `client_share` with randomness `m(32) ‖ dh_scalar`.
///
/// The client's encapsulation key is used where it lies in `client_share`
/// (after the FIPS 203 section 7.2 check), not copied out. Every check comes
/// before the first write to `server_share`, so on error it is left as it
/// was; `secret` may hold part of the ECDH secret then, and the caller
/// wipes it.
fn answer<K: MlKem, D: Dh>(
    what: &'static str,
    client_share: &[u8],
    randomness: &[u8],
    mlkem_first: bool,
    server_share: &mut [u8],
    secret: &mut [u8],
) -> Result<()> {
    check_len(what, client_share, K::EK_LEN + D::ELEM_LEN)?;
    let (ek, peer) = split(client_share, K::EK_LEN, mlkem_first);
    K::check_ek(ek)?;
    D::check_element(peer)?;
    let (m, dh_seed) = randomness.split_at(32);
    let m: &[u8; 32] = m.try_into().map_err(|_| Error::Rng)?;
    let dh = D::random_scalar(dh_seed)?;
    let (ss_kem, ss_dh) = split_mut(secret, 32, mlkem_first);
    ecdh::<D>(&dh, peer, ss_dh)?;
    let h = K::hash_ek(ek)?;
    let (ct_out, dh_out) = split_mut(server_share, K::CT_LEN, mlkem_first);
    let ss = K::encapsulate(ek, &h, m, ct_out)?;
    D::public_key(&dh, dh_out);
    ss_kem.copy_from_slice(ss.as_bytes());
    Ok(())
}

/// Client step 3: the shared secret from the server's share.
fn complete<K: MlKem, D: Dh>(
    what: &'static str,
    dk: &K::Dk,
    dh: &D::Secret,
    server_share: &[u8],
    mlkem_first: bool,
    secret: &mut [u8],
) -> Result<()> {
    check_len(what, server_share, K::CT_LEN + D::ELEM_LEN)?;
    let (ct, peer) = split(server_share, K::CT_LEN, mlkem_first);
    let (ss_kem, ss_dh) = split_mut(secret, 32, mlkem_first);
    ecdh::<D>(dh, peer, ss_dh)?;
    let ss = K::decapsulate(dk, ct)?;
    ss_kem.copy_from_slice(ss.as_bytes());
    Ok(())
}

macro_rules! tls_group {
    (
        $(#[$doc:meta])*
        $module:ident, $name:literal, code: $code:literal, kem: $kem:ty, dh: $dh:ty,
        mlkem_first: $first:literal, client: $client:literal, server: $server:literal,
        secret: $secret:literal, seed: $seed:literal, randomness: $rand:literal
    ) => {
        $(#[$doc])*
        pub mod $module {
            use super::*;
            use crate::hybrid::SharedSecret;
            use zeroize::Zeroizing;

            /// The group's name in the TLS registry.
            pub const NAME: &str = $name;
            /// The group's TLS NamedGroup code point.
            pub const GROUP: crate::tls::NamedGroup = crate::tls::NamedGroup($code);
            /// Length of the client's key share.
            pub const CLIENT_SHARE_LEN: usize = $client;
            /// Length of the server's key share.
            pub const SERVER_SHARE_LEN: usize = $server;
            /// Length of the shared secret.
            pub const SHARED_SECRET_LEN: usize = $secret;
            /// Length of the client's seed: the ML-KEM seed `d ‖ z` (64 bytes)
            /// then the ECDH private scalar.
            pub const SEED_LEN: usize = $seed;
            /// Length of the server's randomness: ML-KEM's `m` (32 bytes) then
            /// the ECDH private scalar.
            pub const RANDOMNESS_LEN: usize = $rand;

            /// The shared secret both sides derive.
            pub type Secret = SharedSecret<[u8; $secret]>;

            /// The client's private half of a key exchange, holding its key share.
            pub struct ClientKey {
                kem: <$kem as MlKem>::Dk,
                dh: <$dh as Dh>::Secret,
                share: [u8; $client],
            }

            impl core::fmt::Debug for ClientKey {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str(concat!($name, " ClientKey (redacted)"))
                }
            }

            impl ClientKey {
                /// Step 1: a fresh private key and key share.
                pub fn generate(rng: &mut impl CryptoRng) -> Result<Self> {
                    let mut seed = Zeroizing::new([0u8; $seed]);
                    loop {
                        rng.fill_bytes(&mut seed[..]);
                        // Only an out-of-range ECDH scalar (probability below
                        // 2^-32) is refused; draw again then.
                        match Self::from_seed(&seed) {
                            Err(Error::InvalidScalar) => continue,
                            other => return other,
                        }
                    }
                }

                /// Step 1 from a seed (`SEED_LEN` bytes), for tests and
                /// protocol vectors.
                pub fn from_seed(seed: &[u8; $seed]) -> Result<Self> {
                    let mut kem = <$kem as MlKem>::dk_zeroed();
                    let mut share = [0u8; $client];
                    let dh = client_keys::<$kem, $dh>(seed, $first, &mut kem, &mut share)?;
                    Ok(Self { kem, dh, share })
                }

                /// [`ClientKey::from_seed`] into this key, replacing every
                /// part of it (key share included).
                ///
                /// Rust does not promise to build a returned value in the
                /// caller's memory: on a Cortex-M4, `from_seed` builds the
                /// key (the ML-KEM decapsulation key and the share, 3.6 KiB
                /// for X25519MLKEM768) in its own frame and moves it out.
                /// Firmware that keeps its key in memory it owns generates
                /// into it here.
                ///
                /// Only an out-of-range ECDH scalar ([`Error::InvalidScalar`],
                /// NIST groups) is refused; the key is then left as it was.
                pub fn set_from_seed(&mut self, seed: &[u8; $seed]) -> Result<()> {
                    self.dh = client_keys::<$kem, $dh>(seed, $first, &mut self.kem, &mut self.share)?;
                    Ok(())
                }

                /// The key share to send in the ClientHello.
                pub fn key_share(&self) -> &[u8; $client] {
                    &self.share
                }

                /// Step 3: the shared secret from the server's key share,
                /// read where it lies (the ciphertext is not copied).
                pub fn finish(&self, server_share: &[u8]) -> Result<Secret> {
                    // Wiped on drop, so also when a check fails half-way.
                    let mut secret = SharedSecret([0u8; $secret]);
                    complete::<$kem, $dh>(
                        concat!($name, " server key share"),
                        &self.kem,
                        &self.dh,
                        server_share,
                        $first,
                        &mut secret.0,
                    )?;
                    Ok(secret)
                }
            }

            /// Step 2: the server's key share and the shared secret for a
            /// client's key share.
            pub fn respond(
                client_share: &[u8],
                rng: &mut impl CryptoRng,
            ) -> Result<([u8; $server], Secret)> {
                let mut share = [0u8; $server];
                let secret = respond_into(client_share, rng, &mut share)?;
                Ok((share, secret))
            }

            /// [`respond`] writing the server's key share into
            /// `server_share`, which the caller owns; see
            /// [`respond_derand_into`].
            pub fn respond_into(
                client_share: &[u8],
                rng: &mut impl CryptoRng,
                server_share: &mut [u8; $server],
            ) -> Result<Secret> {
                let mut randomness = Zeroizing::new([0u8; $rand]);
                loop {
                    rng.fill_bytes(&mut randomness[..]);
                    match respond_derand_into(client_share, &randomness, server_share) {
                        Err(Error::InvalidScalar) => continue,
                        other => return other,
                    }
                }
            }

            /// Step 2 with caller-provided randomness (`RANDOMNESS_LEN`
            /// bytes), for tests and protocol vectors only: reusing
            /// randomness breaks the key exchange.
            pub fn respond_derand(
                client_share: &[u8],
                randomness: &[u8; $rand],
            ) -> Result<([u8; $server], Secret)> {
                let mut share = [0u8; $server];
                let secret = respond_derand_into(client_share, randomness, &mut share)?;
                Ok((share, secret))
            }

            /// [`respond_derand`] writing the server's key share into
            /// `server_share`, which the caller owns; the same caveat on
            /// the randomness applies.
            ///
            /// The client's ML-KEM encapsulation key is read where it lies
            /// in `client_share`, after the FIPS 203 section 7.2 modulus
            /// check, instead of being copied into a parsed key. Rust does
            /// not promise to build a returned value in the caller's memory:
            /// on a Cortex-M4 the by-value form builds the share in its own
            /// frame and moves it out. Every check (lengths, modulus, curve
            /// point, scalar, all-zero X25519 result) is made before the
            /// first byte of `server_share` is written: on error it is left
            /// as it was.
            pub fn respond_derand_into(
                client_share: &[u8],
                randomness: &[u8; $rand],
                server_share: &mut [u8; $server],
            ) -> Result<Secret> {
                // Wiped on drop, so also when a check fails half-way.
                let mut secret = SharedSecret([0u8; $secret]);
                answer::<$kem, $dh>(
                    concat!($name, " client key share"),
                    client_share,
                    randomness,
                    $first,
                    server_share,
                    &mut secret.0,
                )?;
                Ok(secret)
            }
        }
    };
}

#[cfg(feature = "x25519")]
tls_group!(
    /// X25519MLKEM768 (0x11EC): ML-KEM-768 first, then X25519.
    x25519_mlkem768, "X25519MLKEM768", code: 0x11EC, kem: crate::ml_kem::MlKem768,
    dh: crate::hybrid::dh::X25519, mlkem_first: true, client: 1216, server: 1120, secret: 64,
    seed: 96, randomness: 64
);

#[cfg(feature = "p256")]
tls_group!(
    /// SecP256r1MLKEM768 (0x11EB): the P-256 point first, then ML-KEM-768.
    secp256r1_mlkem768, "SecP256r1MLKEM768", code: 0x11EB, kem: crate::ml_kem::MlKem768,
    dh: crate::hybrid::dh::P256, mlkem_first: false, client: 1249, server: 1153, secret: 64,
    seed: 96, randomness: 64
);

#[cfg(feature = "p384")]
tls_group!(
    /// SecP384r1MLKEM1024 (0x11ED): the P-384 point first, then ML-KEM-1024.
    secp384r1_mlkem1024, "SecP384r1MLKEM1024", code: 0x11ED, kem: crate::ml_kem::MlKem1024,
    dh: crate::hybrid::dh::P384, mlkem_first: false, client: 1665, server: 1665, secret: 80,
    seed: 112, randomness: 80
);
