//! Keccak-f[1600] on one state for the sponge of `crate::hash`, which every
//! x86-64 build uses, AVX2 or not: the round body of
//! [`crate::hash::keccak`], compiled once more with BMI1, whose `andn`
//! makes chi one instruction per lane instead of two.
//!
//! Unlike the rest of this folder it does not depend on the selected
//! backend: BMI1 is detected on its own (cached), and a CPU without it
//! runs the same code without the feature. Both give the same bits; the
//! unit tests of `crate::hash::keccak` compare them with the `keccak` crate.

use crate::hash::keccak::f1600_two_state;

cpufeatures::new!(cpuid_bmi1, "bmi1");

/// Keccak-f[1600] (FIPS 202 section 3.3) on `a`, with BMI1 where the CPU
/// has it.
pub(crate) fn keccak_f1600(a: &mut [u64; 25]) {
    if cpuid_bmi1::get() {
        // SAFETY: the CPU has BMI1 (checked just above, through CPUID); the
        // function only touches `a`, through a reference.
        unsafe { f1600_bmi1(a) }
    } else {
        f1600_two_state(a);
    }
}

#[target_feature(enable = "bmi1")]
fn f1600_bmi1(a: &mut [u64; 25]) {
    f1600_two_state(a);
}
