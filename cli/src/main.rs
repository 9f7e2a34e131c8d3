//! `pqkit`: ML-DSA, ML-KEM and X-Wing keys, signatures, the external mu of
//! AWS KMS, and signed firmware manifests, from the command line.
//!
//! Conventions: PEM by default, data on stdout, messages on stderr; exit 0
//! for success, 1 for a signature (or manifest) that does not verify, 2 for
//! every usage or input error, always as one line `pqkit: WHAT: PROBLEM`.

mod files;
mod keys;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use base64::Engine;
use clap::{Args, Parser, Subcommand};
use pqkit::manifest::{self, Manifest, SignatureAlgorithm, SignedManifest};
use pqkit::ml_dsa::{MAX_CONTEXT_LEN, MU_LEN, RANDOMNESS_LEN};
use zeroize::Zeroizing;

use files::{Input, Output};
use keys::{Alg, Form, Private, Public, Signer, Verifier};

/// A usage or input error: one line on stderr, exit code 2.
#[derive(Debug)]
pub struct Fail(String);

impl Fail {
    pub fn new(msg: impl Into<String>) -> Self {
        Fail(msg.into())
    }

    /// An error about a named file or argument.
    pub fn at(what: impl AsRef<Path>, msg: impl std::fmt::Display) -> Self {
        Fail(format!("{}: {msg}", what.as_ref().display()))
    }
}

/// What a successful command reports: verified (0) or not (1).
enum Verdict {
    Ok,
    Invalid,
}

type Outcome = Result<Verdict, Fail>;

#[derive(Parser)]
#[command(
    name = "pqkit",
    version,
    about = "Post-quantum keys and signatures: ML-DSA (FIPS 204), ML-KEM (FIPS 203), X-Wing",
    after_help = "Exit status: 0 success / valid signature, 1 invalid signature, 2 usage or input error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a key pair.
    Keygen(KeygenArgs),
    /// Print the public key of a key file (SPKI PEM, or DER with --der).
    Pub(PubArgs),
    /// Sign a file (or stdin) with an ML-DSA key; the signature goes to stdout.
    Sign(SignArgs),
    /// Verify an ML-DSA signature: exit 0 valid, 1 invalid, 2 error.
    Verify(VerifyArgs),
    /// The 64-byte external mu of a file, for `aws kms sign --message-type EXTERNAL_MU`.
    Mu(MuArgs),
    /// Encapsulate a shared secret to an ML-KEM or X-Wing public key.
    Encap(EncapArgs),
    /// Decapsulate a ciphertext with an ML-KEM or X-Wing private key.
    Decap(DecapArgs),
    /// Signed firmware manifests, as the pqkit firmware checks them at boot.
    #[command(subcommand)]
    Manifest(ManifestCommand),
}

#[derive(Args)]
struct KeygenArgs {
    /// Algorithm.
    #[arg(long, value_enum, ignore_case = true)]
    alg: Alg,
    /// Private key file to create (mode 0600).
    #[arg(long)]
    out: PathBuf,
    /// Also write the public key to this file.
    #[arg(long = "pub")]
    public: Option<PathBuf>,
    /// Private key form (LAMPS PKCS#8 CHOICE); X-Wing has only `seed`.
    #[arg(long, value_enum, default_value = "seed")]
    form: Form,
    /// Write DER instead of PEM.
    #[arg(long)]
    der: bool,
    /// Overwrite existing files.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct PubArgs {
    /// Key file: private key, public key or certificate.
    #[arg(long)]
    key: PathBuf,
    /// DER instead of PEM.
    #[arg(long)]
    der: bool,
}

#[derive(Args)]
struct ContextArgs {
    /// FIPS 204 context string (at most 255 bytes).
    #[arg(long, conflicts_with = "context_hex")]
    context: Option<String>,
    /// The context string in hex.
    #[arg(long)]
    context_hex: Option<String>,
}

