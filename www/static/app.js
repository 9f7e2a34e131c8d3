// The demo page: four panels over the pqkit npm package (served from
// ./pqkit/), no framework. `?backend=portable` forces the portable build
// (see force.js); `?bench=quick` shortens the benchmark (for the tests).
import { forcedBackend, restoreValidate } from './force.js';
import * as pq from './pqkit/index.js';

restoreValidate();

const params = new URL(location.href).searchParams;
const $ = (id) => document.getElementById(id);
const enc = new TextEncoder();

const toHex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const code = (n) => `0x${n.toString(16).toUpperCase().padStart(4, '0')}`;

/** `<code>` with the first and last bytes of `b`, the full hex as its title, and the size. */
function shortHex(el, b) {
  el.textContent = '';
  const c = document.createElement('code');
  const h = toHex(b);
  c.textContent = b.length > 24 ? `${h.slice(0, 32)}…${h.slice(-16)}` : h;
  c.title = h;
  c.dataset.hex = h;
  const s = document.createElement('span');
  s.className = 'size';
  s.textContent = `${b.length.toLocaleString('en-US')} bytes`;
  el.append(c, s);
}

function setVerdict(el, cls, text, state) {
  el.className = `verdict ${cls}`;
  el.textContent = text;
  el.dataset.state = state;
}

function errorText(e) {
  return e?.code ? `${e.name} ${e.code}: ${e.message}` : `${e?.name ?? 'Error'}: ${e?.message ?? e}`;
}

$('backend').textContent = pq.backend;
if (forcedBackend === 'portable') $('backend-note').textContent = '(forced by ?backend=portable)';
else if (pq.backend === 'simd128') $('backend-note').textContent = '(WebAssembly SIMD)';
else $('backend-note').textContent = '(this engine has no WebAssembly SIMD)';

// ---------------------------------------------------------------------------
// Benchmark

const KEM_NAMES = ['P-256', 'X25519', 'ML-KEM-768', 'X25519MLKEM768', 'SecP256r1MLKEM768', 'X-Wing'];
const DSA_NAMES = ['ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'];
const DSA_OPS = ['keygen', 'sign', 'verify'];

function fmtRate(x) {
  if (x === undefined) return '–';
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1);
}
function fmtRatio(x) {
  return `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`;
}

function cell(tr, text, cls, key) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  if (key) td.dataset.cell = key;
  tr.append(td);
  return td;
}

function emptyTables() {
  const kb = $('kem-table').tBodies[0];
  kb.textContent = '';
  for (const name of KEM_NAMES) {
    const tr = document.createElement('tr');
    tr.dataset.row = name;
    const th = document.createElement('th');
    th.textContent = name;
    tr.append(th);
    cell(tr, '–', '', 'bytes');
    for (const k of ['pqkit-client', 'pqkit-server', 'noble-client', 'noble-server', 'ratio-client', 'ratio-server']) {
      cell(tr, '–', k.startsWith('pqkit') ? 'pq' : k.startsWith('ratio') ? 'ratio' : '', k);
    }
    cell(tr, '–', 'ref', 'aws');
    kb.append(tr);
  }
  const db = $('dsa-table').tBodies[0];
  db.textContent = '';
  for (const name of DSA_NAMES) {
    const dsa = pq[{ 'ML-DSA-44': 'mlDsa44', 'ML-DSA-65': 'mlDsa65', 'ML-DSA-87': 'mlDsa87' }[name]];
    DSA_OPS.forEach((op, i) => {
      const tr = document.createElement('tr');
      tr.dataset.row = `${name}:${op}`;
      if (i === 0) {
        const th = document.createElement('th');
        th.rowSpan = 3;
        th.textContent = name;
        const kb = (n) => `${n.toLocaleString('en-US')} B`;
        for (const text of [`public key ${kb(dsa.lengths.publicKey)}`, `signature ${kb(dsa.lengths.signature)}`]) {
          const size = document.createElement('span');
          size.className = 'sizes';
          size.textContent = text;
          th.append(size);
        }
        tr.append(th);
      }
      cell(tr, op, 'op');
      cell(tr, '–', 'pq', 'pqkit');
      cell(tr, '–', '', 'noble');
      cell(tr, '–', 'ratio', 'ratio');
      db.append(tr);
    });
  }
}

