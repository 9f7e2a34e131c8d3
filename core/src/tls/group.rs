//! The TLS `NamedGroup` registry (RFC 8446 section 4.2.7) for the groups pqkit
//! implements, plus the obsolete pre-standard Kyber code points.

use core::fmt;

/// A TLS `NamedGroup` code point (RFC 8446 section 4.2.7).
///
/// This is an open set: a value read from the wire that pqkit does not know is
/// kept as is (for example GREASE values, RFC 8701), so that a peer's list can
/// be carried and compared without loss. [`NamedGroup::name`] tells whether
/// the code point is known.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NamedGroup(pub u16);

/// Byte lengths of a group's `KeyShareEntry.key_exchange` fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyShareLengths {
    /// Length of the client's share (in the ClientHello).
    pub client: usize,
    /// Length of the server's share (in the ServerHello).
    pub server: usize,
}

impl NamedGroup {
    /// X25519 (RFC 8446 section 4.2.7, RFC 7748).
    pub const X25519: Self = Self(0x001D);
    /// secp256r1 / NIST P-256 (RFC 8446 section 4.2.7).
    pub const SECP256R1: Self = Self(0x0017);
    /// secp384r1 / NIST P-384 (RFC 8446 section 4.2.7).
    pub const SECP384R1: Self = Self(0x0018);
    /// X25519 + ML-KEM-768 hybrid (draft-ietf-tls-ecdhe-mlkem).
    pub const X25519_MLKEM768: Self = Self(0x11EC);
    /// P-256 + ML-KEM-768 hybrid (draft-ietf-tls-ecdhe-mlkem).
    pub const SECP256R1_MLKEM768: Self = Self(0x11EB);
    /// P-384 + ML-KEM-1024 hybrid (draft-ietf-tls-ecdhe-mlkem).
    pub const SECP384R1_MLKEM1024: Self = Self(0x11ED);
    /// X-Wing, the X25519 + ML-KEM-768 KEM of draft-connolly-cfrg-xwing-kem.
    pub const X_WING: Self = Self(0x647A);
    /// Obsolete: the pre-standard X25519 + Kyber768 draft hybrid. Recognised
    /// only so that it is never negotiated.
    pub const X25519_KYBER768_DRAFT00: Self = Self(0x6399);
    /// Obsolete: the pre-standard P-256 + Kyber768 draft hybrid. Recognised
    /// only so that it is never negotiated.
    pub const SECP256R1_KYBER768_DRAFT00: Self = Self(0x639A);

    /// Every code point this registry knows, current groups first.
    pub const KNOWN: [Self; 9] = [
        Self::X25519_MLKEM768,
        Self::SECP256R1_MLKEM768,
        Self::SECP384R1_MLKEM1024,
        Self::X_WING,
        Self::X25519,
        Self::SECP256R1,
        Self::SECP384R1,
        Self::X25519_KYBER768_DRAFT00,
        Self::SECP256R1_KYBER768_DRAFT00,
    ];

    /// The group with this code point.
    pub const fn from_u16(code: u16) -> Self {
        Self(code)
    }

    /// Reads a big-endian code point as it appears on the wire.
    pub const fn from_be_bytes(bytes: [u8; 2]) -> Self {
        Self(u16::from_be_bytes(bytes))
    }

    /// The code point.
    pub const fn code(self) -> u16 {
        self.0
    }

    /// The registered name, or `None` for a code point pqkit does not know.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self {
            Self::X25519 => "x25519",
            Self::SECP256R1 => "secp256r1",
            Self::SECP384R1 => "secp384r1",
            Self::X25519_MLKEM768 => "X25519MLKEM768",
            Self::SECP256R1_MLKEM768 => "SecP256r1MLKEM768",
            Self::SECP384R1_MLKEM1024 => "SecP384r1MLKEM1024",
            Self::X_WING => "X-Wing",
            Self::X25519_KYBER768_DRAFT00 => "X25519Kyber768Draft00",
            Self::SECP256R1_KYBER768_DRAFT00 => "SecP256r1Kyber768Draft00",
            _ => return None,
        })
    }

    /// Whether the group includes a post-quantum KEM. True for the obsolete
    /// Kyber drafts too, which nonetheless are never negotiated (see
    /// [`NamedGroup::is_obsolete`]).
    pub const fn is_post_quantum(self) -> bool {
        matches!(
            self,
            Self::X25519_MLKEM768
                | Self::SECP256R1_MLKEM768
                | Self::SECP384R1_MLKEM1024
                | Self::X_WING
                | Self::X25519_KYBER768_DRAFT00
                | Self::SECP256R1_KYBER768_DRAFT00
        )
    }

    /// Whether this is a pre-standard code point that must not be negotiated:
    /// its Kyber round-3 KEM is not ML-KEM and is not interoperable with it.
    pub const fn is_obsolete(self) -> bool {
        matches!(
            self,
            Self::X25519_KYBER768_DRAFT00 | Self::SECP256R1_KYBER768_DRAFT00
        )
    }

    /// Key share lengths for the groups pqkit implements, `None` otherwise.
    ///
    /// Hybrids (draft-ietf-tls-ecdhe-mlkem section 4): X25519MLKEM768 sends
    /// `ek(1184) || x25519(32)` / `ct(1088) || x25519(32)`; SecP256r1MLKEM768
    /// `P-256 point(65) || ek(1184)` / `point(65) || ct(1088)`;
    /// SecP384r1MLKEM1024 `P-384 point(97) || ek(1568)` /
    /// `point(97) || ct(1568)`. X-Wing sends its 1216-byte public key and
    /// 1120-byte ciphertext. Classical ECDHE shares are the X25519 u-coordinate
    /// or the uncompressed SEC1 point (RFC 8446 section 4.2.8.2).
    pub const fn key_share_lengths(self) -> Option<KeyShareLengths> {
        let (client, server) = match self {
            Self::X25519_MLKEM768 => (1184 + 32, 1088 + 32),
            Self::SECP256R1_MLKEM768 => (65 + 1184, 65 + 1088),
            Self::SECP384R1_MLKEM1024 => (97 + 1568, 97 + 1568),
            Self::X_WING => (1216, 1120),
            Self::X25519 => (32, 32),
            Self::SECP256R1 => (65, 65),
            Self::SECP384R1 => (97, 97),
            _ => return None,
        };
        Some(KeyShareLengths { client, server })
    }
}

impl From<u16> for NamedGroup {
    fn from(code: u16) -> Self {
        Self(code)
    }
}

impl From<NamedGroup> for u16 {
    fn from(group: NamedGroup) -> Self {
        group.0
    }
}

impl fmt::Debug for NamedGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NamedGroup({self})")
    }
}

/// The registered name, or `unknown(0x....)`.
impl fmt::Display for NamedGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name} (0x{:04X})", self.0),
            None => write!(f, "unknown (0x{:04X})", self.0),
        }
    }
}
