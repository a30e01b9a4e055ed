//! The real server binary on a port: server-rendered pages over keep-alive connections always
//! end with a complete body and leave the connection reusable, no panic reaches the log, and a
//! shutdown ends the live event streams and exits within seconds. These run the process, not
//! the in-process router, because the failures they guard against (a panic in a runtime worker,
//! a dropped connection, a shutdown that never finishes) only show there.

use crate::helpers::{fresh_database_url, temp_dir, PASSWORD};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// How long any one read or write on a test connection may take before the test fails.
const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// The server process, killed when dropped so a failing test leaves nothing running.
struct Served {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Served {
    /// Starts the server on a free port with a fresh database and waits until it answers.
    async fn start() -> Served {
        let database_url = fresh_database_url().await;
        let dir = temp_dir();
        let log = dir.join("server.log");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let out = std::fs::File::create(&log).expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_agentry-server"))
            .env("AGENTRY_BIND", format!("127.0.0.1:{port}"))
            .env("DATABASE_URL", &database_url)
            .env("AGENTRY_DATA_DIR", dir.join("data"))
            .env("AGENTRY_SITE_ROOT", dir.join("site"))
            .env("AGENTRY_DB_MAX_CONNECTIONS", "4")
            .env("RUST_LOG", "info")
            .env_remove("RUST_BACKTRACE")
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("start the server binary");
        let mut served = Served { child, port, log };
        let started = Instant::now();
        loop {
            if let Ok(reply) = served
                .connect()
                .and_then(|mut c| c.send("GET", "/healthz", &[], None))
            {
                if reply.status == 200 {
                    return served;
                }
            }
            if let Ok(Some(status)) = served.child.try_wait() {
                panic!(
                    "the server exited with {status}; log:\n{}",
                    served.log_text()
                );
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the server did not answer /healthz within 60 s; log:\n{}",
                served.log_text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn connect(&self) -> Result<Connection, String> {
        Connection::open(self.port)
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Fails with the log's panic lines if the server panicked at any point.
    fn assert_no_panic(&self) {
        let log = self.log_text();
        let panics: Vec<&str> = log.lines().filter(|l| l.contains("panicked")).collect();
        assert!(
            panics.is_empty(),
            "the server panicked {} times; first: {}",
            panics.len(),
            panics[0]
        );
    }

    /// A signed-in session (cookie, CSRF token) of a new account.
    fn register(&self, email: &str) -> (String, String) {
        let body = json!({"email": email, "name": "Ann", "password": PASSWORD}).to_string();
        let reply = self
            .connect()
            .and_then(|mut c| {
                c.send(
                    "POST",
                    "/api/auth/register",
                    &[("content-type", "application/json")],
                    Some(&body),
                )
            })
            .expect("register");
        assert_eq!(reply.status, 201, "register: {}", reply.text());
        let cookie = reply
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
            .find_map(|(_, v)| v.strip_prefix("agentry_session="))
            .map(|v| format!("agentry_session={}", v.split(';').next().unwrap()))
            .expect("a session cookie");
        let csrf = reply.json()["csrf_token"].as_str().unwrap().to_owned();
        (cookie, csrf)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 connection, kept open between requests like a browser's.
struct Connection {
    reader: BufReader<TcpStream>,
}

/// One response, read to its end.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> String {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

impl Connection {
    fn open(port: u16) -> Result<Connection, String> {
        let stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
        stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
        Ok(Connection {
            reader: BufReader::new(stream),
        })
    }

    /// Sends a request and reads the whole response. Any way the response can end short of
    /// complete (the server closing, a truncated body, a response that cannot be followed by
    /// another on this connection) is an error naming what went wrong.
    fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<Reply, String> {
        self.send_head(method, path, headers, body)?;
        let (status, headers) = self.read_head()?;
        let body = self.read_body(&headers)?;
        let reply = Reply {
            status,
            headers,
            body,
        };
        if reply.header("connection").eq_ignore_ascii_case("close") {
            return Err(format!("{method} {path}: the server closed the connection"));
        }
        Ok(reply)
    }

    fn send_head(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<(), String> {
        let body = body.unwrap_or("");
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: {}\r\n",
            body.len()
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(body);
        self.reader
            .get_mut()
            .write_all(request.as_bytes())
            .map_err(|e| format!("{method} {path}: sending: {e}"))
    }

    fn line(&mut self) -> Result<String, String> {
        let mut line = String::new();
        match self.reader.read_line(&mut line) {
            Ok(0) => Err("the server closed the connection".into()),
            Ok(_) if !line.ends_with("\r\n") => Err(format!("a cut-off line: {line:?}")),
            Ok(_) => Ok(line.trim_end().to_owned()),
            Err(e) => Err(format!("reading: {e}")),
        }
    }

    fn read_head(&mut self) -> Result<(u16, Vec<(String, String)>), String> {
        let status_line = self.line()?;
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("a malformed status line: {status_line:?}"))?;
        let mut headers = Vec::new();
        loop {
            let line = self.line()?;
            if line.is_empty() {
                return Ok((status, headers));
            }
            let (name, value) = line
                .split_once(':')
                .ok_or_else(|| format!("a malformed header: {line:?}"))?;
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }

    fn read_body(&mut self, headers: &[(String, String)]) -> Result<Vec<u8>, String> {
        let get = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let mut body = Vec::new();
        if get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
            loop {
                let size_line = self.line()?;
                let size = usize::from_str_radix(size_line.split(';').next().unwrap(), 16)
                    .map_err(|_| format!("a malformed chunk size: {size_line:?}"))?;
                if size == 0 {
                    // Trailers, then the blank line that ends the body.
                    while !self.line()?.is_empty() {}
                    return Ok(body);
                }
                let start = body.len();
                body.resize(start + size, 0);
                self.reader
                    .read_exact(&mut body[start..])
                    .map_err(|e| format!("a body cut off mid-chunk: {e}"))?;
                if !self.line()?.is_empty() {
                    return Err("a chunk without its line end".into());
                }
            }
        }
        let length: usize = match get("content-length") {
            Some(length) => length.parse().map_err(|_| "a malformed content-length")?,
            None => return Err("a body with neither a length nor chunks".into()),
        };
        body.resize(length, 0);
        self.reader
            .read_exact(&mut body)
            .map_err(|e| format!("a body cut off: {e}"))?;
        Ok(body)
    }
}

/// Asserts a page response is whole: a redirect, or a 200 HTML document. The body's framing
/// (the last chunk) was checked on reading; the document itself closes before the streamed
/// data scripts that follow it.
fn assert_complete_page(path: &str, reply: &Reply) {
    match reply.status {
        302 | 303 | 307 => assert!(!reply.header("location").is_empty(), "{path}"),
        200 => {
            let text = reply.text();
            assert!(
                text.starts_with("<!DOCTYPE html>") && text.contains("</html>"),
                "{path}: an incomplete page ({} bytes)",
                text.len(),
            );
            assert!(text.contains("<title>"), "{path}: a page without a title");
        }
        status => panic!("{path}: unexpected status {status}: {}", reply.text()),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn hundreds_of_page_requests_over_keep_alive_connections_all_end_complete_with_no_panic() {
    const CLIENTS: usize = 8;
    const REQUESTS_PER_CLIENT: usize = 50;
    let served = Served::start().await;
    let (cookie, _) = served.register("ann@example.com");
    let port = served.port;
    let clients: Vec<_> = (0..CLIENTS)
        .map(|n| {
            // Half the clients are signed in (pages load the session and workspaces), half not.
            let cookie = (n % 2 == 0).then(|| cookie.clone());
            std::thread::spawn(move || {
                let mut connection = Connection::open(port).expect("connect");
                for i in 0..REQUESTS_PER_CLIENT {
                    let path = ["/login", "/", "/signup", "/account"][i % 4];
                    let mut headers = vec![("accept-language", "en")];
                    if let Some(cookie) = &cookie {
                        headers.push(("cookie", cookie.as_str()));
                    }
                    let reply = connection
                        .send("GET", path, &headers, None)
                        .unwrap_or_else(|e| panic!("client {n}, request {i}, GET {path}: {e}"));
                    assert_complete_page(path, &reply);
                }
            })
        })
        .collect();
    for client in clients {
        if let Err(panic) = client.join() {
            served.assert_no_panic();
            std::panic::resume_unwind(panic);
        }
    }
    served.assert_no_panic();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shutdown_ends_open_event_streams_and_exits_within_seconds() {
    let mut served = Served::start().await;
    let (cookie, csrf) = served.register("ann@example.com");
    let workspace = served
        .connect()
        .and_then(|mut c| {
            c.send(
                "POST",
                "/api/workspaces",
                &[
                    ("content-type", "application/json"),
                    ("cookie", &cookie),
                    ("x-csrf-token", &csrf),
                ],
                Some(&json!({"name": "Acme", "slug": "acme"}).to_string()),
            )
        })
        .expect("create a workspace");
    assert_eq!(workspace.status, 201, "{}", workspace.text());
    let workspace_id = workspace.json()["id"].as_str().unwrap().to_owned();
    let mut stream = served.connect().expect("connect");
    let path = format!("/api/events?workspace_id={workspace_id}");
    stream
        .send_head("GET", &path, &[("cookie", &cookie)], None)
        .unwrap();
    let (status, headers) = stream.read_head().unwrap();
    assert_eq!(status, 200);

    let signalled = Instant::now();
    let kill = Command::new("kill")
        .args(["-TERM", &served.child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(kill.success());
    // The stream ends properly (its last chunk arrives) rather than being cut off…
    stream
        .read_body(&headers)
        .expect("the event stream ends cleanly on shutdown");
    // …and the process exits well inside the hard deadline (5 s), so it was the stream's end,
    // not the deadline, that let it go.
    let exit = loop {
        if let Some(status) = served.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            signalled.elapsed() < Duration::from_secs(3),
            "the server still runs 3 s after SIGTERM; log:\n{}",
            served.log_text()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        exit.success(),
        "exit status {exit}; log:\n{}",
        served.log_text()
    );
    served.assert_no_panic();
}
