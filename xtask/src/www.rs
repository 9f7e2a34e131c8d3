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
    for stream in listener.incoming().flatten() {
        let _ = serve(stream, &site);
    }
    Ok(())
}

/// Assembles the site in `www/dist/`: the static files and the npm package.
pub fn build() -> Result<PathBuf> {
    let pkg = crate::wasm::build()?;
    let dist = root().join("www/dist");
    step("assembling the site in www/dist/");
    if dist.exists() {
        fs::remove_dir_all(&dist).map_err(|e| format!("cleaning www/dist: {e}"))?;
    }
    copy_tree(&root().join("www/static"), &dist)?;
    copy_tree(&pkg, &dist.join("pqkit"))?;
    Ok(dist)
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

/// Answers one GET request; only paths inside `site` are served.
pub fn serve(mut stream: TcpStream, site: &Path) -> std::io::Result<()> {
    let mut line = String::new();
    BufReader::new(&stream).read_line(&mut line)?;
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
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    Ok(())
}

/// The `browser` test suite: the built site in headless Chromium (Debian's
/// package), served by this process on a loopback port; the page must load
/// the package and report the simd128 build.
pub fn test() -> Outcome {
    Outcome::single(browser_check())
}

fn browser_check() -> Result {
    util::ensure_apt("chromium", "chromium")?;
    let site = build()?;
    let listener =
        TcpListener::bind(("127.0.0.1", 0)).map_err(|e| format!("binding a loopback port: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let served = site.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = serve(stream, &served);
        }
    });
    let profile = std::env::temp_dir().join(format!("pqkit-chromium-{}", std::process::id()));
    let url = format!("http://127.0.0.1:{port}/");
    step(format!("headless Chromium loads {url}"));
    // The flags keep Chromium off the network (this machine has none) and
    // give the page's module scripts virtual time to finish before the DOM
    // is dumped.
    let dom = util::output(
        Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--virtual-time-budget=15000",
                "--dump-dom",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(&url),
    );
    let _ = fs::remove_dir_all(&profile);
    let dom = dom?;
    if !dom.contains("data-ready=\"true\"") {
        return Err("the page did not finish loading the package".into());
    }
    if !dom.contains("<output id=\"backend\">simd128</output>") {
        return Err("the page did not report the simd128 build".into());
    }
    println!("    page loaded the package and runs the simd128 build");
    Ok(())
}
