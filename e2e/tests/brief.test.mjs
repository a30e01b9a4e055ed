// The agent's brief preview and quick-create (issue 11): the agent page's Brief tab shows, for
// each kind of run, the file the brief is written to, its hash (the API's) and its text, and
// the kind is switched by keyboard; at 360 px nothing scrolls sideways. On the issues page,
// "Quick create" hands an agent a prompt, says the run is queued and links to the run's page,
// where a daemon stand-in's claim shows the very hash the preview promised. The cast is set up
// through the REST API; everything under test goes through the UI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'playwright-core';
import { launch, person, open, shot, unique, BASE, registered, api } from './helpers.mjs';

let browser;
let cast;

/** Someone with their own browser context, signed up through the API. */
const member = (name) => registered(browser, name);

function noConsoleErrors(who) {
  const errors = who.errors.filter((e) => !/favicon|status of (400|403|409)/.test(e));
  assert.deepEqual(errors, [], `no console errors for ${who.name}`);
}

/** The API's previews of the agent's briefs, by kind. */
async function previews() {
  const { olivia, workspace, agent } = cast;
  const { briefs } = await api(olivia, 'GET', `/api/agents/${agent.id}/brief`, undefined, { 'X-Workspace-ID': workspace.id });
  return Object.fromEntries(briefs.map((b) => [b.kind, b]));
}

before(async () => {
  browser = await launch();
  const olivia = await member('Olivia Owner');
  await olivia.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  const slug = unique('brief');
  const workspace = await api(olivia, 'POST', '/api/workspaces', { name: 'Brief Works', slug });
  const pat = await api(olivia, 'POST', '/api/tokens', { name: 'e2e daemon' });
  const daemonId = unique('daemon');
  const client = await request.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${pat.token}` } });
  const daemon = {
    client,
    async post(path, data) {
      const res = await client.post(BASE + path, { data: data ?? {} });
      assert.ok(res.ok(), `POST ${path}: ${res.status()} ${await res.text()}`);
      return res.json();
    },
  };
  const registered = await daemon.post('/api/daemon/register', {
    workspace_id: workspace.id,
    daemon_id: daemonId,
    device_name: 'build box',
    cli_version: '0.1.0',
    runtimes: [{ name: 'Claude', type: 'claude', version: '2.0.0', status: 'online' }],
    failed_profiles: [],
  });
  const runtime = registered.runtimes[0];
  const agent = await api(olivia, 'POST', '/api/agents', {
    name: 'Scribe', runtime_id: runtime.id, instructions: 'Write crisp issues. Always add acceptance criteria.',
  }, { 'X-Workspace-ID': workspace.id });
  cast = { olivia, slug, workspace, daemon, daemonId, runtime, agent };
});

after(async () => {
  await cast?.daemon?.client.dispose();
  await cast?.olivia?.context.close();
  await browser?.close();
});

test('the Brief tab shows each kind’s file, hash and text, switched by keyboard, as the API builds them', async () => {
  const { olivia, slug, agent } = cast;
  const page = olivia.page;
  const api = await previews();

  await open(page, `/w/${slug}/agents/${agent.id}`);
  await page.getByRole('tab', { name: 'Brief' }).click();
  const kinds = page.getByRole('tablist', { name: 'Kind of run' });
  const issueTab = kinds.getByRole('tab', { name: 'Issue' });
  await issueTab.waitFor();
  assert.equal(await issueTab.getAttribute('aria-selected'), 'true');
  const hash = page.locator('[data-brief-hash]');
  assert.equal(await hash.innerText(), api.issue.hash);
  assert.equal(await page.locator('[data-brief-file]').innerText(), 'CLAUDE.md');
  const text = page.locator('pre.brief-text');
  assert.match(await text.innerText(), /Always add acceptance criteria\./);
  await shot(page, 'brief-01-issue');

  // By keyboard: the next kind, then the last.
  await issueTab.focus();
  await page.keyboard.press('ArrowRight');
  const autopilotTab = kinds.getByRole('tab', { name: 'Autopilot' });
  assert.equal(await autopilotTab.getAttribute('aria-selected'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Autopilot');
  await page.waitForFunction((want) => document.querySelector('[data-brief-hash]')?.textContent === want, api.autopilot.hash);
  await page.getByRole('note').filter({ hasText: 'Each autopilot adds its own title' }).waitFor();
  await page.keyboard.press('End');
  assert.equal(await kinds.getByRole('tab', { name: 'Chat' }).getAttribute('aria-selected'), 'true');
  await page.waitForFunction((want) => document.querySelector('[data-brief-hash]')?.textContent === want, api.chat.hash);
  assert.notEqual(api.chat.hash, api.issue.hash);
  await shot(page, 'brief-02-chat-by-keyboard');

  // Copy puts the exact text on the clipboard.
  await page.getByRole('button', { name: 'Copy brief' }).click();
  await page.getByText('Copied to the clipboard.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), api.chat.text);

  // 360 px: no sideways scroll, the text wraps inside its box.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.locator('pre.brief-text').waitFor();
  await shot(page, 'brief-03-360');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scroll at 360 px (${overflow}px)`);
  await page.setViewportSize({ width: 1280, height: 800 });
  noConsoleErrors(olivia);
});

test('quick create queues a run, links to its page, and the claim there shows the previewed hash', async () => {
  const { olivia, slug, daemon, daemonId, runtime } = cast;
  const page = olivia.page;
  const api = await previews();

  // At 360 px, the whole way.
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, `/w/${slug}/issues`);
  await page.getByRole('button', { name: 'Quick create' }).click();
  const dialog = page.getByRole('dialog', { name: 'Quick create' });
  await dialog.getByLabel('Agent', { exact: true }).selectOption({ label: 'Scribe' });
  await dialog.getByLabel('What is it about?').fill('The login page takes 8 s on a cold start.');
  await shot(page, 'brief-04-quick-create-360');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scroll at 360 px (${overflow}px)`);
  await dialog.getByRole('button', { name: 'Ask the agent' }).click();
  await dialog.getByRole('status').filter({ hasText: 'Run queued: Scribe will open the issue shortly.' }).waitFor();
  await shot(page, 'brief-05-quick-create-queued');
  await dialog.getByRole('link', { name: 'View run' }).click();

  await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { level: 1, name: /Run · Scribe/ }).waitFor();
  await page.getByText('Queued').first().waitFor();
  const taskId = page.url().split('/').pop();

  // A daemon stand-in claims it: the page shows the brief hash the preview promised.
  const { tasks } = await daemon.post('/api/daemon/tasks/claim', { daemon_id: daemonId, runtime_ids: [runtime.id], max_tasks: 1 });
  assert.equal(tasks.length, 1, 'one run to claim');
  assert.equal(tasks[0].id, taskId);
  assert.equal(tasks[0].kind, 'quick_create');
  await page.waitForFunction(
    (want) => [...document.querySelectorAll('.mono.break')].some((e) => e.textContent === want),
    api.quick_create.hash,
  );
  await shot(page, 'brief-06-task-page-hash');
  await page.setViewportSize({ width: 1280, height: 800 });
  noConsoleErrors(olivia);
});
