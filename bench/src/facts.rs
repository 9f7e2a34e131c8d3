//! What a bench run knows besides its timings, for `cargo xtask report`.
//!
//! When `PQKIT_REPORT_FACTS` names a folder, a bench writes
//! `<folder>/<bench>.json` there: the backend pqkit selected on this CPU
//! (`pqkit::arith::selected_backend()`) and whatever sizes the bench's
//! algorithms have. Without the variable nothing is written, so plain
//! `cargo bench` runs are unaffected.

use serde_json::{Value, json};

/// The variable `cargo xtask report` sets for its bench runs.
pub const ENV: &str = "PQKIT_REPORT_FACTS";

/// Writes `facts` (with the selected backend added) for the bench `name`;
/// a folder that cannot be written is an error, since the report would then
/// miss its facts.
pub fn write(name: &str, mut facts: Value) {
    let Some(dir) = std::env::var_os(ENV) else {
        return;
    };
    facts["pqkit_backend"] = json!(pqkit::arith::selected_backend().name());
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("creating the facts folder");
    let path = dir.join(format!("{name}.json"));
    let text = serde_json::to_string_pretty(&facts).expect("facts serialise");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}
