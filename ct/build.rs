//! Compiles the client-request shim (`src/shim.c`) against Debian's
//! `valgrind` headers (`/usr/include/valgrind/memcheck.h`). Without the
//! headers the shim still builds and reports that it cannot mark memory, so
//! `cargo build --workspace` works on machines without valgrind and
//! `cargo xtask ct` (which installs valgrind first) gets the real thing.

fn main() {
    println!("cargo:rerun-if-changed=src/shim.c");
    println!("cargo:rerun-if-changed=/usr/include/valgrind/memcheck.h");
    cc::Build::new()
        .file("src/shim.c")
        .warnings(true)
        .compile("pqkit_ct_shim");
}
