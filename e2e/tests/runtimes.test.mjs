// Runtimes and runtime profiles: the profile form parses the typed command live and explains
// what it refuses, names clash, a delete is refused while an agent is bound (with a link to
// it), a member sees profiles read-only with the reason, and a REAL daemon process (the
// `agentry` binary with a fake agent CLI on its PATH) makes its runtimes appear live on the
// runtimes page, a failed profile explains how to fix it, and stopping it turns them offline.
// The cast is set up through the REST API (fast); everything under test goes through the UI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, chmodSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { request } from 'playwright-core';
import { launch, person, open, shot, unique, BASE, ARTIFACTS, registered, api } from './helpers.mjs';

// The CLI binary (branch `cli`): `cargo build -p agentry-cli`.
const AGENTRY_BIN = process.env.AGENTRY_BIN ?? new URL('../../target/debug/agentry', import.meta.url).pathname;

let browser;
let cast;

/** Someone with their own browser context, signed up through the API. */
const member = (name) => registered(browser, name);

async function join(owner, workspace, who, role) {
  const invitation = await api(owner, 'POST', `/api/workspaces/${workspace.id}/invitations`, { email: who.email, role });
  await api(who, 'POST', `/api/invitations/${invitation.token}/accept`);
}

function noConsoleErrors(who) {
  // 409s and 400s under test are logged by the browser as failed requests.
  const errors = who.errors.filter((e) => !/favicon|status of (400|403|409)/.test(e));
  assert.deepEqual(errors, [], `no console errors for ${who.name}`);
}

before(async () => {
  browser = await launch();
  const olivia = await member('Olivia Owner');
  const mia = await member('Mia Member');
  const slug = unique('rt');
  const workspace = await api(olivia, 'POST', '/api/workspaces', { name: 'Runtime Works', slug });
  await join(olivia, workspace, mia, 'member');
  cast = { olivia, mia, slug, workspace };
});

after(async () => {
  for (const who of Object.values(cast ?? {})) {
    if (who?.context) await who.context.close();
  }
  await browser?.close();
});

