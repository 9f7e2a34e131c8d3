//! TLS 1.3 group selection on arbitrary ClientHello lists
//! (`pqkit::tls::select_group`, RFC 8446 sections 4.2.7 and 4.2.8).
//!
//! Input: a policy byte, then the client's `supported_groups`, its key share
//! groups and the server's groups, each a length byte and 2-byte entries.
//! Entries whose first byte is below 0x40 name one of the known code points
//! (so lists overlap often); the others are raw big-endian code points. The
//! outcome is checked against the rules it must follow, not against a copy
//! of the algorithm.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqkit::Error;
use pqkit::tls::{NamedGroup, Policy, Selection, select_group};
use pqkit_fuzz::Input;

fn groups(field: &[u8]) -> Vec<NamedGroup> {
    field
        .chunks_exact(2)
        .map(|c| {
            if c[0] < 0x40 {
                NamedGroup::KNOWN[usize::from(c[1]) % NamedGroup::KNOWN.len()]
            } else {
                NamedGroup::from_be_bytes([c[0], c[1]])
            }
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let policy = if input.byte() & 1 == 0 {
        Policy::PqFirst
    } else {
        Policy::KeyShareFirst
    };
    let supported = groups(input.short());
    let shares = groups(input.short());
    let server = groups(input.short());
    let result = select_group(&supported, &shares, &server, policy);

    // RFC 8446 section 4.2.8: the first offending share decides the error.
    let share_error = shares.iter().enumerate().find_map(|(i, g)| {
        if shares[..i].contains(g) {
            Some(Error::DuplicateKeyShare)
        } else if !supported.contains(g) {
            Some(Error::KeyShareNotInSupportedGroups)
        } else {
            None
        }
    });
    let selection = match (result, share_error) {
        (Err(e), Some(expected)) => return assert_eq!(e, expected),
        (Ok(s), None) => s,
        (r, expected) => panic!("{r:?}, expected error {expected:?}"),
    };

    // Groups both sides can use, in the server's order.
    let mutual: Vec<NamedGroup> = server
        .iter()
        .copied()
        .filter(|g| !g.is_obsolete() && supported.contains(g))
        .collect();
    let pq_only = policy == Policy::PqFirst && mutual.iter().any(|g| g.is_post_quantum());
    // The class the server must choose from.
    let class: Vec<NamedGroup> = mutual
        .iter()
        .copied()
        .filter(|g| !pq_only || g.is_post_quantum())
        .collect();
    let first_with_share = class.iter().copied().find(|g| shares.contains(g));
    match selection {
        Selection::Accept(g) => {
            assert!(shares.contains(&g) && supported.contains(&g) && server.contains(&g));
            assert!(!g.is_obsolete());
            // The best group of the class the client sent a share for.
            assert_eq!(Some(g), first_with_share);
        }
        Selection::HelloRetryRequest(g) => {
            // RFC 8446 section 4.1.4: the retry names a group the client
            // supports but sent no share for.
            assert!(supported.contains(&g) && !shares.contains(&g));
            assert_eq!(first_with_share, None);
            assert_eq!(class.first(), Some(&g));
        }
        Selection::NoCommonGroup => assert!(mutual.is_empty()),
    }
});
