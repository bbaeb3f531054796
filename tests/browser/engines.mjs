// The three browser engines the page is tested in, behind one small Page interface, so a test
// can loop over ENGINES and run the same checks in each:
//
//   chromium  Debian's `chromium`, driven by playwright-core (Chrome DevTools Protocol).
//   firefox   Debian's `firefox-esr`, driven by puppeteer-core over WebDriver BiDi (no geckodriver).
//   webkit    WebKitGTK's MiniBrowser (Debian `webkit2gtk-driver`), driven by selenium-webdriver
//             through WebKitWebDriver, on a private Xvfb display: this MiniBrowser has no
//             headless mode. H.264 needs GStreamer's decoders (gstreamer1.0-libav) and parser
//             (gstreamer1.0-plugins-bad).
//
//   const browser = await openBrowser('firefox');
//   const page = await browser.newPage();         // 1280x720, or newPage({ width, height })
//   await page.goto(url);
//   await page.evaluate((x) => x + 1, 41);         // fn is sent as source text: no closures
//   await page.waitFor(() => document.title, null, { timeout: 5000 });
//   page.consoleErrors;                            // console.error and uncaught errors, as text
//   await browser.close();                         // stops every process it started, by PID
//
// Each engine's own handle stays reachable as page.raw / browser.raw for what only it can do
// (e.g. Chromium's CDP for memory figures); tests that use it are tied to that engine.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_LAUNCH, importPackage } from './harness.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

const VIEWPORT = { width: 1280, height: 720 };

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';
const XVFB = process.env.XVFB || '/usr/bin/Xvfb';

// WebKitGTK's MiniBrowser lives in a versioned directory (webkit2gtk-4.0, -4.1, webkitgtk-6.0).
function miniBrowser() {
  if (process.env.MINIBROWSER) return process.env.MINIBROWSER;
  for (const lib of ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib']) {
    let dirs = [];
    try {
      dirs = readdirSync(lib).filter((d) => /^webkit(2)?gtk-[\d.]+$/.test(d)).sort().reverse();
    } catch {
      continue;
    }
    for (const dir of dirs) {
      const path = join(lib, dir, 'MiniBrowser');
      if (existsSync(path)) return path;
    }
  }
  return null;
}

async function hasPackage(name) {
  try {
    await importPackage(name);
    return null;
  } catch (error) {
    return error.message;
  }
}

// null when the engine can be opened here, else what to install (one line per missing piece).
export async function unavailable(engine) {
  const missing = [];
  const need = (ok, what) => {
    if (!ok) missing.push(what);
  };
  switch (engine) {
    case 'chromium':
      need(existsSync(CHROMIUM), `${CHROMIUM}: apt-get install chromium (scripts/setup.sh --test), or set CHROMIUM`);
      missing.push(await hasPackage('playwright-core'));
      break;
    case 'firefox':
      need(existsSync(FIREFOX), `${FIREFOX}: apt-get install firefox-esr (scripts/setup.sh --test), or set FIREFOX`);
      missing.push(await hasPackage('puppeteer-core'));
      break;
    case 'webkit':
      need(existsSync(WEBKIT_DRIVER), `${WEBKIT_DRIVER}: apt-get install webkit2gtk-driver (scripts/setup.sh --test), or set WEBKIT_DRIVER`);
      need(miniBrowser(), 'WebKitGTK MiniBrowser: apt-get install webkit2gtk-driver (it brings libwebkit2gtk), or set MINIBROWSER');
      need(existsSync(XVFB), `${XVFB}: apt-get install xvfb (scripts/setup.sh --test), or set XVFB`);
      missing.push(await hasPackage('selenium-webdriver'));
      break;
    default:
      return `unknown engine "${engine}" (one of ${ENGINES.join(', ')})`;
  }
  const lines = missing.filter(Boolean);
  return lines.length ? `${engine} cannot run here; missing:\n  ${lines.join('\n  ')}` : null;
}

export async function openBrowser(engine) {
  const why = await unavailable(engine);
  if (why) throw new Error(why);
  if (engine === 'chromium') return openChromium();
  if (engine === 'firefox') return openFirefox();
  return openWebKit();
}

