//! Key files: reading PEM / DER / base64 SubjectPublicKeyInfo, PKCS#8 and
//! certificates for every algorithm the command knows, and writing them.
//!
//! ML-KEM and ML-DSA go through `pqkit::encoding` (LAMPS formats, all three
//! private key forms). X-Wing (draft-connolly-cfrg-xwing-kem) has one OID,
//! 1.3.6.1.4.1.62253.25722, with absent parameters: its SPKI BIT STRING is
//! the 1216-byte public key and its PKCS#8 `privateKey` OCTET STRING is the
//! 32-byte seed itself, the only form of an X-Wing private key.

use base64::Engine;
use der::asn1::{BitStringRef, ObjectIdentifier, OctetStringRef};
use der::{Decode, Encode};
use pkcs8::PrivateKeyInfoRef;
use pqkit::encoding::{self, Algorithm, PrivateKey};
use pqkit::hybrid::kem::xwing;
use pqkit::ml_dsa::{MU_LEN, MuHasher, RANDOMNESS_LEN, ml_dsa_44, ml_dsa_65, ml_dsa_87};
use pqkit::ml_kem::{ml_kem_512, ml_kem_768, ml_kem_1024};
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};
use zeroize::Zeroizing;

use crate::Fail;

const XWING_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.62253.25722");

/// Every algorithm of the command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Alg {
    #[value(name = "ML-DSA-44")]
    MlDsa44,
    #[value(name = "ML-DSA-65")]
    MlDsa65,
    #[value(name = "ML-DSA-87")]
    MlDsa87,
    #[value(name = "ML-KEM-512")]
    MlKem512,
    #[value(name = "ML-KEM-768")]
    MlKem768,
    #[value(name = "ML-KEM-1024")]
    MlKem1024,
    #[value(name = "X-Wing")]
    XWing,
}

impl Alg {
    pub fn name(self) -> &'static str {
        match self {
            Alg::XWing => "X-Wing",
            other => other.lamps().map(Algorithm::name).unwrap_or("X-Wing"),
        }
    }

    /// The LAMPS parameter set, for all but X-Wing.
    fn lamps(self) -> Option<Algorithm> {
        Some(match self {
            Alg::MlDsa44 => Algorithm::MlDsa44,
            Alg::MlDsa65 => Algorithm::MlDsa65,
            Alg::MlDsa87 => Algorithm::MlDsa87,
            Alg::MlKem512 => Algorithm::MlKem512,
            Alg::MlKem768 => Algorithm::MlKem768,
            Alg::MlKem1024 => Algorithm::MlKem1024,
            Alg::XWing => return None,
        })
    }

    fn from_lamps(a: Algorithm) -> Self {
        match a {
            Algorithm::MlDsa44 => Alg::MlDsa44,
            Algorithm::MlDsa65 => Alg::MlDsa65,
            Algorithm::MlDsa87 => Alg::MlDsa87,
            Algorithm::MlKem512 => Alg::MlKem512,
            Algorithm::MlKem768 => Alg::MlKem768,
            Algorithm::MlKem1024 => Alg::MlKem1024,
        }
    }
}

/// Private key forms of `keygen --form` (LAMPS PKCS#8 CHOICE).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Form {
    /// The seed alone (the default; X-Wing's only form).
    Seed,
    /// The FIPS 203 `dk` / FIPS 204 `sk`.
    Expanded,
    /// Seed and expanded key.
    Both,
}

/// An ML-DSA signing key.
pub enum Signer {
    MlDsa44(Box<ml_dsa_44::SigningKey>),
    MlDsa65(Box<ml_dsa_65::SigningKey>),
    MlDsa87(Box<ml_dsa_87::SigningKey>),
}

/// An ML-DSA verifying key.
pub enum Verifier {
    MlDsa44(Box<ml_dsa_44::VerifyingKey>),
    MlDsa65(Box<ml_dsa_65::VerifyingKey>),
    MlDsa87(Box<ml_dsa_87::VerifyingKey>),
}

/// An ML-KEM or X-Wing decapsulation key.
pub enum Decapsulator {
    MlKem512(Box<ml_kem_512::DecapsulationKey>),
    MlKem768(Box<ml_kem_768::DecapsulationKey>),
    MlKem1024(Box<ml_kem_1024::DecapsulationKey>),
    XWing(Box<xwing::SecretKey>),
}

