//! Bit packing (FIPS 204, section 7.1) and the samplers' rejection steps
//! (section 7.3).

use crate::arith::dsa::{N, Q};

/// Packs 256 values of `bits` bits each, least significant bit first. The
/// number of stores depends only on `bits`.
pub(super) fn pack(values: impl Iterator<Item = u32>, bits: u32, out: &mut [u8]) {
    let out = &mut out[..32 * bits as usize];
    if bits == 24 {
        // Whole bytes (the compact ML-DSA schedule's store of `w`): no
        // 64-bit shifting, which a 32-bit core pays for per byte.
        for (o, v) in out.chunks_exact_mut(3).zip(values) {
            o.copy_from_slice(&v.to_le_bytes()[..3]);
        }
        return;
    }
    let mask = (1u64 << bits) - 1;
    let mut acc = 0u64;
    let mut n = 0u32;
    let mut o = 0;
    for v in values {
        acc |= (u64::from(v) & mask) << n;
        n += bits;
        while n >= 8 {
            out[o] = acc as u8;
            acc >>= 8;
            n -= 8;
            o += 1;
        }
    }
}

/// Reads 256 values of `bits` bits from `32 * bits` bytes and hands each to
/// `put(index, value)`.
pub(super) fn unpack(bytes: &[u8], bits: u32, mut put: impl FnMut(usize, u32)) {
    let bytes = &bytes[..32 * bits as usize];
    if bits == 24 {
        for (i, b) in bytes.chunks_exact(3).enumerate() {
            put(i, u32::from_le_bytes([b[0], b[1], b[2], 0]));
        }
        return;
    }
    let mask = (1u64 << bits) - 1;
    let mut acc = 0u64;
    let mut n = 0u32;
    let mut i = 0;
    for &b in bytes {
        acc |= u64::from(b) << n;
        n += 8;
        while n >= bits && i < N {
            put(i, (acc & mask) as u32);
            acc >>= bits;
            n -= bits;
            i += 1;
        }
    }
}

/// FIPS 204, Algorithms 30 and 14 (rejection step, public input).
///
/// Out of line so that the constant-time check can name it: its input is
/// SHAKE128 of the public `rho`, which the check still sees as secret in key
/// generation, where `rho` is derived from the seed (ct/valgrind.supp).
#[inline(never)]
pub(super) fn rej_uniform(bytes: &[u8], out: &mut [i32; N], mut filled: usize) -> usize {
    for c in bytes.chunks_exact(3) {
        if filled >= N {
            break;
        }
        let t = (u32::from(c[0]) | (u32::from(c[1]) << 8) | (u32::from(c[2]) << 16)) & 0x7F_FFFF;
        if t < Q as u32 {
            out[filled] = t as i32;
            filled += 1;
        }
    }
    filled
}

/// [`rej_uniform`] with each accepted value `a` at position `n` multiplied
/// into `acc[n] += a * b[n] * R^-1` (the sum of `DsaArith::pointwise_acc`,
/// value for value) instead of stored. Out of line for the constant-time
/// check, like [`rej_uniform`]: the branch is on the public SHAKE128 output
/// of `rho`; `b` (a secret or the mask) only flows through the products.
#[inline(never)]
pub(super) fn rej_uniform_acc(
    bytes: &[u8],
    b: &[i32; N],
    acc: &mut [i32; N],
    mut filled: usize,
) -> usize {
    for c in bytes.chunks_exact(3) {
        if filled >= N {
            break;
        }
        let t = (u32::from(c[0]) | (u32::from(c[1]) << 8) | (u32::from(c[2]) << 16)) & 0x7F_FFFF;
        if t < Q as u32 {
            let product = super::ntt::montgomery_reduce(i64::from(t as i32) * i64::from(b[filled]));
            acc[filled] = acc[filled].wrapping_add(product);
            filled += 1;
        }
    }
    filled
}

/// FIPS 204, Algorithms 31 and 15 (rejection step). The `mod 5` of
/// CoeffFromHalfByte is a multiply-shift (`205 * z >> 10 = z / 5` for
/// `z < 15`).
pub(super) fn rej_eta(eta: i32, bytes: &[u8], out: &mut [i32; N], mut filled: usize) -> usize {
    for &b in bytes {
        for z in [i32::from(b & 0x0F), i32::from(b >> 4)] {
            if filled >= N {
                return filled;
            }
            // The nibbles come from SHAKE256 of the secret rho'. Whether a
            // nibble is accepted is public (FIPS 204, section 3.6.2 /
            // Algorithm 31): rejected nibbles are discarded and the accepted
            // ones are uniform whatever the pattern, so the pattern (and the
            // store position it implies) reveals nothing about s1 or s2.
            // The coefficient itself is computed without a branch.
            let (accept, value) = if eta == 2 {
                (z < 15, 2 - (z - ((205 * z) >> 10) * 5))
            } else {
                (z < 9, 4 - z)
            };
            if crate::arith::portable::declassify(accept) {
                out[filled] = value;
                filled += 1;
            }
        }
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_unpack_round_trip() {
        for bits in [1u32, 2, 3, 4, 6, 10, 13, 18, 20, 23, 24] {
            let vals: [u32; N] =
                core::array::from_fn(|i| (i as u32).wrapping_mul(2_654_435_761) >> (32 - bits));
            let mut buf = [0u8; 32 * 24];
            pack(vals.iter().copied(), bits, &mut buf);
            let mut back = [0u32; N];
            unpack(&buf, bits, |i, v| back[i] = v);
            assert_eq!(vals, back, "bits = {bits}");
        }
    }

    #[test]
    fn pack_is_little_endian_bit_order() {
        let mut buf = [0u8; 32 * 10];
        let mut vals = [0u32; N];
        vals[0] = 0x3FF;
        vals[1] = 1;
        pack(vals.iter().copied(), 10, &mut buf);
        assert_eq!(&buf[..3], &[0xFF, 0x07, 0x00]);
    }

    #[test]
    fn eta_nibbles() {
        let mut out = [0i32; N];
        // Nibbles 0, 14, 15 (rejected for eta 2), 9 -> 2, 2-4 = -2, -, 2-4 = -2.
        let n = rej_eta(2, &[0xE0, 0x9F], &mut out, 0);
        assert_eq!((n, &out[..3]), (3, &[2, -2, -2][..]));
        let n = rej_eta(4, &[0x90, 0x38], &mut out, 0);
        assert_eq!((n, &out[..3]), (3, &[4, -4, 1][..]));
    }
}
