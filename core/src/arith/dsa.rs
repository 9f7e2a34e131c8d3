//! Filled in with its algorithm.
