//! Measures `tebiki serve`'s edit → page served latency: start the server on a free
//! 127.0.0.1 port, listen to its Server-Sent Events, change a page, wait for
//! `event: reload`, then fetch the page and check it shows the change; the time is
//! from the save to the page's last byte.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Kills the server when dropped, also on early returns.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Latencies of `edits` edits of `page` (seconds), or why they could not be measured.
/// With `log`, the server runs with `--timings` and what it printed during the saves is
/// copied to stderr at the end (its build lines and stage times).
pub fn serve_latencies(
    tebiki: &Path,
    root: &Path,
    page: &Path,
    url: &str,
    edits: usize,
    log: bool,
) -> Result<Vec<f64>, String> {
    let port = free_port()?;
    let mut command = Command::new(tebiki);
    command.args(["serve", "--root"]).arg(root).args([
        "--port",
        &port.to_string(),
        "--bind",
        "127.0.0.1",
    ]);
    if log {
        command.arg("--timings");
    }
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start tebiki serve: {e}"))?;
    let lines = announce_lines(&mut child);
    let server = Server(child);
    wait_for_address(&lines, port)?;
    let mut events = connect_events(port)?;
    let original = std::fs::read_to_string(page).map_err(|e| e.to_string())?;
    let mut latencies = Vec::with_capacity(edits);
    for edit in 0..edits {
        drain(&mut events);
        let started = Instant::now();
        std::fs::write(page, format!("{original}\nEdit {edit}.\n")).map_err(|e| e.to_string())?;
        let waited = wait_for_reload(&mut events)
            .and_then(|()| fetch(port, url))
            .and_then(|body| {
                body.contains(&format!("Edit {edit}."))
                    .then_some(())
                    .ok_or_else(|| format!("{url} does not show edit {edit} after the reload"))
            });
        latencies.push(started.elapsed().as_secs_f64());
        if let Err(e) = waited {
            let _ = std::fs::write(page, &original);
            return Err(e);
        }
    }
    std::fs::write(page, &original).map_err(|e| e.to_string())?;
    drop(server);
    if log {
        for line in lines.try_iter() {
            eprintln!("server: {line}");
        }
    }
    Ok(latencies)
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// The server's stdout and stderr lines, read on background threads.
fn announce_lines(child: &mut Child) -> mpsc::Receiver<String> {
    let (send, receive) = mpsc::channel();
    let stdout = child
        .stdout
        .take()
        .map(|s| Box::new(s) as Box<dyn Read + Send>);
    let stderr = child
        .stderr
        .take()
        .map(|s| Box::new(s) as Box<dyn Read + Send>);
    for stream in [stdout, stderr].into_iter().flatten() {
        let send = send.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
    }
    receive
}

fn wait_for_address(lines: &mpsc::Receiver<String>, port: u16) -> Result<(), String> {
    let needle = format!("http://127.0.0.1:{port}/");
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        match lines.recv_timeout(Duration::from_millis(200)) {
            Ok(line) if line.contains(&needle) => return Ok(()),
            Ok(line) => seen.push(line),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    Err(format!(
        "tebiki serve never printed {needle}:\n{}",
        seen.join("\n")
    ))
}

fn connect_events(port: u16) -> Result<BufReader<TcpStream>, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET /__tebiki/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .map_err(|e| e.to_string())?;
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).map_err(|e| e.to_string())?;
    if !status.contains(" 200") {
        return Err(format!("/__tebiki/events answered {}", status.trim()));
    }
    Ok(reader)
}

/// Discards whatever the server sent before the edit (headers, hello events).
fn drain(events: &mut BufReader<TcpStream>) {
    let _ = events
        .get_ref()
        .set_read_timeout(Some(Duration::from_millis(300)));
    let mut line = String::new();
    while events.read_line(&mut line).is_ok_and(|n| n > 0) {
        line.clear();
    }
    let _ = events
        .get_ref()
        .set_read_timeout(Some(Duration::from_secs(120)));
}

fn wait_for_reload(events: &mut BufReader<TcpStream>) -> Result<(), String> {
    let mut line = String::new();
    loop {
        line.clear();
        match events.read_line(&mut line) {
            Ok(0) => return Err("the server closed the event stream".into()),
            Ok(_) if line.trim_end() == "event: reload" => return Ok(()),
            Ok(_) if line.trim_end() == "event: error" => {
                return Err("the server reported a build error".into())
            }
            Ok(_) => {}
            Err(e) => return Err(format!("no reload event: {e}")),
        }
    }
}

/// `GET url` with `Connection: close`: the whole response as text.
fn fetch(port: u16, url: &str) -> Result<String, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {url} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&response).into_owned())
}
