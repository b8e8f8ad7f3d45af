// Layout test for projectors: at 1280x720 and 1366x768, with text at 1x,
// 1.5x and 2x, no text of the playground is cut off, broken mid-word or
// drawn over other text. For each of these 6 combinations it opens what a
// class sees (lesson 3 at its Run step, comparing a flat fee with a
// risk-based one, 150 steps played, a command-line summary.json loaded;
// then the tiered-pools preset), brings each main view (Adverse selection,
// Pool, Results file, Pools) and each side panel (Lessons, Scenario, Share &
// export) to the front, and the start screen, takes a screenshot into SCREENSHOTS/layout/, and
// asks the page's layout probe (web/ui/layout_probe.h, through
// mutualab_layout_report) for the items that break its rules, printing each
// (window, item, rectangles, why).
//
// Then HiDPI: at devicePixelRatio 2 the canvas' drawing buffer has twice
// the CSS pixels each way, the layout is the same (no problems, CSS-pixel
// rectangles), a click on Play lands on it (the page's state says running),
// and a screenshot at 2560x1440 shows the text sharp.
//
//   node tests/web/layout.test.mjs --site build/wasm/site --cli build/release/mutualab --screenshots build/wasm/screenshots
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";

import { call, check, failures, frames, launch, requireSite, serve, state } from "./browser.mjs";
import { pathArg } from "./paths.mjs";

const site = pathArg("--site", "build/wasm/site");
const cli = pathArg("--cli", "build/release/mutualab");
const shots = path.join(pathArg("--screenshots", "build/wasm/screenshots"), "layout");
const chromiumPath = pathArg("--chromium", "/usr/bin/chromium");

requireSite(site, chromiumPath);
fs.rmSync(shots, { recursive: true, force: true });
fs.mkdirSync(shots, { recursive: true });
const t0 = Date.now();

// A summary.json as `mutualab run` writes it (4 replications: the CI column
// has numbers), or, without the command line, the page's own export.
let summary = null;
if (fs.existsSync(cli)) {
  const out = fs.mkdtempSync(path.join(shots, "run-"));
  const r = spawnSync(cli, ["run", "preset:akerlof-flat-fee", "--seed", "1", "--reps", "4", "--out", out, "--quiet"], { encoding: "utf8" });
  if (r.status === 0) summary = fs.readFileSync(path.join(out, "summary.json"), "utf8");
  fs.rmSync(out, { recursive: true, force: true });
}

// The probe's report for the next frame drawn (web/main.cpp: the first call arms it).
async function layoutReport(page) {
  const ask = () => page.evaluate(() => JSON.parse(Module.ccall("mutualab_layout_report", "string", [], [])));
  let r = await ask();
  if (r.status === "done") r = await ask();  // a report left from before: arm a new one
  await page.waitForFunction(() => {
    const x = JSON.parse(Module.ccall("mutualab_layout_report", "string", [], []));
    if (x.status === "done") window.layoutReport = x;
    return x.status === "done";
  }, null, { timeout: 30000, polling: 50 });
  return page.evaluate(() => window.layoutReport);
}

const fmt = (r) => `[${r.map((v) => Math.round(v)).join(", ")}]`;
const views = ["adverse", "pool", "results", "pools"], sides = ["lessons", "scenario", "share"];
const counts = {};