function setRatio(td, r) {
  td.textContent = fmtRatio(r);
  td.classList.toggle('fast', r >= 1);
  td.classList.toggle('slow', r < 1);
}

const results = { kem: [], dsa: [] };

function showKem(row) {
  results.kem.push(row);
  const tr = $('kem-table').querySelector(`tr[data-row="${row.name}"]`);
  const c = (k) => tr.querySelector(`[data-cell="${k}"]`);
  const split = document.createElement('span');
  split.className = 'split';
  split.textContent = `(${row.split})`;
  c('bytes').textContent = row.bytes.toLocaleString('en-US');
  c('bytes').append(' ', split);
  tr.dataset.impl = row.impl;
  for (const side of ['client', 'server']) {
    c(`pqkit-${side}`).textContent = fmtRate(row.pqkit[side]);
    c(`noble-${side}`).textContent = fmtRate(row.noble[side]);
    setRatio(c(`ratio-${side}`), row.pqkit[side] / row.noble[side]);
  }
  const k = (n) => `${n / 1000}k`;
  c('aws').textContent = row.aws
    ? `${row.aws.bytes.toLocaleString('en-US')} B · ${k(row.aws.client)} / ${k(row.aws.server)}`
    : '–';
}

function showDsa(row) {
  results.dsa.push(row);
  const tr = $('dsa-table').querySelector(`tr[data-row="${row.name}:${row.op}"]`);
  tr.querySelector('[data-cell="pqkit"]').textContent = fmtRate(row.pqkit);
  tr.querySelector('[data-cell="noble"]').textContent = fmtRate(row.noble);
  setRatio(tr.querySelector('[data-cell="ratio"]'), row.pqkit / row.noble);
}

