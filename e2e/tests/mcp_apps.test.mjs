// An agent's connected apps (issue 10): the owner connects an app in Settings → Integrations
// (against the fake Composio the harness runs), allows it on the agent's MCP Apps tab and finds
// it still allowed after a reload; a workspace admin sees neither the tab nor the allowlist; a
// member who may run the shared agent is told whose apps its runs use.
// Needs the server started with COMPOSIO_API_KEY and COMPOSIO_BASE_URL pointing at the fake.
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

before(async () => {
  browser = await launch();
  const olivia = await member('Olivia Owner');
  const bob = await member('Bob Admin');
  const carol = await member('Carol Runner');
  const slug = unique('apps');
  const workspace = await api(olivia, 'POST', '/api/workspaces', { name: 'App Works', slug });
  await join(olivia, workspace, bob, 'admin');
  await join(olivia, workspace, carol, 'member');
  const headers = { 'X-Workspace-ID': workspace.id };
  const agent = await api(olivia, 'POST', '/api/agents', {
    name: 'Mailer',
    permission_mode: 'public_to',
    invocation_targets: [{ target_type: 'workspace' }],
  }, headers);
  cast = { olivia, bob, carol, slug, workspace, agentPath: `/w/${slug}/agents/${agent.id}` };
});

after(async () => {
  for (const who of Object.values(cast ?? {})) {
    if (who?.context) await who.context.close();
  }
  await browser?.close();
});

test('the owner connects GitHub, allows it on the MCP Apps tab, and it is still allowed after a reload', async () => {
  const { olivia, slug, agentPath } = cast;
  const page = olivia.page;
  await open(page, `/w/${slug}/settings/integrations`);
  await hydrated(page);
  await page
    .locator('.app-card', { has: page.getByRole('heading', { name: 'GitHub', exact: true }) })
    .getByRole('button', { name: 'Connect' })
    .click();
  // The fake Composio's consent page, then back to Settings → Integrations.
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL(/\/settings\/integrations/);
  await page.getByText('Connected').first().waitFor();

  await open(page, agentPath);
  await hydrated(page);
  await page.getByRole('tab', { name: 'MCP Apps' }).click();
  const box = page.getByRole('checkbox', { name: 'Allow GitHub for this agent' });
  await box.waitFor();
  assert.equal(await box.isChecked(), false);
  await page.getByRole('alert').filter({ hasText: 'Anyone in this workspace may run this agent' }).waitFor();
  await box.check();
  await page.getByText('Saving…').waitFor({ state: 'detached' });
  await shot(page, 'mcp-apps-owner');

  await page.reload();
  await hydrated(page);
  await page.getByRole('tab', { name: 'MCP Apps' }).click();
  const again = page.getByRole('checkbox', { name: 'Allow GitHub for this agent' });
  await again.waitFor();
  assert.equal(await again.isChecked(), true, 'still allowed after a reload');
});

test('a workspace admin sees neither the MCP Apps tab nor the allowlist', async () => {
  const { bob, workspace, agentPath } = cast;
  const page = bob.page;
  await open(page, agentPath);
  await hydrated(page);
  await page.getByRole('tab', { name: 'Access' }).waitFor();
  assert.equal(await page.getByRole('tab', { name: 'MCP Apps' }).count(), 0);
  const id = agentPath.split('/').pop();
  const agent = await api(bob, 'GET', `/api/agents/${id}`, undefined, { 'X-Workspace-ID': workspace.id });
  assert.equal(agent.composio_toolkit_allowlist, undefined);
  assert.equal(agent.composio_toolkit_allowlist_redacted, true);
  await shot(page, 'mcp-apps-admin');
});

test('a member who may run the shared agent is told whose apps its runs use', async () => {
  const { carol, agentPath } = cast;
  const page = carol.page;
  await open(page, agentPath);
  await hydrated(page);
  await page.getByRole('note').filter({ hasText: "Runs of this agent use Olivia Owner's GitHub." }).waitFor();
  assert.equal(await page.getByRole('tab', { name: 'MCP Apps' }).count(), 0);
  await shot(page, 'mcp-apps-act-as');
});
