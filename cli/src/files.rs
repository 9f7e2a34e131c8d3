//! Reading inputs (streamed, with a progress bar on a terminal) and writing
//! outputs (never binary or secret data to a terminal, never overwriting
//! key and secret files unless asked).

use std::fs::{self, File, OpenOptions};
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use base64::Engine;
use indicatif::{ProgressBar, ProgressStyle};
use pqkit::ml_dsa::MU_LEN;
use zeroize::Zeroizing;

use crate::Fail;

/// Mode of private key and shared secret files.
pub const PRIVATE_MODE: u32 = 0o600;
/// Mode of public key files (before the umask).
pub const PUBLIC_MODE: u32 = 0o644;

/// Pieces in which files stream through the hashers.
const CHUNK: usize = 1 << 20;
/// Inputs at least this large get a progress bar (when stderr is a terminal).
const PROGRESS_FROM: u64 = 64 << 20;
/// No key file is this large.
const MAX_KEY_FILE: usize = 1 << 20;

/// A file argument, or stdin for `-`.
pub struct Input {
    name: PathBuf,
    reader: Box<dyn Read>,
    len: Option<u64>,
}

impl Input {
    pub fn open(path: &Path) -> Result<Self, Fail> {
        if path == Path::new("-") {
            return Ok(Input {
                name: "stdin".into(),
                reader: Box::new(io::stdin().lock()),
                len: None,
            });
        }
        let file = File::open(path).map_err(|e| Fail::at(path, io_problem(&e)))?;
        let meta = file
            .metadata()
            .map_err(|e| Fail::at(path, io_problem(&e)))?;
        if meta.is_dir() {
            return Err(Fail::at(path, "is a directory"));
        }
        Ok(Input {
            name: path.to_path_buf(),
            reader: Box::new(file),
            len: meta.is_file().then_some(meta.len()),
        })
    }

    /// Feeds the whole input to `f` in pieces of at most 1 MiB; the memory
    /// used does not grow with the input. Returns the number of bytes.
    pub fn stream(mut self, mut f: impl FnMut(&[u8])) -> Result<u64, Fail> {
        let bar = match self.len {
            Some(len) if len >= PROGRESS_FROM && io::stderr().is_terminal() => {
                let bar = ProgressBar::new(len);
                if let Ok(style) = ProgressStyle::with_template(
                    "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
                ) {
                    bar.set_style(style);
                }
                bar
            }
            _ => ProgressBar::hidden(),
        };
        let mut buf = vec![0u8; CHUNK];
        let mut total = 0u64;
        loop {
            let n = match self.reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    bar.finish_and_clear();
                    return Err(Fail::at(&self.name, io_problem(&e)));
                }
            };
            f(&buf[..n]);
            total += n as u64;
            bar.inc(n as u64);
        }
        bar.finish_and_clear();
        Ok(total)
    }

    /// The whole input, which must be at most `limit` bytes (longer inputs
    /// are reported as such, not read to the end).
    pub fn read_all(self, limit: usize) -> Result<Zeroizing<Vec<u8>>, Fail> {
        let name = self.name.clone();
        let mut out = Zeroizing::new(Vec::new());
        self.reader
            .take(limit as u64 + 1)
            .read_to_end(&mut out)
            .map_err(|e| Fail::at(&name, io_problem(&e)))?;
        if out.len() > limit {
            return Err(Fail::at(&name, format!("larger than {limit} bytes")));
        }
        Ok(out)
    }
}

/// A short description of an I/O error, without the "(os error N)" tail.
fn io_problem(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_lowercase(),
                None => s,
            }
        }
    }
}

/// A key file's contents (wiped on drop: it may hold a private key).
pub fn read_key(path: &Path) -> Result<Zeroizing<Vec<u8>>, Fail> {
    Input::open(path)?.read_all(MAX_KEY_FILE)
}

