// Shared helpers of the Node tests: hex, and the external vectors folder.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** `../shared/vectors` beside the repository root. */
export const VECTORS = fileURLToPath(new URL('../../../shared/vectors/', import.meta.url));

/**
 * Options for `test()` that skip it when the vectors are missing, except
 * under CI=true, where a missing folder fails the run.
 */
export function needsVectors() {
  if (existsSync(VECTORS) || process.env.CI === 'true') return {};
  return { skip: `SKIPPED: ${VECTORS} is missing` };
}

export function vectorText(rel) {
  const bytes = readFileSync(VECTORS + rel);
  return rel.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
}

export function vectorJson(rel) {
  return JSON.parse(vectorText(rel));
}

export function vectorBytes(rel) {
  return new Uint8Array(readFileSync(VECTORS + rel));
}

export function hex(s) {
  return new Uint8Array(Buffer.from(s, 'hex'));
}

export function toHex(b) {
  return Buffer.from(b).toString('hex');
}

/** Every test of every group of a Wycheproof file, with its group. */
export function* wycheproof(rel) {
  for (const group of vectorJson(rel).testGroups) {
    for (const t of group.tests) yield [group, t];
  }
}

/** Deterministic bytes for tests: `n` bytes from a seed byte. */
export function filled(n, seed = 1) {
  const out = new Uint8Array(n);
  let x = seed * 0x9e3779b1;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