#[derive(Args)]
struct SignArgs {
    /// ML-DSA private key.
    #[arg(long)]
    key: PathBuf,
    #[command(flatten)]
    context: ContextArgs,
    /// rnd = 0^32 (FIPS 204 deterministic variant) instead of fresh randomness.
    #[arg(long)]
    deterministic: bool,
    /// The input is a 64-byte mu (raw, hex or base64) instead of the message.
    #[arg(long, conflicts_with_all = ["context", "context_hex"])]
    mu: bool,
    /// Write the signature as base64 text instead of raw bytes.
    #[arg(long)]
    base64: bool,
    /// Write the signature to this file instead of stdout.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Message file, or - for stdin.
    #[arg(default_value = "-")]
    file: PathBuf,
}

#[derive(Args)]
struct VerifyArgs {
    /// Public key: SPKI PEM, DER or base64 DER (as KMS returns it), or a certificate.
    #[arg(long = "pub")]
    public: PathBuf,
    /// Signature: raw bytes or base64 text.
    #[arg(long)]
    sig: PathBuf,
    #[command(flatten)]
    context: ContextArgs,
    /// Message file, or - for stdin.
    #[arg(default_value = "-")]
    file: PathBuf,
}

#[derive(Args)]
#[group(id = "encoding", multiple = false)]
struct MuEncoding {
    /// Hex, one line (the default).
    #[arg(long, group = "encoding")]
    hex: bool,
    /// Base64, one line.
    #[arg(long, group = "encoding")]
    base64: bool,
    /// The 64 raw bytes (for `aws kms sign --message fileb://...`).
    #[arg(long, group = "encoding")]
    raw: bool,
}

#[derive(Args)]
struct MuArgs {
    /// Public key: SPKI PEM, DER or base64 DER (as KMS returns it), or a certificate.
    #[arg(long = "pub")]
    public: PathBuf,
    #[command(flatten)]
    context: ContextArgs,
    #[command(flatten)]
    encoding: MuEncoding,
    /// Message file, or - for stdin.
    #[arg(default_value = "-")]
    file: PathBuf,
}

#[derive(Args)]
struct EncapArgs {
    /// ML-KEM or X-Wing public key.
    #[arg(long = "pub")]
    public: PathBuf,
    /// File to create (mode 0600) for the 32-byte shared secret.
    #[arg(long)]
    secret_out: PathBuf,
    /// Write the ciphertext to this file instead of stdout.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Overwrite existing files.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct DecapArgs {
    /// ML-KEM or X-Wing private key.
    #[arg(long)]
    key: PathBuf,
    /// File to create (mode 0600) for the shared secret; without it the
    /// secret goes to stdout, which must not be a terminal.
    #[arg(long)]
    secret_out: Option<PathBuf>,
    /// Overwrite an existing --secret-out file.
    #[arg(long)]
    force: bool,
    /// Ciphertext file, or - for stdin.
    #[arg(default_value = "-")]
    ciphertext: PathBuf,
}

#[derive(Subcommand)]
enum ManifestCommand {
    /// Sign a firmware image: writes the manifest (body and signature) to stdout.
    Sign(ManifestSignArgs),
    /// Check a manifest's signature and that it describes the image.
    Verify(ManifestVerifyArgs),
}

#[derive(Args)]
struct ManifestSignArgs {
    /// ML-DSA private key of the vendor.
    #[arg(long)]
    key: PathBuf,
    /// Version of the image (the device's anti-rollback counter).
    #[arg(long)]
    version: u32,
    /// rnd = 0^32 instead of fresh randomness.
    #[arg(long)]
    deterministic: bool,
    /// Write the manifest to this file instead of stdout.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Firmware image, or - for stdin.
    firmware: PathBuf,
}

#[derive(Args)]
struct ManifestVerifyArgs {
    /// ML-DSA public key of the vendor.
    #[arg(long = "pub")]
    public: PathBuf,
    /// The manifest file.
    #[arg(long)]
    manifest: PathBuf,
    /// Firmware image, or - for stdin.
    firmware: PathBuf,
}

