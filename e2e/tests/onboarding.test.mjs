// The first-day journey: sign up, create a workspace, invite a teammate who accepts, make them
// admin, and check that a plain member sees member controls read-only (disabled, with reasons).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, person, open, hydrated, shot, unique, signUp, BASE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function invite(page, email, role) {
  await page.getByLabel('Invite email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption(role);
  await page.getByRole('button', { name: 'Create invitation' }).click();
  const link = page.getByLabel('Invitation link');
  await link.waitFor();
  const url = await link.inputValue();
  assert.match(url, /\/invite\/[0-9a-f]{64}$/);
  return url.replace(/^https?:\/\/[^/]+/, '');
}

async function acceptAsNewAccount(browser, invitePath, name, email) {
  const who = await person(browser);
  await signUp(who.page, { name, email });
  await who.page.waitForURL((u) => !u.pathname.startsWith('/signup'));
  await open(who.page, invitePath);
  await who.page.getByRole('button', { name: 'Accept invitation' }).click();
  await who.page.waitForURL(/\/w\/[a-z0-9-]+/);
  return who;
}

test('an owner invites two people, promotes one to admin, and a plain member sees member controls read-only', async () => {
  const slug = unique('acme');
  const ownerEmail = `${unique('owner')}@example.com`;
  const bobEmail = `${unique('bob')}@example.com`;
  const carolEmail = `${unique('carol')}@example.com`;

  // Sign up and create the workspace.
  const owner = await person(browser);
  await signUp(owner.page, { name: 'Olivia Owner', email: ownerEmail });
  await owner.page.waitForURL(BASE + '/');
  await hydrated(owner.page);
  await owner.page.getByLabel('Workspace name').fill('Acme Robotics');
  await owner.page.getByLabel('Slug').fill(slug);
  await shot(owner.page, '01-create-workspace');
  await owner.page.getByRole('button', { name: 'Create workspace' }).click();
  await owner.page.waitForURL(new RegExp(`/w/${slug}`));

  // Invite Bob, who signs up and accepts.
  await owner.page.getByRole('link', { name: 'Members' }).click();
  await owner.page.waitForURL(new RegExp(`/w/${slug}/settings/members`));
  const bobInvite = await invite(owner.page, bobEmail, 'member');
  await shot(owner.page, '02-invitation-created');
  const bob = await acceptAsNewAccount(browser, bobInvite, 'Bob Builder', bobEmail);
  await shot(bob.page, '03-bob-joined');

  // The owner makes Bob an admin.
  await open(owner.page, `/w/${slug}/settings/members`);
  const bobRow = owner.page.locator('tr', { hasText: bobEmail });
  await bobRow.waitFor();
  await owner.page.getByLabel(`Role for ${bobEmail}`).selectOption('admin');
  await owner.page.getByRole('status').filter({ hasText: /./ }).first().waitFor();
  await owner.page.reload();
  await hydrated(owner.page);
  assert.equal(await owner.page.getByLabel(`Role for ${bobEmail}`).inputValue(), 'admin');
  await shot(owner.page, '04-bob-is-admin');

  // Carol joins as a plain member and sees the controls read-only, with reasons.
  const carolInvite = await invite(owner.page, carolEmail, 'member');
  const carol = await acceptAsNewAccount(browser, carolInvite, 'Carol Member', carolEmail);
  await open(carol.page, `/w/${slug}/settings/members`);
  const ownerRole = carol.page.getByLabel(`Role for ${ownerEmail}`);
  await ownerRole.waitFor();
  assert.ok(await ownerRole.isDisabled(), 'a member cannot change roles');
  assert.ok(await carol.page.getByLabel(`Role for ${bobEmail}`).isDisabled());
  assert.ok(await carol.page.getByRole('button', { name: `Remove ${bobEmail}` }).isDisabled(), 'a member cannot remove people');
  // The role cell itself: its select shows the owner's role and its reason is the rule's denial
  // for a member (the row's text would always contain "owner", whatever the cell said).
  const ownerRoleCell = carol.page.locator('td', { has: ownerRole });
  assert.equal(await ownerRole.inputValue(), 'owner', 'the role cell shows the owner role');
  assert.equal((await ownerRoleCell.locator('.reason').innerText()).trim(),
    'Only workspace owners and admins can do this.', 'the role cell explains why the control is disabled');
  assert.equal(await carol.page.getByRole('button', { name: 'Create invitation' }).count() === 0
    || await carol.page.getByRole('button', { name: 'Create invitation' }).isDisabled(), true,
    'a member cannot invite');
  await shot(carol.page, '05-member-sees-read-only-controls');

  for (const who of [owner, bob, carol]) {
    assert.deepEqual(who.errors.filter((e) => !/favicon/.test(e)), [], 'no console errors');
    await who.context.close();
  }
});

test('the app works on a 360 px wide screen', async () => {
  const phone = await person(browser, { width: 360, height: 740 });
  await signUp(phone.page, { name: 'Pat Phone', email: `${unique('pat')}@example.com` });
  await phone.page.waitForURL(BASE + '/');
  await hydrated(phone.page);
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(overflow, false, 'no horizontal scrolling at 360 px');
  await shot(phone.page, '06-phone-width');
  await phone.context.close();
});

test('a signed-out visitor is sent to sign in', async () => {
  const visitor = await person(browser);
  await visitor.page.goto(BASE + '/account');
  await visitor.page.waitForURL(/\/login/);
  await hydrated(visitor.page);
  await visitor.page.getByRole('button', { name: 'Sign in' }).waitFor();
  await shot(visitor.page, '07-sign-in');
  await visitor.context.close();
});
