// Cargo target runner for wasm32-wasip1 test binaries: runs the .wasm file
// given as the first argument under Node's WASI (node:wasi, preview1).
//
//   CARGO_TARGET_WASM32_WASIP1_RUNNER="node $PWD/xtask/wasi/runner.mjs" \
//     cargo test -p pqkit --target wasm32-wasip1 ...
//
// The folder holding the worktree is preopened under its own absolute path,
// so tests that locate files through absolute paths baked in at compile time
// (CARGO_MANIFEST_DIR) reach both the crate and `../shared/vectors` beside it.
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { WASI } from "node:wasi";

const [wasmPath, ...args] = process.argv.slice(2);
if (!wasmPath) {
  console.error("usage: node runner.mjs <test.wasm> [args...]");
  process.exit(2);
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const outer = dirname(root);
const wasi = new WASI({
  version: "preview1",
  args: [wasmPath, ...args],
  env: process.env,
  preopens: { [outer]: outer },
  returnOnExit: true,
});

const module = await WebAssembly.compile(await readFile(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
const code = wasi.start(instance);
process.exit(code ?? 0);
