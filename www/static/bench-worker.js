// The benchmark, in a module Web Worker so that the page stays responsive.
//
// pqkit (this site's copy of the npm package) against @noble/post-quantum
// and @noble/curves (vendored into vendor/ when the site is built): the
// post-quantum groups and the classical X25519 and P-256 alike. Before a
// group is timed, noble answers pqkit's client share and pqkit finishes the
// exchange, and the two secrets must match: a broken comparison stops the
// run instead of printing numbers.
//
// Each cell takes turns: ROUNDS rounds, each implementation running one
// calibrated batch per round; the figure is the median rate of the rounds.
import { forcedBackend, restoreValidate } from './force.js';
import * as pq from './pqkit/index.js';
import { ml_kem768 } from './vendor/@noble/post-quantum/ml-kem.js';
import { ml_kem768_x25519 } from './vendor/@noble/post-quantum/hybrid.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from './vendor/@noble/post-quantum/ml-dsa.js';
import { p256 } from './vendor/@noble/curves/nist.js';
import { x25519 } from './vendor/@noble/curves/ed25519.js';

restoreValidate();

const ROUNDS = 5;
const random = (n) => crypto.getRandomValues(new Uint8Array(n));
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

function check(ok, what) {
  if (!ok) throw new Error(`interoperability check failed: ${what}`);
}

// ---------------------------------------------------------------------------
// Timing

/** A batch size taking about `ms` milliseconds (at least one operation). */
async function calibrate(op, ms) {
  // Warm-up: let the JIT compile and lazily built tables fill.
  const warm = performance.now();
  do await op.run();
  while (performance.now() - warm < Math.max(ms, 15));
  let batch = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) await op.run();
    const took = performance.now() - t;
    if (took >= ms || batch >= 1 << 16) return batch;
    batch = Math.max(batch * 2, Math.ceil((batch * ms) / Math.max(took, 0.1)));
  }
}

/** Median ops/s of each of `ops` (each `{ run }`), measured in alternating rounds. */
async function compare(ops, cellMs) {
  const per = cellMs / ROUNDS;
  const live = [];
  for (const op of ops) live.push({ op, batch: await calibrate(op, per), rates: [] });
  for (let r = 0; r < ROUNDS; r++) {
    for (const l of live) {
      const t = performance.now();
      for (let i = 0; i < l.batch; i++) await l.op.run();
      const took = Math.max(performance.now() - t, 0.005);
      l.rates.push((l.batch * 1000) / took);
    }
  }
  return live.map((l) => {
    l.rates.sort((a, b) => a - b);
    return l.rates[l.rates.length >> 1];
  });
}

// ---------------------------------------------------------------------------
// Key exchange: client = key generation + finishing, server = answering

/**
 * Plain ECDH as TLS 1.3 uses it (RFC 8446 section 4.2.8): the client sends a
 * fresh public key and later combines its secret key with the server's; the
 * server answers with an ephemeral key pair and combines it with the
 * client's. Both sides do one key generation and one exchange; each is timed
 * against a fixed peer share.
 */
function pqkitEcdh(ecdh) {
  const server = ecdh.generateKeyPair();
  const client = ecdh.generateKeyPair();
  return {
    client: () => {
      const kp = ecdh.generateKeyPair();
      return ecdh.sharedSecret(kp.secretKey, server.publicKey);
    },
    server: () => {
      const eph = ecdh.generateKeyPair();
      return [eph.publicKey, ecdh.sharedSecret(eph.secretKey, client.publicKey)];
    },
  };
}

/** noble's side of the same exchange, and `respond(clientShare)` for the interoperability check. */
function nobleEcdh(curve) {
  if (curve === 'X25519') {
    const server = x25519.keygen();
    const client = x25519.keygen();
    const respond = (share) => {
      const eph = x25519.keygen();
      return { share: eph.publicKey, secret: x25519.getSharedSecret(eph.secretKey, share) };
    };
    return {
      client: () => {
        const kp = x25519.keygen();
        return x25519.getSharedSecret(kp.secretKey, server.publicKey);
      },
      server: () => respond(client.publicKey),
      respond,
    };
  }
  // Uncompressed points on the wire; the secret is the x-coordinate.
  const serverShare = p256.getPublicKey(p256.utils.randomSecretKey(), false);
  const clientShare = p256.getPublicKey(p256.utils.randomSecretKey(), false);
  const respond = (share) => {
    const sk = p256.utils.randomSecretKey();
    return { share: p256.getPublicKey(sk, false), secret: p256.getSharedSecret(sk, share).subarray(1) };
  };
  return {
    client: () => {
      const sk = p256.utils.randomSecretKey();
      p256.getPublicKey(sk, false);
      return p256.getSharedSecret(sk, serverShare).subarray(1);
    },
    server: () => respond(clientShare),
    respond,
  };
}

