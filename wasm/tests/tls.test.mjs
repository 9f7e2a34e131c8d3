// pq.tls: the group registry and negotiation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pq from '../pkg/index.js';

test('tls.groups maps names to code points', () => {
  assert.equal(pq.tls.groups.X25519MLKEM768, 0x11ec);
  assert.equal(pq.tls.groups.SecP256r1MLKEM768, 0x11eb);
  assert.equal(pq.tls.groups.SecP384r1MLKEM1024, 0x11ed);
  assert.equal(pq.tls.groups.x25519, 0x1d);
  assert.equal(pq.tls.groups.secp256r1, 0x17);
  assert.ok(Object.isFrozen(pq.tls.groups));
  // The KEM objects for the TLS groups carry the registry names.
  for (const kem of [pq.x25519MlKem768, pq.secp256r1MlKem768, pq.secp384r1MlKem1024]) {
    assert.ok(Object.hasOwn(pq.tls.groups, kem.name), kem.name);
  }
});

test('tls.negotiate: pq-first and key-share-first', () => {
  const client = {
    clientSupportedGroups: ['X25519MLKEM768', 'x25519', 'secp256r1'],
    clientKeyShareGroups: ['x25519'],
  };
  const serverGroups = ['x25519', 'X25519MLKEM768'];
  assert.deepEqual(pq.tls.negotiate({ ...client, serverGroups }), {
    action: 'hello-retry-request',
    group: 'X25519MLKEM768',
    code: 0x11ec,
  });
  assert.deepEqual(pq.tls.negotiate({ ...client, serverGroups, policy: 'key-share-first' }), {
    action: 'accept',
    group: 'x25519',
    code: 0x1d,
  });
  assert.deepEqual(
    pq.tls.negotiate({
      clientSupportedGroups: [0x11ec, 0x1d],
      clientKeyShareGroups: [0x11ec],
      serverGroups: [0x11ec],
    }),
    { action: 'accept', group: 'X25519MLKEM768', code: 0x11ec },
  );
  assert.deepEqual(
    pq.tls.negotiate({ clientSupportedGroups: ['secp384r1'], serverGroups: ['x25519'] }),
    { action: 'no-common-group' },
  );
  // Obsolete drafts are never chosen; unknown code points pass through.
  assert.deepEqual(
    pq.tls.negotiate({
      clientSupportedGroups: ['X25519Kyber768Draft00', 0x1234],
      clientKeyShareGroups: [0x1234],
      serverGroups: ['X25519Kyber768Draft00', 0x1234],
    }),
    { action: 'accept', group: 0x1234, code: 0x1234 },
  );
});

test('tls.negotiate errors', () => {
  const ok = { clientSupportedGroups: ['x25519'], serverGroups: ['x25519'] };
  assert.throws(
    () => pq.tls.negotiate({ ...ok, clientKeyShareGroups: ['secp256r1'] }),
    (e) => e instanceof pq.PqkitError && e.code === 'KEY_SHARE_NOT_IN_SUPPORTED_GROUPS',
  );
  assert.throws(
    () => pq.tls.negotiate({ ...ok, clientKeyShareGroups: ['x25519', 'x25519'] }),
    (e) => e instanceof pq.PqkitError && e.code === 'DUPLICATE_KEY_SHARE',
  );
  assert.throws(() => pq.tls.negotiate(), TypeError);
  assert.throws(() => pq.tls.negotiate({ ...ok, policy: 'fastest' }), TypeError);
  assert.throws(() => pq.tls.negotiate({ ...ok, polcy: 'pq-first' }), TypeError);
  assert.throws(() => pq.tls.negotiate({ ...ok, serverGroups: 'x25519' }), TypeError);
  assert.throws(() => pq.tls.negotiate({ ...ok, serverGroups: ['X25519'] }), TypeError);
  assert.throws(() => pq.tls.negotiate({ ...ok, serverGroups: [65536] }), TypeError);
  assert.throws(() => pq.tls.negotiate({ ...ok, serverGroups: [1.5] }), TypeError);
  assert.throws(() => pq.tls.negotiate({ serverGroups: ['x25519'] }), TypeError);
});
