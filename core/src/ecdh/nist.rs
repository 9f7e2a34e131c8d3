//! ECDH on the NIST prime curves P-256 and P-384 (SEC 1 section 3.3.1) over the
//! RustCrypto `p256` / `p384` crates.
//!
//! Both curves have cofactor 1, so a decoded point that is on the curve and not
//! the identity generates the full prime-order group, and the product with a
//! scalar in `1..n-1` is never the identity.

/// Defines the secret key, public key and shared secret types of one curve.
macro_rules! nist_curve {
    (
        curve = $crate_name:ident,
        name = $name:literal,
        scalar_len = $n:literal,
        point_len = $p:literal,
        secret = $secret:ident,
        public = $public:ident,
        shared = $shared:ident $(,)?
    ) => {
        use rand_core::{CryptoRng, TryCryptoRng};
        use $crate_name::elliptic_curve::Generate;
        use $crate_name::elliptic_curve::sec1::ToSec1Point;
        use zeroize::{Zeroize, ZeroizeOnDrop};

        use crate::error::{Error, expect_len};

        /// SEC1 tag of an uncompressed point (SEC 1 section 2.3.3).
        const TAG_UNCOMPRESSED: u8 = 0x04;

        #[doc = concat!("A ", $name, " secret scalar in `1..n-1`.")]
        #[derive(Clone)]
        pub struct $secret($crate_name::SecretKey);

        #[doc = concat!(
                    "A validated ", $name, " public key: a point on the curve, not the identity, ",
                    "kept in its ", stringify!($p), "-byte uncompressed SEC1 encoding."
                )]
        #[derive(Clone, Copy, PartialEq, Eq)]
        pub struct $public {
            point: $crate_name::PublicKey,
            encoded: [u8; $p],
        }

        #[doc = concat!(
                    "The ", $name, " ECDH output: the x-coordinate of the shared point, ",
                    stringify!($n), " bytes big-endian (RFC 8446 section 7.4.2)."
                )]
        #[derive(Clone, Zeroize, ZeroizeOnDrop)]
        pub struct $shared([u8; $n]);

        impl core::fmt::Debug for $secret {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(concat!(stringify!($secret), "(..)"))
            }
        }

        impl core::fmt::Debug for $shared {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(concat!(stringify!($shared), "(..)"))
            }
        }

        impl core::fmt::Debug for $public {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_tuple(stringify!($public))
                    .field(&self.encoded)
                    .finish()
            }
        }

        // The wrapped `SecretKey` wipes itself when dropped.
        impl ZeroizeOnDrop for $secret {}

        impl $secret {
            /// Length of a secret scalar in bytes.
            pub const LEN: usize = $n;

            /// Reads a big-endian scalar, refusing zero and values `>= n`
            /// ([`Error::InvalidScalar`]) instead of reducing them, so that a
            /// key is never silently replaced by another one.
            pub fn from_bytes(bytes: &[u8; $n]) -> Result<Self, Error> {
                let field_bytes = zeroize::Zeroizing::new($crate_name::FieldBytes::from(*bytes));
                $crate_name::SecretKey::from_bytes(&field_bytes)
                    .map(Self)
                    .map_err(|_| Error::InvalidScalar)
            }

            /// Like [`Self::from_bytes`], for a slice that must be exactly
            #[doc = concat!(stringify!($n), " bytes long.")]
            pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
                Self::from_bytes(expect_len::<$n>(concat!($name, " secret key"), bytes)?)
            }

            /// Draws a uniformly random scalar in `1..n-1` from `rng`.
            pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
                let scalar = $crate_name::NonZeroScalar::generate_from_rng(rng);
                Self($crate_name::SecretKey::from(scalar))
            }

            /// Like [`Self::generate`] for a generator that can fail
            /// ([`Error::Rng`]), such as the operating system's.
            pub fn try_generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self, Error> {
                let scalar = $crate_name::NonZeroScalar::try_generate_from_rng(rng)
                    .map_err(|_| Error::Rng)?;
                Ok(Self($crate_name::SecretKey::from(scalar)))
            }

            /// The scalar as big-endian bytes, in a buffer that wipes itself.
            pub fn to_bytes(&self) -> zeroize::Zeroizing<[u8; $n]> {
                let mut out = zeroize::Zeroizing::new([0u8; $n]);
                let mut field_bytes = self.0.to_bytes();
                out.copy_from_slice(&field_bytes);
                field_bytes.zeroize();
                out
            }

            /// The public key `d * G`.
            pub fn public_key(&self) -> $public {
                $public::from_point(self.0.public_key())
            }

            /// The x-coordinate of `d * peer`.
            ///
            /// Cannot fail: `peer` was validated when it was decoded and `d` is
            /// non-zero, so the product is a finite point.
            pub fn diffie_hellman(&self, peer: &$public) -> $shared {
                let shared = self.0.diffie_hellman(&peer.point);
                let mut out = $shared([0u8; $n]);
                out.0.copy_from_slice(shared.raw_secret_bytes());
                out
            }
        }

        impl $public {
            /// Length of the uncompressed SEC1 encoding in bytes.
            pub const LEN: usize = $p;

            fn from_point(point: $crate_name::PublicKey) -> Self {
                let sec1 = point.to_sec1_point(false);
                let mut encoded = [0u8; $p];
                encoded.copy_from_slice(sec1.as_bytes());
                Self { point, encoded }
            }

            /// Decodes a peer's uncompressed SEC1 point (`0x04 || x || y`).
            ///
            /// Refuses the compressed form ([`Error::CompressedPoint`]), which
            /// TLS 1.3 forbids (RFC 8446 section 4.2.8.2), any other length
            /// ([`Error::InvalidLength`]), and a wrong tag, coordinates not
            /// below p or a point not on the curve ([`Error::InvalidPoint`]).
            /// The identity has no 65/97-byte encoding, so it cannot pass.
            pub fn from_sec1_bytes(bytes: &[u8]) -> Result<Self, Error> {
                if bytes.len() == 1 + $n && matches!(bytes[0], 0x02 | 0x03) {
                    return Err(Error::CompressedPoint);
                }
                let bytes = expect_len::<$p>(concat!($name, " public key"), bytes)?;
                if bytes[0] != TAG_UNCOMPRESSED {
                    return Err(Error::InvalidPoint);
                }
                let point = $crate_name::PublicKey::from_sec1_bytes(bytes)
                    .map_err(|_| Error::InvalidPoint)?;
                Ok(Self {
                    point,
                    encoded: *bytes,
                })
            }

            /// The uncompressed SEC1 encoding.
            pub fn as_bytes(&self) -> &[u8; $p] {
                &self.encoded
            }
        }

        impl $shared {
            /// Length of the shared secret in bytes.
            pub const LEN: usize = $n;

            /// The x-coordinate, big-endian.
            pub fn as_bytes(&self) -> &[u8; $n] {
                &self.0
            }
        }
    };
}

#[cfg(feature = "p256")]
pub(crate) mod p256 {
    nist_curve! {
        curve = p256,
        name = "P-256",
        scalar_len = 32,
        point_len = 65,
        secret = P256SecretKey,
        public = P256PublicKey,
        shared = P256SharedSecret,
    }
}

#[cfg(feature = "p384")]
pub(crate) mod p384 {
    nist_curve! {
        curve = p384,
        name = "P-384",
        scalar_len = 48,
        point_len = 97,
        secret = P384SecretKey,
        public = P384PublicKey,
        shared = P384SharedSecret,
    }
}
