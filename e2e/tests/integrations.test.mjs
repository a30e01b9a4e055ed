// Settings → Integrations against the fake Composio that scripts/e2e.sh starts: a person
// connects Notion through the fake's consent page and comes back to a toast, a cleaned address
// and a Connected card; disconnects it with the confirm dialog (by keyboard) and gets Connect
// back; a denied consent and a failing connect each say so; the catalog's failure shows its
// error state with a retry; and the page holds at 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, person, open, hydrated, shot, unique, BASE } from './helpers.mjs';

const FAKE = process.env.FAKE_COMPOSIO_URL;
let browser;
let ann;

/** Steers the fake through its /_fake controls. */
async function fake(method, path, data) {
  const res = await fetch(FAKE + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: data === undefined ? undefined : JSON.stringify(data),
  });
  assert.ok(res.ok, `${method} ${path}: ${res.status}`);
}

function card(page, name) {
  return page.locator('.app-card', { has: page.getByRole('heading', { name, exact: true }) });
}

async function integrations(page) {
  await open(page, `/w/${ann.slug}/settings/integrations`);
}

/** Console errors of our own pages (the fake's consent page has no favicon, say). */
function ownErrors(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.location().url.startsWith(FAKE)) errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  return errors;
}

function noConsoleErrors(errors) {
  // The faulted requests are logged by the browser as failed loads; nothing else may be.
  const left = errors.filter((e) => !/favicon|status of 50[23]/.test(e));
  assert.deepEqual(left, [], 'no console errors');
}

before(async () => {
  assert.ok(FAKE, 'FAKE_COMPOSIO_URL is set (run through scripts/e2e.sh)');
  browser = await launch();
  const who = await person(browser);
  const email = `${unique('ann')}@example.com`;
  const res = await who.page.request.post(`${BASE}/api/auth/register`, {
    data: { name: 'Ann Apps', email, password: 'correct horse battery' },
  });
  assert.ok(res.ok(), `register: ${res.status()}`);
  const csrf = (await res.json()).csrf_token;
  const slug = unique('apps');
  const ws = await who.page.request.post(`${BASE}/api/workspaces`, {
    data: { name: 'App Works', slug },
    headers: { 'X-CSRF-Token': csrf },
  });
  assert.ok(ws.ok(), `workspace: ${ws.status()}`);
  ann = { ...who, slug, own: ownErrors(who.page) };
});

after(async () => {
  await ann?.context.close();
  await browser?.close();
});

test('when Composio cannot list its apps the section says so and a retry brings the catalog', async (t) => {
  const { page } = ann;
  // The server keeps the catalog for five minutes: once an earlier test file loaded it, no
  // failure of the fake can show here.
  const calls = await (await fetch(`${FAKE}/_fake/calls`)).json();
  if ((calls.toolkits ?? 0) > 0) {
    t.skip('the server already holds the catalog (an earlier test file loaded it)');
    return;
  }
  await fake('POST', '/_fake/faults', { operation: 'toolkits', kind: 'status:500' });
  try {
    await integrations(page);
    await page.getByRole('link', { name: 'Integrations' }).waitFor();
    const alert = page.getByRole('alert');
    await alert.getByText("Couldn't load the apps you can connect.").waitFor();
    await shot(page, 'integrations-load-failed');
  } finally {
    await fake('DELETE', '/_fake/faults');
  }
  await page.getByRole('button', { name: 'Try again' }).click();
  await card(page, 'Notion').waitFor();
  assert.equal(await page.getByRole('alert').count(), 0);
});

test('connecting Notion through the consent page comes back to a toast, a clean address and a Connected card', async () => {
  const { page } = ann;
  await integrations(page);
  const search = page.getByLabel('Search apps');
  await search.fill('  NOT ');
  await card(page, 'Notion').waitFor();
  assert.equal(await page.locator('.app-card').count(), 1, 'the search narrows the catalog');
  await search.fill('');
  const notion = card(page, 'Notion');
  const logo = notion.locator('.app-logo img');
  await logo.waitFor();
  // The fake serves logos from its own plain-http origin: the page's policy lets them load.
  assert.ok(await logo.evaluate((img) => img.complete && img.naturalWidth > 0), 'the logo loaded');

  await notion.getByRole('button', { name: 'Connect' }).click();
  await page.waitForURL((url) => url.href.startsWith(FAKE));
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL((url) => url.pathname === `/w/${ann.slug}/settings/integrations`);
  await hydrated(page);
  await page.getByRole('status').getByText('Notion connected.').waitFor();
  await page.waitForURL((url) => !url.search.includes('connected='));
  const connected = card(page, 'Notion');
  await connected.getByText('Connected', { exact: true }).waitFor();
  await connected.getByText('Never used').waitFor();
  await shot(page, 'integrations-connected');

  // A reload says nothing again: the address no longer carries the callback.
  await page.reload();
  await hydrated(page);
  await card(page, 'Notion').getByText('Connected', { exact: true }).waitFor();
  assert.equal(await page.getByRole('status').getByText('Notion connected.').count(), 0);
});

test('disconnecting asks first, by keyboard, and leaves Connect focused', async () => {
  const { page } = ann;
  await integrations(page);
  const notion = card(page, 'Notion');
  const disconnect = notion.getByRole('button', { name: 'Disconnect Notion' });
  await disconnect.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Disconnect this app?').waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await notion.getByText('Connected', { exact: true }).waitFor();

  await disconnect.click();
  await shot(page, 'integrations-disconnect-confirm');
  await dialog.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByRole('status').getByText('Notion disconnected.').waitFor();
  const connect = notion.getByRole('button', { name: 'Connect' });
  await connect.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'app-action-notion');
  await shot(page, 'integrations-disconnected');
});

test('a denied consent and a connect Composio refuses each end in an error toast', async () => {
  const { page } = ann;
  await integrations(page);
  await card(page, 'Notion').getByRole('button', { name: 'Connect' }).click();
  await page.waitForURL((url) => url.href.startsWith(FAKE));
  await page.getByRole('button', { name: 'Deny' }).click();
  await page.waitForURL((url) => url.pathname === `/w/${ann.slug}/settings/integrations`);
  await hydrated(page);
  await page.getByRole('status').getByText("The app wasn't connected. Try again.").waitFor();
  await page.waitForURL((url) => !url.search.includes('error='));
  await card(page, 'Notion').getByRole('button', { name: 'Connect' }).waitFor();

  await fake('POST', '/_fake/faults', { operation: 'link', kind: 'status:503', once: true });
  const github = card(page, 'GitHub');
  await github.getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('status').getByText("Composio can't be reached right now.", { exact: false }).waitFor();
  assert.ok(await github.getByRole('button', { name: 'Connect' }).isEnabled(), 'Connect works again');
  assert.equal(new URL(page.url()).pathname, `/w/${ann.slug}/settings/integrations`);
  noConsoleErrors(ann.own);
});

test('at 360 px the cards stack and nothing scrolls sideways', async () => {
  const narrow = await person(browser, { width: 360, height: 740 });
  try {
    await narrow.context.addCookies(await ann.context.cookies());
    await open(narrow.page, `/w/${ann.slug}/settings/integrations`);
    await card(narrow.page, 'Notion').waitFor();
    const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px`);
    await shot(narrow.page, 'integrations-360');
    noConsoleErrors(narrow.errors);
  } finally {
    await narrow.context.close();
  }
});
