//! Reading tool calls out of the MCP traffic the broker forwards, for the audit: the
//! `tools/call` requests a run sends (name and JSON-RPC id only; the arguments are never kept)
//! and how each was answered, in a JSON body or in a server-sent event stream.

use serde_json::Value;
use std::time::Instant;

/// A `tools/call` request waiting for its answer.
#[derive(Clone, Debug)]
pub struct PendingCall {
    /// The JSON-RPC id, as JSON text (ids are numbers or strings).
    pub id: String,
    pub tool: String,
    pub started: Instant,
}

/// How a call ended, as `task_tool_calls.status` spells it.
pub const OK: &str = "ok";
pub const TOOL_ERROR: &str = "tool_error";
pub const ERROR: &str = "error";
pub const REFUSED: &str = "refused";
pub const NO_ANSWER: &str = "no_answer";

fn messages(body: &Value) -> Vec<&Value> {
    match body {
        Value::Array(batch) => batch.iter().collect(),
        one => vec![one],
    }
}

/// The `tools/call` requests in a POST body (one JSON-RPC message or a batch). Anything that
/// is not JSON has none.
pub fn tool_calls(body: &[u8], started: Instant) -> Vec<PendingCall> {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Vec::new();
    };
    messages(&value)
        .into_iter()
        .filter(|m| m.get("method").and_then(Value::as_str) == Some("tools/call"))
        .filter_map(|m| {
            let id = m.get("id")?.to_string();
            let tool = m
                .get("params")
                .and_then(|p| p.get("name"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .chars()
                .take(200)
                .collect();
            Some(PendingCall { id, tool, started })
        })
        .collect()
}

/// The answers in one JSON-RPC message or batch: `(id, status)` for each response.
pub fn answers(value: &Value) -> Vec<(String, &'static str)> {
    messages(value)
        .into_iter()
        .filter_map(|m| {
            let id = m.get("id")?.to_string();
            let status = if m.get("error").is_some() {
                ERROR
            } else if m
                .get("result")
                .and_then(|r| r.get("isError"))
                .and_then(Value::as_bool)
                == Some(true)
            {
                TOOL_ERROR
            } else if m.get("result").is_some() {
                OK
            } else {
                return None;
            };
            Some((id, status))
        })
        .collect()
}

/// Reads a server-sent event stream as it passes, line by line, and yields the answers of its
/// `data:` lines. Bytes are never changed; a line longer than the cap is dropped unread.
#[derive(Debug, Default)]
pub struct SseScanner {
    line: Vec<u8>,
    overflow: bool,
}

const LINE_CAP: usize = 1 << 20;

impl SseScanner {
    /// Feeds a chunk; returns the answers completed by it.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        for &byte in chunk {
            if byte == b'\n' {
                if !self.overflow {
                    out.extend(self.line_answers());
                }
                self.line.clear();
                self.overflow = false;
            } else if self.line.len() < LINE_CAP {
                self.line.push(byte);
            } else {
                self.overflow = true;
            }
        }
        out
    }

    fn line_answers(&self) -> Vec<(String, &'static str)> {
        let line = self.line.strip_suffix(b"\r").unwrap_or(&self.line);
        let Some(data) = line.strip_prefix(b"data:") else {
            return Vec::new();
        };
        match serde_json::from_slice::<Value>(data) {
            Ok(value) => answers(&value),
            Err(_) => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_tool_calls_are_picked_from_a_body_or_a_batch_without_their_arguments() {
        let now = Instant::now();
        let one = json!({"jsonrpc": "2.0", "id": 7, "method": "tools/call",
            "params": {"name": "NOTION_SEARCH", "arguments": {"query": "secret"}}});
        let calls = tool_calls(one.to_string().as_bytes(), now);
        assert_eq!(calls.len(), 1);
        assert_eq!(
            (calls[0].id.as_str(), calls[0].tool.as_str()),
            ("7", "NOTION_SEARCH")
        );
        assert!(!format!("{calls:?}").contains("secret"));
        let batch = json!([
            {"jsonrpc": "2.0", "id": "a", "method": "tools/list"},
            {"jsonrpc": "2.0", "id": "b", "method": "tools/call", "params": {"name": "X"}},
            {"jsonrpc": "2.0", "method": "tools/call", "params": {"name": "notification"}},
        ]);
        let calls = tool_calls(batch.to_string().as_bytes(), now);
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].id, "\"b\"");
        assert!(tool_calls(b"not json", now).is_empty());
    }

    #[test]
    fn answers_tell_success_a_tool_error_and_a_protocol_error_apart() {
        let batch = json!([
            {"jsonrpc": "2.0", "id": 1, "result": {"content": []}},
            {"jsonrpc": "2.0", "id": 2, "result": {"content": [], "isError": true}},
            {"jsonrpc": "2.0", "id": 3, "error": {"code": -32602, "message": "no"}},
            {"jsonrpc": "2.0", "method": "notifications/progress"},
        ]);
        assert_eq!(
            answers(&batch),
            [
                ("1".to_owned(), OK),
                ("2".to_owned(), TOOL_ERROR),
                ("3".to_owned(), ERROR)
            ]
        );
    }

    #[test]
    fn the_scanner_finds_answers_in_data_lines_split_across_chunks() {
        let mut scanner = SseScanner::default();
        let event = "event: message\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}\r\n\r\n";
        let (a, b) = event.split_at(30);
        assert!(scanner.feed(a.as_bytes()).is_empty());
        assert_eq!(scanner.feed(b.as_bytes()), [("5".to_owned(), OK)]);
        assert!(scanner.feed(b": keep-alive\n\n").is_empty());
    }
}
