//! The measurement harness: peak stack by painting, executed instructions
//! by SysTick under QEMU's `-icount shift=0`.
//!
//! QEMU cannot count cycles, but with `-icount shift=0` its virtual clock
//! advances one nanosecond per executed instruction, and SysTick (clocked
//! from the 25 MHz processor clock on mps2-an386) ticks on that virtual
//! clock: one tick is a fixed number of instructions. That number is
//! calibrated here against a loop of known length rather than assumed.

use core::arch::asm;
use core::sync::atomic::{AtomicU32, Ordering};
use cortex_m::peripheral::syst::SystClkSource;
use cortex_m::peripheral::{SCB, SYST};
use cortex_m_rt::exception;
use cortex_m_semihosting::hprintln;

/// SysTick's counter is 24 bits wide; it counts down from `RELOAD` to 0.
const RELOAD: u32 = 0x00FF_FFFF;
const PERIOD: u64 = RELOAD as u64 + 1;

/// What an untouched stack word holds.
const PAINT: u32 = 0x5AC3_A55C;

/// Bytes left unpainted at the bottom of the stack region, so that reaching
/// them means the operation came close to overflowing.
const GUARD_BYTES: usize = 64;

/// Number of times SysTick wrapped, counted in its exception.
static WRAPS: AtomicU32 = AtomicU32::new(0);

#[exception]
fn SysTick() {
    WRAPS.fetch_add(1, Ordering::Relaxed);
}

unsafe extern "C" {
    /// Lowest address of the stack region (memory.x.in, checked by cortex-m-rt).
    static _stack_end: u32;
}

/// One measured operation.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub stack_bytes: usize,
    pub instructions: u64,
}

#[derive(Debug)]
pub struct Harness {
    /// Instructions per SysTick tick, times 1000.
    milli_instructions_per_tick: u64,
    /// What measuring an empty operation costs, subtracted from every sample.
    overhead: Sample,
    /// Deepest stack use of any operation so far (before subtraction).
    pub peak_stack: usize,
}

/// SysTick ticks since `Harness::new`, as a 64-bit count.
fn ticks() -> u64 {
    cortex_m::interrupt::free(|_| {
        let current = SYST::get_current();
        let mut wraps = WRAPS.load(Ordering::Relaxed);
        // With interrupts masked, a wrap that has happened is pending but not
        // yet counted. A counter value in the upper half means it was read
        // after that wrap; in the lower half, before it.
        if SCB::is_pendst_pending() && current > RELOAD / 2 {
            wraps += 1;
        }
        u64::from(wraps) * PERIOD + u64::from(RELOAD - current)
    })
}

/// Exactly `2 * n` instructions (one subtract and one branch per round),
/// plus a constant for the call.
#[inline(never)]
fn spin(n: u32) {
    // SAFETY: touches only the register it is given; no memory, no stack.
    unsafe {
        asm!(
            "2:",
            "subs {0}, #1",
            "bne 2b",
            inout(reg) n => _,
            options(nomem, nostack),
        );
    }
}

fn stack_pointer() -> usize {
    cortex_m::register::msp::read() as usize
}

fn stack_limit() -> usize {
    core::ptr::addr_of!(_stack_end) as usize
}

/// Fills `[from, to)` with the paint pattern.
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
fn lowest_touched(from: usize, to: usize) -> usize {
    let mut p = from;
    // SAFETY: `[from, to)` is in the stack region, always mapped SRAM.
    while p < to && unsafe { core::ptr::read_volatile(p as *const u32) } == PAINT {
        p += 4;
    }
    p
}

/// The boundary the measured operation is called through: everything it
/// puts on the stack is below this function's caller. The result goes
/// straight to the caller's return slot (the callee writes through the
/// forwarded return pointer), above the painted region, so keys and
/// ciphertexts handed back by value count as the caller's memory, not as
/// the operation's stack (as with a C API writing into caller buffers).
#[inline(never)]
fn call<T, F: FnOnce() -> T>(f: F) -> T {
    f()
}

/// Paints, runs `f`, scans: the result, raw stack depth and ticks of one
/// call.
#[inline(never)]
fn raw<T, F: FnOnce() -> T>(f: F) -> (T, usize, u64) {
    let sp = stack_pointer();
    let bottom = stack_limit() + GUARD_BYTES;
    paint(bottom, sp);
    let t0 = ticks();
    let out = call(f);
    let t1 = ticks();
    (out, depth(bottom, sp), t1 - t0)
}

