// Shared browser-test helpers: launch Debian's Chromium through playwright-core, wait for
// hydration, keep screenshots, and fail on console errors.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import assert from 'node:assert/strict';

export const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
export const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A fresh browser context (own cookies) with console errors collected. */
export async function person(browser, { width = 1280, height = 800, locale = 'en-US' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  return { context, page, errors };
}

/** Navigates and waits until the app has hydrated (clicks before that would do nothing). */
export async function open(page, path) {
  await page.goto(BASE + path);
  await hydrated(page);
}

export async function hydrated(page) {
  await page.waitForSelector('html[data-hydrated="true"]', { timeout: 15000 });
}

export async function shot(page, name) {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

export function unique(prefix) {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export async function signUp(page, { name, email, password = 'correct horse battery' }) {
  await open(page, '/signup');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** Someone with their own browser context in `browser`, signed up through the API: their page,
 * name, email, user id and CSRF token. */
export async function registered(browser, name) {
  const who = await person(browser);
  const email = `${unique(name.split(' ')[0].toLowerCase())}@example.com`;
  const res = await who.page.request.post(`${BASE}/api/auth/register`, {
    data: { name, email, password: 'correct horse battery' },
  });
  assert.ok(res.ok(), `register ${name}: ${res.status()}`);
  const body = await res.json();
  return { ...who, name, email, id: body.user.id, csrf: body.csrf_token };
}

/** Calls the API as `who` (their cookie, their CSRF token); fails the test on an error answer. */
export async function api(who, method, path, data, headers = {}) {
  const res = await who.page.request.fetch(BASE + path, {
    method,
    data,
    headers: { 'X-CSRF-Token': who.csrf, ...headers },
  });
  assert.ok(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`);
  return res.status() === 204 ? null : res.json();
}
