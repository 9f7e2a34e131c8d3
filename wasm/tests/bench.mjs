// Speed of pqkit against @noble/post-quantum, @noble/curves and the
// RustCrypto `ml-kem` / `ml-dsa` and `libcrux-ml-kem` / `libcrux-ml-dsa`
// crates compiled to WebAssembly, in one Node process (not part of the test
// suite): `node bench.mjs` after `cargo xtask wasm`. The RustCrypto and
// libcrux columns appear when their modules are built (`cargo xtask
// wasm-peers`: each with and without simd128).
//
// Both pqkit builds are loaded side by side (private instances of the
// portable and simd128 modules) and called through the public API's
// low-level exports; noble through its own API. Each operation runs in
// batches of about 10 ms, the implementations taking turns; the figure is
// the median over batches, in operations per second.
//
// Two parts: the key exchange of a TLS handshake ("seed" rows: one client
// op = key generation + decapsulation or shared secret, one server op =
// encapsulation or key generation + shared secret), then the single
// operations ("operations" rows).
//
// `node bench.mjs` prints Markdown tables; `node bench.mjs --json` prints
// one JSON document instead, `{ node, v8, seconds, results: [{ section,
// algorithm, operation, implementation, platform, ops_per_s }] }`, which
// `cargo xtask report` reads. BENCH_SECONDS (default 1) is the time per
// table cell.
import { existsSync, readFileSync } from 'node:fs';
import { ml_kem512, ml_kem768, ml_kem1024 } from '@noble/post-quantum/ml-kem.js';
import { ml_kem768_x25519, ml_kem768_p256 } from '@noble/post-quantum/hybrid.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { filled } from './helpers.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
const JSON_OUT = process.argv.includes('--json');
const log = JSON_OUT ? (...a) => console.error(...a) : (...a) => console.log(...a);

async function loadBuild(build) {
  const glue = await import(`../pkg/${build}/pqkit_wasm.js`);
  glue.initSync({ module: readFileSync(new URL(`../pkg/${build}/pqkit_wasm_bg.wasm`, import.meta.url)) });
  return glue;
}

const builds = { simd128: await loadBuild('simd128'), portable: await loadBuild('portable') };

/** A peer module from `target/wasm-peers/DIR/pkg/`, or null when not built. */
async function loadPeer(dir, module) {
  const base = new URL(`../../target/wasm-peers/${dir}/pkg/`, import.meta.url);
  if (!existsSync(new URL(`${module}.js`, base))) return null;
  const glue = await import(new URL(`${module}.js`, base).href);
  glue.initSync({ module: readFileSync(new URL(`${module}_bg.wasm`, base)) });
  return glue;
}

/** Every peer build: implementation, platform, module (null when not built). */
const PEERS = [];
for (const [name, module] of [['rustcrypto', 'rustcrypto_peer'], ['libcrux', 'libcrux_peer']]) {
  PEERS.push({ implementation: name, platform: 'node-simd128', glue: await loadPeer(name, module) });
  PEERS.push({ implementation: name, platform: 'node-portable', glue: await loadPeer(`${name}-portable`, module) });
}

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
    client: () => {
      const s = random(64);
      peer[`keygen${k}`](s);
      return peer[`decaps${k}`](s, ct);
    },
    server: () => peer[`encaps${k}`](ek, random(32)),
  };
}

/** A batch size that takes about 10 ms for `fn`, after warming it up. */
function calibrate(fn) {
  for (let i = 0; i < 5; i++) fn();
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

/** pqkit's low-level exports for KEM `id`, as closures per operation. */
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
    // A TLS client: a fresh key share, then the secret from a server share
    // (made for an earlier key: the same work, the result unused).
    client: () => {
      const fresh = glue.kemGenerateKeyPair(id);
      return glue.kemDecapsulate(id, fresh.slice(fresh.length - seedLen), ct);
    },
    server: () => glue.kemEncapsulate(id, pk),
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
    client: () => kem.decapsulate(cipherText, kem.keygen().secretKey),
    server: () => kem.encapsulate(publicKey),
  };
}

/** ECDH through pqkit's exports: both sides do key pair + shared secret. */
function pqkitEcdh(glue, id) {
  const [pkLen] = glue.ecdhLengths(id);
  const peer = glue.ecdhGenerateKeyPair(id).slice(0, pkLen);
  const side = () => {
    const kp = glue.ecdhGenerateKeyPair(id);
    return glue.ecdhSharedSecret(id, kp.slice(pkLen), peer);
  };
  return { client: side, server: side };
}

