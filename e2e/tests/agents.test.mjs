// Agents and who may run them: an owner creates an agent shared with one person and one team,
// an admin sees the access read-only, the people it is shared with see it and others get the
// no-access page, and "Set access" on many changes only the caller's own agents.
// The cast is set up through the REST API (fast); everything under test goes through the UI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, person, open, hydrated, shot, unique, BASE, registered, api } from './helpers.mjs';

let browser;
let cast;

/** Someone with their own browser context, signed up through the API. */
const member = (name) => registered(browser, name);

async function join(owner, workspace, who, role) {
  const invitation = await api(owner, 'POST', `/api/workspaces/${workspace.id}/invitations`, { email: who.email, role });
  await api(who, 'POST', `/api/invitations/${invitation.token}/accept`);
}

function noConsoleErrors(who) {
  const errors = who.errors.filter((e) => !/favicon|status of 403/.test(e));
  assert.deepEqual(errors, [], `no console errors for ${who.name}`);
}

before(async () => {
  browser = await launch();
  const olivia = await member('Olivia Owner');
  const bob = await member('Bob Admin');
  const carol = await member('Carol Granted');
  const erin = await member('Erin Teammate');
  const dave = await member('Dave Outsider');
  const slug = unique('agents');
  const workspace = await api(olivia, 'POST', '/api/workspaces', { name: 'Agent Works', slug });
  await join(olivia, workspace, bob, 'admin');
  for (const who of [carol, erin, dave]) await join(olivia, workspace, who, 'member');
  const team = await api(olivia, 'POST', `/api/workspaces/${workspace.id}/teams`, { name: 'Reviewers' });
  await api(olivia, 'PUT', `/api/workspaces/${workspace.id}/teams/${team.id}/members`, { user_ids: [erin.id] });
  cast = { olivia, bob, carol, erin, dave, slug, workspace, team, agentPath: null };
});

after(async () => {
  for (const who of Object.values(cast ?? {})) {
    if (who?.context) await who.context.close();
  }
  await browser?.close();
});

