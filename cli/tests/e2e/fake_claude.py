# The fake claude (and codex) of the daemon's end-to-end tests: cli/tests/e2e/runs.rs and the
# browser test e2e/tests/runs.test.mjs run it as the agent CLI on a private PATH (with a
# "#!<python>" line put in front). It answers `--version`; otherwise it records what it got
# into `<argv0>.record/run-<n>.json` and acts as `<argv0>.record/mode` says: `ok` (transcript,
# a comment on the issue named in `<argv0>.record/issue`, default ACM-1, and a result),
# `quick`, `stream`, `gate` (waits for a `go` file) or `hang` (a child process of its own,
# then sleep).
import json, os, subprocess, sys, time
RECORD = sys.argv[0] + ".record"
NAME = os.path.basename(sys.argv[0])
if sys.argv[-1:] == ["--version"]:
    print("codex-cli 0.9" if NAME == "codex" else "2.1.0 (Claude Code)")
    sys.exit(0)
def read(path):
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8")
    except OSError:
        return None
mode = (read(os.path.join(RECORD, "mode")) or "ok").strip()
args = sys.argv[1:]
mcp = None
if "--mcp-config" in args:
    path = args[args.index("--mcp-config") + 1]
    mcp = {"path": path, "mode": os.stat(path).st_mode & 0o777, "text": read(path)}
files = {}
for root, dirs, names in os.walk("."):
    for name in names:
        p = os.path.join(root, name)[2:]
        files[p] = read(p)
record = {
    "argv": sys.argv, "env": dict(os.environ), "cwd": os.getcwd(), "mcp": mcp,
    "prompt": sys.stdin.read(), "files": files, "pid": os.getpid(), "pgid": os.getpgid(0),
}
def save():
    n = len([f for f in os.listdir(RECORD) if f.startswith("run-")])
    with open(os.path.join(RECORD, ".tmp"), "w") as f:
        json.dump(record, f)
    os.rename(os.path.join(RECORD, ".tmp"), os.path.join(RECORD, "run-%d.json" % n))
def emit(event):
    print(json.dumps(event), flush=True)
if NAME == "codex":
    home = record["env"].get("CODEX_HOME", "")
    record["codex_config"] = read(os.path.join(home, "config.toml"))
    save()
    emit({"type": "thread.started", "thread_id": "thread-7"})
    emit({"type": "item.completed", "item": {"id": "0", "type": "agent_message", "text": "Codex did it."}})
    emit({"type": "turn.completed", "usage": {}})
    sys.exit(0)
emit({"type": "system", "subtype": "init", "session_id": "sess-1", "model": "fake"})
if mode == "quick":
    record["started"] = time.time()
    save()
    emit({"type": "result", "subtype": "success", "is_error": False, "result": "ok"})
    sys.exit(0)
if mode == "stream":
    save()
    for i in range(500):
        emit({"type": "assistant", "message": {"content": [{"type": "text", "text": "line %d of the stream" % i}]}})
        time.sleep(0.02)
    emit({"type": "result", "subtype": "success", "is_error": False, "result": "streamed"})
    sys.exit(0)
if mode == "gate":
    save()
    emit({"type": "assistant", "message": {"content": [{"type": "text", "text": "Waiting."}]}})
    for _ in range(1200):
        if os.path.exists(os.path.join(RECORD, "go")):
            break
        time.sleep(0.05)
    emit({"type": "assistant", "message": {"content": [{"type": "text", "text": "Finished."}]}})
    emit({"type": "result", "subtype": "success", "is_error": False, "result": "All done.", "session_id": "sess-1"})
    sys.exit(0)
if mode == "hang":
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    record["child"] = child.pid
    save()
    emit({"type": "assistant", "message": {"content": [{"type": "text", "text": "Working."}]}})
    time.sleep(120)
    sys.exit(0)
emit({"type": "assistant", "session_id": "sess-1", "message": {"content": [
    {"type": "thinking", "thinking": "Reading the issue."},
    {"type": "text", "text": "The log shows agd_0123456789abcdef0123 here."},
    {"type": "tool_use", "id": "t1", "name": "Bash", "input": {"command": "agentry issue comment add"}}]}})
issue = (read(os.path.join(RECORD, "issue")) or "ACM-1").strip()
out = subprocess.run(["agentry", "issue", "comment", "add", issue, "--content", "Fixed by the fake agent."],
                     capture_output=True, text=True, stdin=subprocess.DEVNULL)
record["comment"] = {"code": out.returncode, "stdout": out.stdout, "stderr": out.stderr}
save()
emit({"type": "user", "message": {"content": [
    {"type": "tool_result", "tool_use_id": "t1", "content": [{"type": "text", "text": "comment added"}]}]}})
emit({"type": "result", "subtype": "success", "is_error": False, "result": "All done.", "session_id": "sess-1"})
