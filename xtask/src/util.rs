//! Process running, progress lines and prerequisite installation.

use std::cell::RefCell;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// One progress line per step, so a log reads as a list of what happened.
pub fn step(msg: impl AsRef<str>) {
    say(format!("==> {}", msg.as_ref()));
}

thread_local! {
    /// Where this thread's [`say`], [`step`] and [`run`] output goes instead
    /// of the terminal; set by [`logged`].
    static LOG: RefCell<Option<File>> = const { RefCell::new(None) };
}

/// One line of output: on stdout, or in the thread's log inside [`logged`].
pub fn say(line: impl AsRef<str>) {
    let line = line.as_ref();
    let logged = LOG.with(|log| match log.borrow_mut().as_mut() {
        Some(file) => {
            let _ = writeln!(file, "{line}");
            true
        }
        None => false,
    });
    if !logged {
        println!("{line}");
    }
}

/// Runs `f` with every line it prints through [`say`] or [`step`] and the
/// output of every command it starts through [`run`] written to `log`, so
/// that tasks running side by side on threads do not interleave on the
/// terminal. On failure the error ends with the log's last lines.
pub fn logged<T>(log: &Path, f: impl FnOnce() -> Result<T>) -> Result<T> {
    /// Restores the terminal even when `f` panics.
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            LOG.with(|log| log.borrow_mut().take());
        }
    }
    let file = File::create(log).map_err(|e| format!("creating {}: {e}", log.display()))?;
    LOG.with(|l| *l.borrow_mut() = Some(file));
    let reset = Reset;
    let result = f();
    drop(reset);
    result.map_err(|e| format!("{e}; the end of {}:\n{}", log.display(), tail(log, 40)))
}

/// The last `lines` lines of a text file (empty when it cannot be read).
pub fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Points the command's stdout and stderr at the thread's log, if any, and
/// closes its stdin (nobody is there to answer).
fn to_log(c: &mut Command) -> Result {
    LOG.with(|log| {
        let Some(file) = log.borrow().as_ref().map(File::try_clone) else {
            return Ok(());
        };
        let out = file.map_err(|e| format!("the log: {e}"))?;
        let err = out.try_clone().map_err(|e| format!("the log: {e}"))?;
        c.stdout(out).stderr(err).stdin(Stdio::null());
        Ok(())
    })
}

pub fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// A command that runs in the workspace root.
pub fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root());
    c
}

/// `cargo` as invoked by the user (rustup's proxy honours the toolchain).
pub fn cargo() -> Command {
    cmd(&std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn describe(c: &Command) -> String {
    let mut s = c.get_program().to_string_lossy().into_owned();
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Runs a command with inherited output (inside [`logged`]: into the log);
/// fails on a non-zero exit.
pub fn run(c: &mut Command) -> Result {
    let what = describe(c);
    to_log(c)?;
    let status = c
        .status()
        .map_err(|e| format!("could not start `{what}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{what}` failed ({status})"))
    }
}

/// Runs a command, echoing its output live, and also returns that output
/// (stdout and stderr interleaved by line) so callers can read test counts.
pub fn run_tee(c: &mut Command) -> (bool, String) {
    let what = describe(c);
    let mut child = match c.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(e) => return (false, format!("could not start `{what}`: {e}")),
    };
    let log = Arc::new(Mutex::new(String::new()));
    let pump = |stream: Box<dyn Read + Send>, to_stderr: bool| {
        let log = Arc::clone(&log);
        thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(|l| l.ok()) {
                if to_stderr {
                    eprintln!("{line}");
                } else {
                    println!("{line}");
                }
                let mut log = log.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        })
    };
    let out = pump(Box::new(child.stdout.take().unwrap()), false);
    let err = pump(Box::new(child.stderr.take().unwrap()), true);
    let ok = child.wait().map(|s| s.success()).unwrap_or(false);
    let _ = out.join();
    let _ = err.join();
    let text = log.lock().unwrap().clone();
    (ok, text)
}