test('the owner creates an agent shared with one person and one team, and it is still shared after a reload', async () => {
  const { olivia, slug } = cast;
  const page = olivia.page;
  await open(page, `/w/${slug}/agents`);
  await page.getByText('No agents yet').waitFor();
  await page.getByRole('button', { name: 'New agent' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Agent name').fill('Reviewer bot');
  await dialog.getByLabel('Description').fill('Reviews pull requests');
  await dialog.getByLabel('Instructions').fill('Be kind.\nBe precise.');
  assert.ok(await dialog.getByRole('radio', { name: 'Entire workspace' }).isChecked(), 'the workspace is the default');

  await dialog.getByRole('radio', { name: 'Specific people and teams' }).check();
  await dialog.getByRole('alert').filter({ hasText: 'Pick at least one person or team' }).waitFor();
  assert.ok(await dialog.getByRole('button', { name: 'Create agent' }).isDisabled(), 'nobody picked: cannot create');
  assert.equal(await dialog.getByRole('checkbox', { name: 'Olivia Owner' }).count(), 0, 'the owner is not on offer');

  const search = dialog.getByLabel('Search people and teams');
  await search.fill('carol');
  await dialog.getByRole('checkbox', { name: 'Carol Granted' }).check();
  await search.fill('review');
  await dialog.getByRole('checkbox', { name: 'Reviewers', exact: true }).check();
  await search.fill('');
  await shot(page, 'agents-01-create-dialog');
  await dialog.getByRole('button', { name: 'Create agent' }).click();

  const row = page.locator('tr', { hasText: 'Reviewer bot' });
  await row.waitFor();
  assert.match(await row.innerText(), /Specific people/);
  assert.match(await row.innerText(), /Olivia Owner/);
  await shot(page, 'agents-02-list');

  await row.getByRole('link', { name: 'Reviewer bot' }).click();
  await page.waitForURL(/\/agents\/[0-9a-f-]{36}$/);
  cast.agentPath = new URL(page.url()).pathname;
  await page.getByRole('tab', { name: 'Access' }).click();
  await page.getByRole('button', { name: 'Save access' }).waitFor();

  // After a reload the stored access shows again.
  await page.reload();
  await hydrated(page);
  await page.getByRole('tab', { name: 'Access' }).click();
  const panel = page.getByRole('tabpanel');
  assert.ok(await panel.getByRole('radio', { name: 'Specific people and teams' }).isChecked());
  assert.ok(await panel.getByRole('checkbox', { name: 'Carol Granted' }).isChecked());
  assert.ok(await panel.getByRole('checkbox', { name: 'Reviewers', exact: true }).isChecked());
  assert.ok(!(await panel.getByRole('checkbox', { name: 'Dave Outsider' }).isChecked()));
  assert.ok(await panel.getByRole('button', { name: 'Save access' }).isDisabled(), 'nothing to save yet');

  // Who can run it: the owner, Carol by name, Erin through the team; not Bob, not Dave.
  const who = page.locator('section', { has: page.getByRole('heading', { name: 'Who can run this?' }) });
  await who.getByText('Through the team Reviewers').waitFor();
  const names = await who.innerText();
  assert.match(names, /Olivia Owner/);
  assert.match(names, /Carol Granted/);
  assert.match(names, /Erin Teammate/);
  assert.doesNotMatch(names, /Dave Outsider|Bob Admin/);
  await shot(page, 'agents-03-owner-access-tab');

  // Leaving the tab with unsaved changes asks first; discarding drops them.
  await panel.getByRole('checkbox', { name: 'Dave Outsider' }).check();
  assert.ok(await panel.getByRole('button', { name: 'Save access' }).isEnabled());
  await page.getByRole('tab', { name: 'Overview' }).click();
  const confirm = page.getByRole('dialog', { name: 'Discard unsaved changes?' });
  await confirm.waitFor();
  await shot(page, 'agents-04-discard-guard');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await page.getByRole('tab', { name: 'Access' }).getAttribute('aria-selected'), 'true');
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByRole('dialog', { name: 'Discard unsaved changes?' }).getByRole('button', { name: 'Discard changes' }).click();
  assert.equal(await page.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected'), 'true');

  // The tabs follow the arrow keys.
  await page.getByRole('tab', { name: 'Overview' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('tab', { name: 'Access' }).getAttribute('aria-selected'), 'true');
  assert.ok(!(await page.getByRole('tabpanel').getByRole('checkbox', { name: 'Dave Outsider' }).isChecked()), 'the change was discarded');
  // End selects the last tab: Activity, or MCP Apps when the server has connected apps on.
  await page.keyboard.press('End');
  assert.equal(await page.getByRole('tab').last().getAttribute('aria-selected'), 'true');
  await page.getByRole('tab', { name: 'Activity' }).click();
  await page.getByRole('tabpanel').getByText('Olivia Owner created the agent').waitFor();
  await shot(page, 'agents-05-activity');
  noConsoleErrors(olivia);
});

test('an admin sees who can run it read-only, with a lock and no controls', async () => {
  const { bob } = cast;
  const page = bob.page;
  await open(page, cast.agentPath);
  await page.getByRole('tab', { name: 'Access' }).click();
  const locked = page.getByRole('region', { name: 'Only the agent owner can change who can run it' });
  await locked.waitFor();
  assert.equal(await locked.locator('[aria-label="Locked"]').count(), 1);
  assert.match(await locked.innerText(), /Carol Granted/);
  assert.match(await locked.innerText(), /Reviewers/);
  const panel = page.getByRole('tabpanel');
  const controls = await panel.locator('input, button, select, textarea, [role="radio"], [role="checkbox"]').count();
  assert.equal(controls, 0, 'no interactive controls in the read-only access panel');
  await panel.getByRole('heading', { name: 'Who can run this?' }).waitFor();
  await panel.getByText('Erin Teammate').waitFor();
  await shot(page, 'agents-06-admin-read-only');

  // Admins may still edit the other fields.
  await page.getByRole('tab', { name: 'Overview' }).click();
  assert.ok(await page.getByLabel('Agent name').isEditable());
  noConsoleErrors(bob);
});

test('people it is shared with see it; anyone else does not, and gets the no-access page by address', async () => {
  const { carol, erin, dave, slug } = cast;
  for (const who of [carol, erin]) {
    await open(who.page, `/w/${slug}/agents`);
    await who.page.locator('tr', { hasText: 'Reviewer bot' }).waitFor();
  }
  // A granted member reads the access but may not change it.
  await open(carol.page, `${cast.agentPath}?tab=access`);
  await carol.page.getByRole('region', { name: 'Only the agent owner can change who can run it' }).waitFor();
  assert.equal(await carol.page.getByRole('heading', { name: 'Who can run this?' }).count(), 0, 'members do not get the explainer');
  await shot(carol.page, 'agents-07-granted-member');

  await open(dave.page, `/w/${slug}/agents`);
  await dave.page.getByText('No agents yet').waitFor();
  assert.equal(await dave.page.locator('tr', { hasText: 'Reviewer bot' }).count(), 0);
  await open(dave.page, cast.agentPath);
  await dave.page.getByRole('heading', { name: "You don't have access to this agent" }).waitFor();
  assert.equal(await dave.page.getByRole('heading', { name: 'Page not found' }).count(), 0);
  await shot(dave.page, 'agents-08-no-access');
  for (const who of [carol, erin, dave]) noConsoleErrors(who);
});

test('"Set access" on many changes only the caller\'s own agents and counts the others as skipped', async () => {
  const { olivia, bob, slug, workspace } = cast;
  const ws = { 'X-Workspace-ID': workspace.id };
  await api(olivia, 'POST', '/api/agents', { name: 'Alpha', permission_mode: 'private' }, ws);
  await api(bob, 'POST', '/api/agents', { name: 'Bob helper', permission_mode: 'private' }, ws);

  const page = olivia.page;
  await open(page, `/w/${slug}/agents`);
  await page.locator('tr', { hasText: 'Bob helper' }).waitFor();
  await page.getByLabel('Access', { exact: true }).selectOption({ label: 'Only owner' });
  assert.equal(await page.locator('tbody tr').count(), 2, 'the filter keeps the two private agents');
  await page.getByLabel('Access', { exact: true }).selectOption({ label: 'All' });

  for (const name of ['Alpha', 'Reviewer bot', 'Bob helper']) {
    await page.getByLabel(`Select ${name}`).check();
  }
  await page.getByRole('button', { name: 'Set access' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('2 will change, 1 skipped (not yours)').waitFor();
  assert.ok(await dialog.getByRole('button', { name: 'Apply' }).isDisabled(), 'apply waits for a choice');
  await dialog.getByRole('radio', { name: 'Entire workspace' }).check();
  await shot(page, 'agents-09-bulk-dialog');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('status').getByText('Access set on 2 agents.').waitFor();

  const access = async (name) => page.locator('tr', { hasText: name }).locator('td').last().innerText();
  await page.waitForFunction(() => [...document.querySelectorAll('tr')].some((r) => /Alpha/.test(r.textContent) && /Workspace/.test(r.textContent)));
  assert.equal((await access('Alpha')).trim(), 'Workspace');
  assert.equal((await access('Reviewer bot')).trim(), 'Workspace');
  assert.equal((await access('Bob helper')).trim(), 'Only owner', "someone else's agent is skipped");
  await shot(page, 'agents-10-after-bulk');
  noConsoleErrors(olivia);
});

test('the agents pages fit a 360 px wide screen', async () => {
  const { olivia, slug } = cast;
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, storageState: await olivia.context.storageState() });
  const page = await phone.newPage();
  for (const path of [`/w/${slug}/agents`, `${cast.agentPath}?tab=access`]) {
    await open(page, path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(overflow, false, `no horizontal scrolling at 360 px on ${path}`);
  }
  await shot(page, 'agents-11-phone-access');
  await phone.close();
});
