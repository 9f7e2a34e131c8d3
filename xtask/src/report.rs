//! `cargo xtask report`: the benchmark report.

use crate::util::Result;

pub fn run(_args: &[String]) -> Result {
    Err("the report is not available in this build".into())
}
