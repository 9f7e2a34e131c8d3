//! Full in-memory TLS 1.3 handshakes with rustls: pqkit supplies
//! X25519MLKEM768 or SecP256r1MLKEM768 on one side, rustls's aws-lc-rs
//! provider (its own ML-KEM) on the other, in both directions.

#![cfg(not(target_family = "wasm"))]

use pqkit::hybrid::tls::{secp256r1_mlkem768, x25519_mlkem768};
use rustls::crypto::{
    ActiveKeyExchange, CompletedKeyExchange, CryptoProvider, SharedSecret, SupportedKxGroup,
    aws_lc_rs,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::{
    ClientConfig, ClientConnection, NamedGroup, RootCertStore, ServerConfig, ServerConnection,
};
use std::io::{Read, Write};
use std::sync::Arc;

fn rng() -> rand_core::UnwrapErr<getrandom::SysRng> {
    rand_core::UnwrapErr(getrandom::SysRng)
}

fn to_rustls(e: pqkit::Error) -> rustls::Error {
    rustls::Error::General(e.to_string())
}

/// pqkit's side of a group, optionally corrupting the key share it sends.
macro_rules! pqkit_group {
    ($ty:ident, $active:ident, $module:ident, $named:expr) => {
        #[derive(Debug)]
        struct $ty {
            tamper: bool,
        }

        struct $active {
            key: $module::ClientKey,
            share: Vec<u8>,
        }

        impl SupportedKxGroup for $ty {
            fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, rustls::Error> {
                let key = $module::ClientKey::generate(&mut rng()).map_err(to_rustls)?;
                let mut share = key.key_share().to_vec();
                if self.tamper {
                    share[100] ^= 1;
                }
                Ok(Box::new($active { key, share }))
            }

            fn start_and_complete(
                &self,
                peer: &[u8],
            ) -> Result<CompletedKeyExchange, rustls::Error> {
                let (share, secret) = $module::respond(peer, &mut rng()).map_err(to_rustls)?;
                let mut share = share.to_vec();
                if self.tamper {
                    share[100] ^= 1;
                }
                Ok(CompletedKeyExchange {
                    group: $named,
                    pub_key: share,
                    secret: SharedSecret::from(secret.as_bytes().to_vec()),
                })
            }

            fn name(&self) -> NamedGroup {
                $named
            }
        }

        impl ActiveKeyExchange for $active {
            fn complete(self: Box<Self>, peer: &[u8]) -> Result<SharedSecret, rustls::Error> {
                let secret = self.key.finish(peer).map_err(to_rustls)?;
                Ok(SharedSecret::from(secret.as_bytes().to_vec()))
            }
            fn pub_key(&self) -> &[u8] {
                &self.share
            }
            fn group(&self) -> NamedGroup {
                $named
            }
        }
    };
}

pqkit_group!(
    PqkitX25519,
    ActiveX25519,
    x25519_mlkem768,
    NamedGroup::X25519MLKEM768
);
pqkit_group!(
    PqkitP256,
    ActiveP256,
    secp256r1_mlkem768,
    NamedGroup::secp256r1MLKEM768
);

fn provider(group: &'static dyn SupportedKxGroup) -> Arc<CryptoProvider> {
    Arc::new(CryptoProvider {
        kx_groups: vec![group],
        ..aws_lc_rs::default_provider()
    })
}

struct Identity {
    cert: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
}

fn identity() -> Identity {
    let c = rcgen::generate_simple_self_signed(vec!["pqkit.test".into()]).unwrap();
    Identity {
        cert: c.cert.der().clone(),
        key: PrivateKeyDer::Pkcs8(c.signing_key.serialize_der().into()),
    }
}

/// Runs a handshake and one application-data round trip; returns the
/// negotiated group, or the first error either side reports.
fn handshake(
    client_provider: Arc<CryptoProvider>,
    server_provider: Arc<CryptoProvider>,
) -> Result<NamedGroup, rustls::Error> {
    let id = identity();
    let mut roots = RootCertStore::empty();
    roots.add(id.cert.clone()).unwrap();
    let client_config = ClientConfig::builder_with_provider(client_provider)
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let server_config = ServerConfig::builder_with_provider(server_provider)
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .with_no_client_auth()
        .with_single_cert(vec![id.cert], id.key)?;
    let name = ServerName::try_from("pqkit.test").unwrap();
    let mut client = ClientConnection::new(Arc::new(client_config), name)?;
    let mut server = ServerConnection::new(Arc::new(server_config))?;

    let mut buf = Vec::new();
    for _ in 0..20 {
        buf.clear();
        client.write_tls(&mut buf).unwrap();
        server.read_tls(&mut &buf[..]).unwrap();
        server.process_new_packets()?;
        buf.clear();
        server.write_tls(&mut buf).unwrap();
        client.read_tls(&mut &buf[..]).unwrap();
        client.process_new_packets()?;
        if !client.is_handshaking() && !server.is_handshaking() {
            break;
        }
    }
    assert!(
        !client.is_handshaking() && !server.is_handshaking(),
        "handshake stalled"
    );
    let group = client.negotiated_key_exchange_group().unwrap().name();
    assert_eq!(
        server.negotiated_key_exchange_group().unwrap().name(),
        group
    );

    client.writer().write_all(b"hello from the client").unwrap();
    buf.clear();
    client.write_tls(&mut buf).unwrap();
    server.read_tls(&mut &buf[..]).unwrap();
    server.process_new_packets()?;
    let mut got = [0u8; 21];
    server.reader().read_exact(&mut got).unwrap();
    assert_eq!(&got, b"hello from the client");
    server.writer().write_all(b"and back").unwrap();
    buf.clear();
    server.write_tls(&mut buf).unwrap();
    client.read_tls(&mut &buf[..]).unwrap();
    client.process_new_packets()?;
    let mut got = [0u8; 8];
    client.reader().read_exact(&mut got).unwrap();
    assert_eq!(&got, b"and back");
    Ok(group)
}

static PQ_X25519: PqkitX25519 = PqkitX25519 { tamper: false };
static PQ_X25519_TAMPER: PqkitX25519 = PqkitX25519 { tamper: true };
static PQ_P256: PqkitP256 = PqkitP256 { tamper: false };
static PQ_P256_TAMPER: PqkitP256 = PqkitP256 { tamper: true };

#[test]
fn x25519mlkem768_pqkit_client_aws_lc_server() {
    let g = handshake(
        provider(&PQ_X25519),
        provider(aws_lc_rs::kx_group::X25519MLKEM768),
    )
    .unwrap();
    assert_eq!(g, NamedGroup::X25519MLKEM768);
}

#[test]
fn x25519mlkem768_aws_lc_client_pqkit_server() {
    let g = handshake(
        provider(aws_lc_rs::kx_group::X25519MLKEM768),
        provider(&PQ_X25519),
    )
    .unwrap();
    assert_eq!(g, NamedGroup::X25519MLKEM768);
}

#[test]
fn secp256r1mlkem768_pqkit_client_aws_lc_server() {
    let g = handshake(
        provider(&PQ_P256),
        provider(aws_lc_rs::kx_group::SECP256R1MLKEM768),
    )
    .unwrap();
    assert_eq!(g, NamedGroup::secp256r1MLKEM768);
}

#[test]
fn secp256r1mlkem768_aws_lc_client_pqkit_server() {
    let g = handshake(
        provider(aws_lc_rs::kx_group::SECP256R1MLKEM768),
        provider(&PQ_P256),
    )
    .unwrap();
    assert_eq!(g, NamedGroup::secp256r1MLKEM768);
}

#[test]
fn tampered_shares_fail_the_handshake_cleanly() {
    for (client, server) in [
        (
            provider(&PQ_X25519_TAMPER),
            provider(aws_lc_rs::kx_group::X25519MLKEM768),
        ),
        (
            provider(aws_lc_rs::kx_group::X25519MLKEM768),
            provider(&PQ_X25519_TAMPER),
        ),
        (
            provider(&PQ_P256_TAMPER),
            provider(aws_lc_rs::kx_group::SECP256R1MLKEM768),
        ),
        (
            provider(aws_lc_rs::kx_group::SECP256R1MLKEM768),
            provider(&PQ_P256_TAMPER),
        ),
    ] {
        assert!(handshake(client, server).is_err());
    }
}
