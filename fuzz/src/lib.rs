//! Helpers shared by the fuzz targets: reading a fuzzer input as a sequence
//! of fields, so one target can cover several parameter sets and forms.

/// A fuzzer input consumed from the front. Reading past the end gives zeros
/// (for fixed-size fields) or a shorter slice, never a panic, so every input
/// means something.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    /// Wraps `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Input(data)
    }

    /// The next byte, or 0 at the end.
    pub fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    /// The next `N` bytes, zero-padded at the end of the input.
    pub fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        let n = N.min(self.0.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        out
    }

    /// Up to `n` bytes.
    pub fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.0.split_at(n.min(self.0.len()));
        self.0 = rest;
        head
    }

    /// A field whose length is the next byte (0-255).
    pub fn short(&mut self) -> &'a [u8] {
        let n = usize::from(self.byte());
        self.take(n)
    }

    /// A field whose length is the next two bytes, little-endian.
    pub fn long(&mut self) -> &'a [u8] {
        let n = usize::from(u16::from_le_bytes(self.array()));
        self.take(n)
    }

    /// Everything left.
    pub fn rest(self) -> &'a [u8] {
        self.0
    }
}

/// Asserts that `e` is [`pqkit::Error::InvalidLength`] reporting `expected`
/// and the length actually given.
#[track_caller]
pub fn assert_length_error(e: pqkit::Error, expected: usize, given: usize) {
    match e {
        pqkit::Error::InvalidLength {
            expected: x,
            actual,
            ..
        } => {
            assert_eq!((x, actual), (expected, given), "{e}");
            assert_ne!(
                expected, given,
                "a right-length input refused for its length"
            );
        }
        other => panic!("expected InvalidLength, got {other:?}"),
    }
}
