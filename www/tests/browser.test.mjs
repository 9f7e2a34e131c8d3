// The demo site in a real browser: playwright-core drives Debian's Chromium
// (headless, a fresh profile) against the site that `cargo xtask test
// browser` builds and serves; PQKIT_SITE_URL and PQKIT_CHROMIUM come from it.
// Screenshots of every panel go to www/test-results/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import * as pq from '../../wasm/pkg/index.js';

const SITE = process.env.PQKIT_SITE_URL ?? 'http://127.0.0.1:8080/';
const EXECUTABLE = process.env.PQKIT_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const FULL_BENCH = process.env.PQKIT_BENCH_FULL === '1';
mkdirSync(SHOTS, { recursive: true });

const toHex = (b) => Buffer.from(b).toString('hex');
const scratch = mkdtempSync(join(tmpdir(), 'pqkit-www-'));
let context;
let page;
const problems = [];

/** Every console error and uncaught exception of `p`, kept in `into`. */
function watch(p, into) {
  p.on('console', (m) => {
    if (m.type() === 'error') into.push(`console: ${m.text()}`);
  });
  p.on('pageerror', (e) => into.push(`pageerror: ${e.message}`));
}

/** Every URL any page or worker loaded (a request the CSP blocks never finishes). */
const requested = [];
/** The WebAssembly files each page (by its query string) loaded. */
const wasmLoaded = new Map();

async function openPage(query = '', into = problems) {
  const p = await context.newPage();
  watch(p, into);
  const wasm = [];
  wasmLoaded.set(query, wasm);
  p.on('requestfinished', (r) => {
    requested.push(r.url());
    if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname);
  });
  const response = await p.goto(new URL(query, SITE).href);
  await p.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  return { p, response };
}

before(async () => {
  context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
    executablePath: EXECUTABLE,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1100, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  ({ p: page } = await openPage());
});

after(async () => {
  await context?.close();
  rmSync(scratch, { recursive: true, force: true });
});

test('the page loads the simd128 build under the CSP', async () => {
  assert.equal(await page.textContent('#backend'), 'simd128');
  const { p, response } = await openPage('?csp', []);
  assert.deepEqual(wasmLoaded.get('?csp'), ['/pqkit/simd128/pqkit_wasm_bg.wasm']);
  const csp = response.headers()['content-security-policy'];
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'|\*/);
  const wasm = await p.evaluate(async () => {
    const r = await fetch('pqkit/simd128/pqkit_wasm_bg.wasm');
    return r.headers.get('content-type');
  });
  assert.equal(wasm, 'application/wasm');
  // The policy is enforced: neither an injected inline script nor one from
  // another origin runs (the browser reports both violations).
  const blocked = await p.evaluate(async () => {
    const violated = [];
    document.addEventListener('securitypolicyviolation', (e) => violated.push(e.violatedDirective));
    const s = document.createElement('script');
    s.textContent = 'window.__inline = true';
    document.body.append(s);
    const foreign = document.createElement('script');
    foreign.src = 'http://localhost:9/elsewhere.js';
    document.body.append(foreign);
    await new Promise((r) => setTimeout(r, 200));
    return { ran: window.__inline === true, violated: violated.join(' ') };
  });
  assert.deepEqual(blocked, { ran: false, violated: 'script-src-elem script-src-elem' });
  await p.close();
});

