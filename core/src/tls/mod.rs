//! TLS NamedGroup registry and PQ-first negotiation.
//!
//! - [`NamedGroup`]: the TLS 1.3 `NamedGroup` code points pqkit knows, with
//!   names and key share lengths; any other code point is carried unchanged.
//! - [`select_group`]: the server's choice of key exchange group from a
//!   ClientHello, under a [`Policy`] that by default never settles for a
//!   classical group when both sides support a post-quantum hybrid.
//!
//! Everything works on borrowed slices and never allocates.

mod group;
mod negotiate;

pub use group::{KeyShareLengths, NamedGroup};
pub use negotiate::{Policy, Selection, select_group};
