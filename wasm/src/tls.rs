//! TLS NamedGroup registry and group negotiation.

use crate::{Fail, JsResult, run};
use pqkit::tls::{NamedGroup, Policy, Selection, select_group};
use wasm_bindgen::prelude::*;

/// The code points pqkit knows, current groups first.
#[wasm_bindgen(js_name = tlsKnownGroups)]
pub fn tls_known_groups() -> Vec<u16> {
    NamedGroup::KNOWN.iter().map(|g| g.code()).collect()
}

/// The registered name of a code point, if pqkit knows it.
#[wasm_bindgen(js_name = tlsGroupName)]
pub fn tls_group_name(code: u16) -> Option<String> {
    NamedGroup(code).name().map(str::to_string)
}

/// Whether the code point is a post-quantum (hybrid) group.
#[wasm_bindgen(js_name = tlsGroupIsPostQuantum)]
pub fn tls_group_is_post_quantum(code: u16) -> bool {
    NamedGroup(code).is_post_quantum()
}

/// The server's choice for a ClientHello, as `[action, group]`: action 0 is
/// accept, 1 a HelloRetryRequest, 2 no common group (group then 0).
#[wasm_bindgen(js_name = tlsNegotiate)]
pub fn tls_negotiate(
    client_supported: &[u16],
    client_key_shares: &[u16],
    server_groups: &[u16],
    policy: u8,
) -> JsResult<Vec<u32>> {
    run(|| {
        let policy = match policy {
            0 => Policy::PqFirst,
            1 => Policy::KeyShareFirst,
            other => return Err(Fail::argument(format!("unknown policy {other}"))),
        };
        let groups = |codes: &[u16]| codes.iter().map(|&c| NamedGroup(c)).collect::<Vec<_>>();
        let selection = select_group(
            &groups(client_supported),
            &groups(client_key_shares),
            &groups(server_groups),
            policy,
        )?;
        Ok(match selection {
            Selection::Accept(g) => vec![0, u32::from(g.code())],
            Selection::HelloRetryRequest(g) => vec![1, u32::from(g.code())],
            Selection::NoCommonGroup => vec![2, 0],
        })
    })
}
