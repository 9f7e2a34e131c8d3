// Speed of pqkit against @noble/post-quantum and the RustCrypto `ml-kem` and
// `libcrux-ml-kem` crates compiled to WebAssembly with simd128, in one Node
// process (not part of the test suite): `node bench.mjs` after `cargo xtask
// wasm`. The RustCrypto and libcrux columns appear when their modules are
// built (`cargo xtask wasm-peers`).
//
// Both pqkit builds are loaded side by side (private instances of the
// portable and simd128 modules) and called through the public API's
// low-level exports; noble through its own API. Each operation runs in
// batches of about 10 ms, the implementations taking turns; the figure is
// the median over batches, in operations per second.
import { existsSync, readFileSync } from 'node:fs';
import { ml_kem512, ml_kem768, ml_kem1024 } from '@noble/post-quantum/ml-kem.js';
import { ml_kem768_x25519, ml_kem768_p256 } from '@noble/post-quantum/hybrid.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { filled } from './helpers.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);

async function loadBuild(build) {
  const glue = await import(`../pkg/${build}/pqkit_wasm.js`);
  glue.initSync({ module: readFileSync(new URL(`../pkg/${build}/pqkit_wasm_bg.wasm`, import.meta.url)) });
  return glue;
}

const builds = { portable: await loadBuild('portable'), simd128: await loadBuild('simd128') };

/** A peer module from `target/wasm-peers/NAME/pkg/`, or null when not built. */
async function loadPeer(name, module) {
  const dir = new URL(`../../target/wasm-peers/${name}/pkg/`, import.meta.url);
  if (!existsSync(new URL(`${module}.js`, dir))) return null;
  const glue = await import(new URL(`${module}.js`, dir).href);
  glue.initSync({ module: readFileSync(new URL(`${module}_bg.wasm`, dir)) });
  return glue;
}

const peers = {
  rustcrypto: await loadPeer('rustcrypto', 'rustcrypto_peer'),
  libcrux: await loadPeer('libcrux', 'libcrux_peer'),
};

/** A peer's ML-KEM-`k` operations (same exports for every peer), or `{}`. */
function peerOps(peer, k) {
  if (!peer || !k) return {};
  const seed = filled(64, 1);
  const ek = peer[`keygen${k}`](seed);
  const ctLen = { 512: 768, 768: 1088, 1024: 1568 }[k];
  const ct = peer[`encaps${k}`](ek, filled(32, 2)).slice(0, ctLen);
  const key = new peer[`Key${k}`](seed);
  const random = (n) => crypto.getRandomValues(new Uint8Array(n));
  return {
    keygen: () => peer[`keygen${k}`](random(64)),
    encaps: () => peer[`encaps${k}`](ek, random(32)),
    decaps: () => peer[`decaps${k}`](seed, ct),
    'decaps (expanded key)': () => key.decapsulate(ct),
  };
}

/** A batch size that takes about 10 ms for `fn`, after warming it up. */
function calibrate(fn) {
  for (let i = 0; i < 20; i++) fn();
  let batch = 1;
  while (true) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) fn();
    if (performance.now() - t > 10) return batch;
    batch *= 2;
  }
}

/**
 * Median operations per second of each of `fns` (`undefined` entries are
 * skipped). The implementations take turns batch by batch, so that load from
 * other processes falls on all of them alike.
 */
function compare(fns) {
  const live = fns.map((fn) => fn && { fn, batch: calibrate(fn), rates: [] });
  const start = performance.now();
  while (performance.now() - start < SECONDS * 1000 || live.some((l) => l && l.rates.length < 5)) {
    for (const l of live) {
      if (!l) continue;
      const t = performance.now();
      for (let i = 0; i < l.batch; i++) l.fn();
      l.rates.push((l.batch * 1000) / (performance.now() - t));
    }
  }
  return live.map((l) => {
    if (!l) return undefined;
    l.rates.sort((a, b) => a - b);
    return l.rates[l.rates.length >> 1];
  });
}

/** pqkit's low-level exports for KEM `id`, as keygen / encaps / decaps closures. */
function pqkitOps(glue, id) {
  const [, , ctLen, , seedLen] = glue.kemLengths(id);
  const seed = filled(seedLen, 1);
  const kp = glue.kemGenerateKeyPair(id, seed);
  const pk = kp.slice(0, kp.length - seedLen);
  const ct = glue.kemEncapsulate(id, pk).slice(0, ctLen);
  const ops = {
    keygen: () => glue.kemGenerateKeyPair(id),
    encaps: () => glue.kemEncapsulate(id, pk),
    decaps: () => glue.kemDecapsulate(id, seed, ct),
  };
  if (glue.kemLengths(id)[6]) {
    const dk = glue.kemExpandSecretKey(id, seed);
    ops['decaps (expanded key)'] = () => glue.kemDecapsulate(id, dk, ct);
  }
  return ops;
}