// Brings view and side panel to the front, lets the layout settle (tab
// switches and a new font take a frame or two), screenshots and checks it.
async function checkLayout(page, label, view, side) {
  await call(page, "mutualab_show", ["number", "number"], [view, side]);
  await frames(page, 4);
  const s = await state(page);
  const r = await layoutReport(page);
  const name = `${label}-${views[view]}-${sides[side]}`;
  await page.locator("#canvas").screenshot({ path: path.join(shots, `${name}.png`) });
  const main = r.windows.filter((w) => w.window.startsWith("mutualab playground/main")).reduce((n, w) => n + w.items, 0);
  const sidePanel = r.windows.filter((w) => w.window.startsWith("mutualab playground/side")).reduce((n, w) => n + w.items, 0);
  counts[name] = r.items_checked;
  check(s.view === views[view] && main >= 15 && sidePanel >= 10,
    `${name}: the probe saw ${r.items_checked} items (main view ${main}, side panel ${sidePanel}) in ${r.windows.length} windows, view ${s.view}`);
  check(r.problems.length === 0, `${name}: no text cut off, broken or overlapping` +
    r.problems.map((p) => `\n       ${p.rule}: [${p.window}] '${p.item}' at ${fmt(p.rect)}, shown ${fmt(p.visible)}: ${p.detail}` +
      (p.other ? ` ('${p.other.item}' at ${fmt(p.other.rect)})` : "")).join(""));
  return r;
}

