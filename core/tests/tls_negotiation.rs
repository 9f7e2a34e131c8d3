//! TLS NamedGroup registry and server-side group selection.

use pqkit::Error;
use pqkit::tls::{KeyShareLengths, NamedGroup as G, Policy, Selection, select_group};

const PQ: Policy = Policy::PqFirst;
const KS: Policy = Policy::KeyShareFirst;

fn both(supported: &[G], shares: &[G], server: &[G]) -> (Selection, Selection) {
    (
        select_group(supported, shares, server, PQ).unwrap(),
        select_group(supported, shares, server, KS).unwrap(),
    )
}

/// Group, code point, name, post-quantum, (client, server) share lengths.
type RegistryRow = (G, u16, &'static str, bool, Option<(usize, usize)>);

#[test]
fn registry() {
    let cases: [RegistryRow; 9] = [
        (
            G::X25519_MLKEM768,
            0x11EC,
            "X25519MLKEM768",
            true,
            Some((1216, 1120)),
        ),
        (
            G::SECP256R1_MLKEM768,
            0x11EB,
            "SecP256r1MLKEM768",
            true,
            Some((1249, 1153)),
        ),
        (
            G::SECP384R1_MLKEM1024,
            0x11ED,
            "SecP384r1MLKEM1024",
            true,
            Some((1665, 1665)),
        ),
        (G::X_WING, 0x647A, "X-Wing", true, Some((1216, 1120))),
        (G::X25519, 0x001D, "x25519", false, Some((32, 32))),
        (G::SECP256R1, 0x0017, "secp256r1", false, Some((65, 65))),
        (G::SECP384R1, 0x0018, "secp384r1", false, Some((97, 97))),
        (
            G::X25519_KYBER768_DRAFT00,
            0x6399,
            "X25519Kyber768Draft00",
            true,
            None,
        ),
        (
            G::SECP256R1_KYBER768_DRAFT00,
            0x639A,
            "SecP256r1Kyber768Draft00",
            true,
            None,
        ),
    ];
    for (g, code, name, pq, lens) in cases {
        assert_eq!(g.code(), code);
        assert_eq!(G::from_u16(code), g);
        assert_eq!(G::from_be_bytes(code.to_be_bytes()), g);
        assert_eq!(g.name(), Some(name));
        assert_eq!(g.is_post_quantum(), pq, "{name}");
        assert_eq!(g.is_obsolete(), code >> 8 == 0x63, "{name}");
        assert_eq!(
            g.key_share_lengths(),
            lens.map(|(client, server)| KeyShareLengths { client, server }),
            "{name}"
        );
        assert!(G::KNOWN.contains(&g));
        assert!(g.to_string().starts_with(name));
    }
    let unknown = G::from(0x0A0Au16); // GREASE
    assert_eq!(unknown.name(), None);
    assert!(!unknown.is_post_quantum() && !unknown.is_obsolete());
    assert_eq!(unknown.key_share_lengths(), None);
    assert_eq!(unknown.to_string(), "unknown (0x0A0A)");
    assert_eq!(u16::from(unknown), 0x0A0A);
    assert_eq!(Policy::default(), Policy::PqFirst);
}

/// The AWS "PQ priority" scenario: the client sends shares for
/// SecP256r1MLKEM768 and secp256r1 and also lists an older hybrid without a
/// share; the server supports only secp256r1 and that older hybrid.
#[test]
fn aws_pq_priority_scenario() {
    let supported = [G::SECP256R1_MLKEM768, G::SECP256R1, G::X25519_MLKEM768];
    let shares = [G::SECP256R1_MLKEM768, G::SECP256R1];
    let server = [G::SECP256R1, G::X25519_MLKEM768];
    let (pq, ks) = both(&supported, &shares, &server);
    assert_eq!(pq, Selection::HelloRetryRequest(G::X25519_MLKEM768));
    assert_eq!(ks, Selection::Accept(G::SECP256R1));
}

#[test]
fn pq_share_accepted_at_once() {
    let supported = [G::X25519_MLKEM768, G::X25519, G::SECP256R1];
    let shares = [G::X25519_MLKEM768, G::X25519];
    let server = [G::SECP384R1_MLKEM1024, G::X25519_MLKEM768, G::X25519];
    let (pq, ks) = both(&supported, &shares, &server);
    assert_eq!(pq, Selection::Accept(G::X25519_MLKEM768));
    assert_eq!(ks, Selection::Accept(G::X25519_MLKEM768));
}

#[test]
fn server_order_ranks_pq_groups() {
    // Client prefers X25519MLKEM768, server prefers SecP384r1MLKEM1024; both
    // have shares, so the server's first choice is accepted.
    let supported = [G::X25519_MLKEM768, G::SECP384R1_MLKEM1024];
    let shares = [G::X25519_MLKEM768, G::SECP384R1_MLKEM1024];
    let server = [G::SECP384R1_MLKEM1024, G::X25519_MLKEM768];
    let (pq, ks) = both(&supported, &shares, &server);
    assert_eq!(pq, Selection::Accept(G::SECP384R1_MLKEM1024));
    assert_eq!(ks, Selection::Accept(G::SECP384R1_MLKEM1024));
    // A share for a less preferred PQ group is accepted rather than asking
    // for the preferred one: the exchange is post-quantum either way.
    let shares = [G::X25519_MLKEM768];
    let (pq, ks) = both(&supported, &shares, &server);
    assert_eq!(pq, Selection::Accept(G::X25519_MLKEM768));
    assert_eq!(ks, Selection::Accept(G::X25519_MLKEM768));
}

#[test]
fn server_preferring_classical() {
    let supported = [G::X25519_MLKEM768, G::X25519];
    let server = [G::X25519, G::X25519_MLKEM768];
    // Shares for both: PqFirst overrides the server's classical preference.
    let (pq, ks) = both(&supported, &[G::X25519_MLKEM768, G::X25519], &server);
    assert_eq!(pq, Selection::Accept(G::X25519_MLKEM768));
    assert_eq!(ks, Selection::Accept(G::X25519));
    // Only a classical share.
    let (pq, ks) = both(&supported, &[G::X25519], &server);
    assert_eq!(pq, Selection::HelloRetryRequest(G::X25519_MLKEM768));
    assert_eq!(ks, Selection::Accept(G::X25519));
    // No share: KeyShareFirst asks for the server's favourite.
    let (pq, ks) = both(&supported, &[], &server);
    assert_eq!(pq, Selection::HelloRetryRequest(G::X25519_MLKEM768));
    assert_eq!(ks, Selection::HelloRetryRequest(G::X25519));
}

#[test]
fn classical_only_peers() {
    let supported = [G::X25519, G::SECP256R1];
    let server = [G::SECP256R1, G::X25519];
    let (pq, ks) = both(&supported, &[G::X25519], &server);
    assert_eq!(pq, Selection::Accept(G::X25519));
    assert_eq!(ks, Selection::Accept(G::X25519));
    let (pq, ks) = both(&supported, &[], &server);
    assert_eq!(pq, Selection::HelloRetryRequest(G::SECP256R1));
    assert_eq!(ks, Selection::HelloRetryRequest(G::SECP256R1));
    // Server supports a hybrid the client does not: no PQ group is mutual.
    let server = [G::X25519_MLKEM768, G::SECP256R1];
    let (pq, ks) = both(&supported, &[G::X25519], &server);
    assert_eq!(pq, Selection::HelloRetryRequest(G::SECP256R1));
    assert_eq!(ks, Selection::HelloRetryRequest(G::SECP256R1));
}

#[test]
fn no_overlap_and_empty_lists() {
    let n = Selection::NoCommonGroup;
    assert_eq!(both(&[G::X25519], &[G::X25519], &[G::SECP384R1]), (n, n));
    assert_eq!(both(&[], &[], &[G::X25519]), (n, n));
    assert_eq!(both(&[G::X25519], &[G::X25519], &[]), (n, n));
    assert_eq!(both(&[], &[], &[]), (n, n));
}

#[test]
fn duplicate_groups_are_tolerated_in_lists() {
    let supported = [G::X25519, G::X25519_MLKEM768, G::X25519, G::X25519_MLKEM768];
    let server = [G::X25519, G::X25519, G::X25519_MLKEM768, G::X25519_MLKEM768];
    let (pq, ks) = both(&supported, &[G::X25519], &server);
    assert_eq!(pq, Selection::HelloRetryRequest(G::X25519_MLKEM768));
    assert_eq!(ks, Selection::Accept(G::X25519));
}

#[test]
fn duplicate_key_share_is_illegal() {
    let supported = [G::X25519_MLKEM768, G::X25519];
    for policy in [PQ, KS] {
        let err = select_group(&supported, &[G::X25519, G::X25519], &supported, policy);
        assert_eq!(err, Err(Error::DuplicateKeyShare));
        let shares = [G::X25519_MLKEM768, G::X25519, G::X25519_MLKEM768];
        let err = select_group(&supported, &shares, &supported, policy);
        assert_eq!(err, Err(Error::DuplicateKeyShare));
    }
    // Even when supported_groups itself repeats the group.
    let supported = [G::X25519, G::X25519];
    let err = select_group(&supported, &[G::X25519, G::X25519], &supported, PQ);
    assert_eq!(err, Err(Error::DuplicateKeyShare));
}

#[test]
fn key_share_outside_supported_groups_is_illegal() {
    let supported = [G::X25519];
    for policy in [PQ, KS] {
        let err = select_group(
            &supported,
            &[G::X25519_MLKEM768],
            &[G::X25519_MLKEM768],
            policy,
        );
        assert_eq!(err, Err(Error::KeyShareNotInSupportedGroups));
        // Also when the server could never use it.
        let err = select_group(&supported, &[G::X25519, G(0x1234)], &[G::X25519], policy);
        assert_eq!(err, Err(Error::KeyShareNotInSupportedGroups));
        // And with empty supported_groups.
        let err = select_group(&[], &[G::X25519], &[G::X25519], policy);
        assert_eq!(err, Err(Error::KeyShareNotInSupportedGroups));
    }
    assert_eq!(Error::DuplicateKeyShare.code(), "DUPLICATE_KEY_SHARE");
    assert_eq!(
        Error::KeyShareNotInSupportedGroups.code(),
        "KEY_SHARE_NOT_IN_SUPPORTED_GROUPS"
    );
}

#[test]
fn key_shares_in_other_order_are_accepted() {
    let supported = [G::X25519_MLKEM768, G::X25519];
    let shares = [G::X25519, G::X25519_MLKEM768];
    let (pq, ks) = both(&supported, &shares, &[G::X25519, G::X25519_MLKEM768]);
    assert_eq!(pq, Selection::Accept(G::X25519_MLKEM768));
    assert_eq!(ks, Selection::Accept(G::X25519));
}

#[test]
fn obsolete_code_points_are_never_negotiated() {
    let old = [G::X25519_KYBER768_DRAFT00, G::SECP256R1_KYBER768_DRAFT00];
    // Both sides list and the client shares only obsolete hybrids.
    let n = Selection::NoCommonGroup;
    assert_eq!(both(&old, &old, &old), (n, n));
    // With a classical fallback, PqFirst does not count obsolete hybrids as
    // a reason to hold out for PQ.
    let supported = [G::X25519_KYBER768_DRAFT00, G::X25519];
    let shares = [G::X25519_KYBER768_DRAFT00, G::X25519];
    let server = [G::X25519_KYBER768_DRAFT00, G::X25519];
    let (pq, ks) = both(&supported, &shares, &server);
    assert_eq!(pq, Selection::Accept(G::X25519));
    assert_eq!(ks, Selection::Accept(G::X25519));
    // Never the target of a HelloRetryRequest either.
    let supported = [G::X25519_KYBER768_DRAFT00, G::SECP256R1_MLKEM768, G::X25519];
    let server = [G::X25519_KYBER768_DRAFT00, G::SECP256R1_MLKEM768, G::X25519];
    let (pq, ks) = both(&supported, &[G::X25519], &server);
    assert_eq!(pq, Selection::HelloRetryRequest(G::SECP256R1_MLKEM768));
    assert_eq!(ks, Selection::Accept(G::X25519));
}

#[test]
fn unknown_code_points_are_carried() {
    let grease = G(0x1A1A);
    let future = G(0x7777);
    let supported = [grease, future, G::X25519_MLKEM768, G::X25519];
    let shares = [grease, G::X25519];
    // The server does not know them: they are ignored, not an error.
    let (pq, ks) = both(&supported, &shares, &[G::X25519_MLKEM768, G::X25519]);
    assert_eq!(pq, Selection::HelloRetryRequest(G::X25519_MLKEM768));
    assert_eq!(ks, Selection::Accept(G::X25519));
    // A server that lists a code point pqkit does not know can select it.
    let (pq, ks) = both(&supported, &[future], &[future, G::X25519]);
    assert_eq!(pq, Selection::Accept(future));
    assert_eq!(ks, Selection::Accept(future));
}

#[test]
fn long_hostile_lists_stay_fast() {
    // Every possible code point in supported_groups and a share for each:
    // the checks must stay linear (this would take minutes if quadratic).
    let supported: Vec<G> = (0..=u16::MAX).map(G).collect();
    let shares: Vec<G> = (0..=u16::MAX).rev().map(G).collect();
    let start = std::time::Instant::now();
    let got = select_group(&supported, &shares, &[G::SECP384R1_MLKEM1024], PQ).unwrap();
    assert_eq!(got, Selection::Accept(G::SECP384R1_MLKEM1024));
    let mut dup = shares.clone();
    dup.push(G(0x0005));
    assert_eq!(
        select_group(&supported, &dup, &[G::X25519], PQ),
        Err(Error::DuplicateKeyShare)
    );
    assert!(
        start.elapsed().as_millis() < 1000,
        "took {:?}",
        start.elapsed()
    );
}
