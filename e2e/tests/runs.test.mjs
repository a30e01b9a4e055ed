// Runs by a REAL daemon (issue 12): the `agentry` binary runs `agentry daemon run` with a fake
// claude on a private PATH (cli/tests/e2e/fake_claude.py, the one the CLI's end-to-end tests
// use). An issue assigned through the UI to an agent bound to that daemon's runtime is claimed
// and run: the transcript appears live on the issue page and the agent's comment (posted by
// the fake through `agentry issue comment add` with its task token) follows. Then a long run
// is cancelled from its task page: "Stopping…" until the daemon confirms the process group
// gone, then "Cancelled". The cast is set up through the REST API; everything under test goes
// through the UI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, readFileSync, chmodSync, rmSync, mkdirSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { launch, open, shot, unique, BASE, ARTIFACTS, registered, api } from './helpers.mjs';

const AGENTRY_BIN = process.env.AGENTRY_BIN ?? new URL('../../target/debug/agentry', import.meta.url).pathname;
const FAKE = new URL('../../cli/tests/e2e/fake_claude.py', import.meta.url).pathname;

let browser;
let cast;

const member = (name) => registered(browser, name);

async function eventually(what, probe, timeout = 20000) {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    assert.ok(Date.now() < until, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function noConsoleErrors(who) {
  const errors = who.errors.filter((e) => !/favicon|status of (400|403|409)/.test(e));
  assert.deepEqual(errors, [], `no console errors for ${who.name}`);
}

before(async () => {
  if (!existsSync(AGENTRY_BIN)) return;
  browser = await launch();
  const olivia = await member('Olivia Owner');
  const slug = unique('runs');
  const workspace = await api(olivia, 'POST', '/api/workspaces', { name: 'Run Works', slug });
  const ws = { 'X-Workspace-ID': workspace.id };
  const pat = await api(olivia, 'POST', '/api/tokens', { name: 'e2e daemon' });

  // The fake claude on an otherwise bare PATH, with its record folder; a config folder of
  // our own.
  const home = mkdtempSync(joinPath(tmpdir(), 'agentry-runs-'));
  const bin = joinPath(home, 'bin');
  const record = joinPath(bin, 'claude.record');
  mkdirSync(record, { recursive: true });
  const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)']).toString().trim();
  writeFileSync(joinPath(bin, 'claude'), `#!${python}\n${readFileSync(FAKE, 'utf8')}`);
  chmodSync(joinPath(bin, 'claude'), 0o755);
  const env = {
    PATH: `${bin}:/usr/bin:/bin`,
    HOME: home,
    AGENTRY_CONFIG_DIR: joinPath(home, 'config'),
    AGENTRY_LOG: 'info',
  };
  execFileSync(AGENTRY_BIN, ['login', '--server', BASE, '--token', pat.token], { env });
  const log = createWriteStream(`${ARTIFACTS}runs-daemon.log`);
  const daemon = spawn(AGENTRY_BIN, ['daemon', 'run', '--workspace', workspace.id], { env });
  daemon.stdout.pipe(log);
  daemon.stderr.pipe(log);
  const exited = new Promise((resolve) => daemon.on('exit', resolve));

  const runtime = await eventually('the daemon\'s claude runtime', async () => {
    const list = await api(olivia, 'GET', '/api/runtimes', undefined, ws);
    return list.find((r) => r.provider === 'claude' && r.status === 'online');
  });
  const agent = await api(olivia, 'POST', '/api/agents', { name: 'Fixer', runtime_id: runtime.id }, ws);
  // A first issue, unassigned, tells the workspace's issue prefix: the next one is number 2.
  const first = await api(olivia, 'POST', '/api/issues', { title: 'Warm-up', status: 'backlog' }, ws);
  const prefix = first.identifier.replace(/-\d+$/, '');
  cast = { olivia, slug, workspace, ws, agent, home, record, prefix, daemon, exited };
});

after(async () => {
  if (cast?.daemon) {
    cast.daemon.kill('SIGTERM');
    await Promise.race([cast.exited, new Promise((r) => setTimeout(r, 10000))]);
    if (cast.daemon.exitCode === null) cast.daemon.kill('SIGKILL');
  }
  if (cast?.home) rmSync(cast.home, { recursive: true, force: true });
  await cast?.olivia?.context.close();
  await browser?.close();
});

test('an issue assigned to an agent on a real daemon shows the live transcript and then the agent\'s comment', async (t) => {
  if (!cast) {
    t.skip(`no agentry binary at ${AGENTRY_BIN} (cargo build -p agentry-cli)`);
    return;
  }
  const { olivia, slug, record, prefix } = cast;
  const page = olivia.page;
  writeFileSync(joinPath(record, 'mode'), 'ok');
  writeFileSync(joinPath(record, 'issue'), `${prefix}-2`);

  await open(page, `/w/${slug}/issues`);
  await page.getByRole('button', { name: 'New issue' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New issue' });
  await dialog.getByLabel('Title').fill('Make the build green');
  await dialog.getByLabel('Assignee').selectOption({ label: 'Fixer' });
  await dialog.getByRole('button', { name: 'Create issue' }).click();
  await page.waitForURL(new RegExp(`/issues/${prefix}-2$`));

  // The daemon claims and runs it; its transcript arrives without a reload, the token it
  // printed masked.
  const run = page.locator('.run-panel');
  const transcript = run.getByRole('log', { name: 'Transcript' });
  await transcript.getByText('The log shows [redacted] here.').waitFor({ timeout: 30000 });
  await shot(page, 'runs-01-live-transcript');
  // The fake commented through `agentry issue comment add` with its task token: the comment
  // appears, authored by the agent, and the run completes.
  const comment = page.locator('.comment', { hasText: 'Fixed by the fake agent.' });
  await comment.waitFor({ timeout: 30000 });
  assert.match(await comment.innerText(), /Fixer/);
  await run.getByText('Completed').waitFor({ timeout: 20000 });
  await shot(page, 'runs-02-agent-comment');
  noConsoleErrors(olivia);
});

test('a long run cancelled from its task page stops and ends cancelled', async (t) => {
  if (!cast) {
    t.skip(`no agentry binary at ${AGENTRY_BIN} (cargo build -p agentry-cli)`);
    return;
  }
  const { olivia, slug, ws, agent, record } = cast;
  const page = olivia.page;
  writeFileSync(joinPath(record, 'mode'), 'hang');
  const issue = await api(olivia, 'POST', '/api/issues', {
    title: 'A long job',
    status: 'todo',
    assignee: { type: 'agent', id: agent.id },
  }, ws);

  // From the list (a direct load of /issues/KEY-N stays on "Loading…" here; see the report).
  await open(page, `/w/${slug}/issues`);
  await page.getByRole('link', { name: 'A long job' }).first().click();
  await page.waitForURL(new RegExp(`/issues/${issue.identifier}$`));
  const run = page.locator('.run-panel');
  await run.getByText('Running').waitFor({ timeout: 20000 });
  await run.getByRole('log', { name: 'Transcript' }).getByText('Working.').waitFor({ timeout: 20000 });
  await run.getByRole('link', { name: 'View run' }).click();
  await page.getByRole('heading', { level: 1, name: /Run · Fixer/ }).waitFor();
  await page.getByRole('button', { name: 'Cancel run' }).click();
  const confirm = page.getByRole('dialog', { name: 'Cancel this run?' });
  await confirm.getByRole('button', { name: 'Cancel run' }).click();
  // The server waits for the daemon's word; the daemon stops the group within seconds.
  await page.locator('.run-line', { hasText: 'Cancelled' }).waitFor({ timeout: 10000 });
  assert.equal(await page.locator('.run-stopping').count(), 0, 'no longer stopping once cancelled');
  assert.equal(await page.getByRole('button', { name: 'Cancel run' }).count(), 0, 'a finished run offers no cancel');
  await shot(page, 'runs-03-cancelled');
  noConsoleErrors(olivia);
});