/** pqkit's client and server operations for a KEM object of the package. */
function pqkitKem(kem) {
  const seed = random(kem.lengths.seed);
  const { publicKey } = kem.generateKeyPair(seed);
  const { ciphertext } = kem.encapsulate(publicKey);
  return {
    client: () => {
      const kp = kem.generateKeyPair(seed);
      return kem.decapsulate(kp.secretKey, ciphertext);
    },
    server: () => kem.encapsulate(publicKey),
    publicKey,
    seed,
  };
}

/**
 * noble's side of each group: `client` and `server` closures over a fixed
 * key (the timing of constant-time code does not depend on which key), and
 * `respond(clientShare)`, the server step used for the interoperability check.
 */
const NOBLE = {
  'ML-KEM-768': () => {
    const seed = random(64);
    const kp = ml_kem768.keygen(seed);
    const { cipherText } = ml_kem768.encapsulate(kp.publicKey);
    return {
      client: () => ml_kem768.decapsulate(cipherText, ml_kem768.keygen(seed).secretKey),
      server: () => ml_kem768.encapsulate(kp.publicKey),
      respond: (share) => {
        const r = ml_kem768.encapsulate(share);
        return { share: r.cipherText, secret: r.sharedSecret };
      },
    };
  },
  'X-Wing': () => {
    const seed = random(32);
    const kp = ml_kem768_x25519.keygen(seed);
    const { cipherText } = ml_kem768_x25519.encapsulate(kp.publicKey);
    return {
      client: () => ml_kem768_x25519.decapsulate(cipherText, ml_kem768_x25519.keygen(seed).secretKey),
      server: () => ml_kem768_x25519.encapsulate(kp.publicKey),
      respond: (share) => {
        const r = ml_kem768_x25519.encapsulate(share);
        return { share: r.cipherText, secret: r.sharedSecret };
      },
    };
  },
  // draft-ietf-tls-ecdhe-mlkem: client share ek || x25519, server share ct || x25519,
  // secret ML-KEM secret || X25519 secret.
  X25519MLKEM768: () => {
    const respond = (share) => {
      const ek = share.subarray(0, 1184);
      const peer = share.subarray(1184);
      const r = ml_kem768.encapsulate(ek);
      const eph = x25519.keygen();
      return {
        share: concat(r.cipherText, eph.publicKey),
        secret: concat(r.sharedSecret, x25519.getSharedSecret(eph.secretKey, peer)),
      };
    };
    const kemSeed = random(64);
    const xSeed = random(32);
    const clientKey = () => ({ kem: ml_kem768.keygen(kemSeed), x: x25519.keygen(xSeed) });
    const ck = clientKey();
    const answer = respond(concat(ck.kem.publicKey, ck.x.publicKey));
    return {
      client: () => {
        const k = clientKey();
        concat(k.kem.publicKey, k.x.publicKey);
        return concat(
          ml_kem768.decapsulate(answer.share.subarray(0, 1088), k.kem.secretKey),
          x25519.getSharedSecret(k.x.secretKey, answer.share.subarray(1088)),
        );
      },
      server: () => respond(concat(ck.kem.publicKey, ck.x.publicKey)),
      respond,
    };
  },
  // Client share P-256 point(65) || ek, server share point(65) || ct,
  // secret ECDH x-coordinate || ML-KEM secret.
  SecP256r1MLKEM768: () => {
    const respond = (share) => {
      const peer = share.subarray(0, 65);
      const r = ml_kem768.encapsulate(share.subarray(65));
      const sk = p256.utils.randomSecretKey();
      return {
        share: concat(p256.getPublicKey(sk, false), r.cipherText),
        secret: concat(p256.getSharedSecret(sk, peer).subarray(1), r.sharedSecret),
      };
    };
    const kemSeed = random(64);
    const ecSk = p256.utils.randomSecretKey();
    const clientKey = () => ({ kem: ml_kem768.keygen(kemSeed), pub: p256.getPublicKey(ecSk, false) });
    const ck = clientKey();
    const clientShare = concat(ck.pub, ck.kem.publicKey);
    const answer = respond(clientShare);
    return {
      client: () => {
        const k = clientKey();
        concat(k.pub, k.kem.publicKey);
        return concat(
          p256.getSharedSecret(ecSk, answer.share.subarray(0, 65)).subarray(1),
          ml_kem768.decapsulate(answer.share.subarray(65), k.kem.secretKey),
        );
      },
      server: () => respond(clientShare),
      respond,
    };
  },
};

const KEM_ROWS = [
  { name: 'P-256', ecdh: pq.p256, aws: { bytes: 128, client: 17000, server: 17000 } },
  { name: 'X25519', ecdh: pq.x25519, aws: { bytes: 64, client: 31000, server: 31000 } },
  { name: 'ML-KEM-768', kem: pq.mlKem768, aws: { bytes: 2272, client: 13000, server: 25000 } },
  { name: 'X25519MLKEM768', kem: pq.x25519MlKem768 },
  { name: 'SecP256r1MLKEM768', kem: pq.secp256r1MlKem768 },
  { name: 'X-Wing', kem: pq.xWing },
];