const { server, base } = await serve(site);
const browser = await launch(chromiumPath);
try {
  for (const [width, height] of [[1280, 720], [1366, 768]]) {
    const page = await browser.newPage({ viewport: { width, height } });
    const errors = [];
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(String(e)));
    // Lesson 3 at its Run step, as its link opens it: flat fee (A) against risk-based (B).
    await page.goto(base + "#preset=akerlof-flat-fee&seed=1&compare=risk-based&lesson=fee-rules&step=1");
    await page.waitForFunction(() => window.Module && Module.firstFrameMs, null, { timeout: 60000 });
    await call(page, "mutualab_step", ["number"], [150]);
    if (summary) await call(page, "mutualab_load_results", ["string", "string"], [summary, "summary.json"]);
    else await page.evaluate(() => Module.ccall("mutualab_load_results", null, ["string", "string"],
      [Module.ccall("mutualab_export", "string", ["string", "number"], ["summary.json", 0]), "summary.json"]));
    let s = await state(page);
    check(s.lesson === "fee-rules" && s.lesson_step === 1 && s.sides.length === 2 && s.step === 150 && s.loaded_results === "summary.json",
      `${width}x${height}: lesson 3 at its Run step, comparing, step ${s.step}, ${s.loaded_results} loaded`);
    for (const scale of [1, 1.5, 2]) {
      await call(page, "mutualab_set_text_scale", ["number"], [scale]);
      for (const [view, side] of [[0, 0], [1, 1], [2, 2]]) await checkLayout(page, `${width}x${height}-text${scale}`, view, side);
    }
    // Several pools: the Pools view, with the lesson list and the pools' own controls beside it.
    await call(page, "mutualab_open_fragment", ["string"], ["#preset=tiered-pools&seed=1"]);
    await call(page, "mutualab_step", ["number"], [200]);
    for (const scale of [1, 1.5, 2]) {
      await call(page, "mutualab_set_text_scale", ["number"], [scale]);
      for (const [view, side] of [[3, 0], [3, 1]]) await checkLayout(page, `${width}x${height}-text${scale}`, view, side);
    }
    // Admission by VaR: the Pool view's book at risk with its measures and
    // the line under it, beside the Scenario tab's Admission section and the
    // preset's text (whose sweep's path once broke mid-word at 1.5x and 2x).
    await call(page, "mutualab_open_fragment", ["string"], ["#preset=var-admission&seed=1"]);
    await call(page, "mutualab_show", ["number", "number"], [1, 1]);
    await frames(page, 2);
    await call(page, "mutualab_step", ["number"], [120]);
    for (const scale of [1, 1.5, 2]) {
      await call(page, "mutualab_set_text_scale", ["number"], [scale]);
      await checkLayout(page, `${width}x${height}-text${scale}-var-admission`, 1, 1);
    }
    // The start screen (a modal window over the rest), as a page opened without a link shows it.
    for (const scale of [1, 1.5, 2]) {
      await call(page, "mutualab_set_text_scale", ["number"], [scale]);
      await call(page, "mutualab_show_start_screen", ["number"], [1]);
      await frames(page, 4);
      const r = await layoutReport(page);
      const name = `${width}x${height}-text${scale}-start-screen`;
      await page.locator("#canvas").screenshot({ path: path.join(shots, `${name}.png`) });
      const modal = r.windows.filter((w) => !w.window.startsWith("mutualab playground")).reduce((n, w) => n + w.items, 0);
      counts[name] = r.items_checked;
      check(modal >= 10 && (await state(page)).start_screen, `${name}: the probe saw ${modal} items on the start screen`);
      check(r.problems.length === 0, `${name}: no text cut off, broken or overlapping` +
        r.problems.map((p) => `\n       ${p.rule}: [${p.window}] '${p.item}' at ${fmt(p.rect)}, shown ${fmt(p.visible)}: ${p.detail}` +
          (p.other ? ` ('${p.other.item}' at ${fmt(p.other.rect)})` : "")).join(""));
      await call(page, "mutualab_show_start_screen", ["number"], [0]);
    }
    check(errors.length === 0, `${width}x${height}: no console errors (${errors.slice(0, 3).join(" | ")})`);
    await page.close();
  }

  // ---- HiDPI: devicePixelRatio 2
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const errors = [];
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    await page.goto(base + "#preset=akerlof-flat-fee&seed=1&compare=risk-based&lesson=fee-rules&step=1");
    await page.waitForFunction(() => window.Module && Module.firstFrameMs, null, { timeout: 60000 });
    await call(page, "mutualab_step", ["number"], [150]);
    await frames(page, 3);
    const c = await page.evaluate(() => { const e = document.getElementById("canvas"); return [e.width, e.height, e.clientWidth, e.clientHeight, devicePixelRatio]; });
    check(c[4] === 2 && c[0] === 2 * c[2] && c[1] === 2 * c[3], `devicePixelRatio ${c[4]}: drawing buffer ${c[0]}x${c[1]} for a ${c[2]}x${c[3]} CSS-pixel canvas`);
    const r = await checkLayout(page, "hidpi-1280x720", 0, 0);
    check(r.display[0] === 1280 && r.display[1] === 720 && r.font_size === 13,
      `ImGui lays out in CSS pixels at devicePixelRatio 2: display ${r.display.join("x")}, font ${r.font_size} px`);
    // Click Play where the probe saw it, in CSS pixels, as a user would.
    const play = await page.evaluate(() => JSON.parse(Module.ccall("mutualab_layout_item", "string", ["string"], ["Play"])));
    check(Array.isArray(play), `the probe found the Play button at ${play && fmt(play)}`);
    if (play) {
      const [x, y] = [(play[0] + play[2]) / 2, (play[1] + play[3]) / 2];
      await page.mouse.move(x, y);
      await frames(page, 2);
      await page.mouse.down();
      await frames(page, 2);
      await page.mouse.up();
      await frames(page, 2);
      const s = await state(page);
      check(s.running === true, `a click at the Play button's centre (${x.toFixed(0)}, ${y.toFixed(0)}) plays the run (running ${s.running})`);
      await call(page, "mutualab_set_running", ["number"], [0]);
      await page.mouse.move(1, 1);  // no tooltip in the screenshot
      await frames(page, 3);
    }
    await page.locator("#canvas").screenshot({ path: path.join(shots, "hidpi-1280x720-at-2x.png") });
    check(errors.length === 0, `HiDPI: no console errors (${errors.slice(0, 3).join(" | ")})`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
const n = Object.values(counts);
fs.writeFileSync(path.join(shots, "items.json"), JSON.stringify(counts, null, 2) + "\n");
console.log(`\n${failures === 0 ? "passed" : "FAILED"}: ${n.length} layouts checked, ${Math.min(...n)} to ${Math.max(...n)} items each, ` +
  `in ${((Date.now() - t0) / 1000).toFixed(0)} s; screenshots in ${shots}`);
process.exit(failures === 0 ? 0 : 1);
