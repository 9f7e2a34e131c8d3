//! pqkit on a Cortex-M4 (QEMU mps2-an386): a device that checks a signed
//! firmware manifest and opens a hybrid post-quantum key exchange, with the
//! stack and instructions of every operation measured and printed as one
//! JSON line each. No heap: every buffer has a fixed size.
//!
//! The default build runs pqkit; the `peer-*` features build the same
//! harness around another implementation instead, so that each build's
//! flash sizes hold only one of them. Without default features, the use-case
//! features (`ml-kem-768`, `x25519-mlkem768`, `ml-dsa-65-verify`, `ml-dsa`)
//! pick which parts of the story a build holds.

#![no_std]
#![no_main]

mod fixtures;
mod harness;
#[cfg(not(story))]
mod peers;
// The harness-only and boot-check-only builds draw no randomness.
#[cfg_attr(
    not(any(
        not(story),
        feature = "ml-kem-768",
        feature = "x25519-mlkem768",
        feature = "ml-dsa"
    )),
    allow(dead_code)
)]
mod rng;
#[cfg(story)]
mod story;

use core::panic::PanicInfo;
use cortex_m_rt::{ExceptionFrame, entry, exception};
use cortex_m_semihosting::{debug, hprintln};

/// The implementation this build measures.
const BUILD: &str = if cfg!(feature = "peer-rustcrypto") {
    "rustcrypto"
} else if cfg!(feature = "peer-libcrux") {
    "libcrux"
} else if cfg!(feature = "peer-rustcrypto-dsa") {
    "rustcrypto-ml-dsa"
} else {
    "pqkit"
};

#[entry]
fn main() -> ! {
    let Some(cp) = cortex_m::Peripherals::take() else {
        fail("core peripherals already taken")
    };
    hprintln!(
        "# pqkit-nostd-demo: build {}, stack region {} bytes",
        BUILD,
        env!("PQKIT_DEMO_STACK_SIZE")
    );
    let mut h = harness::Harness::new(cp.SYST);

    #[cfg(feature = "selftest-hardfault")]
    {
        // A permanently undefined instruction: UsageFault, escalated to
        // HardFault since the configurable faults are not enabled.
        hprintln!("# executing an undefined instruction");
        if core::hint::black_box(true) {
            cortex_m::asm::udf();
        }
    }
    #[cfg(feature = "selftest-panic")]
    {
        let n = core::hint::black_box(0usize);
        let digits = [0u8; 4];
        hprintln!("# digit {}", digits[n + 4]);
    }

    #[cfg(story)]
    story::run(&mut h);
    #[cfg(feature = "peer-rustcrypto")]
    peers::rustcrypto(&mut h);
    #[cfg(feature = "peer-libcrux")]
    peers::libcrux(&mut h);
    #[cfg(feature = "peer-rustcrypto-dsa")]
    peers::rustcrypto_dsa(&mut h);

    hprintln!("# deepest stack of any operation: {} bytes", h.peak_stack);
    hprintln!("# firmware: all checks passed");
    debug::exit(debug::EXIT_SUCCESS);
    halt()
}

/// Reports a failed check and ends the run with a non-zero QEMU exit status.
pub fn fail(msg: &str) -> ! {
    hprintln!("FAILURE: {}", msg);
    debug::exit(debug::EXIT_FAILURE);
    halt()
}

pub fn check(ok: bool, msg: &str) {
    if !ok {
        fail(msg);
    }
}

/// First 8 bytes in hex, for fingerprints of public values. Digit by digit
/// rather than through `{:02x}`, which links `core::fmt`'s padding and hex
/// code into every build.
pub fn hex8(bytes: &[u8]) -> heapless::String<16> {
    let mut s = heapless::String::new();
    for b in bytes.iter().take(8) {
        for nibble in [b >> 4, b & 0x0f] {
            let _ = s.push(char::from_digit(u32::from(nibble), 16).unwrap_or('?'));
        }
    }
    s
}

fn halt() -> ! {
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    hprintln!("PANIC: {}", info);
    debug::exit(debug::EXIT_FAILURE);
    halt()
}

#[exception]
unsafe fn HardFault(frame: &ExceptionFrame) -> ! {
    hprintln!(
        "HARDFAULT: pc={:#010x} lr={:#010x} xpsr={:#010x}",
        frame.pc(),
        frame.lr(),
        frame.xpsr()
    );
    debug::exit(debug::EXIT_FAILURE);
    halt()
}