function nobleOps(kem) {
  const { publicKey, secretKey } = kem.keygen();
  const { cipherText } = kem.encapsulate(publicKey);
  return {
    keygen: () => kem.keygen(),
    encaps: () => kem.encapsulate(publicKey),
    decaps: () => kem.decapsulate(cipherText, secretKey),
    'decaps (expanded key)': () => kem.decapsulate(cipherText, secretKey),
  };
}

const CASES = [
  ['ML-KEM-512', 0, ml_kem512, 512],
  ['ML-KEM-768', 1, ml_kem768, 768],
  ['ML-KEM-1024', 2, ml_kem1024, 1024],
  ['X-Wing', 3, ml_kem768_x25519],
  ['X25519MLKEM768', 4, null],
  ['MLKEM768-P256', 7, ml_kem768_p256],
];

const fmt = (x) => (x === undefined ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
console.log(`Node ${process.versions.node}, V8 ${process.versions.v8}; median ops/s over ${SECONDS}s per cell`);
console.log('"decaps" starts from the seed (noble: from its expanded key, the only form it takes);');
console.log('"decaps (expanded key)" from the expanded key (RustCrypto, libcrux: a key object kept in their module).');
console.log();
console.log('| algorithm | operation | pqkit simd128 | pqkit portable | noble | RustCrypto wasm | libcrux wasm | simd128 / noble | simd128 / RustCrypto | simd128 / libcrux |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const [name, id, noble, k] of CASES) {
  const simd = pqkitOps(builds.simd128, id);
  const port = pqkitOps(builds.portable, id);
  const nob = noble ? nobleOps(noble) : {};
  const rc = peerOps(peers.rustcrypto, k);
  const lc = peerOps(peers.libcrux, k);
  for (const op of Object.keys(simd)) {
    const [a, b, c, d, e] = compare([simd[op], port[op], nob[op], rc[op], lc[op]]);
    const ratio = (x) => (x ? `${(a / x).toFixed(2)}x` : '-');
    console.log(
      `| ${name} | ${op} | ${fmt(a)} | ${fmt(b)} | ${fmt(c)} | ${fmt(d)} | ${fmt(e)} | ${ratio(c)} | ${ratio(d)} | ${ratio(e)} |`,
    );
  }
}

/** ML-DSA: pqkit's exports for parameter set `id` against noble. */
function dsaOps(glue, id) {
  const seed = filled(32, 1);
  const pk = glue.dsaGenerateKeyPair(id, seed).slice(0, glue.dsaLengths(id)[0]);
  const sk = glue.dsaExpandSecretKey(id, seed);
  const msg = filled(64, 2);
  const ctx = new Uint8Array(0);
  const sig = glue.dsaSign(id, sk, msg, ctx, 1);
  return {
    keygen: () => glue.dsaGenerateKeyPair(id),
    'sign (expanded key)': () => glue.dsaSign(id, sk, msg, ctx, 0),
    'sign (seed)': () => glue.dsaSign(id, seed, msg, ctx, 0),
    verify: () => glue.dsaVerify(id, pk, msg, sig, ctx),
  };
}

function nobleDsaOps(dsa) {
  const { publicKey, secretKey } = dsa.keygen(filled(32, 1));
  const msg = filled(64, 2);
  const sig = dsa.sign(msg, secretKey);
  return {
    keygen: () => dsa.keygen(),
    'sign (expanded key)': () => dsa.sign(msg, secretKey),
    verify: () => dsa.verify(sig, msg, publicKey),
  };
}

for (const [name, id, noble] of [['ML-DSA-44', 0, ml_dsa44], ['ML-DSA-65', 1, ml_dsa65], ['ML-DSA-87', 2, ml_dsa87]]) {
  const simd = dsaOps(builds.simd128, id);
  const port = dsaOps(builds.portable, id);
  const nob = nobleDsaOps(noble);
  for (const op of Object.keys(simd)) {
    const [a, b, c] = compare([simd[op], port[op], nob[op]]);
    console.log(`| ${name} | ${op} | ${fmt(a)} | ${fmt(b)} | ${fmt(c)} | - | - | ${c ? `${(a / c).toFixed(2)}x` : '-'} | - | - |`);
  }
}
