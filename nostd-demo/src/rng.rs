//! A deterministic random generator for the demo.
//!
//! The board has no entropy source QEMU can model, so the demo draws its
//! "randomness" from SHA3-256 in counter mode over a fixed seed. This makes
//! every run print the same keys and signatures; a real device must seed
//! from its TRNG instead.

use core::convert::Infallible;
use pqkit::hash::sha3_256;
use rand_core::{TryCryptoRng, TryRng};

#[derive(Debug)]
pub struct DemoRng {
    seed: [u8; 32],
    counter: u64,
    block: [u8; 32],
    used: usize,
}

impl DemoRng {
    pub fn new(label: &[u8]) -> Self {
        DemoRng {
            seed: sha3_256(&[b"pqkit-demo rng", label]),
            counter: 0,
            block: [0; 32],
            used: 32,
        }
    }

    fn refill(&mut self) {
        self.block = sha3_256(&[&self.seed, &self.counter.to_le_bytes()]);
        self.counter += 1;
        self.used = 0;
    }
}

impl TryRng for DemoRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for byte in dst {
            if self.used == self.block.len() {
                self.refill();
            }
            *byte = self.block[self.used];
            self.used += 1;
        }
        Ok(())
    }
}

impl TryCryptoRng for DemoRng {}
