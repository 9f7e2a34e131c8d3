//! X25519 (RFC 7748 section 5) over `x25519-dalek`.

use rand_core::{CryptoRng, TryCryptoRng};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::error::{Error, expect_len};

/// An X25519 secret key: 32 bytes as given (RFC 7748 section 5).
///
/// The bytes are kept unclamped so that they round-trip unchanged through
/// formats that store the raw 32 bytes (X-Wing private keys); the RFC 7748
/// `decodeScalar25519` clamping is applied on every scalar multiplication, so
/// the results are those of the clamped scalar.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct X25519SecretKey([u8; 32]);

/// An X25519 public key: a u-coordinate, 32 bytes little-endian.
///
/// Every 32-byte string is accepted, as RFC 7748 section 5 asks: non-canonical
/// values are reduced and the top bit is ignored. Small-order points are not
/// filtered here; they show up as an all-zero shared secret, which
/// [`X25519SecretKey::diffie_hellman`] refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct X25519PublicKey([u8; 32]);

/// The output of an X25519 exchange, 32 bytes, guaranteed not all zero.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct X25519SharedSecret([u8; 32]);

impl core::fmt::Debug for X25519SecretKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("X25519SecretKey(..)")
    }
}

impl core::fmt::Debug for X25519SharedSecret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("X25519SharedSecret(..)")
    }
}

impl X25519SecretKey {
    /// Length of a secret key in bytes.
    pub const LEN: usize = 32;

    /// Wraps 32 secret bytes; any value is a valid X25519 secret.
    pub fn from_bytes(bytes: &[u8; 32]) -> Self {
        Self(*bytes)
    }

    /// Like [`Self::from_bytes`], for a slice that must be 32 bytes long.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        expect_len::<32>("X25519 secret key", bytes).map(Self::from_bytes)
    }

    /// Draws a fresh secret key from `rng`.
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let mut key = Self([0u8; 32]);
        rng.fill_bytes(&mut key.0);
        key
    }

    /// Like [`Self::generate`] for a generator that can fail
    /// ([`Error::Rng`]), such as the operating system's.
    pub fn try_generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self, Error> {
        let mut key = Self([0u8; 32]);
        rng.try_fill_bytes(&mut key.0).map_err(|_| Error::Rng)?;
        Ok(key)
    }

    /// The 32 secret bytes as given (not clamped).
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The public key `X25519(k, 9)`.
    pub fn public_key(&self) -> X25519PublicKey {
        let secret = x25519_dalek::StaticSecret::from(self.0);
        X25519PublicKey(x25519_dalek::PublicKey::from(&secret).to_bytes())
    }

    /// `X25519(k, peer)`, refusing the all-zero result (RFC 7748 section 6.1).
    ///
    /// The zero check runs in constant time; only its outcome, which the peer
    /// already knows, is revealed.
    pub fn diffie_hellman(&self, peer: &X25519PublicKey) -> Result<X25519SharedSecret, Error> {
        let out = X25519SharedSecret(*self.diffie_hellman_raw(peer));
        if bool::from(out.0.ct_eq(&[0u8; 32])) {
            return Err(Error::AllZeroSharedSecret);
        }
        Ok(out)
    }
}

impl X25519SecretKey {
    /// `X25519(k, peer)` as RFC 7748 defines it, all-zero result included.
    ///
    /// X-Wing uses this form: its combiner hashes the ciphertext and public
    /// key along with the result, so a small-order point gains an attacker
    /// nothing and decapsulation must not fail.
    pub(crate) fn diffie_hellman_raw(
        &self,
        peer: &X25519PublicKey,
    ) -> zeroize::Zeroizing<[u8; 32]> {
        let secret = x25519_dalek::StaticSecret::from(self.0);
        let shared = secret.diffie_hellman(&x25519_dalek::PublicKey::from(peer.0));
        zeroize::Zeroizing::new(*shared.as_bytes())
    }
}

impl X25519PublicKey {
    /// Length of a public key in bytes.
    pub const LEN: usize = 32;

    /// Wraps a 32-byte u-coordinate.
    pub fn from_bytes(bytes: &[u8; 32]) -> Self {
        Self(*bytes)
    }

    /// Like [`Self::from_bytes`], for a slice that must be 32 bytes long.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        expect_len::<32>("X25519 public key", bytes).map(Self::from_bytes)
    }

    /// The 32-byte encoding.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl X25519SharedSecret {
    /// Length of a shared secret in bytes.
    pub const LEN: usize = 32;

    /// The 32 shared bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}