/// Output of a command that must succeed, as text.
pub fn output(c: &mut Command) -> Result<String> {
    let what = describe(c);
    let out = c
        .output()
        .map_err(|e| format!("could not start `{what}`: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`{what}` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Adds the rustup targets that are not installed yet.
pub fn ensure_targets(targets: &[&str]) -> Result {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    let missing: Vec<&str> = targets
        .iter()
        .copied()
        .filter(|t| !installed.lines().any(|l| l.trim() == *t))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    step(format!("installing rustup targets: {}", missing.join(" ")));
    run(Command::new("rustup")
        .args(["target", "add"])
        .args(&missing))
}

/// Installs a Debian package when `binary` is not on the PATH.
pub fn ensure_apt(binary: &str, package: &str) -> Result {
    if have(binary) {
        return Ok(());
    }
    static UPDATED: OnceLock<()> = OnceLock::new();
    let sudo = |args: &[&str]| {
        let root = output(Command::new("id").arg("-u")).is_ok_and(|u| u.trim() == "0");
        let mut c = if root {
            Command::new(args[0])
        } else {
            let mut c = Command::new("sudo");
            c.arg(args[0]);
            c
        };
        c.args(&args[1..]).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    if UPDATED.get().is_none() {
        step("apt-get update");
        run(&mut sudo(&["apt-get", "update", "-qq"]))?;
        let _ = UPDATED.set(());
    }
    step(format!(
        "installing Debian package {package} (for `{binary}`)"
    ));
    run(&mut sudo(&[
        "apt-get",
        "install",
        "-y",
        "-qq",
        "--no-install-recommends",
        package,
    ]))?;
    if have(binary) {
        Ok(())
    } else {
        Err(format!(
            "`{binary}` still missing after installing {package}"
        ))
    }
}

/// The version of a package as resolved in the workspace's Cargo.lock.
pub fn locked_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .ok_or_else(|| format!("{package} not found in Cargo.lock"))?
        + needle.len();
    let end = lock[start..].find('"').ok_or("malformed Cargo.lock")? + start;
    Ok(lock[start..end].to_string())
}

/// `wasm-bindgen` CLI at exactly the version of the `wasm-bindgen` crate in
/// Cargo.lock: the CLI refuses modules made by any other version.
pub fn ensure_wasm_bindgen() -> Result<PathBuf> {
    let version = locked_version("wasm-bindgen")?;
    let cargo_home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo")
        });
    let bin = cargo_home.join("bin/wasm-bindgen");
    let current = Command::new(&bin)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    if current.split_whitespace().nth(1) == Some(version.as_str()) {
        return Ok(bin);
    }
    step(format!(
        "installing wasm-bindgen-cli {version} from crates.io (pinned to Cargo.lock)"
    ));
    let install = |locked: bool| {
        let mut c = cargo();
        c.args(["install", "--quiet", "wasm-bindgen-cli", "--version"])
            .arg(format!("={version}"));
        if locked {
            c.arg("--locked");
        }
        run(&mut c)
    };
    // The CLI's own lock file can name a dependency version that has since
    // been yanked; then let cargo resolve its dependencies afresh.
    if install(true).is_err() {
        step("the locked install failed; retrying with freshly resolved dependencies");
        install(false)?;
    }
    Ok(bin)
}

/// Node.js and npm from Debian when absent.
pub fn ensure_node() -> Result {
    ensure_apt("node", "nodejs")?;
    ensure_apt("npm", "npm")
}

/// [`ensure_node`], then `npm ci` in `dir` when its `node_modules` is
/// missing or older than its lock file.
pub fn ensure_npm_ci(dir: &Path) -> Result {
    ensure_node()?;
    let lock = dir.join("package-lock.json");
    let stamp = dir.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&stamp)) {
        (Ok(l), Ok(s)) => s.modified().ok() >= l.modified().ok(),
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    step(format!(
        "npm ci in {}",
        dir.strip_prefix(root()).unwrap_or(dir).display()
    ));
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir))
}