test('the profile form shows the parsed command as you type, the splitter\'s refusals and the name rules', async () => {
  const { olivia, slug } = cast;
  const page = olivia.page;
  await open(page, `/w/${slug}/settings/runtime-profiles`);
  await page.getByText('No runtime profiles yet').waitFor();
  await page.getByRole('button', { name: 'New profile' }).click();
  const dialog = page.getByRole('dialog', { name: 'New profile' });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'profile-name', 'focus starts on the first field');

  const command = dialog.getByLabel('Command', { exact: true });
  await command.fill('claude --model "opus 4" --verbose');
  const preview = dialog.locator('.command-preview');
  await preview.getByText('opus 4', { exact: true }).waitFor();
  assert.deepEqual(await preview.locator('code').allInnerTexts(), ['claude', '--model', 'opus 4', '--verbose']);
  await dialog.getByLabel('Display name').fill('Claude work');
  await shot(page, 'runtimes-01-profile-preview');

  await command.fill('a | b');
  await dialog.getByText('| needs a shell').waitFor();
  assert.equal(await preview.locator('code').count(), 0, 'no preview for a line that cannot be split');
  assert.equal(await command.getAttribute('aria-invalid'), 'true');
  await shot(page, 'runtimes-02-profile-split-error');
  await command.fill('echo $HOME');
  await dialog.getByText('$ would need a shell to expand').waitFor();

  // A blank name is refused before anything is sent.
  await dialog.getByLabel('Display name').fill('  ');
  await dialog.getByLabel('Display name').blur();
  await dialog.locator('#profile-name-error').getByText('This field is required.').waitFor();
  await dialog.getByLabel('Display name').fill('Claude work');
  await command.fill('claude --model "opus 4"');
  await dialog.getByRole('button', { name: 'Create profile' }).click();
  const row = page.locator('.profile-item', { hasText: 'Claude work' });
  await row.waitFor();
  assert.match(await row.innerText(), /Claude Code/);
  assert.match(await row.innerText(), /claude --model 'opus 4'|claude --model "opus 4"/);

  // The same name again: the server's 409 shows under the name.
  await page.getByRole('button', { name: 'New profile' }).click();
  const again = page.getByRole('dialog', { name: 'New profile' });
  await again.getByLabel('Display name').fill('Claude work');
  await again.getByLabel('Command', { exact: true }).fill('claude');
  await again.getByRole('button', { name: 'Create profile' }).click();
  await again.locator('#profile-name-error').getByText('That name is already in use.').waitFor();
  await shot(page, 'runtimes-03-profile-duplicate-name');
  await again.getByRole('button', { name: 'Cancel' }).click();
  await again.waitFor({ state: 'detached' });

  // Editing keeps the family read-only (it is immutable) and can disable the profile.
  await page.getByRole('button', { name: 'Edit profile Claude work' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit profile' });
  assert.ok(await edit.getByLabel('Family').isDisabled(), 'the family cannot change');
  await edit.getByLabel('Enabled: daemons start this profile').uncheck();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await page.locator('.profile-item.is-disabled', { hasText: 'Claude work' }).waitFor();
  await page.getByRole('button', { name: 'Edit profile Claude work' }).click();
  await page.getByRole('dialog', { name: 'Edit profile' }).getByLabel('Enabled: daemons start this profile').check();
  await page.getByRole('dialog', { name: 'Edit profile' }).getByRole('button', { name: 'Save changes' }).click();
  await page.locator('.profile-item:not(.is-disabled)', { hasText: 'Claude work' }).waitFor();
  noConsoleErrors(olivia);
});

test('deleting a profile whose runtime still serves an agent is refused, naming the agent with a link', async () => {
  const { olivia, slug, workspace } = cast;
  const { runtime_profiles: profiles } = await api(olivia, 'GET', `/api/workspaces/${workspace.id}/runtime-profiles`);
  const profile = profiles.find((p) => p.display_name === 'Claude work');
  // A machine registers the profile (as a daemon would, with a personal access token) and an
  // agent is bound to that runtime.
  const pat = await api(olivia, 'POST', '/api/tokens', { name: 'e2e daemon' });
  const bearer = await request.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${pat.token}` } });
  const res = await bearer.post(`${BASE}/api/daemon/register`, {
    data: {
      workspace_id: workspace.id,
      daemon_id: unique('daemon'),
      device_name: 'build box',
      cli_version: '0.1.0',
      runtimes: [{ name: 'Claude work', type: 'claude', version: '2.0.0', status: 'online', profile_id: profile.id }],
      failed_profiles: [],
    },
  });
  assert.ok(res.ok(), `register: ${res.status()} ${await res.text()}`);
  const { runtimes } = await res.json();
  await bearer.dispose();
  const agent = await api(olivia, 'POST', '/api/agents', { name: 'Bound bot', permission_mode: 'private', runtime_id: runtimes[0].id }, { 'X-Workspace-ID': workspace.id });

  const page = olivia.page;
  await open(page, `/w/${slug}/settings/runtime-profiles`);
  await page.getByRole('button', { name: 'Delete profile Claude work' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this runtime profile?' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  const refusal = page.locator('.profile-item', { hasText: 'Claude work' }).getByRole('alert');
  await refusal.getByText('Agents are still bound to it').waitFor();
  const link = refusal.getByRole('link', { name: 'Bound bot' });
  assert.equal(await link.getAttribute('href'), `/w/${slug}/agents/${agent.id}`);
  await shot(page, 'runtimes-04-profile-delete-refused');

  // The agents list names the runtime; the runtimes page lists the agent on it.
  await open(page, `/w/${slug}/agents`);
  assert.match(await page.locator('tr', { hasText: 'Bound bot' }).innerText(), /Claude work/);
  await open(page, `/w/${slug}/runtimes`);
  const card = page.locator('.runtime-card', { hasText: 'build box' });
  await card.getByRole('link', { name: 'Bound bot' }).waitFor();
  await shot(page, 'runtimes-05-runtimes-page');

  // A live profile's runtime cannot be deleted on its own: the card says to delete the profile.
  await card.getByRole('button', { name: 'Delete runtime Claude work' }).click();
  await page.getByRole('dialog', { name: 'Delete this runtime?' }).getByRole('button', { name: 'Delete' }).click();
  const refused = card.getByRole('alert');
  await refused.getByText('This runtime belongs to a runtime profile').waitFor();
  assert.equal(await refused.getByRole('link', { name: 'Go to runtime profiles' }).getAttribute('href'), `/w/${slug}/settings/runtime-profiles`);
  await shot(page, 'runtimes-05b-runtime-delete-refused');
  noConsoleErrors(olivia);
});

test('a member sees the profiles read-only, with the reason', async () => {
  const { mia, slug } = cast;
  const page = mia.page;
  await open(page, `/w/${slug}/settings/runtime-profiles`);
  await page.locator('.profile-item', { hasText: 'Claude work' }).waitFor();
  await page.getByText('Only workspace owners and admins can do this.').waitFor();
  assert.ok(await page.getByRole('button', { name: 'New profile' }).isDisabled());
  assert.ok(await page.getByRole('button', { name: 'Edit profile Claude work' }).isDisabled());
  assert.ok(await page.getByRole('button', { name: 'Delete profile Claude work' }).isDisabled());
  await shot(page, 'runtimes-06-member-read-only');
  noConsoleErrors(mia);
});

test('a runtime registered by a real daemon appears live; a failed profile says how to fix it; stopping the daemon turns it offline', async (t) => {
  if (!existsSync(AGENTRY_BIN)) {
    t.skip(`no agentry binary at ${AGENTRY_BIN} (cargo build -p agentry-cli)`);
    return;
  }
  const { olivia } = cast;
  const slug = unique('daemon');
  const workspace = await api(olivia, 'POST', '/api/workspaces', { name: 'Daemon Works', slug });
  const ghost = await api(olivia, 'POST', `/api/workspaces/${workspace.id}/runtime-profiles`, {
    display_name: 'Ghost',
    protocol_family: 'claude',
    command_name: 'ghost-agent-not-installed',
  });
  const page = olivia.page;

  // A daemon token through the UI: shown once, with the exact command to paste.
  await open(page, `/w/${slug}/settings/daemon-tokens`);
  await page.getByLabel('Token name').fill('e2e box');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = await page.locator('#new-daemon-token').inputValue();
  assert.match(token, /^agd_[0-9a-f]{40}$/);
  const command = await page.locator('#daemon-command').inputValue();
  assert.equal(command, `agentry login --server ${BASE} --token ${token} && agentry daemon run --workspace ${workspace.id}`);
  await page.locator('.item', { hasText: 'e2e box' }).waitFor();
  await shot(page, 'runtimes-07-daemon-token-created');

  await open(page, `/w/${slug}/runtimes`);
  await page.getByText('No runtimes yet').waitFor();

  // A fake `claude` on an otherwise bare PATH, and a config folder of our own.
  const home = mkdtempSync(joinPath(tmpdir(), 'agentry-e2e-'));
  const bin = joinPath(home, 'bin');
  execFileSync('mkdir', ['-p', bin]);
  writeFileSync(joinPath(bin, 'claude'), '#!/bin/sh\necho "2.1.0 (Claude Code)"\n');
  chmodSync(joinPath(bin, 'claude'), 0o755);
  const env = {
    PATH: `${bin}:/usr/bin:/bin`,
    HOME: home,
    AGENTRY_CONFIG_DIR: joinPath(home, 'config'),
    AGENTRY_LOG: 'info',
  };
  execFileSync(AGENTRY_BIN, ['login', '--server', BASE, '--token', token], { env });
  const log = createWriteStream(`${ARTIFACTS}daemon.log`);
  const daemon = spawn(AGENTRY_BIN, ['daemon', 'run', '--workspace', workspace.id], { env });
  daemon.stdout.pipe(log);
  daemon.stderr.pipe(log);
  const exited = new Promise((resolve) => daemon.on('exit', resolve));
  try {
    // No reload: the event channel brings the runtimes in.
    const online = page.locator('.runtime-card', { has: page.locator('.status-online') });
    await online.first().waitFor({ timeout: 20000 });
    assert.match(await online.first().innerText(), /claude/i);
    // Its first heartbeat (15 s after registering) brings the daemon's load: no runs, its
    // default capacity.
    await page.locator('.runtime-card .runtime-load', { hasText: '0 running of 20' }).first().waitFor({ timeout: 30000 });
    const failed = page.locator('.runtime-card.is-failed');
    await failed.waitFor({ timeout: 20000 });
    const text = await failed.innerText();
    assert.match(text, /couldn't start on this machine/);
    assert.match(text, /install ghost-agent-not-installed/);
    assert.match(text, new RegExp(`agentry runtime profile set-path ${ghost.id} --path /abs/path`));
    await shot(page, 'runtimes-08-live-daemon');

    // The new agent dialog offers the live runtime (its owner is the token's member).
    await open(page, `/w/${slug}/agents`);
    await page.getByRole('button', { name: 'New agent' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Agent name').fill('Daemon bot');
    const picker = dialog.getByLabel('Runtime', { exact: true });
    const options = await picker.locator('option').allInnerTexts();
    assert.ok(options.some((o) => /claude/i.test(o) && /Online/.test(o)), `the picker offers the runtime: ${options}`);
    const value = await picker.locator('option', { hasText: 'Online' }).first().getAttribute('value');
    await picker.selectOption(value);
    await dialog.getByRole('button', { name: 'Create agent' }).click();
    const row = page.locator('tr', { hasText: 'Daemon bot' });
    await row.waitFor();
    assert.doesNotMatch(await row.innerText(), /No runtime yet/);
    // The agent's Overview shows the binding and offers to change it.
    await row.getByRole('link', { name: 'Daemon bot' }).click();
    await page.waitForURL(/\/agents\/[0-9a-f-]{36}$/);
    assert.equal(await page.getByLabel('Runtime', { exact: true }).inputValue(), value);
    await shot(page, 'runtimes-08b-agent-overview-runtime');
    await open(page, `/w/${slug}/runtimes`);
    await page.locator('.runtime-card', { has: page.getByRole('link', { name: 'Daemon bot' }) }).waitFor();
  } finally {
    daemon.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
    if (daemon.exitCode === null) daemon.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  }
  // Deregistration on SIGTERM marks its runtimes offline, live.
  await page.waitForFunction(() => document.querySelectorAll('.runtime-card .status-online').length === 0, null, { timeout: 15000 });
  await shot(page, 'runtimes-09-daemon-stopped');
  noConsoleErrors(olivia);
});

test('the runtimes and profiles pages fit a 360 px wide screen (in the dark theme)', async () => {
  const { olivia, slug } = cast;
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, colorScheme: 'dark', storageState: await olivia.context.storageState() });
  const page = await phone.newPage();
  for (const path of [`/w/${slug}/runtimes`, `/w/${slug}/settings/runtime-profiles`, `/w/${slug}/settings/daemon-tokens`]) {
    await open(page, path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(overflow, false, `no horizontal scrolling at 360 px on ${path}`);
  }
  await open(page, `/w/${slug}/runtimes`);
  await shot(page, 'runtimes-10-phone');
  await phone.close();
});