function nobleEcdh(curve) {
  const peer = curve.getPublicKey(curve.utils.randomSecretKey());
  const side = () => {
    const sk = curve.utils.randomSecretKey();
    curve.getPublicKey(sk);
    return curve.getSharedSecret(sk, peer);
  };
  return { client: side, server: side };
}

const results = [];

/**
 * Runs `op` for every implementation in `impls` ([implementation, platform,
 * ops]), records the results and returns them in the same order.
 */
function measure(section, algorithm, op, impls) {
  const rates = compare(impls.map(([, , ops]) => ops[op]));
  impls.forEach(([implementation, platform], i) => {
    if (rates[i] !== undefined) {
      results.push({ section, algorithm, operation: op, implementation, platform, ops_per_s: rates[i] });
    }
  });
  return rates;
}

const pqkitImpls = (make) => [
  ['pqkit', 'node-simd128', make(builds.simd128)],
  ['pqkit', 'node-portable', make(builds.portable)],
];
const peerImpls = (k) => PEERS.map((p) => [p.implementation, p.platform, peerOps(p.glue, k)]);

const fmt = (x) => (x === undefined ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const header = (impls) => {
  log(`| algorithm | operation | ${impls.map(([i, p]) => `${i} (${p})`).join(' | ')} |`);
  log(`|---|---|${impls.map(() => '---:|').join('')}`);
};

log(`Node ${process.versions.node}, V8 ${process.versions.v8}; median ops/s over ${SECONDS}s per cell`);
log();
log('Key exchange of a TLS handshake: client = key generation + decapsulation (or shared secret),');
log('server = encapsulation (or key generation + shared secret).');
log();

// [algorithm, pqkit KEM id or ECDH id, kind, noble ops, ML-KEM size for the peers]
const SEED = [
  ['P-256', 1, 'ecdh', nobleEcdh(p256)],
  ['X25519', 0, 'ecdh', nobleEcdh(x25519)],
  ['ML-KEM-768', 1, 'kem', nobleOps(ml_kem768), 768],
  ['X25519MLKEM768', 4, 'kem'],
  ['SecP256r1MLKEM768', 5, 'kem'],
  ['SecP384r1MLKEM1024', 6, 'kem'],
  ['X-Wing', 3, 'kem', nobleOps(ml_kem768_x25519)],
];
const seedImpls = (id, kind, noble, k) => [
  ...pqkitImpls((g) => (kind === 'ecdh' ? pqkitEcdh(g, id) : pqkitOps(g, id))),
  [kind === 'ecdh' ? '@noble/curves' : '@noble/post-quantum', 'node', noble ?? {}],
  ...peerImpls(k),
];
header(seedImpls(0, 'ecdh', null, 768));
for (const [name, id, kind, noble, k] of SEED) {
  const impls = seedImpls(id, kind, noble, k);
  for (const op of ['client', 'server']) {
    log(`| ${name} | ${op} | ${measure('seed', name, op, impls).map(fmt).join(' | ')} |`);
  }
}

log();
log('"decaps" starts from the seed (noble: from its expanded key, the only form it takes);');
log('"decaps (expanded key)" from the expanded key (RustCrypto, libcrux: a key object kept in their module).');
log();

const KEMS = [
  ['ML-KEM-512', 0, ml_kem512, 512],
  ['ML-KEM-768', 1, ml_kem768, 768],
  ['ML-KEM-1024', 2, ml_kem1024, 1024],
  ['X-Wing', 3, ml_kem768_x25519],
  ['X25519MLKEM768', 4, null],
  ['MLKEM768-P256', 7, ml_kem768_p256],
];
const kemImpls = (id, noble, k) => [
  ...pqkitImpls((g) => pqkitOps(g, id)),
  ['@noble/post-quantum', 'node', noble ? nobleOps(noble) : {}],
  ...peerImpls(k),
];
header(kemImpls(1, null, 768));
for (const [name, id, noble, k] of KEMS) {
  const impls = kemImpls(id, noble, k);
  for (const op of ['keygen', 'encaps', 'decaps', 'decaps (expanded key)']) {
    log(`| ${name} | ${op} | ${measure('operations', name, op, impls).map(fmt).join(' | ')} |`);
  }
}

/** ML-DSA: pqkit's exports for parameter set `id`. */
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

/**
 * A peer's ML-DSA operations for pqkit's parameter set `id` (same exports
 * for every peer), or `{}`. Signing is hedged like pqkit's and noble's: fresh
 * 32-byte randomness per signature, passed in.
 */
function peerDsaOps(peer, id, label) {
  const n = [44, 65, 87][id];
  if (!peer) return {};
  if (!peer[`dsa_keygen${n}`]) {
    console.error(`${label} has no ML-DSA: rebuild it with \`cargo xtask wasm-peers\``);
    return {};
  }
  const seed = filled(32, 1);
  const msg = filled(64, 2);
  const ctx = new Uint8Array(0);
  const random = (k) => crypto.getRandomValues(new Uint8Array(k));
  const vk = peer[`dsa_keygen${n}`](seed);
  const key = new peer[`DsaKey${n}`](seed);
  crossCheckDsa(peer, id, n, seed, vk, key, label);
  const sig = key.sign(msg, ctx, random(32));
  return {
    keygen: () => peer[`dsa_keygen${n}`](random(32)),
    'sign (expanded key)': () => key.sign(msg, ctx, random(32)),
    'sign (seed)': () => peer[`dsa_sign${n}`](seed, msg, ctx, random(32)),
    verify: () => peer[`dsa_verify${n}`](vk, msg, ctx, sig),
  };
}

/**
 * Once, outside the timing: the peer's key is pqkit's for the same seed,
 * and with the same signing randomness its signatures (empty and non-empty
 * context) are pqkit's bytes, verify under pqkit and under the peer, and a
 * flipped bit fails. Throws otherwise, so that no column times a broken
 * binding.
 */
function crossCheckDsa(peer, id, n, seed, vk, key, label) {
  const glue = builds.simd128;
  const [pkLen] = glue.dsaLengths(id);
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const fail = (what) => {
    throw new Error(`ML-DSA-${n}, ${label}: ${what}`);
  };
  if (!same(vk, glue.dsaGenerateKeyPair(id, seed).slice(0, pkLen))) fail('verification key differs from pqkit');
  const msg = filled(64, 2);
  const rnd = filled(32, 3);
  for (const ctx of [new Uint8Array(0), filled(17, 4)]) {
    const sig = key.sign(msg, ctx, rnd);
    if (!same(sig, glue.dsaSign(id, seed, msg, ctx, 2, rnd))) fail('signature differs from pqkit');
    if (!same(sig, peer[`dsa_sign${n}`](seed, msg, ctx, rnd))) fail('signing from the seed differs');
    if (!glue.dsaVerify(id, vk, msg, sig, ctx)) fail('signature does not verify under pqkit');
    if (!peer[`dsa_verify${n}`](vk, msg, ctx, sig)) fail('signature does not verify under the peer');
    sig[0] ^= 1;
    if (peer[`dsa_verify${n}`](vk, msg, ctx, sig)) fail('a corrupted signature verifies');
  }
}

log();
log('"sign (expanded key)": pqkit from the FIPS 204 signing key (bytes), noble from its secret key,');
log('RustCrypto and libcrux from a key object kept in their module; "sign (seed)" expands the seed first.');
log('Every signature is hedged (fresh randomness), over the same 64-byte message, empty context.');
log();
const dsaImpls = (id, noble) => [
  ...pqkitImpls((g) => dsaOps(g, id)),
  ['@noble/post-quantum', 'node', nobleDsaOps(noble)],
  ...PEERS.map((p) => [p.implementation, p.platform, peerDsaOps(p.glue, id, `${p.implementation} (${p.platform})`)]),
];
header(dsaImpls(0, ml_dsa44));
for (const [name, id, noble] of [['ML-DSA-44', 0, ml_dsa44], ['ML-DSA-65', 1, ml_dsa65], ['ML-DSA-87', 2, ml_dsa87]]) {
  const impls = dsaImpls(id, noble);
  for (const op of ['keygen', 'sign (expanded key)', 'sign (seed)', 'verify']) {
    log(`| ${name} | ${op} | ${measure('operations', name, op, impls).map(fmt).join(' | ')} |`);
  }
}

if (JSON_OUT) {
  console.log(
    JSON.stringify({ node: process.versions.node, v8: process.versions.v8, seconds: SECONDS, results }, null, 1),
  );
}