/// An ML-KEM or X-Wing encapsulation key.
pub enum Encapsulator {
    MlKem512(Box<ml_kem_512::EncapsulationKey>),
    MlKem768(Box<ml_kem_768::EncapsulationKey>),
    MlKem1024(Box<ml_kem_1024::EncapsulationKey>),
    XWing(Box<xwing::PublicKey>),
}

/// Any private key.
pub enum Private {
    Sign(Signer),
    Decap(Decapsulator),
}

/// Any public key.
pub enum Public {
    Verify(Verifier),
    Encap(Encapsulator),
}

macro_rules! each_dsa {
    ($value:expr, $enum:ident, $k:ident => $body:expr) => {
        match $value {
            $enum::MlDsa44($k) => $body,
            $enum::MlDsa65($k) => $body,
            $enum::MlDsa87($k) => $body,
        }
    };
}

impl Signer {
    pub fn alg(&self) -> Alg {
        match self {
            Signer::MlDsa44(_) => Alg::MlDsa44,
            Signer::MlDsa65(_) => Alg::MlDsa65,
            Signer::MlDsa87(_) => Alg::MlDsa87,
        }
    }

    pub fn verifier(&self) -> Verifier {
        match self {
            Signer::MlDsa44(k) => Verifier::MlDsa44(Box::new(k.verifying_key())),
            Signer::MlDsa65(k) => Verifier::MlDsa65(Box::new(k.verifying_key())),
            Signer::MlDsa87(k) => Verifier::MlDsa87(Box::new(k.verifying_key())),
        }
    }

    /// FIPS 204 Algorithm 7 on an externally computed `mu`.
    pub fn sign_mu(&self, mu: &[u8; MU_LEN], rnd: &[u8; RANDOMNESS_LEN]) -> Vec<u8> {
        each_dsa!(self, Signer, k => k.sign_mu(mu, rnd).as_bytes().to_vec())
    }

    /// Pure ML-DSA over a message held in memory.
    pub fn sign(&self, msg: &[u8], ctx: &[u8], rnd: &[u8; RANDOMNESS_LEN]) -> Vec<u8> {
        let mut h = self.verifier().mu_hasher(ctx);
        h.update(msg);
        self.sign_mu(&h.finalize(), rnd)
    }
}

impl Verifier {
    pub fn alg(&self) -> Alg {
        match self {
            Verifier::MlDsa44(_) => Alg::MlDsa44,
            Verifier::MlDsa65(_) => Alg::MlDsa65,
            Verifier::MlDsa87(_) => Alg::MlDsa87,
        }
    }

    pub fn signature_len(&self) -> usize {
        match self {
            Verifier::MlDsa44(_) => ml_dsa_44::SIGNATURE_LEN,
            Verifier::MlDsa65(_) => ml_dsa_65::SIGNATURE_LEN,
            Verifier::MlDsa87(_) => ml_dsa_87::SIGNATURE_LEN,
        }
    }

    /// The streaming mu hasher; the context length was checked by the
    /// caller (at most 255 bytes), so this cannot fail.
    pub fn mu_hasher(&self, ctx: &[u8]) -> MuHasher {
        each_dsa!(self, Verifier, k => k.mu_hasher(ctx))
            .unwrap_or_else(|_| unreachable!("context length is checked when it is parsed"))
    }

    pub fn verify_mu(&self, mu: &[u8; MU_LEN], sig: &[u8]) -> bool {
        each_dsa!(self, Verifier, k => k.verify_mu(mu, sig).is_ok())
    }

    pub fn bytes(&self) -> &[u8] {
        each_dsa!(self, Verifier, k => &k.as_bytes()[..])
    }
}

macro_rules! kem_encap {
    ($k:expr) => {{
        let mut m = Zeroizing::new([0u8; pqkit::ml_kem::RANDOMNESS_LEN]);
        random(&mut m[..])?;
        let (ct, ss) = $k.encapsulate_deterministic(&m);
        Ok((
            ct.as_bytes().to_vec(),
            Zeroizing::new(ss.as_bytes().to_vec()),
        ))
    }};
}

