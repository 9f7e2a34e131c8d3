//! `arith`, `ntt`: AVX2 against portable.

#[allow(unused_imports)]
use super::*;
