//! The riscv32 counterpart of the Cortex-M4 harness (`../../src/harness.rs`):
//! peak stack by painting, executed instructions from the `minstret`
//! counter.
//!
//! QEMU cannot count cycles. With `-icount shift=0` it derives `minstret`
//! (and `mcycle`) from its instruction counter, so the counter is exact;
//! that is checked at start-up against a loop of known length rather than
//! assumed.

use crate::fail;
use core::arch::asm;
use semihosting::println;

/// What an untouched stack word holds.
const PAINT: u32 = 0x5AC3_A55C;

/// Bytes left unpainted at the bottom of the stack region, so that reaching
/// them means the operation came close to overflowing.
const GUARD_BYTES: usize = 64;

unsafe extern "C" {
    /// Lowest address of the stack region (riscv-rt's `link.x`, placed by
    /// `memory.x`).
    static __estack: u32;
}

/// One measured operation.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub stack_bytes: usize,
    pub instructions: u64,
}

#[derive(Debug)]
pub struct Meter {
    /// What measuring an empty operation costs, subtracted from every sample.
    overhead: Sample,
}

fn instret() -> u64 {
    riscv::register::minstret::read64()
}

fn stack_pointer() -> usize {
    let sp: usize;
    // SAFETY: copies the stack pointer into a register; no memory access.
    unsafe { asm!("mv {0}, sp", out(reg) sp, options(nomem, nostack, preserves_flags)) };
    sp
}

fn stack_limit() -> usize {
    core::ptr::addr_of!(__estack) as usize
}

/// Exactly `2 * n` instructions (one decrement and one branch per round),
/// plus a constant for the call.
#[inline(never)]
fn spin(n: u32) {
    // SAFETY: touches only the register it is given; no memory, no stack.
    unsafe {
        asm!(
            "2:",
            "addi {0}, {0}, -1",
            "bnez {0}, 2b",
            inout(reg) n => _,
            options(nomem, nostack),
        );
    }
}

/// Fills `[from, to)` with the paint pattern. Inlined so that it runs in
/// registers: its own frame would lie in the range it paints.
#[inline(always)]
fn paint(from: usize, to: usize) {
    let mut p = from;
    while p < to {
        // SAFETY: `[from, to)` lies in the stack region below the current
        // stack pointer: memory that no live frame uses.
        unsafe { core::ptr::write_volatile(p as *mut u32, PAINT) };
        p += 4;
    }
}

/// The lowest address in `[from, to)` whose word no longer holds the paint.
#[inline(always)]
fn lowest_touched(from: usize, to: usize) -> usize {
    let mut p = from;
    // SAFETY: `[from, to)` is in the stack region, always mapped RAM.
    while p < to && unsafe { core::ptr::read_volatile(p as *const u32) } == PAINT {
        p += 4;
    }
    p
}

/// The boundary the measured operation is called through (see the
/// Cortex-M4 harness: a result returned by value lands above the painted
/// region, as the caller's memory).
#[inline(never)]
fn call<T, F: FnOnce() -> T>(f: F) -> T {
    f()
}

/// Paints, runs `f`, scans: the result, raw stack depth and instructions of
/// one call.
#[inline(never)]
fn raw<T, F: FnOnce() -> T>(f: F) -> (T, usize, u64) {
    let sp = stack_pointer();
    let bottom = stack_limit() + GUARD_BYTES;
    paint(bottom, sp);
    let t0 = instret();
    let out = call(f);
    let t1 = instret();
    (out, depth(bottom, sp), t1.wrapping_sub(t0))
}

/// How far below `sp` the stack was written, failing when the guard at
/// `bottom` was reached. Out of line so that each measured operation does
/// not carry a copy; its own frame is no deeper than the empty operation's,
/// which is subtracted.
#[inline(never)]
fn depth(bottom: usize, sp: usize) -> usize {
    let low = lowest_touched(bottom, sp);
    if low <= bottom {
        fail("an operation used the whole stack region");
    }
    sp - low
}

impl Meter {
    /// Checks that `minstret` counts instructions and measures the
    /// harness's own cost.
    pub fn new() -> Self {
        const SHORT: u32 = 100_000;
        const ROUNDS: u32 = 1_000_000;
        let ((), _, short) = raw(|| spin(core::hint::black_box(SHORT)));
        let ((), _, long) = raw(|| spin(core::hint::black_box(SHORT + ROUNDS)));
        let delta = long.wrapping_sub(short);
        println!(
            "# calibration: a loop of {} more instructions counted as {} more",
            2 * ROUNDS,
            delta
        );
        if delta.abs_diff(2 * u64::from(ROUNDS)) > 16 {
            fail("minstret does not count instructions (is QEMU running with -icount shift=0?)");
        }
        let ((), stack, instructions) = raw(|| {});
        println!(
            "# harness overhead (subtracted): {} bytes of stack, {} instructions",
            stack, instructions
        );
        Meter {
            overhead: Sample {
                stack_bytes: stack,
                instructions,
            },
        }
    }

    /// Measures `f`, prints its JSON line (the Cortex-M4 harness's shape)
    /// and returns what `f` returned.
    pub fn measure<T, F: FnOnce() -> T>(&mut self, op: &str, f: F) -> T {
        let (out, stack, instructions) = raw(f);
        self.report(op, stack, instructions);
        out
    }

    /// The part of `measure` that does not depend on the operation, out of
    /// line so that each measured operation does not carry a copy.
    #[inline(never)]
    fn report(&self, op: &str, stack: usize, instructions: u64) {
        let s = Sample {
            stack_bytes: stack.saturating_sub(self.overhead.stack_bytes),
            instructions: instructions.saturating_sub(self.overhead.instructions),
        };
        println!(
            "{{\"op\":\"{}\",\"stack_bytes\":{},\"instructions\":{}}}",
            op, s.stack_bytes, s.instructions
        );
    }
}