const DSA_ROWS = [
  ['ML-DSA-44', pq.mlDsa44, ml_dsa44],
  ['ML-DSA-65', pq.mlDsa65, ml_dsa65],
  ['ML-DSA-87', pq.mlDsa87, ml_dsa87],
];

// ---------------------------------------------------------------------------

async function kemRow(row, cellMs) {
  if (row.ecdh) {
    const ecdh = row.ecdh;
    const mine = pqkitEcdh(ecdh);
    const theirs = nobleEcdh(ecdh.name);
    // Interoperability: noble answers a fresh pqkit client share, pqkit finishes.
    const client = ecdh.generateKeyPair();
    const answer = theirs.respond(client.publicKey);
    check(equal(ecdh.sharedSecret(client.secretKey, answer.share), answer.secret), `${row.name} secrets differ`);
    const [pc, nc] = await compare([{ run: mine.client }, { run: theirs.client }], cellMs);
    done += 1;
    progress(`${row.name} server`);
    const [ps, ns] = await compare([{ run: mine.server }, { run: theirs.server }], cellMs);
    const n = ecdh.lengths.publicKey;
    return {
      name: row.name, bytes: 2 * n, split: `${n} + ${n}`, impl: 'pqkit',
      pqkit: { client: pc, server: ps }, noble: { client: nc, server: ns }, aws: row.aws,
    };
  }
  const kem = row.kem;
  const mine = pqkitKem(kem);
  const theirs = NOBLE[row.name]();
  // Interoperability: noble answers a fresh pqkit client share, pqkit finishes.
  const client = kem.generateKeyPair();
  const answer = theirs.respond(client.publicKey);
  check(equal(kem.decapsulate(client.secretKey, answer.share), answer.secret), `${row.name} secrets differ`);
  const [pc, nc] = await compare([{ run: mine.client }, { run: theirs.client }], cellMs);
  done += 1;
  progress(`${row.name} server`);
  const [ps, ns] = await compare([{ run: mine.server }, { run: theirs.server }], cellMs);
  const { publicKey, ciphertext } = kem.lengths;
  return {
    name: row.name, bytes: publicKey + ciphertext, split: `${publicKey} + ${ciphertext}`, impl: 'pqkit',
    pqkit: { client: pc, server: ps }, noble: { client: nc, server: ns }, aws: row.aws,
  };
}

async function dsaRow(name, dsa, noble, cellMs, post) {
  const seed = random(32);
  const { publicKey, secretKey } = dsa.generateKeyPair(seed);
  const nk = noble.keygen(seed);
  check(equal(nk.publicKey, publicKey), `${name} public keys differ`);
  const msg = random(64);
  const sig = dsa.sign(secretKey, msg);
  check(noble.verify(sig, msg, nk.publicKey), `noble rejects pqkit's ${name} signature`);
  const nsig = noble.sign(msg, nk.secretKey);
  check(dsa.verify(publicKey, msg, nsig), `pqkit rejects noble's ${name} signature`);
  const ops = [
    ['keygen', () => dsa.generateKeyPair(), () => noble.keygen()],
    ['sign', () => dsa.sign(secretKey, msg), () => noble.sign(msg, nk.secretKey)],
    ['verify', () => dsa.verify(publicKey, msg, sig), () => noble.verify(sig, msg, nk.publicKey)],
  ];
  for (const [op, a, b] of ops) {
    progress(`${name} ${op}`);
    const [x, y] = await compare([{ run: a }, { run: b }], cellMs);
    post({ name, op, pqkit: x, noble: y, publicKey: dsa.lengths.publicKey, signature: dsa.lengths.signature });
  }
}

let done = 0;
let total = 0;
function progress(label) {
  postMessage({ type: 'progress', done, total, label });
}

async function run(cellMs) {
  const start = performance.now();
  done = 0;
  // Work units: two per key-exchange row (client, server), three per DSA row.
  total = KEM_ROWS.length * 2 + DSA_ROWS.length * 3;
  for (const row of KEM_ROWS) {
    progress(`${row.name} client`);
    const before = done;
    const result = await kemRow(row, cellMs);
    done = before + 2;
    postMessage({ type: 'kem', row: result });
  }
  for (const [name, dsa, noble] of DSA_ROWS) {
    await dsaRow(name, dsa, noble, cellMs, (row) => {
      done += 1;
      postMessage({ type: 'dsa', row });
    });
  }
  postMessage({ type: 'done', wallMs: performance.now() - start, backend: pq.backend });
}

postMessage({ type: 'ready', backend: pq.backend, forced: forcedBackend });
onmessage = (e) => {
  if (e.data?.cmd !== 'run') return;
  run(e.data.cellMs).catch((err) => postMessage({ type: 'error', message: String(err?.message ?? err) }));
};