impl Encapsulator {
    pub fn alg(&self) -> Alg {
        match self {
            Encapsulator::MlKem512(_) => Alg::MlKem512,
            Encapsulator::MlKem768(_) => Alg::MlKem768,
            Encapsulator::MlKem1024(_) => Alg::MlKem1024,
            Encapsulator::XWing(_) => Alg::XWing,
        }
    }

    /// Encapsulates with fresh randomness: (ciphertext, 32-byte secret).
    pub fn encapsulate(&self) -> Result<(Vec<u8>, Zeroizing<Vec<u8>>), Fail> {
        match self {
            Encapsulator::XWing(k) => {
                let mut r = Zeroizing::new([0u8; xwing::RANDOMNESS_LEN]);
                random(&mut r[..])?;
                let (ct, ss) = k
                    .encapsulate_derand(&r[..])
                    .map_err(|e| Fail::new(format!("X-Wing encapsulation failed: {e}")))?;
                Ok((ct.to_vec(), Zeroizing::new(ss.as_bytes().to_vec())))
            }
            Encapsulator::MlKem512(k) => kem_encap!(k),
            Encapsulator::MlKem768(k) => kem_encap!(k),
            Encapsulator::MlKem1024(k) => kem_encap!(k),
        }
    }

    pub fn bytes(&self) -> &[u8] {
        match self {
            Encapsulator::MlKem512(k) => &k.as_bytes()[..],
            Encapsulator::MlKem768(k) => &k.as_bytes()[..],
            Encapsulator::MlKem1024(k) => &k.as_bytes()[..],
            Encapsulator::XWing(k) => &k.as_bytes()[..],
        }
    }
}

macro_rules! kem_decap {
    ($module:ident, $k:expr, $ct:expr) => {{
        let ct = $module::Ciphertext::from_bytes($ct).map_err(|e| e.to_string())?;
        Ok(Zeroizing::new($k.decapsulate(&ct).as_bytes().to_vec()))
    }};
}

impl Decapsulator {
    pub fn alg(&self) -> Alg {
        match self {
            Decapsulator::MlKem512(_) => Alg::MlKem512,
            Decapsulator::MlKem768(_) => Alg::MlKem768,
            Decapsulator::MlKem1024(_) => Alg::MlKem1024,
            Decapsulator::XWing(_) => Alg::XWing,
        }
    }

    /// The shared secret, or why the ciphertext cannot be decapsulated.
    pub fn decapsulate(&self, ct: &[u8]) -> Result<Zeroizing<Vec<u8>>, String> {
        match self {
            Decapsulator::MlKem512(k) => kem_decap!(ml_kem_512, k, ct),
            Decapsulator::MlKem768(k) => kem_decap!(ml_kem_768, k, ct),
            Decapsulator::MlKem1024(k) => kem_decap!(ml_kem_1024, k, ct),
            Decapsulator::XWing(k) => k
                .decapsulate(ct)
                .map(|ss| Zeroizing::new(ss.as_bytes().to_vec()))
                .map_err(|e| e.to_string()),
        }
    }
}

impl Private {
    pub fn alg(&self) -> Alg {
        match self {
            Private::Sign(s) => s.alg(),
            Private::Decap(d) => d.alg(),
        }
    }

    pub fn public(&self) -> Public {
        match self {
            Private::Sign(s) => Public::Verify(s.verifier()),
            Private::Decap(d) => Public::Encap(match d {
                Decapsulator::MlKem512(k) => {
                    Encapsulator::MlKem512(Box::new(k.encapsulation_key().clone()))
                }
                Decapsulator::MlKem768(k) => {
                    Encapsulator::MlKem768(Box::new(k.encapsulation_key().clone()))
                }
                Decapsulator::MlKem1024(k) => {
                    Encapsulator::MlKem1024(Box::new(k.encapsulation_key().clone()))
                }
                Decapsulator::XWing(k) => Encapsulator::XWing(Box::new(k.public_key().clone())),
            }),
        }
    }
}

impl Public {
    pub fn alg(&self) -> Alg {
        match self {
            Public::Verify(v) => v.alg(),
            Public::Encap(e) => e.alg(),
        }
    }