// -- shared by all engines --

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Polls fn in the page every 100 ms until it returns something truthy; resolves to that value.
async function pollFor(page, fn, arg, { timeout = 10_000 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await page.evaluate(fn, arg);
      if (last) return last;
    } catch (error) {
      // A navigation in progress destroys the context the script ran in: try again.
      last = `threw: ${error.message}`;
    }
    if (Date.now() > deadline) {
      throw new Error(`waitFor timed out after ${timeout} ms: ${String(fn).slice(0, 200)} (last: ${JSON.stringify(last)})`);
    }
    await sleep(100);
  }
}

// "Failed to load resource: 404" says nothing without the resource's address.
const withSource = (text, url) => (url && !text.includes(url) ? `${text} (${url})` : text);

// Error events that are not exceptions (the engine's own reports, e.g. "ResizeObserver loop
// completed with undelivered notifications") reach neither CDP's nor BiDi's console and
// pageerror events, though WebKit's console shows them; a script run before the page's own
// keeps them for engineEventErrors to collect, so every engine reports the same things.
const RECORD_ERROR_EVENTS = () => {
  window.__engineEventErrors = [];
  addEventListener('error', (e) => {
    if (!e.error) window.__engineEventErrors.push(`error event: ${e.message}`);
  });
};

// Copies error events the page recorded since the last look into `into`.
function engineEventErrors(raw, into) {
  let seen = 0;
  return async () => {
    const errors = await raw.evaluate(() => window.__engineEventErrors || []).catch(() => null);
    if (!errors) return;
    if (errors.length < seen) seen = 0; // a new document started its own list
    into.push(...errors.slice(seen));
    seen = errors.length;
  };
}

const messageOf = (error) => (error?.stack ? `${error.message}` : String(error));

// A Playwright or puppeteer page as a Page: their page APIs agree on all this uses. The page
// joins `pages`, which its browser's close() closes.
function wrapPage(raw, pages) {
  const consoleErrors = [];
  const collect = engineEventErrors(raw, consoleErrors);
  raw.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(withSource(m.text(), m.location()?.url));
  });
  raw.on('pageerror', (e) => consoleErrors.push(`uncaught: ${messageOf(e)}`));
  const page = {
    raw,
    consoleErrors,
    goto: async (url) => {
      await collect();
      await raw.goto(url);
    },
    evaluate: async (fn, arg) => {
      try {
        return await raw.evaluate(fn, arg);
      } finally {
        await collect();
      }
    },
    waitFor: (fn, arg, options) => pollFor(page, fn, arg, options),
    screenshot: async (path) => {
      await raw.screenshot({ path });
    },
    press: (key) => raw.keyboard.press(key),
    click: (selector) => raw.click(selector),
    close: async () => {
      pages.delete(page);
      await collect();
      await raw.close().catch(() => {});
    },
  };
  pages.add(page);
  return page;
}

// -- chromium: playwright-core --

async function openChromium() {
  const { chromium } = await importPackage('playwright-core');
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const pages = new Set();
  return {
    engine: 'chromium',
    raw: browser,
    async newPage(viewport = VIEWPORT) {
      const raw = await browser.newPage({ viewport });
      await raw.addInitScript(RECORD_ERROR_EVENTS);
      return wrapPage(raw, pages);
    },
    async close() {
      for (const page of [...pages]) await page.close();
      await browser.close().catch(() => {});
    },
  };
}

// -- firefox: puppeteer-core over WebDriver BiDi --

async function openFirefox() {
  const puppeteer = (await importPackage('puppeteer-core')).default;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    // Play without a click, as the wall must when it is opened and left alone.
    extraPrefsFirefox: {
      'media.autoplay.default': 0,
      'media.autoplay.blocking_policy': 0,
      'media.autoplay.block-webaudio': false,
      'media.block-autoplay-until-in-foreground': false,
      'browser.shell.checkDefaultBrowser': false,
    },
  });
  const pid = browser.process()?.pid;
  const pages = new Set();
  return {
    engine: 'firefox',
    raw: browser,
    pid,
    async newPage(viewport = VIEWPORT) {
      const raw = await browser.newPage();
      await raw.setViewport(viewport);
      await raw.evaluateOnNewDocument(RECORD_ERROR_EVENTS);
      return wrapPage(raw, pages);
    },
    async close() {
      for (const page of [...pages]) await page.close();
      await browser.close().catch(() => {});
      // close() normally ends Firefox; if it did not, end it by its PID, children too.
      const child = browser.process();
      if (child && child.exitCode === null && child.signalCode === null) await killTree(child.pid);
    },
  };
}