fn main() -> ExitCode {
    // Every input error is a `Fail`; a panic would be a bug. Should one
    // happen anyway, it still ends as one line and exit code 2.
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!("pqkit: internal error: {msg}");
        std::process::exit(2);
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Keygen(a) => keygen(a),
        Command::Pub(a) => public(a),
        Command::Sign(a) => sign(a),
        Command::Verify(a) => verify(a),
        Command::Mu(a) => mu(a),
        Command::Encap(a) => encap(a),
        Command::Decap(a) => decap(a),
        Command::Manifest(ManifestCommand::Sign(a)) => manifest_sign(a),
        Command::Manifest(ManifestCommand::Verify(a)) => manifest_verify(a),
    };
    match result {
        Ok(Verdict::Ok) => ExitCode::SUCCESS,
        Ok(Verdict::Invalid) => ExitCode::from(1),
        Err(Fail(msg)) => {
            eprintln!("pqkit: {msg}");
            ExitCode::from(2)
        }
    }
}

fn load_private(path: &Path) -> Result<Private, Fail> {
    let data = files::read_key(path)?;
    keys::parse_private(&data).map_err(|e| Fail::at(path, e))
}

fn load_public(path: &Path) -> Result<Public, Fail> {
    let data = files::read_key(path)?;
    keys::parse_public(&data).map_err(|e| Fail::at(path, e))
}

fn load_signer(path: &Path, command: &str) -> Result<Signer, Fail> {
    match load_private(path)? {
        Private::Sign(s) => Ok(s),
        other => Err(Fail::at(
            path,
            format!(
                "{} key cannot sign; `{command}` needs an ML-DSA key",
                other.alg().name()
            ),
        )),
    }
}

fn load_verifier(path: &Path, command: &str) -> Result<Verifier, Fail> {
    match load_public(path)? {
        Public::Verify(v) => Ok(v),
        other => Err(Fail::at(
            path,
            format!(
                "{} key cannot verify signatures; `{command}` needs an ML-DSA public key",
                other.alg().name()
            ),
        )),
    }
}

fn context(args: &ContextArgs) -> Result<Vec<u8>, Fail> {
    let (ctx, what) = match (&args.context, &args.context_hex) {
        (Some(s), _) => (s.as_bytes().to_vec(), "--context"),
        (None, Some(h)) => (
            hex::decode(h.trim())
                .map_err(|e| Fail::at("--context-hex", format!("not hex: {e}")))?,
            "--context-hex",
        ),
        (None, None) => (Vec::new(), "--context"),
    };
    if ctx.len() > MAX_CONTEXT_LEN {
        return Err(Fail::at(
            what,
            format!(
                "context string must be at most {MAX_CONTEXT_LEN} bytes, got {}",
                ctx.len()
            ),
        ));
    }
    Ok(ctx)
}

/// The pure ML-DSA `mu` of a file streamed in pieces (FIPS 204, Algorithm 2
/// line 10 and Algorithm 7 line 6), in constant memory.
fn stream_mu(vk: &Verifier, ctx: &[u8], file: &Path) -> Result<[u8; MU_LEN], Fail> {
    let mut h = vk.mu_hasher(ctx);
    Input::open(file)?.stream(|piece| {
        h.update(piece);
    })?;
    Ok(h.finalize())
}

fn rnd(deterministic: bool) -> Result<Zeroizing<[u8; RANDOMNESS_LEN]>, Fail> {
    let mut r = Zeroizing::new([0u8; RANDOMNESS_LEN]);
    if !deterministic {
        keys::random(&mut r[..])?;
    }
    Ok(r)
}

fn keygen(a: KeygenArgs) -> Outcome {
    // Check everything that can fail before touching the disk.
    files::check_new(&a.out, a.force)?;
    if let Some(p) = &a.public {
        if p == &a.out {
            return Err(Fail::at(p, "--out and --pub name the same file"));
        }
        files::check_new(p, a.force)?;
    }
    let key = keys::generate(a.alg)?;
    let der = keys::to_pkcs8_der(&key, a.form).map_err(|e| Fail::at("--form", e))?;
    let private: Zeroizing<Vec<u8>> = if a.der {
        der
    } else {
        Zeroizing::new(keys::pem("PRIVATE KEY", &der).as_bytes().to_vec())
    };
    let spki = key.public().to_spki_der();
    let public = if a.der {
        spki
    } else {
        keys::pem("PUBLIC KEY", &spki).as_bytes().to_vec()
    };
    files::write_new(&a.out, &private, files::PRIVATE_MODE, a.force)?;
    if let Some(p) = &a.public {
        files::write_new(p, &public, files::PUBLIC_MODE, a.force)?;
    }
    eprintln!(
        "pqkit: {} {} key written to {}{}",
        a.alg.name(),
        match a.form {
            Form::Seed => "seed",
            Form::Expanded => "expanded",
            Form::Both => "seed+expanded",
        },
        a.out.display(),
        a.public
            .as_ref()
            .map(|p| format!(", public key to {}", p.display()))
            .unwrap_or_default()
    );
    Ok(Verdict::Ok)
}

