//! `cargo xtask`: every build, test and report task of the pqkit workspace,
//! in plain Rust so it runs the same on every machine with only cargo present.
//!
//! Each task installs its own missing prerequisites (rustup targets, a pinned
//! `wasm-bindgen-cli`, Debian packages, npm packages) and says so in a
//! progress line before it does.

mod ct;
mod firmware;
mod fuzz;
mod report;
mod soak;
mod test;
mod util;
mod wasi;
mod wasm;
mod www;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task> [args]

tasks:
  test [SUITE...]   run every test suite (or only the named ones) and print a summary
  ct                constant-time check of pqkit under valgrind memcheck (self-test included)
  fuzz [--seconds N] [TARGET...]
                    run every cargo-fuzz target (or the named ones) N seconds each (default 60)
  soak              long runs: accumulated ML-DSA/ML-KEM hashes, backend differentials at 10^6
  report [--quick]  benchmark pqkit and its peers (native, Node, TLS, firmware) and print the report
  wasm              build the npm package into wasm/pkg/
  wasm-peers        build the RustCrypto and libcrux peers (simd128 and not) for wasm/tests/bench.mjs
  firmware [--peers] [--markdown] [--json FILE]
                    build the Cortex-M4 firmware and run it under QEMU
  www [--port N]    build the demo site and serve it on 127.0.0.1
  suites            list the test suites
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(task) = args.first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let result = match task.as_str() {
        "test" => test::run(rest),
        "ct" => ct::run(rest),
        "fuzz" => fuzz::run(rest),
        "soak" => soak::run(rest),
        "report" => report::run(rest),
        "wasm" => wasm::build().map(|_| ()),
        "wasm-peers" => wasm::build_peers(),
        "firmware" => firmware::run(rest),
        "www" => www::run(rest),
        "suites" => {
            for s in test::SUITES {
                println!("{:<18} {}", s.name, s.about);
            }
            Ok(())
        }
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown task `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