// -- webkit: WebKitWebDriver + selenium-webdriver, on a private Xvfb display --

// Each page is its own WebDriver session (WebKitWebDriver drives one session at a time, and
// classic WebDriver talks to one window at a time): its own driver process on a free port,
// its own MiniBrowser. They share one X display and one temporary home.
async function openWebKit() {
  const selenium = await importPackage('selenium-webdriver');
  const home = mkdtempSync(join(tmpdir(), 'camstream-webkit-'));
  const xvfb = await startXvfb();
  const env = {
    ...process.env,
    DISPLAY: `:${xvfb.display}`,
    HOME: home,
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    // No accessibility bus or D-Bus session to look for under a bare Xvfb.
    NO_AT_BRIDGE: '1',
  };
  const binary = miniBrowser();
  const pages = new Set();
  return {
    engine: 'webkit',
    raw: { selenium, display: xvfb.display },
    async newPage(viewport = VIEWPORT) {
      const page = await openWebKitPage(selenium, binary, env, viewport);
      const close = page.close;
      page.close = async () => {
        pages.delete(page);
        await close();
      };
      pages.add(page);
      return page;
    },
    async close() {
      for (const page of [...pages]) await page.close();
      await killTree(xvfb.child.pid);
      // WebKit's helper processes may still be writing their caches as they go: retry, and
      // never let a leftover temporary directory turn a test's result into an error.
      try {
        rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      } catch (error) {
        console.warn(`webkit: could not remove ${home}: ${error.message}`);
      }
    },
  };
}

// Xvfb picks a free display number itself and writes it to the file descriptor we give it.
async function startXvfb() {
  const child = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '2048x1280x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  started.add(child.pid);
  child.once('exit', () => started.delete(child.pid));
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const display = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb gave no display within 10 s: ${stderr}`)), 10_000);
    child.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}): ${stderr}`));
    });
  });
  return { child, display };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Errors a page reports, kept in the page itself: classic WebDriver has no console events, and
// this MiniBrowser's console-to-stdout setting does not reach the window automation opens.
// Installed right after each navigation, so an error thrown while the page's own scripts first
// run is missed; everything after (stream errors, failed appends, rejections) is caught.
const INSTALL_ERROR_HOOK = `
  if (!window.__engineErrors) {
    const errors = (window.__engineErrors = []);
    const text = (v) => (v instanceof Error ? v.message : typeof v === 'string' ? v : JSON.stringify(v));
    const original = console.error.bind(console);
    console.error = (...args) => {
      errors.push(args.map(text).join(' '));
      original(...args);
    };
    // An error event without an error object is the engine's own report (e.g. a ResizeObserver
    // loop), not a throw: say which, so nobody hunts for a throw that never happened.
    addEventListener('error', (e) => errors.push(e.error ? 'uncaught: ' + text(e.error) : 'error event: ' + e.message));
    addEventListener('unhandledrejection', (e) => errors.push('uncaught (in promise): ' + text(e.reason)));
  }`;