fn public(a: PubArgs) -> Outcome {
    let data = files::read_key(&a.key)?;
    let key = keys::parse_any(&data).map_err(|e| Fail::at(&a.key, e))?;
    let spki = key.to_spki_der();
    if a.der {
        Output::stdout("public key").write_binary(&spki)?;
    } else {
        Output::stdout("public key").write_text(keys::pem("PUBLIC KEY", &spki).as_bytes())?;
    }
    Ok(Verdict::Ok)
}

fn sign(a: SignArgs) -> Outcome {
    let sk = load_signer(&a.key, "sign")?;
    let ctx = context(&a.context)?;
    let out = Output::new(a.out.as_deref(), "signature");
    if !a.base64 {
        // Before reading what may be gigabytes.
        out.check_binary()?;
    }
    let mu = if a.mu {
        files::read_mu(&a.file)?
    } else {
        stream_mu(&sk.verifier(), &ctx, &a.file)?
    };
    let sig = sk.sign_mu(&mu, &*rnd(a.deterministic)?);
    if a.base64 {
        let text = base64::engine::general_purpose::STANDARD.encode(&sig) + "\n";
        out.write_text(text.as_bytes())?;
    } else {
        out.write_binary(&sig)?;
    }
    Ok(Verdict::Ok)
}

fn verify(a: VerifyArgs) -> Outcome {
    let vk = load_verifier(&a.public, "verify")?;
    let ctx = context(&a.context)?;
    let sig = files::read_signature(&a.sig, vk.alg().name(), vk.signature_len())?;
    let mu = stream_mu(&vk, &ctx, &a.file)?;
    if vk.verify_mu(&mu, &sig) {
        eprintln!(
            "pqkit: {}: valid {} signature",
            a.file.display(),
            vk.alg().name()
        );
        Ok(Verdict::Ok)
    } else {
        eprintln!(
            "pqkit: {}: INVALID signature (not made by this key over this file and context)",
            a.file.display()
        );
        Ok(Verdict::Invalid)
    }
}

fn mu(a: MuArgs) -> Outcome {
    let vk = load_verifier(&a.public, "mu")?;
    let ctx = context(&a.context)?;
    let out = Output::stdout("mu");
    if a.encoding.raw {
        out.check_binary()?;
    }
    let mu = stream_mu(&vk, &ctx, &a.file)?;
    if a.encoding.raw {
        out.write_binary(&mu)?;
    } else if a.encoding.base64 {
        out.write_text((base64::engine::general_purpose::STANDARD.encode(mu) + "\n").as_bytes())?;
    } else {
        out.write_text((hex::encode(mu) + "\n").as_bytes())?;
    }
    Ok(Verdict::Ok)
}

fn encap(a: EncapArgs) -> Outcome {
    let ek = match load_public(&a.public)? {
        Public::Encap(e) => e,
        other => {
            return Err(Fail::at(
                &a.public,
                format!(
                    "{} key cannot encapsulate; `encap` needs an ML-KEM or X-Wing public key",
                    other.alg().name()
                ),
            ));
        }
    };
    files::check_new(&a.secret_out, a.force)?;
    let out = Output::new(a.out.as_deref(), "ciphertext");
    out.check_binary()?;
    let (ct, ss) = ek.encapsulate()?;
    files::write_new(&a.secret_out, &ss, files::PRIVATE_MODE, a.force)?;
    out.write_binary(&ct)?;
    Ok(Verdict::Ok)
}

