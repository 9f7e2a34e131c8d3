//! pqkit's TLS 1.3 hybrid key exchanges (`pqkit::hybrid::tls`) behind
//! rustls's [`SupportedKxGroup`], so that a rustls client or server can use
//! pqkit for X25519MLKEM768, SecP256r1MLKEM768 or SecP384r1MLKEM1024 and
//! everything else (certificates, AEAD, key schedule) from a rustls
//! provider.
//!
//! The client side keeps pqkit's `ClientKey` between its ClientHello share
//! and the ServerHello; the server side answers a client share in one step
//! (`respond`), which is rustls's `start_and_complete`.

use pqkit::hybrid::tls::{secp256r1_mlkem768, secp384r1_mlkem1024, x25519_mlkem768};
use rustls::NamedGroup;
use rustls::crypto::{ActiveKeyExchange, CompletedKeyExchange, SharedSecret, SupportedKxGroup};

/// Fresh randomness from the operating system for every key share.
fn rng() -> rand_core::UnwrapErr<getrandom::SysRng> {
    rand_core::UnwrapErr(getrandom::SysRng)
}

/// pqkit's reason for refusing a peer's share (malformed, invalid point,
/// all-zero X25519 result) as the rustls error that aborts the handshake.
fn to_rustls(e: pqkit::Error) -> rustls::Error {
    rustls::Error::General(format!("pqkit: {e}"))
}

macro_rules! pqkit_group {
    ($(#[$doc:meta])* $ty:ident, $active:ident, $module:ident, $named:expr, $static:ident) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $ty;

        /// The client's key between its ClientHello and the ServerHello.
        struct $active {
            key: $module::ClientKey,
            share: Vec<u8>,
        }

        impl SupportedKxGroup for $ty {
            fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, rustls::Error> {
                let key = $module::ClientKey::generate(&mut rng()).map_err(to_rustls)?;
                let share = key.key_share().to_vec();
                Ok(Box::new($active { key, share }))
            }

            fn start_and_complete(
                &self,
                client_share: &[u8],
            ) -> Result<CompletedKeyExchange, rustls::Error> {
                let (share, secret) =
                    $module::respond(client_share, &mut rng()).map_err(to_rustls)?;
                Ok(CompletedKeyExchange {
                    group: $named,
                    pub_key: share.to_vec(),
                    secret: SharedSecret::from(secret.as_bytes().to_vec()),
                })
            }

            fn name(&self) -> NamedGroup {
                $named
            }
        }

        impl ActiveKeyExchange for $active {
            fn complete(self: Box<Self>, server_share: &[u8]) -> Result<SharedSecret, rustls::Error> {
                let secret = self.key.finish(server_share).map_err(to_rustls)?;
                Ok(SharedSecret::from(secret.as_bytes().to_vec()))
            }

            fn pub_key(&self) -> &[u8] {
                &self.share
            }

            fn group(&self) -> NamedGroup {
                $named
            }
        }

        /// The group as rustls's `kx_groups` lists it.
        pub static $static: &dyn SupportedKxGroup = &$ty;
    };
}

pqkit_group!(
    /// X25519MLKEM768 (0x11EC) by pqkit.
    X25519MlKem768,
    ActiveX25519MlKem768,
    x25519_mlkem768,
    NamedGroup::X25519MLKEM768,
    X25519MLKEM768
);
pqkit_group!(
    /// SecP256r1MLKEM768 (0x11EB) by pqkit.
    SecP256r1MlKem768,
    ActiveSecP256r1MlKem768,
    secp256r1_mlkem768,
    NamedGroup::secp256r1MLKEM768,
    SECP256R1MLKEM768
);
pqkit_group!(
    /// SecP384r1MLKEM1024 (0x11ED) by pqkit (rustls has no name for the
    /// code point yet).
    SecP384r1MlKem1024,
    ActiveSecP384r1MlKem1024,
    secp384r1_mlkem1024,
    NamedGroup::Unknown(0x11ED),
    SECP384R1MLKEM1024
);
