//! Turns an agent CLI's output into transcript messages and a final outcome, one line at a
//! time: claude's stream-json events, codex's `exec --json` events, or plain text for the
//! families whose output has no structure we read. Pure, so each format is table-tested.

use super::argv::Protocol;
use serde_json::Value;

/// One transcript entry before it gets its sequence number.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Message {
    /// `text`, `thinking`, `tool_use`, `tool_result`, `status`, `error` or `log`.
    pub kind: &'static str,
    pub tool: Option<String>,
    pub content: Option<String>,
    pub input: Option<Value>,
    pub output: Option<Value>,
}

impl Message {
    fn text(kind: &'static str, content: impl Into<String>) -> Message {
        Message {
            kind,
            content: Some(content.into()),
            ..Message::default()
        }
    }
}

/// What the run came to, as far as its output says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The provider's session, for a later resume.
    pub session_id: Option<String>,
    /// The final answer, when the CLI reported one.
    pub result: Option<String>,
    /// The CLI said the run failed, and why.
    pub error: Option<String>,
    /// The last assistant text, the answer when no explicit result came.
    pub last_text: Option<String>,
}

/// An incremental reader of one run's output.
#[derive(Debug)]
pub struct Parser {
    protocol: Protocol,
    outcome: Outcome,
}

impl Parser {
    /// A parser for `protocol`.
    pub fn new(protocol: Protocol) -> Parser {
        Parser {
            protocol,
            outcome: Outcome::default(),
        }
    }

    /// What the output said so far.
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    /// The messages in one line of output. A line that is not the expected JSON is kept as a
    /// `log` entry rather than lost (a CLI may print a warning before its events).
    pub fn line(&mut self, line: &str) -> Vec<Message> {
        let line = line.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() {
            return Vec::new();
        }
        if self.protocol == Protocol::PlainText {
            self.outcome.last_text = Some(match self.outcome.last_text.take() {
                Some(before) => format!("{before}\n{line}"),
                None => line.to_owned(),
            });
            return vec![Message::text("text", line)];
        }
        let Ok(event) = serde_json::from_str::<Value>(line) else {
            return vec![Message::text("log", line)];
        };
        match self.protocol {
            Protocol::ClaudeStream => self.claude(&event),
            Protocol::CodexJson => self.codex(&event),
            Protocol::PlainText => Vec::new(),
        }
    }