fn decap(a: DecapArgs) -> Outcome {
    let dk = match load_private(&a.key)? {
        Private::Decap(d) => d,
        other => {
            return Err(Fail::at(
                &a.key,
                format!(
                    "{} key cannot decapsulate; `decap` needs an ML-KEM or X-Wing private key",
                    other.alg().name()
                ),
            ));
        }
    };
    match &a.secret_out {
        Some(p) => files::check_new(p, a.force)?,
        None => Output::stdout("shared secret").check_binary()?,
    }
    let ct = Input::open(&a.ciphertext)?.read_all(64 * 1024)?;
    let ss = dk
        .decapsulate(&ct)
        .map_err(|e| Fail::at(&a.ciphertext, e))?;
    match &a.secret_out {
        Some(p) => files::write_new(p, &ss, files::PRIVATE_MODE, a.force)?,
        None => Output::stdout("shared secret").write_binary(&ss)?,
    }
    Ok(Verdict::Ok)
}

fn manifest_algorithm(alg: Alg) -> SignatureAlgorithm {
    match alg {
        Alg::MlDsa44 => SignatureAlgorithm::MlDsa44,
        Alg::MlDsa65 => SignatureAlgorithm::MlDsa65,
        _ => SignatureAlgorithm::MlDsa87,
    }
}

/// Length and SHA3-256 of an image, streamed.
fn hash_image(file: &Path) -> Result<(u64, [u8; 32]), Fail> {
    let mut h = manifest::ImageHasher::new();
    Input::open(file)?.stream(|piece| {
        h.update(piece);
    })?;
    Ok(h.finalize())
}

fn manifest_sign(a: ManifestSignArgs) -> Outcome {
    let sk = load_signer(&a.key, "manifest sign")?;
    let out = Output::new(a.out.as_deref(), "manifest");
    out.check_binary()?;
    let (image_len, image_sha3_256) = hash_image(&a.firmware)?;
    let body = Manifest {
        algorithm: manifest_algorithm(sk.alg()),
        version: a.version,
        image_len,
        image_sha3_256,
    }
    .encode_body();
    let sig = sk.sign(&body, manifest::CONTEXT, &*rnd(a.deterministic)?);
    let mut bytes = body.to_vec();
    bytes.extend_from_slice(&sig);
    out.write_binary(&bytes)?;
    eprintln!(
        "pqkit: {}: manifest for version {}, {image_len} bytes, signed with {}",
        a.firmware.display(),
        a.version,
        sk.alg().name()
    );
    Ok(Verdict::Ok)
}

fn manifest_verify(a: ManifestVerifyArgs) -> Outcome {
    let vk = load_verifier(&a.public, "manifest verify")?;
    let bytes = Input::open(&a.manifest)?.read_all(manifest::MAX_LEN + 1)?;
    let signed = SignedManifest::parse(&bytes).map_err(|e| Fail::at(&a.manifest, e))?;
    let m = signed.manifest;
    if m.algorithm != manifest_algorithm(vk.alg()) {
        return Err(Fail::at(
            &a.manifest,
            format!(
                "signed with {}, but the key {} is {}",
                m.algorithm.name(),
                a.public.display(),
                vk.alg().name()
            ),
        ));
    }
    if signed.verify(vk.bytes()).is_err() {
        eprintln!(
            "pqkit: {}: INVALID manifest signature (not made by this key)",
            a.manifest.display()
        );
        return Ok(Verdict::Invalid);
    }
    let (len, digest) = hash_image(&a.firmware)?;
    if !m.matches(len, &digest) {
        eprintln!(
            "pqkit: {}: does NOT match the manifest ({len} bytes; the manifest is for {} bytes with another SHA3-256)",
            a.firmware.display(),
            m.image_len
        );
        return Ok(Verdict::Invalid);
    }
    eprintln!(
        "pqkit: {}: valid manifest, version {}, {} bytes, {}",
        a.firmware.display(),
        m.version,
        m.image_len,
        m.algorithm.name()
    );
    let _ = writeln!(std::io::stdout(), "version {}", m.version);
    Ok(Verdict::Ok)
}
