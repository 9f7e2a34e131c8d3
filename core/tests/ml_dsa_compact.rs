//! The compact ML-DSA schedule (`ml_dsa_*::compact`) against the default
//! one: for random seeds, messages and context strings of every parameter
//! set, key generation gives the same key, signing the same bytes
//! (deterministic, explicit randomness, hedged from a generator, external
//! mu; from seeded and from imported expanded keys) and verification the
//! same verdict on valid signatures and on corrupted ones: flipped bits in
//! every part, malformed hints (end index past omega, decreasing end
//! indices, unsorted positions, non-zero padding), `z` out of range, other
//! message, other context, wrong length.
//!
//! With the `backend-override` feature the default operations also run
//! pinned to the small-stack schedule, which must agree too.

mod common;

use common::Stream;
use pqkit::Error;

const CASES: u64 = 32;

macro_rules! compact_suite {
    ($module:ident, $omega:literal, $ctilde:literal, $z_len:literal) => {
        mod $module {
            use super::*;
            use pqkit::ml_dsa::$module::{
                PUBLIC_KEY_LEN, SIGNATURE_LEN, SigningKey, VerifyingKey, compact,
            };

            const K: usize = (PUBLIC_KEY_LEN - 32) / 320;
            const HINT_AT: usize = SIGNATURE_LEN - $omega - K;
            const Z_AT: usize = $ctilde;

            /// The signature's hint part, decoded: positions of each row.
            fn hint_rows(sig: &[u8; SIGNATURE_LEN]) -> Vec<Vec<u8>> {
                let hint = &sig[HINT_AT..];
                let mut start = 0;
                (0..K)
                    .map(|i| {
                        let end = usize::from(hint[$omega + i]);
                        let row = hint[start..end].to_vec();
                        start = end;
                        row
                    })
                    .collect()
            }

            /// Corrupted forms of a valid signature, each named.
            fn corruptions(
                sig: &[u8; SIGNATURE_LEN],
                s: &mut Stream,
            ) -> Vec<(String, [u8; SIGNATURE_LEN])> {
                let mut out = Vec::new();
                let mut flip = |name: &str, byte: usize, bit: u8| {
                    let mut bad = *sig;
                    bad[byte] ^= 1 << bit;
                    out.push((format!("{name} (byte {byte} bit {bit})"), bad));
                };
                let r: [u8; 16] = s.bytes();
                let pick = |n: usize, lo: usize, hi: usize| {
                    lo + u32::from_le_bytes([r[n], r[n + 1], r[n + 2], r[n + 3]]) as usize
                        % (hi - lo)
                };
                flip("c~ bit", pick(0, 0, Z_AT), r[12] % 8);
                flip("z bit", pick(4, Z_AT, HINT_AT), r[13] % 8);
                flip("hint bit", pick(8, HINT_AT, SIGNATURE_LEN), r[14] % 8);
                flip("any bit", pick(0, 0, SIGNATURE_LEN), r[15] % 8);

                let rows = hint_rows(sig);
                let ones: usize = rows.iter().map(Vec::len).sum();
                let mut bad = *sig;
                bad[HINT_AT + $omega + K - 1] = $omega + 1;
                out.push(("end index past omega".into(), bad));
                let mut bad = *sig;
                bad[HINT_AT + $omega] = bad[HINT_AT + $omega + 1].wrapping_add(1);
                out.push(("decreasing end indices".into(), bad));
                if ones < $omega {
                    let mut bad = *sig;
                    bad[HINT_AT + $omega - 1] = 1;
                    out.push(("non-zero padding".into(), bad));
                }
                if let Some(i) = rows.iter().position(|row| row.len() >= 2) {
                    let at = HINT_AT + rows[..i].iter().map(Vec::len).sum::<usize>();
                    let mut bad = *sig;
                    bad.swap(at, at + 1);
                    out.push((format!("unsorted positions in row {i}"), bad));
                }
                // All-zero bits encode z[0][0] = gamma1, out of range.
                let mut bad = *sig;
                bad[Z_AT..Z_AT + 3].fill(0);
                out.push(("z out of range".into(), bad));
                let mut bad = *sig;
                bad[Z_AT + $z_len - 3..Z_AT + $z_len].fill(0);
                out.push(("z out of range, last coefficient".into(), bad));
                out
            }

            #[test]
            fn compact_matches_default() {
                let mut made = SigningKey::from_seed(&[0xEE; 32]);
                for case in 0..CASES {
                    let label = format!("{} case {case}", stringify!($module));
                    let mut s = Stream::new(&[
                        b"compact ",
                        stringify!($module).as_bytes(),
                        &case.to_le_bytes(),
                    ]);
                    let xi: [u8; 32] = s.bytes();
                    let rnd: [u8; 32] = s.bytes();
                    let msg = s.vec(200);
                    let ctx = if case % 8 == 0 { s.vec(255) } else { s.vec(12) };

                    let sk = SigningKey::from_seed(&xi);
                    compact::keygen(&xi, &mut made);
                    assert_eq!(
                        made.to_expanded_bytes()[..],
                        sk.to_expanded_bytes()[..],
                        "{label}: expanded key"
                    );
                    assert_eq!(made.verifying_key(), sk.verifying_key(), "{label}");
                    assert_eq!(made.seed(), Some(&xi), "{label}");
                    // Every other case from the imported expanded key.
                    let sk = if case % 2 == 1 {
                        SigningKey::from_expanded_bytes(&sk.to_expanded_bytes()[..]).unwrap()
                    } else {
                        sk
                    };
                    let vk = sk.verifying_key();
                    let pk: [u8; PUBLIC_KEY_LEN] = *vk.as_bytes();

                    // The buffer starts dirty: it is scratch room until the
                    // signature is written.
                    let mut sig = [0xA5u8; SIGNATURE_LEN];
                    compact::sign_with_randomness(&sk, &msg, &ctx, &[0; 32], &mut sig).unwrap();
                    let det = sk.sign_deterministic(&msg, &ctx).unwrap();
                    assert_eq!(&sig, det.as_bytes(), "{label}: deterministic");

                    compact::sign_with_randomness(&sk, &msg, &ctx, &rnd, &mut sig).unwrap();
                    let hedged = sk.sign_with_randomness(&msg, &ctx, &rnd).unwrap();
                    assert_eq!(&sig, hedged.as_bytes(), "{label}: explicit randomness");
                    assert_ne!(det, hedged, "{label}: randomness unused");

                    let mut rng = common::test_rng(case);
                    compact::sign(&sk, &msg, &ctx, &mut rng, &mut sig).unwrap();
                    let from_rng = sk.sign(&msg, &ctx, &mut common::test_rng(case)).unwrap();
                    assert_eq!(&sig, from_rng.as_bytes(), "{label}: hedged");

                    let mu = vk.compute_mu(&msg, &ctx).unwrap();
                    compact::sign_mu(&sk, &mu, &rnd, &mut sig);
                    assert_eq!(&sig, hedged.as_bytes(), "{label}: external mu");

                    for good in [&det, &hedged, &from_rng] {
                        let good = good.as_bytes();
                        assert_eq!(compact::verify(&vk, &msg, &ctx, good), Ok(()), "{label}");
                        assert_eq!(compact::verify_bytes(&pk, &msg, &ctx, good), Ok(()));
                        assert_eq!(compact::verify_mu(&pk, &mu, good), Ok(()), "{label}");
                    }
                    for (what, bad) in corruptions(hedged.as_bytes(), &mut s) {
                        let want = vk.verify(&msg, &ctx, &bad);
                        assert_eq!(want, Err(Error::InvalidSignature), "{label}: {what}");
                        assert_eq!(
                            compact::verify(&vk, &msg, &ctx, &bad),
                            want,
                            "{label}: {what}"
                        );
                        assert_eq!(compact::verify_bytes(&pk, &msg, &ctx, &bad), want);
                        assert_eq!(compact::verify_mu(&pk, &mu, &bad), want, "{label}: {what}");
                    }
                    let mut other = msg.clone();
                    other.push(1);
                    let good = hedged.as_bytes();
                    assert_eq!(
                        compact::verify(&vk, &other, &ctx, good),
                        Err(Error::InvalidSignature)
                    );
                    assert_eq!(
                        compact::verify_bytes(&pk, &msg, b"other context", good),
                        Err(Error::InvalidSignature)
                    );
                    assert_eq!(
                        compact::verify_mu(&pk, &mu, &good[1..]),
                        Err(Error::InvalidSignature)
                    );
                    let mut long = good.to_vec();
                    long.push(0);
                    assert_eq!(
                        compact::verify(&vk, &msg, &ctx, &long),
                        Err(Error::InvalidSignature)
                    );

                    #[cfg(feature = "backend-override")]
                    {
                        pqkit::ml_dsa::force_small_stack_schedule(true);
                        let small = sk.sign_with_randomness(&msg, &ctx, &rnd).unwrap();
                        let small_key = SigningKey::from_seed(&xi);
                        pqkit::ml_dsa::force_small_stack_schedule(false);
                        assert_eq!(small, hedged, "{label}: small-stack schedule");
                        assert_eq!(small_key.verifying_key(), made.verifying_key());
                    }
                }
            }

            #[test]
            fn errors_leave_the_buffer_alone() {
                let sk = SigningKey::from_seed(&[3; 32]);
                let mut sig = [0x5Au8; SIGNATURE_LEN];
                assert_eq!(
                    compact::sign_with_randomness(&sk, b"m", &[0; 256], &[0; 32], &mut sig),
                    Err(Error::ContextTooLong { actual: 256 })
                );
                assert_eq!(
                    compact::sign(&sk, b"m", &[0; 300], &mut common::test_rng(1), &mut sig),
                    Err(Error::ContextTooLong { actual: 300 })
                );
                assert_eq!(sig, [0x5Au8; SIGNATURE_LEN]);
                let vk: VerifyingKey = sk.verifying_key();
                assert_eq!(
                    compact::verify(&vk, b"m", &[0; 256], &sig),
                    Err(Error::ContextTooLong { actual: 256 })
                );
                assert_eq!(
                    compact::verify_bytes(vk.as_bytes(), b"m", &[0; 256], &sig),
                    Err(Error::ContextTooLong { actual: 256 })
                );
                // An all-zero signature has z out of range everywhere.
                assert_eq!(
                    compact::verify(&vk, b"m", b"", &[0u8; SIGNATURE_LEN]),
                    Err(Error::InvalidSignature)
                );
            }
        }
    };
}

compact_suite!(ml_dsa_44, 80, 32, 576);
compact_suite!(ml_dsa_65, 55, 48, 640);
compact_suite!(ml_dsa_87, 75, 64, 640);