    fn claude(&mut self, event: &Value) -> Vec<Message> {
        if let Some(session) = event["session_id"].as_str().filter(|s| !s.is_empty()) {
            self.outcome.session_id = Some(session.to_owned());
        }
        match event["type"].as_str().unwrap_or("") {
            "system" => {
                let subtype = event["subtype"].as_str().unwrap_or("");
                if subtype == "init" {
                    let model = event["model"].as_str().unwrap_or("");
                    let mut status = format!("started {model}").trim_end().to_owned();
                    // The MCP servers the CLI took from the managed file, with their state:
                    // the run's page shows at once whether the agent's tools are there.
                    let servers: Vec<String> = event["mcp_servers"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|server| {
                            let name = server["name"].as_str()?;
                            let state = server["status"].as_str().unwrap_or("?");
                            Some(format!("{name} ({state})"))
                        })
                        .collect();
                    if !servers.is_empty() {
                        status.push_str(&format!("; MCP servers: {}", servers.join(", ")));
                    }
                    return vec![Message::text("status", status)];
                }
                Vec::new()
            }
            "assistant" | "user" => {
                let blocks = event["message"]["content"].as_array();
                blocks
                    .into_iter()
                    .flatten()
                    .filter_map(|block| self.claude_block(block))
                    .collect()
            }
            "result" => {
                let text = event["result"].as_str().map(str::to_owned);
                let failed = event["is_error"].as_bool().unwrap_or(false)
                    || event["subtype"]
                        .as_str()
                        .is_some_and(|s| s.starts_with("error"));
                if failed {
                    let why = text
                        .clone()
                        .or_else(|| event["subtype"].as_str().map(str::to_owned))
                        .unwrap_or_else(|| "the agent reported an error".to_owned());
                    self.outcome.error = Some(why.clone());
                    return vec![Message::text("error", why)];
                }
                self.outcome.result = text;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn claude_block(&mut self, block: &Value) -> Option<Message> {
        match block["type"].as_str()? {
            "text" => {
                let text = block["text"].as_str()?.to_owned();
                self.outcome.last_text = Some(text.clone());
                Some(Message::text("text", text))
            }
            "thinking" => Some(Message::text("thinking", block["thinking"].as_str()?)),
            "tool_use" => Some(Message {
                kind: "tool_use",
                tool: block["name"].as_str().map(str::to_owned),
                input: Some(block["input"].clone()),
                ..Message::default()
            }),
            "tool_result" => Some(Message {
                kind: "tool_result",
                output: Some(tool_output(&block["content"])),
                ..Message::default()
            }),
            _ => None,
        }
    }

    fn codex(&mut self, event: &Value) -> Vec<Message> {
        match event["type"].as_str().unwrap_or("") {
            "thread.started" => {
                if let Some(id) = event["thread_id"].as_str() {
                    self.outcome.session_id = Some(id.to_owned());
                }
                vec![Message::text("status", "started")]
            }
            "item.started" => match &event["item"]["type"] {
                Value::String(kind) if kind == "command_execution" => vec![Message {
                    kind: "tool_use",
                    tool: Some("shell".to_owned()),
                    input: Some(event["item"]["command"].clone()),
                    ..Message::default()
                }],
                _ => Vec::new(),
            },
            "item.completed" => self.codex_item(&event["item"]).into_iter().collect(),
            "turn.failed" => {
                let why = event["error"]["message"]
                    .as_str()
                    .unwrap_or("the turn failed")
                    .to_owned();
                self.outcome.error = Some(why.clone());
                vec![Message::text("error", why)]
            }
            "error" => {
                let why = event["message"].as_str().unwrap_or("error").to_owned();
                vec![Message::text("error", why)]
            }
            _ => Vec::new(),
        }
    }

    fn codex_item(&mut self, item: &Value) -> Option<Message> {
        match item["type"].as_str()? {
            "agent_message" => {
                let text = item["text"].as_str()?.to_owned();
                self.outcome.last_text = Some(text.clone());
                Some(Message::text("text", text))
            }
            "reasoning" => Some(Message::text("thinking", item["text"].as_str()?)),
            "command_execution" => Some(Message {
                kind: "tool_result",
                tool: Some("shell".to_owned()),
                output: Some(item["aggregated_output"].clone()),
                ..Message::default()
            }),
            "error" => Some(Message::text("error", item["message"].as_str()?)),
            other => Some(Message {
                kind: "tool_result",
                tool: Some(other.to_owned()),
                output: Some(item.clone()),
                ..Message::default()
            }),
        }
    }
}

/// A tool result's content: a string stays a string; a list of text blocks is joined.
fn tool_output(content: &Value) -> Value {
    match content {
        Value::Array(blocks) if blocks.iter().all(|b| b["type"] == "text") => Value::String(
            blocks
                .iter()
                .filter_map(|b| b["text"].as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        other => other.clone(),
    }
}

/// `value` with every string in it passed through `scrub`.
pub fn scrub_value(value: Value, scrub: &impl Fn(&str) -> String) -> Value {
    match value {
        Value::String(s) => Value::String(scrub(&s)),
        Value::Array(items) => {
            Value::Array(items.into_iter().map(|v| scrub_value(v, scrub)).collect())
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, scrub_value(v, scrub)))
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn feed(parser: &mut Parser, lines: &[Value]) -> Vec<Message> {
        lines
            .iter()
            .flat_map(|line| parser.line(&line.to_string()))
            .collect()
    }

    #[test]
    fn claude_stream_json_becomes_ordered_messages_and_a_result() {
        let mut parser = Parser::new(Protocol::ClaudeStream);
        let messages = feed(
            &mut parser,
            &[
                json!({"type":"system","subtype":"init","session_id":"s1","model":"opus",
                    "mcp_servers":[{"name":"fs","status":"pending"}]}),
                json!({"type":"assistant","session_id":"s1","message":{"content":[
                    {"type":"thinking","thinking":"hmm"},
                    {"type":"text","text":"Looking."},
                    {"type":"tool_use","id":"t1","name":"Bash","input":{"command":"ls"}}]}}),
                json!({"type":"user","message":{"content":[
                    {"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"a.txt"}]}]}}),
                json!({"type":"result","subtype":"success","is_error":false,"result":"Done.","session_id":"s1"}),
            ],
        );
        let kinds: Vec<_> = messages.iter().map(|m| m.kind).collect();
        assert_eq!(
            kinds,
            ["status", "thinking", "text", "tool_use", "tool_result"]
        );
        assert_eq!(
            messages[0].content.as_deref(),
            Some("started opus; MCP servers: fs (pending)")
        );
        assert_eq!(messages[3].tool.as_deref(), Some("Bash"));
        assert_eq!(messages[3].input, Some(json!({"command":"ls"})));
        assert_eq!(messages[4].output, Some(json!("a.txt")));
        let outcome = parser.outcome();
        assert_eq!(outcome.result.as_deref(), Some("Done."));
        assert_eq!(outcome.session_id.as_deref(), Some("s1"));
        assert_eq!(outcome.error, None);
    }

    #[test]
    fn a_claude_error_result_is_a_failure_and_stray_lines_are_logged() {
        let mut parser = Parser::new(Protocol::ClaudeStream);
        let mut messages = parser.line("warning: something");
        messages.extend(feed(
            &mut parser,
            &[json!({"type":"result","subtype":"error_max_turns","is_error":true})],
        ));
        assert_eq!(messages[0], Message::text("log", "warning: something"));
        assert_eq!(parser.outcome().error.as_deref(), Some("error_max_turns"));
    }

    #[test]
    fn codex_json_events_become_messages_with_the_last_answer() {
        let mut parser = Parser::new(Protocol::CodexJson);
        let messages = feed(
            &mut parser,
            &[
                json!({"type":"thread.started","thread_id":"th1"}),
                json!({"type":"item.completed","item":{"id":"0","type":"reasoning","text":"plan"}}),
                json!({"type":"item.started","item":{"id":"1","type":"command_execution","command":"ls"}}),
                json!({"type":"item.completed","item":{"id":"1","type":"command_execution","command":"ls","aggregated_output":"a\n","exit_code":0}}),
                json!({"type":"item.completed","item":{"id":"2","type":"agent_message","text":"All done."}}),
                json!({"type":"turn.completed","usage":{}}),
            ],
        );
        let kinds: Vec<_> = messages.iter().map(|m| m.kind).collect();
        assert_eq!(
            kinds,
            ["status", "thinking", "tool_use", "tool_result", "text"]
        );
        assert_eq!(parser.outcome().session_id.as_deref(), Some("th1"));
        assert_eq!(parser.outcome().last_text.as_deref(), Some("All done."));
    }

    #[test]
    fn plain_text_lines_are_text_messages_and_the_whole_is_the_answer() {
        let mut parser = Parser::new(Protocol::PlainText);
        assert_eq!(parser.line("one\n"), [Message::text("text", "one")]);
        assert!(parser.line("  ").is_empty());
        parser.line("two");
        assert_eq!(parser.outcome().last_text.as_deref(), Some("one\ntwo"));
    }

    #[test]
    fn scrubbing_reaches_strings_nested_in_json() {
        let scrubbed = scrub_value(
            json!({"a": ["x agd_0123456789", {"b": "agt_abcdefghij"}], "n": 1}),
            &|s: &str| agentry_core::work::redact_secrets(s),
        );
        assert_eq!(
            scrubbed,
            json!({"a": ["x [redacted]", {"b": "[redacted]"}], "n": 1})
        );
    }
}