    pub fn bytes(&self) -> &[u8] {
        match self {
            Public::Verify(v) => v.bytes(),
            Public::Encap(e) => e.bytes(),
        }
    }

    /// `SubjectPublicKeyInfo` DER.
    pub fn to_spki_der(&self) -> Vec<u8> {
        let alg = self.alg();
        match alg.lamps() {
            Some(a) => {
                let mut out = vec![0u8; encoding::public_key_der_len(a)];
                let n = encoding::encode_public_key_der(a, self.bytes(), &mut out)
                    .unwrap_or_else(|e| unreachable!("a parsed key encodes: {e}"));
                out.truncate(n);
                out
            }
            None => SubjectPublicKeyInfoRef {
                algorithm: xwing_algorithm(),
                subject_public_key: BitStringRef::from_bytes(self.bytes())
                    .unwrap_or_else(|e| unreachable!("a 1216-byte BIT STRING encodes: {e}")),
            }
            .to_der()
            .unwrap_or_else(|e| unreachable!("a 1216-byte SPKI encodes: {e}")),
        }
    }
}

fn xwing_algorithm() -> AlgorithmIdentifierRef<'static> {
    AlgorithmIdentifierRef {
        oid: XWING_OID,
        parameters: None,
    }
}

/// Operating-system randomness.
pub fn random(out: &mut [u8]) -> Result<(), Fail> {
    getrandom::fill(out).map_err(|e| Fail::new(format!("no operating system randomness: {e}")))
}

/// A fresh key of `alg`.
pub fn generate(alg: Alg) -> Result<Private, Fail> {
    Ok(match alg {
        Alg::XWing => loop {
            let mut seed = Zeroizing::new([0u8; 32]);
            random(&mut seed[..])?;
            // Only a seed whose scalar is out of range is refused; X25519
            // accepts every 32-byte scalar, so this loop runs once.
            match xwing::SecretKey::from_seed(&seed) {
                Ok(k) => break Private::Decap(Decapsulator::XWing(Box::new(k))),
                Err(pqkit::Error::InvalidScalar) => continue,
                Err(e) => return Err(Fail::new(format!("X-Wing key generation failed: {e}"))),
            }
        },
        Alg::MlKem512 | Alg::MlKem768 | Alg::MlKem1024 => {
            let mut seed = Zeroizing::new([0u8; pqkit::ml_kem::SEED_LEN]);
            random(&mut seed[..])?;
            Private::Decap(match alg {
                Alg::MlKem512 => {
                    Decapsulator::MlKem512(Box::new(ml_kem_512::DecapsulationKey::from_seed(&seed)))
                }
                Alg::MlKem768 => {
                    Decapsulator::MlKem768(Box::new(ml_kem_768::DecapsulationKey::from_seed(&seed)))
                }
                _ => Decapsulator::MlKem1024(Box::new(ml_kem_1024::DecapsulationKey::from_seed(
                    &seed,
                ))),
            })
        }
        Alg::MlDsa44 | Alg::MlDsa65 | Alg::MlDsa87 => {
            let mut seed = Zeroizing::new([0u8; pqkit::ml_dsa::SEED_LEN]);
            random(&mut seed[..])?;
            Private::Sign(match alg {
                Alg::MlDsa44 => Signer::MlDsa44(Box::new(ml_dsa_44::SigningKey::from_seed(&seed))),
                Alg::MlDsa65 => Signer::MlDsa65(Box::new(ml_dsa_65::SigningKey::from_seed(&seed))),
                _ => Signer::MlDsa87(Box::new(ml_dsa_87::SigningKey::from_seed(&seed))),
            })
        }
    })
}

