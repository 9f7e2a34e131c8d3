//! TLS NamedGroup registry and PQ-first negotiation.