test('the benchmark fills both tables, next to noble, in a worker', async () => {
  const { p } = FULL_BENCH ? await openPage('') : await openPage('?bench=quick');
  const t0 = Date.now();
  await p.click('#bench-run');
  // The page keeps answering while the worker runs.
  await p.waitForSelector('body[data-bench="running"]');
  assert.equal(await p.evaluate(() => 1 + 1), 2);
  await p.waitForSelector('body[data-bench="done"], body[data-bench="failed"]', { timeout: 600_000 });
  const wall = (Date.now() - t0) / 1000;
  assert.equal(await p.getAttribute('body', 'data-bench'), 'done', await p.textContent('#bench-status'));
  assert.equal(await p.getAttribute('body', 'data-bench-backend'), 'simd128');
  const cells = await p.$$eval('#kem-table tbody tr, #dsa-table tbody tr', (rows) =>
    rows.map((r) => ({
      row: r.dataset.row,
      impl: r.dataset.impl,
      header: r.querySelector('th')?.textContent,
      cells: Object.fromEntries([...r.querySelectorAll('[data-cell]')].map((c) => [c.dataset.cell, c.textContent])),
    })),
  );
  assert.equal(cells.length, 6 + 9);
  const number = /^\d[\d,]*(\.\d+)?$/;
  const ratio = /^\d+(\.\d+)?×$/;
  for (const { row, cells: c } of cells) {
    if (row.includes(':')) {
      assert.match(c.pqkit, number, row);
      assert.match(c.noble, number, row);
      assert.match(c.ratio, ratio, row);
    } else {
      assert.match(c.bytes, /^\d[\d,]* \(\d+ \+ \d+\)$/, row);
      for (const side of ['client', 'server']) {
        assert.match(c[`pqkit-${side}`], number, `${row} pqkit ${side}`);
        assert.match(c[`noble-${side}`], number, `${row} noble ${side}`);
        assert.match(c[`ratio-${side}`], ratio, `${row} ratio ${side}`);
      }
    }
  }
  const bytes = Object.fromEntries(cells.filter((c) => !c.row.includes(':')).map((c) => [c.row, c.cells.bytes]));
  assert.equal(bytes['ML-KEM-768'], '2,272 (1184 + 1088)');
  // The classical rows time pqkit's own x25519 / p256 against @noble/curves
  // (uncompressed P-256 points), not the browser's WebCrypto.
  assert.equal(bytes['P-256'], '130 (65 + 65)');
  assert.equal(bytes.X25519, '64 (32 + 32)');
  for (const { row, impl, header } of cells.filter((c) => !c.row.includes(':'))) {
    assert.equal(impl, 'pqkit', row);
    assert.equal(header, row, `${row}: no footnote mark`);
  }
  assert.doesNotMatch(await p.textContent('#bench'), /WebCrypto/);
  assert.match(bytes['X25519MLKEM768'], /^2,336 /);
  assert.match(bytes['SecP256r1MLKEM768'], /^2,402 /);
  const aws = Object.fromEntries(cells.filter((c) => !c.row.includes(':')).map((c) => [c.row, c.cells.aws]));
  assert.equal(aws['P-256'], '128 B · 17k / 17k');
  assert.equal(aws.X25519, '64 B · 31k / 31k');
  assert.equal(aws['ML-KEM-768'], '2,272 B · 13k / 25k');
  assert.equal(aws['X-Wing'], '–');
  assert.match(await p.textContent('#dsa-table tbody tr[data-row="ML-DSA-65:keygen"] th'), /public key 1,952 Bsignature 3,309 B/);
  assert.equal(await p.locator('#bench-chart svg rect').count(), 6 * 2 + 9);
  const table = await p.$$eval('#kem-table tbody tr, #dsa-table tbody tr', (rows) =>
    rows.map((r) => [r.dataset.row, ...[...r.querySelectorAll('[data-cell]')].map((c) => c.textContent)].join(' | ')),
  );
  console.log(`# benchmark wall time in headless Chromium: ${wall.toFixed(1)} s (${FULL_BENCH ? 'default' : 'quick'} mode)`);
  for (const line of table) console.log(`# ${line}`);
  await p.locator('#bench').screenshot({ path: join(SHOTS, 'benchmark.png') });
  await p.close();
});

const GROUPS = ['X25519MLKEM768', 'SecP256r1MLKEM768', 'SecP384r1MLKEM1024', 'X-Wing', 'ML-KEM-768'];

async function checkExchanges(p) {
  for (const g of GROUPS) {
    await p.selectOption('#kex-group', g);
    assert.equal(await p.getAttribute('#kex-verdict', 'data-state'), 'agree', g);
    const server = await p.getAttribute('#kex-ss-server code', 'data-hex');
    assert.equal(await p.getAttribute('#kex-ss-client code', 'data-hex'), server, g);

    await p.click('#kex-flip-server');
    assert.equal(await p.getAttribute('#kex-tamper', 'data-state'), 'implicit-rejection', g);
    const forged = await p.getAttribute('#kex-ss-client code', 'data-hex');
    assert.notEqual(forged, server, g);
    assert.equal(forged.length, server.length, g);

    await p.click('#kex-bad-client');
    assert.equal(await p.getAttribute('#kex-tamper', 'data-state'), 'refused', g);
    assert.equal(await p.getAttribute('#kex-tamper', 'data-code'), 'ENCAPSULATION_KEY_NOT_REDUCED', g);
    assert.match(await p.textContent('#kex-tamper'), /PqkitError ENCAPSULATION_KEY_NOT_REDUCED/);
  }
}