/// PKCS#8 DER of a key in `form`, in a buffer wiped on drop.
pub fn to_pkcs8_der(key: &Private, form: Form) -> Result<Zeroizing<Vec<u8>>, String> {
    let alg = key.alg();
    let Some(lamps) = alg.lamps() else {
        let Private::Decap(Decapsulator::XWing(k)) = key else {
            unreachable!("only X-Wing has no LAMPS parameter set")
        };
        if form != Form::Seed {
            return Err("X-Wing private keys have only the seed form (--form seed)".into());
        }
        let seed = OctetStringRef::new(&k.seed()[..]).map_err(|e| e.to_string())?;
        let info = PrivateKeyInfoRef::new(xwing_algorithm(), seed);
        return info.to_der().map(Zeroizing::new).map_err(|e| e.to_string());
    };
    let (seed, expanded): (Option<Zeroizing<Vec<u8>>>, Zeroizing<Vec<u8>>) = match key {
        Private::Sign(s) => {
            each_dsa!(s, Signer, k => (k.seed().map(|s| Zeroizing::new(s.to_vec())), Zeroizing::new(k.to_expanded_bytes().to_vec())))
        }
        Private::Decap(d) => match d {
            Decapsulator::MlKem512(k) => (
                k.seed().map(|s| Zeroizing::new(s.to_vec())),
                Zeroizing::new(k.to_expanded_bytes().to_vec()),
            ),
            Decapsulator::MlKem768(k) => (
                k.seed().map(|s| Zeroizing::new(s.to_vec())),
                Zeroizing::new(k.to_expanded_bytes().to_vec()),
            ),
            Decapsulator::MlKem1024(k) => (
                k.seed().map(|s| Zeroizing::new(s.to_vec())),
                Zeroizing::new(k.to_expanded_bytes().to_vec()),
            ),
            Decapsulator::XWing(_) => unreachable!("X-Wing handled above"),
        },
    };
    let need_seed = || {
        seed.as_deref().map(|s| &s[..]).ok_or_else(|| {
            "this key was loaded without its seed; only --form expanded is possible".to_string()
        })
    };
    let choice = match form {
        Form::Seed => PrivateKey::Seed(need_seed()?),
        Form::Expanded => PrivateKey::ExpandedKey(&expanded[..]),
        Form::Both => PrivateKey::Both {
            seed: need_seed()?,
            expanded_key: &expanded[..],
        },
    };
    let mut out = Zeroizing::new(vec![0u8; encoding::private_key_der_len(lamps, &choice)]);
    let n =
        encoding::encode_private_key_der(lamps, &choice, &mut out).map_err(|e| e.to_string())?;
    out.truncate(n);
    Ok(out)
}

/// PEM with LF line endings.
pub fn pem(label: &'static str, der: &[u8]) -> Zeroizing<String> {
    Zeroizing::new(
        pem_rfc7468::encode_string(label, pem_rfc7468::LineEnding::LF, der)
            .unwrap_or_else(|e| unreachable!("PEM of a DER key encodes: {e}")),
    )
}

/// What a key file holds, before it is parsed.
enum Kind {
    Public,
    Private,
    Certificate,
}

/// The DER inside a key file given as PEM, raw DER or base64 DER (as
/// `aws kms get-public-key --output text` prints it), and what the PEM
/// label or the structure says it is.
fn unwrap_file(data: &[u8]) -> Result<(Kind, Zeroizing<Vec<u8>>), String> {
    let text = data.trim_ascii_start();
    let der = if text.starts_with(b"-----BEGIN ") {
        let (label, der) = pem_rfc7468::decode_vec(data.trim_ascii())
            .map_err(|e| format!("malformed PEM document ({e})"))?;
        let der = Zeroizing::new(der);
        let kind = match label {
            "PUBLIC KEY" => Kind::Public,
            "PRIVATE KEY" => Kind::Private,
            "CERTIFICATE" => Kind::Certificate,
            other => {
                return Err(format!(
                    "PEM label `{other}` is not PUBLIC KEY, PRIVATE KEY or CERTIFICATE"
                ));
            }
        };
        return Ok((kind, der));
    } else if data.first() == Some(&0x30) {
        Zeroizing::new(data.to_vec())
    } else if !data.is_empty()
        && data
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=\r\n \t".contains(b))
    {
        let compact: Zeroizing<Vec<u8>> = Zeroizing::new(
            data.iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace())
                .collect(),
        );
        Zeroizing::new(
            base64::engine::general_purpose::STANDARD
                .decode(&compact[..])
                .map_err(|e| format!("not PEM or DER, and not valid base64 ({e})"))?,
        )
    } else if data.is_empty() {
        return Err("empty file, expected a PEM, DER or base64 key".into());
    } else {
        return Err("not a PEM, DER or base64-encoded DER key".into());
    };
    let kind = der_kind(&der)
        .ok_or_else(|| "malformed DER encoding (truncated or not a key)".to_string())?;
    Ok((kind, der))
}