/// A signature file: the raw FIPS 204 signature, or its base64 text (as
/// `aws kms sign --output text` prints it).
pub fn read_signature(path: &Path, alg: &str, len: usize) -> Result<Vec<u8>, Fail> {
    let data = Input::open(path)?.read_all(MAX_KEY_FILE)?;
    if data.len() == len {
        return Ok(data.to_vec());
    }
    if let Some(sig) = decode_text(&data).filter(|s| s.len() == len) {
        return Ok(sig);
    }
    Err(Fail::at(
        path,
        format!(
            "not an {alg} signature: {} bytes, expected {len} raw bytes or their base64",
            data.len()
        ),
    ))
}

/// A 64-byte mu given raw, in hex or in base64.
pub fn read_mu(path: &Path) -> Result<[u8; MU_LEN], Fail> {
    let data = Input::open(path)?.read_all(4096)?;
    let bytes = if data.len() == MU_LEN {
        Some(data.to_vec())
    } else {
        let text = data.trim_ascii();
        hex::decode(text)
            .ok()
            .filter(|m| m.len() == MU_LEN)
            .or_else(|| decode_text(text))
    };
    bytes
        .and_then(|m| <[u8; MU_LEN]>::try_from(m).ok())
        .ok_or_else(|| {
            Fail::at(
                path,
                format!(
                    "not a mu: {} bytes, expected 64 raw bytes, 128 hex digits or base64",
                    data.len()
                ),
            )
        })
}

/// Standard base64, whitespace ignored.
fn decode_text(data: &[u8]) -> Option<Vec<u8>> {
    let compact: Vec<u8> = data
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()
}

/// Fails if `path` exists and `force` is not set.
pub fn check_new(path: &Path, force: bool) -> Result<(), Fail> {
    if !force && fs::symlink_metadata(path).is_ok() {
        return Err(Fail::at(path, "already exists (use --force to overwrite)"));
    }
    Ok(())
}

/// Creates `path` with `mode` and writes `data`. An existing file is an
/// error unless `force`, and is then replaced by a new file, so that a
/// private key never inherits a looser mode from the file it replaces.
pub fn write_new(path: &Path, data: &[u8], mode: u32, force: bool) -> Result<(), Fail> {
    check_new(path, force)?;
    if force && fs::symlink_metadata(path).is_ok() {
        fs::remove_file(path).map_err(|e| Fail::at(path, io_problem(&e)))?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options
        .open(path)
        .map_err(|e| Fail::at(path, io_problem(&e)))?;
    file.write_all(data)
        .and_then(|()| file.sync_all())
        .map_err(|e| Fail::at(path, io_problem(&e)))
}

/// Where a command's result goes: a named file or stdout.
pub struct Output<'a> {
    path: Option<&'a Path>,
    what: &'static str,
}

impl<'a> Output<'a> {
    pub fn new(path: Option<&'a Path>, what: &'static str) -> Self {
        Output { path, what }
    }

    pub fn stdout(what: &'static str) -> Self {
        Output { path: None, what }
    }

    /// Binary data never goes to a terminal.
    pub fn check_binary(&self) -> Result<(), Fail> {
        if self.path.is_none() && io::stdout().is_terminal() {
            return Err(Fail::at(
                "stdout",
                format!(
                    "is a terminal; refusing to write the binary {} there (redirect it or name a file)",
                    self.what
                ),
            ));
        }
        Ok(())
    }

    pub fn write_binary(&self, data: &[u8]) -> Result<(), Fail> {
        self.check_binary()?;
        self.write_text(data)
    }

    pub fn write_text(&self, data: &[u8]) -> Result<(), Fail> {
        match self.path {
            Some(p) => fs::write(p, data).map_err(|e| Fail::at(p, io_problem(&e))),
            None => {
                let mut out = io::stdout().lock();
                out.write_all(data)
                    .and_then(|()| out.flush())
                    .map_err(|e| Fail::at("stdout", io_problem(&e)))
            }
        }
    }
}
