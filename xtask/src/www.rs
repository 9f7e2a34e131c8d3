//! `cargo xtask www`: build the demo site and serve it on 127.0.0.1.
//!
//! A small std-only static server: the site is plain files plus the npm
//! package, so no bundler or Node server is needed to look at it.

use crate::test::Outcome;
use crate::util::{self, Result, root, step};
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

pub fn run(args: &[String]) -> Result {
    let mut port = 8080u16;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--port" => {
                port = it
                    .next()
                    .and_then(|p| p.parse().ok())
                    .ok_or("--port needs a number")?
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let site = build()?;
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("binding 127.0.0.1:{port}: {e}"))?;
    step(format!(
        "serving {} on http://127.0.0.1:{port}/ (Ctrl-C stops)",
        site.display()
    ));
    serve_forever(listener, site);
    Ok(())
}

/// The npm packages copied into `dist/vendor/` for the benchmark's
/// comparison: @noble/post-quantum and the noble packages it imports.
const VENDORED: &[&str] = &["post-quantum", "curves", "hashes", "ciphers"];

/// Assembles the site in `www/dist/`: the static files, the npm package in
/// `pqkit/`, and noble from `www/node_modules` (installed with `npm ci` from
/// `www/package-lock.json`) in `vendor/`, so that the page loads nothing from
/// another origin.
pub fn build() -> Result<PathBuf> {
    let pkg = crate::wasm::build()?;
    let www = root().join("www");
    util::ensure_npm_ci(&www)?;
    let dist = www.join("dist");
    step("assembling the site in www/dist/");
    if dist.exists() {
        fs::remove_dir_all(&dist).map_err(|e| format!("cleaning www/dist: {e}"))?;
    }
    copy_tree(&www.join("static"), &dist)?;
    copy_tree(&pkg, &dist.join("pqkit"))?;
    for name in VENDORED {
        let from = www.join("node_modules/@noble").join(name);
        vendor(&from, &from, &dist.join("vendor/@noble").join(name))?;
    }
    Ok(dist)
}

/// Copies a package's JavaScript (not its TypeScript sources) and licence,
/// turning the bare `'@noble/<pkg>/...'` specifiers, which a browser cannot
/// resolve without an import map (and an inline import map would need a
/// looser CSP), into relative paths.
fn vendor(package: &Path, from: &Path, to: &Path) -> Result {
    fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in
        fs::read_dir(from).map_err(|e| format!("{}: {e} (npm ci in www/?)", from.display()))?
    {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if name != "src" && name != "node_modules" {
                vendor(package, &path, &to.join(&*name))?;
            }
        } else if name.ends_with(".js") {
            let depth = path
                .strip_prefix(package)
                .map(|p| p.components().count())
                .unwrap_or(1);
            let up = "../".repeat(depth);
            let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let text = text
                .replace("'@noble/", &format!("'{up}"))
                .replace("\"@noble/", &format!("\"{up}"));
            fs::write(to.join(&*name), text).map_err(|e| e.to_string())?;
        } else if name == "LICENSE" || name == "package.json" {
            fs::copy(&path, to.join(&*name)).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> Result {
    fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let dest = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &dest)?;
        } else {
            fs::copy(entry.path(), &dest).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// The page's Content-Security-Policy: scripts only from this origin, and
/// WebAssembly compilation (`'wasm-unsafe-eval'`), nothing looser; every
/// other kind of load is limited to this origin too.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Serves `site` on `listener` forever, one thread per connection (a
/// browser keeps idle preconnected sockets open, which must not block the
/// next request).
pub fn serve_forever(listener: TcpListener, site: PathBuf) {
    for stream in listener.incoming().flatten() {
        let site = site.clone();
        std::thread::spawn(move || {
            let _ = serve(stream, &site);
        });
    }
}

/// Answers one GET request; only paths inside `site` are served. The
/// cross-origin isolation headers (COOP, COEP) give the benchmark's worker
/// the fine-grained `performance.now()`.
pub fn serve(mut stream: TcpStream, site: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30)))?;
    let mut line = String::new();
    BufReader::new(&stream).read_line(&mut line)?;
    if line.is_empty() {
        return Ok(());
    }
    let raw = line.split_whitespace().nth(1).unwrap_or("/");
    let raw = raw.split(['?', '#']).next().unwrap_or("/");
    let rel = Path::new(raw.trim_start_matches('/'));
    let safe = rel.components().all(|c| matches!(c, Component::Normal(_)));
    let mut path = site.join(rel);
    if path.is_dir() {
        path = path.join("index.html");
    }
    let (status, body, ctype) = match (safe, fs::read(&path)) {
        (true, Ok(body)) => ("200 OK", body, content_type(&path)),
        _ => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\
         Content-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\n\
         Cross-Origin-Opener-Policy: same-origin\r\nCross-Origin-Embedder-Policy: require-corp\r\n\
         Referrer-Policy: no-referrer\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    Ok(())
}

/// The `browser` test suite: the built site in headless Chromium (Debian's
/// package, installed when missing), served by this process on a loopback
/// port and driven by playwright-core (`www/tests/browser.test.mjs`, run
/// with Node's test runner; its TAP summary gives the counts). Screenshots
/// of each panel go to `www/test-results/`.
pub fn test() -> Outcome {
    match browser_tests() {
        Ok(o) => o,
        Err(e) => Outcome::single(Err(e)),
    }
}

fn browser_tests() -> Result<Outcome> {
    util::ensure_apt("chromium", "chromium")?;
    let site = build()?;
    let listener =
        TcpListener::bind(("127.0.0.1", 0)).map_err(|e| format!("binding a loopback port: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    std::thread::spawn(move || serve_forever(listener, site));
    let url = format!("http://127.0.0.1:{port}/");
    let chromium = util::output(Command::new("sh").args(["-c", "command -v chromium"]))?;
    step(format!("playwright-core drives headless Chromium at {url}"));
    let (ok, log) = util::run_tee(
        Command::new("node")
            .args(["--test", "--test-reporter=tap", "browser.test.mjs"])
            .current_dir(root().join("www/tests"))
            .env("PQKIT_SITE_URL", &url)
            .env("PQKIT_CHROMIUM", chromium.trim()),
    );
    let (passed, failed) = crate::wasm::tap_counts(&log);
    let failed = if ok { failed } else { failed.max(1) };
    Ok(Outcome {
        passed,
        failed,
        error: (!ok).then(|| "browser tests failed".to_string()),
    })
}