/// Tells SPKI (`SEQUENCE { SEQUENCE { OID ..`), PKCS#8 (`SEQUENCE { INTEGER`)
/// and certificates (`SEQUENCE { SEQUENCE { [0] or INTEGER ..`) apart by
/// their first tags.
fn der_kind(der: &[u8]) -> Option<Kind> {
    fn skip_header(d: &[u8]) -> Option<&[u8]> {
        let len = *d.get(1)?;
        let n = if len < 0x80 {
            0
        } else {
            usize::from(len & 0x7f)
        };
        d.get(2 + n..)
    }
    if der.first() != Some(&0x30) {
        return None;
    }
    let inner = skip_header(der)?;
    match inner.first()? {
        0x02 => Some(Kind::Private),
        0x30 => match skip_header(inner)?.first()? {
            0x06 => Some(Kind::Public),
            _ => Some(Kind::Certificate),
        },
        _ => None,
    }
}

/// Reads a private key; anything else in the file is an error.
pub fn parse_private(data: &[u8]) -> Result<Private, String> {
    let (kind, der) = unwrap_file(data)?;
    match kind {
        Kind::Private => {}
        Kind::Public => {
            return Err(
                "this is a public key; a private key (PKCS#8 PRIVATE KEY) is needed here".into(),
            );
        }
        Kind::Certificate => {
            return Err(
                "this is a certificate; a private key (PKCS#8 PRIVATE KEY) is needed here".into(),
            );
        }
    }
    if let Ok(info) = PrivateKeyInfoRef::from_der(&der) {
        if info.algorithm.oid == XWING_OID {
            return parse_xwing_private(&info);
        }
    }
    let info = encoding::decode_private_key_der(&der).map_err(|e| e.to_string())?;
    private_from_lamps(&info)
}

fn parse_xwing_private(info: &PrivateKeyInfoRef<'_>) -> Result<Private, String> {
    if info.algorithm.parameters.is_some() {
        return Err("X-Wing algorithm identifier parameters must be absent".into());
    }
    let seed: &[u8; 32] = info.private_key.as_bytes().try_into().map_err(|_| {
        format!(
            "X-Wing private key seed must be 32 bytes, got {}",
            info.private_key.as_bytes().len()
        )
    })?;
    let key = xwing::SecretKey::from_seed(seed).map_err(|e| e.to_string())?;
    if let Some(pk) = info.public_key {
        if pk.as_bytes() != Some(&key.public_key().as_bytes()[..]) {
            return Err("private key does not correspond to the public key stored with it".into());
        }
    }
    Ok(Private::Decap(Decapsulator::XWing(Box::new(key))))
}

macro_rules! dsa_from {
    ($module:ident, $variant:ident, $info:expr) => {{
        let key = match $info.private_key {
            PrivateKey::Seed(seed) | PrivateKey::Both { seed, .. } => {
                $module::SigningKey::try_from_seed(seed)
            }
            PrivateKey::ExpandedKey(sk) => $module::SigningKey::from_expanded_bytes(sk),
        }
        .map_err(|e| e.to_string())?;
        encoding::check_private_key($info, key.verifying_key().as_bytes(), &encoding::Pqkit)
            .map_err(|e| e.to_string())?;
        Private::Sign(Signer::$variant(Box::new(key)))
    }};
}

macro_rules! kem_from {
    ($module:ident, $variant:ident, $info:expr) => {{
        let key = match $info.private_key {
            PrivateKey::Seed(seed) | PrivateKey::Both { seed, .. } => {
                $module::DecapsulationKey::try_from_seed(seed)
            }
            PrivateKey::ExpandedKey(dk) => $module::DecapsulationKey::from_expanded_bytes(dk),
        }
        .map_err(|e| e.to_string())?;
        encoding::check_private_key($info, key.encapsulation_key().as_bytes(), &encoding::Pqkit)
            .map_err(|e| e.to_string())?;
        Private::Decap(Decapsulator::$variant(Box::new(key)))
    }};
}