test('every key exchange group agrees; forged and malformed shares', async () => {
  await checkExchanges(page);
  // Leave a fresh exchange plus a tamper result on screen for the screenshot.
  await page.selectOption('#kex-group', 'X25519MLKEM768');
  await page.click('#kex-flip-server');
  await page.locator('#kex').screenshot({ path: join(SHOTS, 'key-exchange.png') });
});

/** A deterministic test file of `size` bytes, written in 1 MiB pieces. */
function makeFile(path, size) {
  const fd = openSync(path, 'w');
  const piece = Buffer.alloc(1 << 20);
  for (let at = 0; at < size; at += piece.length) {
    for (let i = 0; i < piece.length; i++) piece[i] = ((at + i) * 2654435761) >>> 24;
    writeSync(fd, piece, 0, Math.min(piece.length, size - at));
  }
  closeSync(fd);
}

/** mu of the file at `path` as the package computes it in Node, streaming. */
async function nodeMu(publicKey, path, context) {
  const h = pq.mlDsa65.muHasher(publicKey, { context });
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(new Uint8Array(chunk));
  return h.finalize();
}

async function downloaded(p, selector) {
  const [d] = await Promise.all([p.waitForEvent('download'), p.click(selector)]);
  return new Uint8Array(readFileSync(await d.path()));
}

async function signFile(p, path) {
  await p.setInputFiles('#sign-file', path);
  await p.click('#sign-run');
  await p.waitForSelector('body[data-sign="done"], body[data-sign="failed"]', { timeout: 300_000 });
  assert.equal(await p.getAttribute('body', 'data-sign'), 'done', await p.textContent('#sign-status'));
  assert.equal(await p.getAttribute('#sign-verify', 'data-state'), 'valid');
  const mu = await p.textContent('#sign-mu');
  const pub = pq.spki.decode(pq.pem.decode(new TextDecoder().decode(await downloaded(p, '#dl-pub'))).der);
  assert.equal(pub.name, 'ML-DSA-65');
  const sig = await downloaded(p, '#dl-sig');
  assert.deepEqual(await downloaded(p, '#dl-mu'), Uint8Array.from(Buffer.from(mu, 'hex')));
  return { mu, publicKey: pub.publicKey, sig };
}

test('signing a 50 MB file streams it through the mu hasher; Node agrees', async () => {
  const big = join(scratch, 'big.bin');
  makeFile(big, 50 * 1000 * 1000);
  const t0 = Date.now();
  const { mu, publicKey, sig } = await signFile(page, big);
  console.log(`# 50 MB hashed and signed in the page in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${await page.textContent('#sign-status')}`);
  assert.match(mu, /^[0-9a-f]{128}$/);
  assert.equal(mu, toHex(await nodeMu(publicKey, big)));
  assert.equal(sig.length, 3309);
  assert.ok(pq.mlDsa65.verifyMu(publicKey, Buffer.from(mu, 'hex'), sig));
  assert.ok(pq.mlDsa65.verify(publicKey, new Uint8Array(readFileSync(big)), sig));
  await page.locator('#sign').screenshot({ path: join(SHOTS, 'sign-a-file.png') });
});

test('signing with a pasted PEM private key and a context', async () => {
  const small = join(scratch, 'small.txt');
  makeFile(small, 12345);
  const { publicKey, secretKey } = pq.mlDsa65.generateKeyPair();
  const pemText = pq.pem.encode('PRIVATE KEY', pq.pkcs8.encode('ML-DSA-65', secretKey, { form: 'both' }));
  const context = 'release-v1';
  await page.check('input[name="sign-key"][value="pem"]');
  await page.fill('#sign-pem', pemText);
  await page.fill('#sign-context', context);
  const got = await signFile(page, small);
  assert.deepEqual(got.publicKey, publicKey);
  const ctx = new TextEncoder().encode(context);
  assert.equal(got.mu, toHex(await nodeMu(publicKey, small, ctx)));
  assert.ok(pq.mlDsa65.verify(publicKey, new Uint8Array(readFileSync(small)), got.sig, { context: ctx }));
  assert.ok(!pq.mlDsa65.verify(publicKey, new Uint8Array(readFileSync(small)), got.sig));
  // A public key alone (e.g. a KMS key's) gives the mu to send to KMS, and no signature.
  await page.fill('#sign-pem', pq.pem.encode('PUBLIC KEY', pq.spki.encode('ML-DSA-65', publicKey)));
  await page.click('#sign-run');
  await page.waitForSelector('body[data-sign="done"]');
  assert.equal(await page.textContent('#sign-mu'), got.mu);
  assert.match(await page.textContent('#sign-sig'), /sign mu\.bin with KMS/);
  assert.ok(await page.isHidden('#dl-sig'));
  // A context over 255 bytes is refused with the package's error.
  await page.fill('#sign-context', 'x'.repeat(256));
  await page.click('#sign-run');
  await page.waitForSelector('body[data-sign="failed"]');
  assert.match(await page.textContent('#sign-status'), /RangeError CONTEXT_TOO_LONG/);
  await page.fill('#sign-context', '');
  await page.check('input[name="sign-key"][value="page"]');
});

