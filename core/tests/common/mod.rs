//! Helpers shared by the integration tests: locating the external vectors.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/vectors/<rel>` relative to the workspace root.
///
/// When the folder is missing, tests skip with a message on a developer
/// machine, but under `CI=true` a missing vector folder is a failure: a CI run
/// must never pass by silently testing nothing.
pub fn vectors(rel: &str) -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors");
    let path = root.join(rel);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true but test vectors are missing: {}", path.display());
    }
    eprintln!("SKIPPED: test vectors not found at {}", path.display());
    None
}

/// Decodes a hex string from a vector file.
pub fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap_or_else(|e| panic!("bad hex in vector file ({e}): {s:.40}"))
}

/// A seeded, reproducible RNG for tests (ChaCha20).
pub fn test_rng(seed: u64) -> chacha20::ChaCha20Rng {
    use rand_core::SeedableRng;
    chacha20::ChaCha20Rng::seed_from_u64(seed)
}

/// A deterministic byte stream for one test case: SHAKE128 over the given
/// parts (a label, seeds, a case number), so that a failing case can be
/// replayed from its numbers alone.
pub struct Stream(pqkit::hash::Shake128Reader);

impl Stream {
    pub fn new(parts: &[&[u8]]) -> Self {
        Stream(pqkit::hash::Shake128Reader::new(parts))
    }

    pub fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        pqkit::hash::Xof::squeeze(&mut self.0, &mut out);
        out
    }

    /// Between 0 and `max` bytes.
    pub fn vec(&mut self, max: usize) -> Vec<u8> {
        let len = u16::from_le_bytes(self.bytes()) as usize % (max + 1);
        let mut out = vec![0u8; len];
        pqkit::hash::Xof::squeeze(&mut self.0, &mut out);
        out
    }
}