/** Horizontal bars of pqkit / noble per operation, with the 1× line. */
function drawChart() {
  const SVG = 'http://www.w3.org/2000/svg';
  const bars = [
    ...results.kem.flatMap((r) => ['client', 'server'].map((s) => [`${r.name} ${s}`, r.pqkit[s] / r.noble[s]])),
    ...results.dsa.map((r) => [`${r.name} ${r.op}`, r.pqkit / r.noble]),
  ];
  const box = $('bench-chart');
  // Drawn at the container's width, so that the text stays legible on a phone.
  const W = Math.max(340, Math.min(760, box.clientWidth || 640));
  const LABEL = W < 500 ? 168 : 178;
  const H = 18;
  const GAP = 6;
  const TOP = 22;
  const max = Math.max(1.5, ...bars.map((b) => b[1])) * 1.12;
  const x = (v) => LABEL + (v / max) * (W - LABEL - 10);
  const svg = document.createElementNS(SVG, 'svg');
  const height = TOP + bars.length * (H + GAP) + 6;
  svg.setAttribute('viewBox', `0 0 ${W} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'pqkit speed relative to noble, per operation');
  const el = (name, attrs, text) => {
    const n = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    svg.append(n);
    return n;
  };
  el('text', { x: x(1), y: 12, 'text-anchor': 'middle' }, '1× (as fast as noble)');
  bars.forEach(([label, r], i) => {
    const y = TOP + i * (H + GAP);
    el('text', { x: LABEL - 8, y: y + H - 5, 'text-anchor': 'end' }, label);
    el('rect', { x: LABEL, y, width: Math.max(1, x(r) - LABEL), height: H, rx: 3, class: r >= 1 ? 'bar' : 'bar slow' });
    const inside = x(r) - LABEL > 60;
    el(
      'text',
      { x: inside ? x(r) - 6 : x(r) + 6, y: y + H - 5, 'text-anchor': inside ? 'end' : 'start', class: inside ? 'in' : '' },
      fmtRatio(r),
    );
  });
  el('line', { x1: x(1), x2: x(1), y1: 16, y2: height, class: 'axis' });
  box.textContent = '';
  box.append(svg);
}

let worker = null;
$('bench-run').addEventListener('click', () => {
  const quick = params.get('bench') === 'quick';
  const cellMs = Number(params.get('cell-ms')) || (quick ? 20 : 300);
  emptyTables();
  results.kem = [];
  results.dsa = [];
  $('bench-run').disabled = true;
  $('bench-status').textContent = 'starting the worker…';
  $('bench-progress').value = 0;
  document.body.dataset.bench = 'running';
  worker?.terminate();
  const url = new URL('bench-worker.js', location.href);
  if (forcedBackend) url.searchParams.set('backend', forcedBackend);
  worker = new Worker(url, { type: 'module' });
  const t0 = performance.now();
  worker.onerror = (e) => {
    $('bench-status').textContent = `worker failed: ${e.message}`;
    $('bench-run').disabled = false;
    document.body.dataset.bench = 'failed';
  };
  worker.onmessage = ({ data }) => {
    switch (data.type) {
      case 'ready':
        worker.postMessage({ cmd: 'run', cellMs });
        $('bench-status').textContent = `running on the ${data.backend} build…`;
        break;
      case 'progress':
        $('bench-progress').value = data.done / data.total;
        $('bench-status').textContent = `${data.label} (${data.done}/${data.total})`;
        break;
      case 'kem':
        showKem(data.row);
        break;
      case 'dsa':
        showDsa(data.row);
        break;
      case 'done': {
        $('bench-progress').value = 1;
        const secs = ((performance.now() - t0) / 1000).toFixed(1);
        $('bench-status').textContent = `done in ${secs} s on the ${data.backend} build${quick ? ' (quick mode)' : ''}`;
        $('bench-run').disabled = false;
        document.body.dataset.bench = 'done';
        document.body.dataset.benchBackend = data.backend;
        document.body.dataset.benchSeconds = secs;
        drawChart();
        break;
      }
      case 'error':
        $('bench-status').textContent = `stopped: ${data.message}`;
        $('bench-run').disabled = false;
        document.body.dataset.bench = 'failed';
        break;
    }
  };
});
emptyTables();

// ---------------------------------------------------------------------------
// Hybrid key exchange

/** The package object of each group, and where the ML-KEM part sits in each share. */
const KEX = {
  X25519MLKEM768: { kem: pq.x25519MlKem768, mlkemAt: 0 },
  SecP256r1MLKEM768: { kem: pq.secp256r1MlKem768, mlkemAt: 65 },
  SecP384r1MLKEM1024: { kem: pq.secp384r1MlKem1024, mlkemAt: 97 },
  'X-Wing': { kem: pq.xWing, mlkemAt: 0 },
  'ML-KEM-768': { kem: pq.mlKem768, mlkemAt: 0 },
};
let exchange = null;

function runExchange() {
  const name = $('kex-group').value;
  const { kem } = KEX[name];
  const client = kem.generateKeyPair();
  const server = kem.encapsulate(client.publicKey);
  const secret = kem.decapsulate(client.secretKey, server.ciphertext);
  exchange = { name, client, server };
  shortHex($('kex-client'), client.publicKey);
  shortHex($('kex-server'), server.ciphertext);
  shortHex($('kex-ss-server'), server.sharedSecret);
  shortHex($('kex-ss-client'), secret);
  const ok = equal(secret, server.sharedSecret);
  setVerdict(
    $('kex-verdict'),
    ok ? 'ok' : 'err',
    ok ? `Both sides hold the same ${secret.length}-byte secret (${name}).` : 'The secrets differ!',
    ok ? 'agree' : 'differ',
  );
  setVerdict($('kex-tamper'), '', '', '');
}

$('kex-run').addEventListener('click', runExchange);
$('kex-group').addEventListener('change', runExchange);

$('kex-flip-server').addEventListener('click', () => {
  const { name, client, server } = exchange;
  const { kem, mlkemAt } = KEX[name];
  const forged = server.ciphertext.slice();
  forged[mlkemAt] ^= 0x01;
  shortHex($('kex-server'), forged);
  try {
    const secret = kem.decapsulate(client.secretKey, forged);
    shortHex($('kex-ss-client'), secret);
    const same = equal(secret, server.sharedSecret);
    setVerdict(
      $('kex-tamper'),
      same ? 'err' : 'warn',
      same
        ? 'The forged share gave the same secret!'
        : `Flipped bit 0 of byte ${mlkemAt} (the ML-KEM ciphertext): no error, but the client now holds a different secret (implicit rejection), so the handshake would fail at Finished.`,
      same ? 'same' : 'implicit-rejection',
    );
  } catch (e) {
    setVerdict($('kex-tamper'), 'err', `Refused: ${errorText(e)}`, 'refused');
  }
});

$('kex-bad-client').addEventListener('click', () => {
  const { name, client } = exchange;
  const { kem, mlkemAt } = KEX[name];
  // The first 12-bit coefficient of the ML-KEM encapsulation key becomes
  // 4095, which is not reduced modulo q = 3329 (FIPS 203 section 7.2).
  const bad = client.publicKey.slice();
  bad[mlkemAt] = 0xff;
  bad[mlkemAt + 1] |= 0x0f;
  shortHex($('kex-client'), bad);
  try {
    kem.encapsulate(bad);
    setVerdict($('kex-tamper'), 'err', 'The server accepted a malformed key share!', 'accepted');
  } catch (e) {
    const el = $('kex-tamper');
    setVerdict(el, 'ok', `The server refuses the share: ${errorText(e)}`, 'refused');
    el.dataset.code = e.code ?? e.name;
  }
});
runExchange();

// ---------------------------------------------------------------------------
// Sign a file

const dsa = pq.mlDsa65;
const pageKey = dsa.generateKeyPair();
const pagePubPem = pq.pem.encode('PUBLIC KEY', pq.spki.encode('ML-DSA-65', pageKey.publicKey));
$('sign-page-pub').value = pagePubPem;
$('sign-page-priv').value = pq.pem.encode('PRIVATE KEY', pq.pkcs8.encode('ML-DSA-65', pageKey.secretKey));
let file = null;
const CHUNK = 4 << 20;
const urls = [];

function chooseFile(f) {
  file = f ?? null;
  $('sign-run').disabled = !file;
  $('sign-status').textContent = file ? `${file.name || 'file'}, ${file.size.toLocaleString('en-US')} bytes` : 'choose a file';
}
$('sign-file').addEventListener('change', (e) => chooseFile(e.target.files[0]));
const drop = $('sign-drop');
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  chooseFile(e.dataTransfer.files[0]);
});
for (const r of document.querySelectorAll('input[name="sign-key"]')) {
  r.addEventListener('change', () => {
    $('sign-pem').hidden = document.querySelector('input[name="sign-key"]:checked').value !== 'pem';
  });
}

/** The signing key: `{ publicKey, secretKey? }` (no secret key for a pasted public key). */
function signingKey() {
  if (document.querySelector('input[name="sign-key"]:checked').value === 'page') return pageKey;
  const { label, der } = pq.pem.decode($('sign-pem').value);
  if (label === 'PUBLIC KEY') {
    const { name, publicKey } = pq.spki.decode(der);
    if (name !== 'ML-DSA-65') throw new TypeError(`this is an ${name} key; ML-DSA-65 is needed`);
    return { publicKey };
  }
  if (label !== 'PRIVATE KEY') throw new TypeError(`expected a PRIVATE KEY or PUBLIC KEY PEM, got ${label}`);
  const k = pq.pkcs8.decode(der);
  if (k.name !== 'ML-DSA-65') throw new TypeError(`this is an ${k.name} key; ML-DSA-65 is needed`);
  if (k.form === 'expanded') {
    throw new TypeError('an expanded-only private key carries no public key; use the seed or both form');
  }
  return { publicKey: dsa.generateKeyPair(k.secretKey).publicKey, secretKey: k.secretKey };
}

function download(id, bytes, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  urls.push(url);
  $(id).href = url;
}

$('sign-run').addEventListener('click', async () => {
  const status = $('sign-status');
  const verify = $('sign-verify');
  $('sign-run').disabled = true;
  document.body.dataset.sign = 'running';
  for (const u of urls.splice(0)) URL.revokeObjectURL(u);
  $('sign-mu').textContent = '–';
  $('sign-sig').textContent = '–';
  verify.textContent = '–';
  delete verify.dataset.state;
  $('sign-downloads').hidden = true;
  $('sign-cli').hidden = true;
  try {
    const key = signingKey();
    const context = enc.encode($('sign-context').value);
    const hasher = dsa.muHasher(key.publicKey, { context });
    const t0 = performance.now();
    for (let at = 0; at < file.size; at += CHUNK) {
      const chunk = new Uint8Array(await file.slice(at, at + CHUNK).arrayBuffer());
      hasher.update(chunk);
      $('sign-progress').value = Math.min(1, (at + chunk.length) / file.size);
      status.textContent = `hashing… ${Math.round(((at + chunk.length) / file.size) * 100)} %`;
    }
    const mu = hasher.finalize();
    const secs = (performance.now() - t0) / 1000;
    $('sign-progress').value = 1;
    $('sign-mu').textContent = toHex(mu);
    download('dl-mu', mu, 'application/octet-stream');
    const mb = file.size / 1e6;
    status.textContent = `${mb.toFixed(1)} MB hashed in ${secs.toFixed(2)} s (${(mb / Math.max(secs, 1e-3)).toFixed(0)} MB/s)`;
    $('sign-cli').hidden = false;
    $('sign-cli').textContent =
      '# mu binds the public key and the context: compute it with your KMS key\'s\n' +
      '# public key (paste it as PEM above) and send only these 64 bytes.\n' +
      'aws kms sign --key-id <your ML_DSA_65 key> --signing-algorithm ML_DSA_SHAKE_256 \\\n' +
      '  --message-type EXTERNAL_MU --message fileb://mu.bin \\\n' +
      '  --query Signature --output text | base64 -d > signature.bin';
    download('dl-pub', enc.encode(pq.pem.encode('PUBLIC KEY', pq.spki.encode('ML-DSA-65', key.publicKey))), 'application/x-pem-file');
    if (!key.secretKey) {
      $('sign-sig').textContent = 'no private key given: sign mu.bin with KMS';
      $('dl-sig').hidden = true;
    } else {
      const sig = dsa.signMu(key.secretKey, mu);
      shortHex($('sign-sig'), sig);
      const ok = dsa.verifyMu(key.publicKey, mu, sig);
      setVerdict(verify, ok ? 'ok' : 'err', ok ? 'valid: verifyMu accepts the signature' : 'INVALID', ok ? 'valid' : 'invalid');
      download('dl-sig', sig, 'application/octet-stream');
      $('dl-sig').hidden = false;
    }
    $('sign-downloads').hidden = false;
    document.body.dataset.sign = 'done';
  } catch (e) {
    status.textContent = errorText(e);
    document.body.dataset.sign = 'failed';
  } finally {
    $('sign-run').disabled = !file;
  }
});

// ---------------------------------------------------------------------------
// Negotiation

const BROWSERS = 'X25519MLKEM768, x25519, secp256r1, secp384r1';
const PRESETS = [
  {
    id: 'aws',
    label: 'AWS post: hybrid share, server has only Kyber512 fallbacks',
    client: 'SecP256r1MLKEM768, secp256r1',
    shares: 'SecP256r1MLKEM768, secp256r1',
    server: '0x2F3A, SecP256r1Kyber768Draft00, secp256r1',
    policy: 'pq-first',
    why: 'The client sends both shares. The server only knows pre-standard P-256 + Kyber groups (0x2F3A is secp256r1_kyber512r3, 0x639A the Kyber768 draft), which are not ML-KEM, so the only mutual group is P-256: accepted at once, no round trip lost, but no post-quantum protection.',
  },
  {
    id: 'aws-upgraded',
    label: 'AWS post, server upgraded to ML-KEM',
    client: 'SecP256r1MLKEM768, secp256r1',
    shares: 'SecP256r1MLKEM768, secp256r1',
    server: 'SecP256r1MLKEM768, 0x2F3A, secp256r1',
    policy: 'pq-first',
    why: 'Once the server supports SecP256r1MLKEM768, the client\'s hybrid share is accepted in the first round trip.',
  },
  {
    id: 'browser-pq',
    label: 'Today\'s browsers → PQ server',
    client: BROWSERS,
    shares: 'X25519MLKEM768, x25519',
    server: 'X25519MLKEM768, x25519, secp256r1',
    policy: 'pq-first',
    why: 'Chrome, Firefox and Safari send X25519MLKEM768 and x25519 shares; a server with ML-KEM accepts the hybrid.',
  },
  {
    id: 'browser-classic',
    label: 'Today\'s browsers → classical server',
    client: BROWSERS,
    shares: 'X25519MLKEM768, x25519',
    server: 'x25519, secp256r1',
    policy: 'pq-first',
    why: 'A server without ML-KEM ignores the hybrid share and takes x25519.',
  },
  {
    id: 'classic-share',
    label: 'Classical share only, pq-first',
    client: 'X25519MLKEM768, x25519',
    shares: 'x25519',
    server: 'X25519MLKEM768, x25519',
    policy: 'pq-first',
    why: 'Both sides support X25519MLKEM768 but the client guessed x25519: a pq-first server spends a HelloRetryRequest to get post-quantum security.',
  },
  {
    id: 'classic-share-ksf',
    label: 'Same, key-share-first',
    client: 'X25519MLKEM768, x25519',
    shares: 'x25519',
    server: 'X25519MLKEM768, x25519',
    policy: 'key-share-first',
    why: 'A key-share-first server saves the round trip and accepts x25519, giving up post-quantum security for this connection.',
  },
  {
    id: 'none',
    label: 'No common group',
    client: 'X25519MLKEM768',
    shares: 'X25519MLKEM768',
    server: 'secp384r1',
    policy: 'pq-first',
    why: 'Nothing in common: the server aborts the handshake.',
  },
];

function groupList(text) {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((t) => (/^0x[0-9a-f]{1,4}$/i.test(t) ? Number.parseInt(t, 16) : t));
}

const PQ_GROUPS = new Set(['X25519MLKEM768', 'SecP256r1MLKEM768', 'SecP384r1MLKEM1024', 'X-Wing']);

function negotiate() {
  const out = $('nego-decision');
  const policy = document.querySelector('input[name="nego-policy"]:checked').value;
  try {
    const d = pq.tls.negotiate({
      clientSupportedGroups: groupList($('nego-client').value),
      clientKeyShareGroups: groupList($('nego-shares').value),
      serverGroups: groupList($('nego-server').value),
      policy,
    });
    out.dataset.action = d.action;
    out.dataset.group = d.group ?? '';
    const g = d.group === undefined ? '' : `${typeof d.group === 'string' ? d.group : 'unknown'} (${code(d.code)})`;
    const kind = PQ_GROUPS.has(d.group) ? 'post-quantum' : 'classical';
    if (d.action === 'accept') {
      out.className = 'decision ok';
      out.textContent = `Accept ${g}: the ServerHello carries the server's share, one round trip (${kind}).`;
    } else if (d.action === 'hello-retry-request') {
      out.className = 'decision hrr';
      out.textContent = `HelloRetryRequest for ${g}: the client must send a new ClientHello with that share, one extra round trip (${kind}).`;
    } else {
      out.className = 'decision err';
      out.textContent = 'Failure: no group in common, the server sends a handshake_failure alert.';
    }
  } catch (e) {
    out.className = 'decision err';
    out.dataset.action = 'error';
    out.dataset.group = e.code ?? e.name;
    out.textContent = `Invalid ClientHello: ${errorText(e)}`;
  }
}

function applyPreset(p) {
  $('nego-client').value = p.client;
  $('nego-shares').value = p.shares;
  $('nego-server').value = p.server;
  document.querySelector(`input[name="nego-policy"][value="${p.policy}"]`).checked = true;
  $('nego-explain').textContent = p.why;
  for (const b of $('nego-presets').children) b.classList.toggle('active', b.dataset.preset === p.id);
  negotiate();
}

for (const p of PRESETS) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'preset';
  b.dataset.preset = p.id;
  b.textContent = p.label;
  b.addEventListener('click', () => applyPreset(p));
  $('nego-presets').append(b);
}
for (const id of ['nego-client', 'nego-shares', 'nego-server']) {
  $(id).addEventListener('input', () => {
    $('nego-explain').textContent = '';
    for (const b of $('nego-presets').children) b.classList.remove('active');
    negotiate();
  });
}
for (const r of document.querySelectorAll('input[name="nego-policy"]')) r.addEventListener('change', negotiate);
$('nego-known').textContent = Object.entries(pq.tls.groups)
  .map(([n, c]) => `${n} (${code(c)})`)
  .join(', ');
applyPreset(PRESETS[2]);

document.body.dataset.ready = 'true';