async function openWebKitPage(selenium, binary, env, viewport) {
  const port = await freePort();
  const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(driver.pid);
  driver.once('exit', () => started.delete(driver.pid));
  const log = [];
  const keep = (d) => {
    log.push(...String(d).split('\n').filter(Boolean));
    if (log.length > 200) log.splice(0, log.length - 200);
  };
  driver.stdout.on('data', keep);
  driver.stderr.on('data', keep);
  const exited = new Promise((resolve) => driver.once('exit', resolve));

  let session;
  try {
    await waitForPort(port, driver, log);
    const capabilities = {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': {
        binary,
        args: ['--automation', '--media-playback-requires-user-gesture=false', '--enable-mediasource=true'],
      },
    };
    session = await new selenium.Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities(capabilities).build();
    // The window's size includes MiniBrowser's toolbar: grow it by that so the page gets `viewport`.
    await session.manage().window().setRect({ x: 0, y: 0, width: viewport.width, height: viewport.height });
    const inner = await session.executeScript('return [innerWidth, innerHeight]');
    await session.manage().window().setRect({
      x: 0,
      y: 0,
      width: 2 * viewport.width - inner[0],
      height: 2 * viewport.height - inner[1],
    });
    await session.manage().setTimeouts({ script: 120_000, pageLoad: 30_000 });
  } catch (error) {
    await killTree(driver.pid);
    throw new Error(`WebKitWebDriver did not start a session: ${error.message}\n${log.slice(-20).join('\n')}`);
  }

  const consoleErrors = [];
  let seen = 0;
  // Copies what the page collected since the last look into consoleErrors.
  const collect = async () => {
    const errors = await session.executeScript('return window.__engineErrors || []').catch(() => []);
    if (errors.length < seen) seen = 0; // a new document started its own list
    consoleErrors.push(...errors.slice(seen));
    seen = errors.length;
  };

  const evaluate = async (fn, arg) => {
    const source = typeof fn === 'function' ? fn.toString() : `() => (${fn})`;
    const script = `
      const done = arguments[arguments.length - 1];
      ${INSTALL_ERROR_HOOK}
      Promise.resolve()
        .then(() => (${source})(arguments[0]))
        .then((value) => done({ value: value === undefined ? null : value }),
              (error) => done({ error: String(error && error.stack || error) }));`;
    const result = await session.executeAsyncScript(script, arg === undefined ? null : arg);
    if (result && 'error' in result) throw new Error(`evaluate failed in webkit: ${result.error}`);
    return result?.value ?? null;
  };

  const page = {
    raw: session,
    consoleErrors,
    driverLog: log,
    goto: async (url) => {
      await collect();
      await session.get(url);
      seen = 0;
      await session.executeScript(INSTALL_ERROR_HOOK);
    },
    evaluate: async (fn, arg) => {
      try {
        return await evaluate(fn, arg);
      } finally {
        await collect();
      }
    },
    waitFor: (fn, arg, options) => pollFor(page, fn, arg, options),
    screenshot: async (path) => {
      writeFileSync(path, Buffer.from(await session.takeScreenshot(), 'base64'));
    },
    press: async (key) => {
      const k = selenium.Key[keyName(key)] ?? key;
      await session.actions().keyDown(k).keyUp(k).perform();
    },
    click: async (selector) => {
      await session.findElement(selenium.By.css(selector)).click();
    },
    close: async () => {
      await collect().catch(() => {});
      await session.quit().catch(() => {});
      driver.kill('SIGTERM');
      const timer = setTimeout(() => killTree(driver.pid), 5000);
      await exited;
      clearTimeout(timer);
      await killTree(driver.pid);
    },
  };
  return page;
}

// Playwright/puppeteer key names ('Escape', 'ArrowLeft', 'Enter') to selenium's Key table.
function keyName(key) {
  const names = { Escape: 'ESCAPE', Enter: 'ENTER', Tab: 'TAB', Space: 'SPACE', ' ': 'SPACE', Backspace: 'BACK_SPACE', Delete: 'DELETE', Home: 'HOME', End: 'END', PageUp: 'PAGE_UP', PageDown: 'PAGE_DOWN', ArrowLeft: 'ARROW_LEFT', ArrowRight: 'ARROW_RIGHT', ArrowUp: 'ARROW_UP', ArrowDown: 'ARROW_DOWN', Shift: 'SHIFT', Control: 'CONTROL', Alt: 'ALT', F11: 'F11' };
  return names[key];
}

async function waitForPort(port, child, log) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`nothing listens on port ${port}\n${log.slice(-20).join('\n')}`);
}

// -- stopping processes by PID --

// Last resort if the test runner exits without closing: no Xvfb or driver left behind.
const started = new Set();
process.on('exit', () => {
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

// The PIDs of a process's descendants, from /proc (children first found, then theirs).
function descendants(pid) {
  const parentOf = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const found = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift();
    for (const [child, ppid] of parentOf) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// SIGTERM to a process and everything under it (listed before signalling, so children that
// get re-parented on their parent's exit are not lost), SIGKILL to what is left after 3 s.
export async function killTree(pid) {
  const all = [pid, ...descendants(pid)];
  for (const p of all) {
    try {
      process.kill(p, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 3000;
  while (all.some(alive) && Date.now() < deadline) await sleep(50);
  for (const p of all.filter(alive)) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}