const EXPECTED = {
  aws: ['accept', 'secp256r1'],
  'aws-upgraded': ['accept', 'SecP256r1MLKEM768'],
  'browser-pq': ['accept', 'X25519MLKEM768'],
  'browser-classic': ['accept', 'x25519'],
  'classic-share': ['hello-retry-request', 'X25519MLKEM768'],
  'classic-share-ksf': ['accept', 'x25519'],
  none: ['no-common-group', ''],
};

test('negotiation presets give the expected decisions', async () => {
  const ids = await page.$$eval('#nego-presets button', (bs) => bs.map((b) => b.dataset.preset));
  assert.deepEqual(ids.sort(), Object.keys(EXPECTED).sort());
  for (const [id, [action, group]] of Object.entries(EXPECTED)) {
    await page.click(`#nego-presets button[data-preset="${id}"]`);
    assert.equal(await page.getAttribute('#nego-decision', 'data-action'), action, id);
    assert.equal(await page.getAttribute('#nego-decision', 'data-group'), group, id);
  }
  // A key share for a group the client does not list breaks RFC 8446 section 4.2.8.
  await page.fill('#nego-shares', 'secp384r1');
  assert.equal(await page.getAttribute('#nego-decision', 'data-action'), 'error');
  assert.equal(await page.getAttribute('#nego-decision', 'data-group'), 'KEY_SHARE_NOT_IN_SUPPORTED_GROUPS');
  await page.click('#nego-presets button[data-preset="classic-share"]');
  await page.locator('#nego').screenshot({ path: join(SHOTS, 'negotiation.png') });
});

test('the portable build works when SIMD is disabled', async () => {
  const { p } = await openPage('?backend=portable&bench=quick');
  assert.equal(await p.textContent('#backend'), 'portable');
  assert.deepEqual(wasmLoaded.get('?backend=portable&bench=quick'), ['/pqkit/portable/pqkit_wasm_bg.wasm']);
  await checkExchanges(p);
  const small = join(scratch, 'portable.bin');
  makeFile(small, 3 << 20);
  const { mu, publicKey } = await signFile(p, small);
  assert.equal(mu, toHex(await nodeMu(publicKey, small)));
  await p.click('#bench-run');
  await p.waitForSelector('body[data-bench="done"], body[data-bench="failed"]', { timeout: 600_000 });
  assert.equal(await p.getAttribute('body', 'data-bench'), 'done', await p.textContent('#bench-status'));
  assert.equal(await p.getAttribute('body', 'data-bench-backend'), 'portable');
  await p.screenshot({ path: join(SHOTS, 'portable.png') });
  await p.close();
});

test('a phone-sized viewport has no sideways scrolling', async () => {
  const phone = await context.newPage();
  watch(phone, problems);
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(new URL('?bench=quick', SITE).href);
  await phone.waitForSelector('body[data-ready="true"]');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
  await phone.screenshot({ path: join(SHOTS, 'phone-top.png') });
  await phone.click('#bench-run');
  await phone.waitForSelector('body[data-bench="done"], body[data-bench="failed"]', { timeout: 600_000 });
  for (const id of ['bench', 'kex', 'sign', 'nego']) {
    await phone.locator(`#${id}`).screenshot({ path: join(SHOTS, `phone-${id}.png`) });
  }
  await phone.close();
});

test('no console errors on any page, nothing loaded from another origin', () => {
  assert.deepEqual(problems, []);
  const origin = new URL(SITE).origin;
  const foreign = requested.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(foreign, []);
  assert.ok(requested.length > 20, `only ${requested.length} requests seen`);
});
