//! Deliberately leaky functions: the self-test runs them on secret input to
//! show that the check can fail. Each is a textbook timing leak.

use core::hint::black_box;

/// A table indexed by a secret: the address of the load depends on it
/// (cache timing). Memcheck: "Use of uninitialised value".
#[inline(never)]
pub fn table_lookup(secret: &[u8; 16]) -> u8 {
    static SBOX: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut i = 0;
        while i < 256 {
            t[i] = (i as u8).wrapping_mul(167).wrapping_add(13);
            i += 1;
        }
        t
    };
    let mut acc = 0u8;
    for &b in black_box(secret) {
        acc ^= SBOX[usize::from(b)];
    }
    acc
}

/// A comparison that stops at the first difference: the running time tells
/// how many leading bytes of the secret were guessed right. Memcheck:
/// "Conditional jump or move depends on uninitialised value(s)".
#[inline(never)]
pub fn early_exit_compare(secret: &[u8; 16], guess: &[u8; 16]) -> bool {
    for (a, b) in black_box(secret).iter().zip(black_box(guess)) {
        if a != b {
            return false;
        }
    }
    true
}

/// A division by a secret (KyberSlash): hardware dividers take time that
/// depends on the operands. Memcheck does not flag divisions, so `cargo
/// xtask ct` finds this one by scanning the machine code for division
/// instructions.
#[inline(never)]
pub fn secret_division(secret: &[u8; 16]) -> u32 {
    let d = u32::from_le_bytes([secret[0], secret[1], secret[2], secret[3]]) | 1;
    black_box(0xdead_beefu32) / black_box(d)
}
