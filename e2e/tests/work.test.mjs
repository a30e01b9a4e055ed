// Work for agents (issue 11): a person creates an issue assigned to their agent and sees the
// run queued; a daemon stand-in (plain HTTP with a personal token, as a daemon would) claims
// it, starts it and streams transcript entries, which appear live on the issue page; the run
// posts its result comment with its own task token (`agk_…`) and completes, and the issue page
// shows both without a reload. The page works by keyboard and at 360 px without sideways
// scroll. The cast is set up through the REST API; everything under test goes through the UI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'playwright-core';
import { launch, person, open, shot, unique, BASE, registered, api } from './helpers.mjs';

let browser;
let cast;

/** Someone with their own browser context, signed up through the API. */
const member = (name) => registered(browser, name);

/** A daemon stand-in: a bearer client with a personal access token. */
async function machine(token) {
  const client = await request.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  return {
    client,
    async post(path, data) {
      const res = await client.post(BASE + path, { data: data ?? {} });
      assert.ok(res.ok(), `POST ${path}: ${res.status()} ${await res.text()}`);
      return res.json();
    },
  };
}

function noConsoleErrors(who) {
  const errors = who.errors.filter((e) => !/favicon|status of (400|403|409)/.test(e));
  assert.deepEqual(errors, [], `no console errors for ${who.name}`);
}

before(async () => {
  browser = await launch();
  const olivia = await member('Olivia Owner');
  const slug = unique('work');
  const workspace = await api(olivia, 'POST', '/api/workspaces', { name: 'Work Works', slug });
  const pat = await api(olivia, 'POST', '/api/tokens', { name: 'e2e daemon' });
  const daemonId = unique('daemon');
  const daemon = await machine(pat.token);
  const registered = await daemon.post('/api/daemon/register', {
    workspace_id: workspace.id,
    daemon_id: daemonId,
    device_name: 'build box',
    cli_version: '0.1.0',
    runtimes: [{ name: 'Claude', type: 'claude', version: '2.0.0', status: 'online' }],
    failed_profiles: [],
  });
  const runtime = registered.runtimes[0];
  const agent = await api(olivia, 'POST', '/api/agents', { name: 'Fixer', runtime_id: runtime.id }, { 'X-Workspace-ID': workspace.id });
  cast = { olivia, slug, workspace, daemon, daemonId, runtime, agent };
});

after(async () => {
  await cast?.daemon?.client.dispose();
  await cast?.olivia?.context.close();
  await browser?.close();
});

test('an issue assigned to an agent queues a run whose transcript and result comment appear live on the issue page', async () => {
  const { olivia, slug, workspace, daemon, daemonId, runtime } = cast;
  const page = olivia.page;

  // Create the issue through the dialog, assigned to the agent.
  await open(page, `/w/${slug}/issues`);
  await page.getByRole('link', { name: 'Issues' }).waitFor();
  await page.getByRole('button', { name: 'New issue' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New issue' });
  await dialog.getByLabel('Title').fill('Fix the login button');
  await dialog.getByLabel('Description').fill('It does nothing on Safari.\n<script>alert(1)</script>');
  await dialog.getByLabel('Assignee').selectOption({ label: 'Fixer' });
  await shot(page, 'work-01-create-issue');
  await dialog.getByRole('button', { name: 'Create issue' }).click();

  // The issue page: KEY-N in the heading, the description as text, the run queued.
  await page.waitForURL(/\/issues\/[A-Z0-9]+-1$/);
  await page.getByRole('heading', { level: 1, name: /Fix the login button/ }).waitFor();
  assert.equal(await page.locator('script', { hasText: 'alert(1)' }).count(), 0, 'the description is text, not HTML');
  const run = page.locator('.run-panel');
  await run.getByText('Queued').waitFor();
  await shot(page, 'work-02-run-queued');

  // The daemon stand-in claims the run, starts it and streams two transcript entries.
  const { tasks } = await daemon.post('/api/daemon/tasks/claim', { daemon_id: daemonId, runtime_ids: [runtime.id], max_tasks: 1 });
  assert.equal(tasks.length, 1, 'one run to claim');
  const task = tasks[0];
  assert.match(task.auth_token, /^agk_[0-9a-f]{40}$/);
  await daemon.post(`/api/daemon/tasks/${task.id}/start`);
  await run.getByText('Running').waitFor();
  await daemon.post(`/api/daemon/tasks/${task.id}/messages`, {
    messages: [
      { seq: 1, type: 'text', content: 'Reading the login form.' },
      { seq: 2, type: 'tool_use', tool: 'bash', input: { command: 'grep -n onClick src/login.tsx' } },
    ],
  });
  const transcript = run.getByRole('log', { name: 'Transcript' });
  await transcript.getByText('Reading the login form.').waitFor();
  await transcript.getByText('grep -n onClick').waitFor();
  await shot(page, 'work-03-transcript-live');

  // The run comments as the agent with its task token, then completes.
  const agentClient = await request.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${task.auth_token}` } });
  const res = await agentClient.post(`${BASE}/api/issues/${task.issue_id}/comments`, {
    data: { content: 'Fixed: the handler was never bound.', mentions: [] },
    headers: { 'X-Workspace-ID': workspace.id },
  });
  assert.equal(res.status(), 201, await res.text());
  await agentClient.dispose();
  await daemon.post(`/api/daemon/tasks/${task.id}/complete`, { output: 'Bound the handler.' });
  await run.getByText('Completed').waitFor();
  const comment = page.locator('.comment', { hasText: 'Fixed: the handler was never bound.' });
  await comment.waitFor();
  assert.match(await comment.innerText(), /Fixer/);
  await shot(page, 'work-04-result-comment');

  // The task page tells the story: status, brief hash and turn prompt.
  await run.getByRole('link', { name: 'View run' }).click();
  await page.getByRole('heading', { level: 1, name: /Run · Fixer/ }).waitFor();
  await page.getByText('Completed').first().waitFor();
  assert.match(await page.locator('.mono.break').innerText(), /^[0-9a-f]{64}$/);
  await shot(page, 'work-05-task-page');
  noConsoleErrors(olivia);
});

test('the issue page works at 360 px without sideways scroll and the mention list works by keyboard', async () => {
  const { olivia, slug } = cast;
  const page = olivia.page;
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, `/w/${slug}/issues`);
  await page.locator('.issue-link').first().click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  const box = page.getByLabel('Add a comment');
  await box.click();
  await page.keyboard.type('Thanks @Fi');
  const list = page.getByRole('listbox', { name: 'People and agents to mention' });
  await list.getByRole('option', { name: /Fixer/ }).waitFor();
  await page.keyboard.press('Enter');
  assert.equal(await box.inputValue(), 'Thanks @Fixer ');
  await shot(page, 'work-06-mention-360');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scroll at 360 px (${overflow}px)`);
  await page.setViewportSize({ width: 1280, height: 800 });
  noConsoleErrors(olivia);
});