/// A LAMPS private key, with every consistency check of
/// `pqkit::encoding::check_private_key` (seed against expanded key, stored
/// public key, pairwise test for expanded keys).
fn private_from_lamps(info: &encoding::PrivateKeyInfo<'_>) -> Result<Private, String> {
    Ok(match info.algorithm {
        Algorithm::MlDsa44 => dsa_from!(ml_dsa_44, MlDsa44, info),
        Algorithm::MlDsa65 => dsa_from!(ml_dsa_65, MlDsa65, info),
        Algorithm::MlDsa87 => dsa_from!(ml_dsa_87, MlDsa87, info),
        Algorithm::MlKem512 => kem_from!(ml_kem_512, MlKem512, info),
        Algorithm::MlKem768 => kem_from!(ml_kem_768, MlKem768, info),
        Algorithm::MlKem1024 => kem_from!(ml_kem_1024, MlKem1024, info),
    })
}

/// Reads a public key: SPKI (PEM, DER or base64 DER) or the key of an
/// X.509 certificate. A private key is refused.
pub fn parse_public(data: &[u8]) -> Result<Public, String> {
    let (kind, der) = unwrap_file(data)?;
    let (alg, bytes) = match kind {
        Kind::Private => {
            return Err(
                "this is a private key; give its public key (`pqkit pub --key FILE`) here".into(),
            );
        }
        Kind::Public => {
            if let Ok(spki) = SubjectPublicKeyInfoRef::from_der(&der) {
                if spki.algorithm.oid == XWING_OID {
                    if spki.algorithm.parameters.is_some() {
                        return Err("X-Wing algorithm identifier parameters must be absent".into());
                    }
                    let bytes = spki
                        .subject_public_key
                        .as_bytes()
                        .ok_or("malformed DER encoding (BIT STRING with unused bits)")?;
                    return public_from(Alg::XWing, bytes);
                }
            }
            let info = encoding::decode_public_key_der(&der).map_err(|e| e.to_string())?;
            (Alg::from_lamps(info.algorithm), info.public_key.to_vec())
        }
        Kind::Certificate => {
            let info =
                encoding::decode_certificate_public_key_der(&der).map_err(|e| e.to_string())?;
            (Alg::from_lamps(info.algorithm), info.public_key.to_vec())
        }
    };
    public_from(alg, &bytes)
}

fn public_from(alg: Alg, bytes: &[u8]) -> Result<Public, String> {
    let e = |e: pqkit::Error| e.to_string();
    Ok(match alg {
        Alg::MlDsa44 => Public::Verify(Verifier::MlDsa44(Box::new(
            ml_dsa_44::VerifyingKey::from_bytes(bytes).map_err(e)?,
        ))),
        Alg::MlDsa65 => Public::Verify(Verifier::MlDsa65(Box::new(
            ml_dsa_65::VerifyingKey::from_bytes(bytes).map_err(e)?,
        ))),
        Alg::MlDsa87 => Public::Verify(Verifier::MlDsa87(Box::new(
            ml_dsa_87::VerifyingKey::from_bytes(bytes).map_err(e)?,
        ))),
        Alg::MlKem512 => Public::Encap(Encapsulator::MlKem512(Box::new(
            ml_kem_512::EncapsulationKey::from_bytes(bytes).map_err(e)?,
        ))),
        Alg::MlKem768 => Public::Encap(Encapsulator::MlKem768(Box::new(
            ml_kem_768::EncapsulationKey::from_bytes(bytes).map_err(e)?,
        ))),
        Alg::MlKem1024 => Public::Encap(Encapsulator::MlKem1024(Box::new(
            ml_kem_1024::EncapsulationKey::from_bytes(bytes).map_err(e)?,
        ))),
        Alg::XWing => Public::Encap(Encapsulator::XWing(Box::new(
            xwing::PublicKey::from_bytes(bytes).map_err(e)?,
        ))),
    })
}

/// Reads either kind of key (for `pqkit pub`).
pub fn parse_any(data: &[u8]) -> Result<Public, String> {
    match unwrap_file(data)?.0 {
        Kind::Private => parse_private(data).map(|k| k.public()),
        Kind::Public | Kind::Certificate => parse_public(data),
    }
}