/// How far below `sp` the stack was written, failing when the guard at
/// `bottom` was reached. Out of line so that each measured operation does
/// not carry a copy; like `ticks`, it runs after the operation in a frame
/// no deeper than the one `ticks` leaves (which the empty operation's
/// measurement subtracts).
#[inline(never)]
fn depth(bottom: usize, sp: usize) -> usize {
    let low = lowest_touched(bottom, sp);
    if low <= bottom {
        crate::fail("an operation used the whole stack region");
    }
    sp - low
}

impl Harness {
    /// Starts SysTick and calibrates it.
    pub fn new(mut syst: SYST) -> Self {
        syst.set_clock_source(SystClkSource::Core);
        syst.set_reload(RELOAD);
        syst.clear_current();
        syst.enable_interrupt();
        syst.enable_counter();

        // Two loops whose instruction counts differ by exactly 2 * ROUNDS;
        // the call overhead cancels out, and one tick of quantisation at
        // each end is a few parts per million.
        const ROUNDS: u64 = 5_000_000;
        const SHORT: u32 = 100_000;
        const LONG: u32 = SHORT + ROUNDS as u32;
        let ((), _, short) = raw(|| spin(core::hint::black_box(SHORT)));
        let ((), _, long) = raw(|| spin(core::hint::black_box(LONG)));
        let delta = long.saturating_sub(short);
        if delta == 0 {
            crate::fail("SysTick does not advance (is QEMU running with -icount shift=0?)");
        }
        let milli = (2 * ROUNDS * 1000 + delta / 2) / delta;
        let mut h = Harness {
            milli_instructions_per_tick: milli,
            overhead: Sample {
                stack_bytes: 0,
                instructions: 0,
            },
            peak_stack: 0,
        };
        hprintln!(
            "# calibration: {}.{:03} instructions per SysTick tick",
            milli / 1000,
            milli % 1000
        );
        let ((), stack, t) = raw(|| {});
        h.overhead = Sample {
            stack_bytes: stack,
            instructions: h.instructions(t),
        };
        hprintln!(
            "# harness overhead (subtracted): {} bytes of stack, {} instructions",
            h.overhead.stack_bytes,
            h.overhead.instructions
        );

        // Check the calibration on a third, different length.
        const CHECK: u32 = 3_000_000;
        let ((), s) = h.sample(|| spin(core::hint::black_box(CHECK)));
        let expected = 2 * u64::from(CHECK);
        let error = s.instructions.abs_diff(expected);
        hprintln!(
            "# check: a loop of {} instructions measured as {}",
            expected,
            s.instructions
        );
        // One tick of resolution at each end, plus the call.
        if error > 4 * milli / 1000 + 16 {
            crate::fail("instruction count calibration is off");
        }
        h
    }

    fn instructions(&self, ticks: u64) -> u64 {
        (ticks * self.milli_instructions_per_tick + 500) / 1000
    }

    /// Measures one call of `f` (stack and instructions, harness overhead
    /// subtracted).
    pub fn sample<T, F: FnOnce() -> T>(&mut self, f: F) -> (T, Sample) {
        let (out, stack, ticks) = raw(f);
        (out, self.account(stack, ticks))
    }

    /// The part of `sample` that does not depend on the operation, out of
    /// line so that each measured operation does not carry a copy of it
    /// (and of the 64-bit arithmetic) in flash.
    #[inline(never)]
    fn account(&mut self, stack: usize, ticks: u64) -> Sample {
        self.peak_stack = self.peak_stack.max(stack);
        Sample {
            stack_bytes: stack.saturating_sub(self.overhead.stack_bytes),
            instructions: self
                .instructions(ticks)
                .saturating_sub(self.overhead.instructions),
        }
    }

    /// Measures `f`, prints its JSON line and returns what `f` returned.
    pub fn measure<T, F: FnOnce() -> T>(&mut self, op: &str, f: F) -> T {
        let (out, s) = self.sample(f);
        self.print(op, s);
        out
    }

    // Out of line for the same reason as `account`.
    #[inline(never)]
    fn print(&self, op: &str, s: Sample) {
        hprintln!(
            "{{\"op\":\"{}\",\"stack_bytes\":{},\"instructions\":{}}}",
            op,
            s.stack_bytes,
            s.instructions
        );
    }
}
