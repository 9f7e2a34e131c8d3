//! Server-side key exchange group selection for a TLS 1.3 ClientHello
//! (RFC 8446 sections 4.1.1, 4.2.7 and 4.2.8).

use super::NamedGroup;
use crate::Error;

/// How the server trades security against the cost of a HelloRetryRequest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Policy {
    /// When the client and the server share a post-quantum group, only a
    /// post-quantum group is selected: a client key share for a PQ group is
    /// accepted, and otherwise the server asks, with a HelloRetryRequest, for
    /// its most preferred PQ group, even when a classical key share could be
    /// accepted at once. Only when no PQ group is mutual does the choice fall
    /// back to [`Policy::KeyShareFirst`]. This is s2n-tls's behaviour since
    /// its pull request 4526, and the downgrade defence discussed in
    /// draft-davidben-tls-key-share-prediction: a downgrade to classical key
    /// exchange costs one round trip to avoid, but "harvest now, decrypt
    /// later" makes it permanent.
    #[default]
    PqFirst,
    /// Accept any mutually supported group the client sent a key share for,
    /// to save a round trip; otherwise ask for the server's most preferred
    /// mutual group with a HelloRetryRequest.
    KeyShareFirst,
}

/// The server's decision for one ClientHello.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Selection {
    /// Answer with a ServerHello whose key share is for this group; the
    /// client sent a share for it.
    Accept(NamedGroup),
    /// Answer with a HelloRetryRequest naming this group; it is in the
    /// client's `supported_groups` but the client sent no share for it, as
    /// RFC 8446 section 4.2.8 requires of `selected_group`.
    HelloRetryRequest(NamedGroup),
    /// No group is supported by both sides: abort with a
    /// `handshake_failure` alert (RFC 8446 section 4.1.1).
    NoCommonGroup,
}

/// Chooses the key exchange group for a ClientHello.
///
/// - `client_supported`: the client's `supported_groups`, in the client's
///   order. Duplicates are tolerated.
/// - `client_key_shares`: the groups of the client's `key_share` entries.
/// - `server_groups`: the groups the server accepts, most preferred first.
///
/// **Whose preference wins.** RFC 8446 section 4.2.7 has the client list its
/// groups in its order of preference, but leaves the choice to the server
/// (sections 4.1.1 and 4.2.8), which is not bound by that order. Here
/// the server's order ranks the mutual groups: the server is where the
/// deployment's security policy is configured, and the client's order mostly
/// reflects which share it could afford to send, which the key share list
/// already says. The client's order is not consulted. Under
/// [`Policy::PqFirst`] the PQ/classical split comes before the server's
/// order; within each class the server's order applies.
///
/// Obsolete code points ([`NamedGroup::is_obsolete`]) are never selected, even
/// when both sides list them. Unknown code points are never an error: they
/// simply match nothing the server lists (a server that lists a code point
/// pqkit does not know can still select it).
///
/// # Errors
///
/// RFC 8446 section 4.2.8 lets a server abort with `illegal_parameter` when a
/// client breaks the `key_share` rules; this function always checks them:
/// - [`Error::KeyShareNotInSupportedGroups`]: a key share is for a group
///   absent from `supported_groups`;
/// - [`Error::DuplicateKeyShare`]: two key shares are for the same group.
///
/// The rule that shares appear in `supported_groups` order is not enforced:
/// breaking it cannot change the outcome here, since selection never depends
/// on the order of the key shares.
///
/// # Cost
///
/// With `n` supported groups, `k` key shares and `m` server groups: the key
/// share checks take O(n + k) time with an 8 KiB bitmap of all 65536 code
/// points on the stack, and selection O(m * (n + k)). The server's list is
/// short and under its control, so a ClientHello with tens of thousands of
/// entries cannot make the server do quadratic work.
pub fn select_group(
    client_supported: &[NamedGroup],
    client_key_shares: &[NamedGroup],
    server_groups: &[NamedGroup],
    policy: Policy,
) -> Result<Selection, Error> {
    check_key_shares(client_supported, client_key_shares)?;

    let supported = |g: NamedGroup| client_supported.contains(&g);
    let has_share = |g: NamedGroup| client_key_shares.contains(&g);
    // Mutual groups in server order; repeated server entries are harmless
    // because only the first match of each search is used.
    let mutual = || {
        server_groups
            .iter()
            .copied()
            .filter(move |&g| !g.is_obsolete() && supported(g))
    };

    if policy == Policy::PqFirst && mutual().any(NamedGroup::is_post_quantum) {
        let pq = || mutual().filter(|g| g.is_post_quantum());
        if let Some(g) = pq().find(|&g| has_share(g)) {
            return Ok(Selection::Accept(g));
        }
        if let Some(g) = pq().next() {
            return Ok(Selection::HelloRetryRequest(g));
        }
    }
    if let Some(g) = mutual().find(|&g| has_share(g)) {
        return Ok(Selection::Accept(g));
    }
    Ok(match mutual().next() {
        Some(g) => Selection::HelloRetryRequest(g),
        None => Selection::NoCommonGroup,
    })
}

/// One bit per possible code point.
struct CodePointSet([u64; 1024]);

impl CodePointSet {
    fn new() -> Self {
        Self([0; 1024])
    }

    fn insert(&mut self, g: NamedGroup) {
        self.0[usize::from(g.0 >> 6)] |= 1 << (g.0 & 63);
    }

    /// Removes `g`, returning whether it was present.
    fn remove(&mut self, g: NamedGroup) -> bool {
        let word = &mut self.0[usize::from(g.0 >> 6)];
        let bit = 1u64 << (g.0 & 63);
        let present = *word & bit != 0;
        *word &= !bit;
        present
    }
}

/// RFC 8446 section 4.2.8: each key share must be for a group in
/// `supported_groups`, and no group may have two shares.
fn check_key_shares(supported: &[NamedGroup], shares: &[NamedGroup]) -> Result<(), Error> {
    let mut unclaimed = CodePointSet::new();
    for &g in supported {
        unclaimed.insert(g);
    }
    for (i, &g) in shares.iter().enumerate() {
        // A share claims its group; a group found unclaimed was either never
        // supported or already claimed by an earlier share.
        if !unclaimed.remove(g) {
            return Err(if shares[..i].contains(&g) {
                Error::DuplicateKeyShare
            } else {
                Error::KeyShareNotInSupportedGroups
            });
        }
    }
    Ok(())
}
