// Key objects against byte-string calls with one key used over and over
// (not part of the test suite): `node keys-bench.mjs` after `cargo xtask
// wasm`; `PQKIT_BACKEND=portable` picks the other build. Each pair of
// operations runs in turns, batch by batch (about 40 ms each), and the
// figure is the median over batches, in operations per second of the
// process's CPU time (`process.cpuUsage`), so that other processes
// competing for the cores skew the figures less than wall time would.
import * as pq from '../pkg/index.js';
import { filled } from './helpers.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);

/** CPU milliseconds (user + system) this process has used. */
function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function calibrate(fn) {
  for (let i = 0; i < 10; i++) fn();
  let batch = 1;
  for (;;) {
    const t = cpuMs();
    for (let i = 0; i < batch; i++) fn();
    if (cpuMs() - t > 40) return batch;
    batch *= 2;
  }
}

/** Median ops/s of each function, the functions taking turns. */
function compare(fns) {
  const live = fns.map((fn) => ({ fn, batch: calibrate(fn), rates: [] }));
  const start = performance.now();
  while (performance.now() - start < SECONDS * 1000 || live.some((l) => l.rates.length < 5)) {
    for (const l of live) {
      const t = cpuMs();
      for (let i = 0; i < l.batch; i++) l.fn();
      l.rates.push((l.batch * 1000) / (cpuMs() - t));
    }
  }
  return live.map((l) => l.rates.sort((a, b) => a - b)[l.rates.length >> 1]);
}

const rows = [];
function row(what, bytesFn, keyFn) {
  const [a, b] = compare([bytesFn, keyFn]);
  rows.push([what, a, b]);
}

for (const kem of [pq.mlKem512, pq.mlKem768, pq.mlKem1024, pq.xWing, pq.mlKem768P256]) {
  const { publicKey, secretKey } = kem.generateKeyPair(filled(kem.lengths.seed, 1));
  const { ciphertext } = kem.encapsulate(publicKey);
  const key = kem.importSecretKey(secretKey);
  row(`${kem.name} decapsulate (seed)`, () => kem.decapsulate(secretKey, ciphertext), () => key.decapsulate(ciphertext));
  key.free();
}

const message = filled(64, 2);
for (const dsa of [pq.mlDsa44, pq.mlDsa65, pq.mlDsa87]) {
  const { publicKey, secretKey } = dsa.generateKeyPair(filled(32, 3));
  const signer = dsa.importSigningKey(secretKey);
  const verifier = dsa.importVerifyingKey(publicKey);
  const sig = dsa.sign(secretKey, message, { deterministic: true });
  // Deterministic, so that both sides run the same number of rejection
  // rounds; hedged signing would add the same cost to both.
  const det = { deterministic: true };
  row(`${dsa.name} sign (seed)`, () => dsa.sign(secretKey, message, det), () => signer.sign(message, det));
  row(`${dsa.name} verify`, () => dsa.verify(publicKey, message, sig), () => verifier.verify(message, sig));
  signer.free();
  verifier.free();
}

console.log(`pqkit ${pq.backend} build, Node ${process.version}: ops per CPU second, median of batches`);
console.log(`${'operation'.padEnd(32)} ${'bytes'.padStart(9)} ${'key obj'.padStart(9)}  speedup`);
for (const [what, a, b] of rows) {
  console.log(`${what.padEnd(32)} ${a.toFixed(0).padStart(9)} ${b.toFixed(0).padStart(9)}  ${(b / a).toFixed(2)}x`);
}
