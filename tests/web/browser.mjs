// What the browser tests share: their checks and the preflight, the site
// served from 127.0.0.1, Debian's Chromium launched through playwright-core
// with the flags this machine needs (software WebGL), and the page hooks' calls.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import process from "node:process";
import { chromium } from "playwright-core";

// A test's checks, each printed "ok" or "FAIL"; `failures` counts the FAILs (a live binding:
// importers read the current count). Each test runs in its own node process.
export let failures = 0;
export function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures++;
}
// A test that cannot run at all: what to do about it, and exit code 1.
export function die(what) {
  console.error(`error: ${what}`);
  process.exit(1);
}
// Stops with what to do when the playground was not built or Chromium is missing.
export function requireSite(site, chromiumPath) {
  for (const f of ["index.html", "mutualab-playground.js", "mutualab-playground.wasm"])
    if (!fs.existsSync(path.join(site, f))) die(`${path.join(site, f)} is missing: build the playground first (cmake --preset wasm && cmake --build --preset wasm)`);
  if (!fs.existsSync(chromiumPath)) die(`${chromiumPath} not found: apt-get install chromium`);
}

// Serves the folder `site` on 127.0.0.1 at a free port; returns the server and its base URL.
export async function serve(site) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "") || "index.html";
    const file = path.join(site, rel);
    if (!file.startsWith(site) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": types[path.extname(file)] || "application/octet-stream", "Cache-Control": "no-store" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

// Debian's Chromium, headless, drawing WebGL in software (SwiftShader).
export function launch(executablePath) {
  return chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// The playground's page hooks (web/main.cpp).
export const state = (page) => page.evaluate(() => JSON.parse(Module.ccall("mutualab_state_json", "string", [], [])));
export const call = (page, fn, types, args) => page.evaluate(([f, t, a]) => Module.ccall(f, null, t, a), [fn, types, args]);
// Waits until `n` more frames have been drawn.
export async function frames(page, n) {
  const start = (await state(page)).frames;
  await page.waitForFunction((s) => JSON.parse(Module.ccall("mutualab_state_json", "string", [], [])).frames >= s,
    start + n, { timeout: 30000 });
}

// A new page at `viewport` on the playground at `fragment` ("" = none), once its first frame is drawn;
// `errors` collects its console errors and page errors. (The size is set here, never on a running
// page: Debian's Chromium then reports "Permissions check failed".)
export async function openPlayground(browser, base, fragment, viewport) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base + (fragment ? "#" + fragment : ""));
  await page.waitForFunction(() => window.Module && Module.firstFrameMs, null, { timeout: 60000 });
  return { page, errors };
}
