//! Keeping secrets out of WebAssembly memory once a call returns.
//!
//! Everything a call touches lives in the module's linear memory: the heap
//! (argument copies made by the bindings, returned buffers, the core's keys)
//! and the shadow stack (the core's working variables). The core wipes its
//! secret types on drop, but the bindings' copies and stack temporaries would
//! otherwise stay readable by anyone holding the `WebAssembly.Memory` until
//! they are overwritten. Two measures close that:
//!
//! - [`WipeOnFree`], the global allocator, zeroes every block before handing
//!   it back to the system allocator (and the old block of a reallocation);
//! - [`scrub_stack`] overwrites the stack area below the caller after each
//!   exported call returns.

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator, zeroing blocks when they are freed.
pub struct WipeOnFree;

/// Zeroes `len` bytes at `ptr` in a way the optimiser may not drop as a dead
/// store before the block is freed.
///
/// # Safety
/// `ptr` must be valid for writes of `len` bytes.
unsafe fn wipe(ptr: *mut u8, len: usize) {
    // SAFETY: the caller guarantees `ptr..ptr + len` is writable.
    unsafe { core::ptr::write_bytes(ptr, 0, len) };
    // The memory is about to be freed, which compilers may treat as making
    // earlier stores dead; `black_box` makes the bytes observable.
    core::hint::black_box(ptr);
}

// SAFETY: every method forwards to `System` with the caller's arguments and
// only adds writes to blocks the caller owns until they are released.
unsafe impl GlobalAlloc for WipeOnFree {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as `GlobalAlloc::alloc`.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as `GlobalAlloc::alloc_zeroed`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` is a live block of `layout.size()` bytes from this
        // allocator, released right after the wipe.
        unsafe {
            wipe(ptr, layout.size());
            System.dealloc(ptr, layout);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Never let the system allocator move a block itself: the old copy
        // would be freed unwiped.
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return core::ptr::null_mut();
        };
        // SAFETY: `new_layout` has a non-zero size (the `realloc` contract).
        let new = unsafe { System.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are live, distinct, and at least
            // `min(old, new)` bytes long; the old one is then released as in
            // `dealloc`.
            unsafe {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                wipe(ptr, layout.size());
                System.dealloc(ptr, layout);
            }
        }
        new
    }
}

/// How much stack below the exported function's frame is overwritten: more
/// than the deepest operation uses, with a margin. Measured by filling the
/// stack with a pattern before each call (simd128 build): ML-KEM-1024
/// decapsulation from a seed reaches 24 KiB, X-Wing 36 KiB, MLKEM1024-P384
/// 41 KiB, ML-DSA-87 signing 58 KiB, an ML-DSA-87 PKCS#8 `both` round trip
/// 61 KiB.
const SCRUB_BYTES: usize = 96 * 1024;

/// Overwrites the stack area the finished operation used.
#[inline(never)]
pub fn scrub_stack() {
    let mut area = core::mem::MaybeUninit::<[u8; SCRUB_BYTES]>::uninit();
    let p = area.as_mut_ptr().cast::<u8>();
    // SAFETY: `area` is a local of exactly `SCRUB_BYTES` bytes.
    unsafe { core::ptr::write_bytes(p, 0, SCRUB_BYTES) };
    core::hint::black_box(p);
}
