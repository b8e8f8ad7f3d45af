// Browser test of the playground: Debian's headless Chromium, driven by
// playwright-core, loads the WebAssembly build from a server on 127.0.0.1 and
//  1. fails on any console error or page error,
//  2. checks the WebGL canvas is drawn (a screenshot with many colours, not a cleared canvas),
//  3. selects a preset, steps the simulation and reads the state back through mutualab_state_json,
//  4. runs it to the end and compares the exported summary.json with the native `mutualab run --reps 1`,
//  5. opens shared links, including hostile ones (clamped or refused with a message, never a crash),
//     and a link to a preset with pools, which opens the Pools view (1280x720 screenshot),
//     and an intervention mid-run that its link and the command line replay exactly (1280x720 screenshot),
//     and a price data CSV through the file input (refused with line and column; loaded, its run = the CLI's),
//     and a comparison and a loaded summary.json at 1280x720 with text at 1.5x (screenshots),
//  6. measures the first frame time and the frame rate, and the simulation and UI time a frame at
//     10,000 writers (reported, not asserted beyond sanity: timing belongs in benchmarks).
// Screenshots and a report go to SCREENSHOT_DIR (default build/wasm/screenshots).
//
//   node tests/web/playground.test.mjs --site build/wasm/site --cli build/release/mutualab
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { PNG } from "pngjs";

import { call, check, failures, frames, launch, openPlayground, requireSite, serve, state } from "./browser.mjs";
import { pathArg } from "./paths.mjs";

const site = pathArg("--site", "build/wasm/site");
const cli = pathArg("--cli", "build/release/mutualab");
const shots = pathArg("--screenshots", "build/wasm/screenshots");
const chromiumPath = pathArg("--chromium", "/usr/bin/chromium");


requireSite(site, chromiumPath);
fs.mkdirSync(shots, { recursive: true });

// ---- a static server on 127.0.0.1, and the browser
const { server, base } = await serve(site);
const browser = await launch(chromiumPath);
const report = { site, wasm_bytes: fs.statSync(path.join(site, "mutualab-playground.wasm")).size,
  js_bytes: fs.statSync(path.join(site, "mutualab-playground.js")).size };

async function openPage(fragment, label, viewport = { width: 1400, height: 900 }) {
  const t0 = Date.now();
  const { page, errors } = await openPlayground(browser, base, fragment, viewport);
  const firstFrameMs = await page.evaluate(() => Module.firstFrameMs);
  console.log(`     ${label}: first frame ${firstFrameMs.toFixed(0)} ms after navigation start (${Date.now() - t0} ms wall)`);
  return { page, errors, firstFrameMs };
}

try {
  // ---- 1-2: load, draw
  const { page, errors, firstFrameMs } = await openPage("", "default page");
  report.first_frame_ms = firstFrameMs;
  await frames(page, 5);
  const png = PNG.sync.read(await page.locator("#canvas").screenshot({ path: path.join(shots, "playground.png") }));
  const colours = new Set();
  let lit = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
    colours.add((r << 16) | (g << 8) | b);
    if (Math.abs(r - 20) + Math.abs(g - 23) + Math.abs(b - 28) > 30) lit++;
  }
  const litShare = lit / (png.width * png.height);
  check(colours.size > 50 && litShare > 0.02, `canvas is drawn: ${colours.size} colours, ${(100 * litShare).toFixed(1)}% of pixels away from the background`);
  let s = await state(page);
  check(s.preset === "akerlof-flat-fee" && s.step === 0 && s.sides.length === 1, `starts on the default preset at step 0 (${s.preset}, step ${s.step})`);

  // ---- 3: select a preset, step, read back
  await call(page, "mutualab_select_preset", ["string"], ["risk-based-fee"]);
  s = await state(page);
  check(s.preset === "risk-based-fee" && s.step === 0 && s.sides[0].fee_rule === "risk-based", `preset risk-based-fee selected (fee rule ${s.sides[0].fee_rule})`);
  check(s.fragment.startsWith("preset=risk-based-fee&seed=1"), `URL state follows: #${s.fragment}`);
  const hash = await page.evaluate(() => location.hash);
  check(hash === "#" + s.fragment, `page URL is the share link (${hash})`);
  await call(page, "mutualab_step", ["number"], [120]);
  s = await state(page);
  const a = s.sides[0];
  check(s.step === 120, `stepped to 120 (step ${s.step})`);
  check(a.pool + a.silo + a.abstain > 150 && a.pool + a.silo + a.abstain <= a.writers, `writers have chosen (pool ${a.pool}, silo ${a.silo}, abstain ${a.abstain} of ${a.writers})`);
  check(a.participation > 0.6 && Math.abs(a.asi) < 0.3, `risk-based fee keeps the pool: participation ${a.participation.toFixed(3)}, ASI ${a.asi.toFixed(3)}`);
  check(a.ledger_imbalance === 0, `ledger conserved (imbalance ${a.ledger_imbalance})`);
  await frames(page, 3);

  // ---- 4: run to the end, compare with the native command line
  await call(page, "mutualab_step", ["number"], [10000]);
  const exported = await page.evaluate(() => Module.ccall("mutualab_export", "string", ["string", "number"], ["summary.json", 0]));
  if (fs.existsSync(cli)) {
    const out = fs.mkdtempSync(path.join(shots, "native-"));
    const r = spawnSync(cli, ["run", "preset:risk-based-fee", "--seed", "1", "--reps", "1", "--out", out, "--quiet"], { encoding: "utf8" });
    check(r.status === 0, `native mutualab run exit code ${r.status}`);
    const nat = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
    const web = JSON.parse(exported);
    let n = 0, same = 0, worst = 0, structural = [];
    const walk = (x, y, p) => {
      if (typeof x === "number" && typeof y === "number") {
        n++;
        if (x === y) same++;
        else worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y)));
      } else if (x && typeof x === "object") {
        for (const k of new Set([...Object.keys(x), ...Object.keys(y || {})])) walk(x[k], (y || {})[k], p + "/" + k);
      } else if (x !== y) structural.push(p);
    };
    walk(nat, web, "");
    check(structural.length === 0, `browser summary.json has the native keys and values (${structural.slice(0, 3).join(", ") || "all match"})`);
    check(same === n && JSON.stringify(nat) === JSON.stringify(web), `browser vs native: ${same}/${n} numbers bit-identical, largest relative difference ${worst.toExponential(2)}`);
    report.native_parity = { numbers: n, identical: same, worst_relative_difference: worst };

    // Load the command line's summary.json through the page's own file input, then a file that is not one.
    await page.setInputFiles("#results-file", path.join(out, "summary.json"));
    await page.waitForFunction(() => JSON.parse(Module.ccall("mutualab_state_json", "string", [], [])).loaded_results !== "", null, { timeout: 10000 });
    s = await state(page);
    check(s.loaded_results === "summary.json" && s.messages.some((m) => m.startsWith("loaded summary.json (risk-based-fee)")), `a CLI summary.json loads through the file input (${s.messages.at(-1)})`);
    const notSummary = path.join(out, "timeseries.csv");
    await page.setInputFiles("#results-file", notSummary);
    await page.waitForFunction(() => JSON.parse(Module.ccall("mutualab_state_json", "string", [], [])).messages.some((m) => m.includes("timeseries.csv")), null, { timeout: 10000 });
    s = await state(page);
    check(s.messages.at(-1).startsWith("error: timeseries.csv is not JSON"), `a file that is not a summary is refused with a message (${s.messages.at(-1)})`);
    fs.rmSync(out, { recursive: true, force: true });
  } else {
    console.log(`skip native comparison: ${cli} not built`);
  }

  // ---- 6: frame rate while playing the default scenario
  await call(page, "mutualab_select_preset", ["string"], ["akerlof-flat-fee"]);
  await call(page, "mutualab_set_running", ["number"], [1]);
  const f0 = (await state(page)).frames, t0 = Date.now();
  await page.waitForTimeout(3000);
  const f1 = (await state(page)).frames, t1 = Date.now();
  report.fps_headless_swiftshader = (f1 - f0) / ((t1 - t0) / 1000);
  s = await state(page);
  report.frame_cpu_ms_mean = s.frame_cpu_ms_mean;
  report.frame_cpu_ms_max = s.frame_cpu_ms_max;
  report.frame_app_ms_mean = s.frame_app_ms_mean;
  console.log(`     frame CPU time: mean ${s.frame_cpu_ms_mean.toFixed(2)} ms (max ${s.frame_cpu_ms_max.toFixed(2)}), of which simulation + UI ${s.frame_app_ms_mean.toFixed(2)} ms`);
  check(s.step > 0 && report.fps_headless_swiftshader > 5, `plays: ${report.fps_headless_swiftshader.toFixed(1)} frames/s in headless Chromium (software WebGL), step ${s.step}`);
  await page.screenshot({ path: path.join(shots, "playground-playing.png") });
  // Text size for a projector: the font is rebuilt at 2x and uploaded again.
  await call(page, "mutualab_set_text_scale", ["number"], [2]);
  await frames(page, 3);
  s = await state(page);
  check(s.font_size === 26, `text size 2x rebuilds the font at 26 px (${s.font_size})`);
  await page.locator("#canvas").screenshot({ path: path.join(shots, "playground-text-2x.png") });
  check(errors.length === 0, `no console errors (${errors.slice(0, 3).join(" | ")})`);
  await page.close();

  // ---- Run to end on the largest run a link allows: the page keeps drawing frames while it works.
  {
    const { page: p } = await openPlayground(browser, base,
      "preset=akerlof-flat-fee&writers/count=10000&lps/count=2000&sim/steps=3650&compare=credibility", { width: 1000, height: 700 });
    await call(p, "mutualab_run_to_end", [], []);
    const b0 = await state(p), t0 = Date.now();
    await p.waitForTimeout(3000);
    const b1 = await state(p), t1 = Date.now();
    const fps = (b1.frames - b0.frames) / ((t1 - t0) / 1000);
    check(b1.fast_forward && b1.step > b0.step && b1.step < 3650 && fps >= 2,
      `Run to end on 10000 writers x 3650 steps x 2 pools keeps drawing: ${fps.toFixed(1)} frames/s while it advanced to step ${b1.step} in 3 s`);
    await p.close();
  }

  // ---- 6b: 10,000 writers and 2,000 LPs play live at 30 steps/s on a projector's 1280x720, alone and
  // compared (issue 15: simulation and UI under 8 ms a frame). Software WebGL is fill-bound, so the
  // headless frame rate is low and each frame carries several steps: the figure at a 60 Hz display is
  // the UI's ms a frame plus half a step's (30 steps/s at 60 frames/s), both measured here. The rest
  // of a headless frame's interval is the browser's compositing and the software rasterizer.
  for (const [w, h, frag, key] of [[1280, 720, "writers/count=10000&lps/count=2000", "10k_1280x720"],
    [1280, 720, "writers/count=10000&lps/count=2000&compare=risk-based", "10k_compare_1280x720"],
    [640, 480, "", "default_640x480"]]) {
    const { page: p, errors: errs } = await openPlayground(browser, base, frag, { width: w, height: h });
    await call(p, "mutualab_set_running", ["number"], [1]);
    await p.waitForTimeout(2500);  // playing steadily before the window is timed
    const a0 = await state(p), ta = Date.now();
    await p.waitForTimeout(2500);
    const a1 = await state(p), tb = Date.now();
    // The frames between the two readings exactly (the means over a window would include the first
    // frames, which build the font atlas).
    const d = Object.fromEntries(Object.keys(a1.frame_totals).map((k) => [k, a1.frame_totals[k] - a0.frame_totals[k]]));
    const fps = d.frames / ((tb - ta) / 1000), stepsPerS = d.steps / ((tb - ta) / 1000);
    const appMs = d.app_ms / d.frames, simMs = d.sim_ms / d.frames, stepMs = d.steps ? d.sim_ms / d.steps : 0;
    const uiMs = appMs - simMs, at60 = uiMs + stepMs * 0.5;
    Object.assign(report, { [`fps_${key}`]: fps, [`steps_per_s_${key}`]: stepsPerS, [`frame_app_ms_${key}`]: appMs,
      [`frame_ui_ms_${key}`]: uiMs, [`sim_ms_per_step_${key}`]: stepMs, [`frame_ms_at_60hz_${key}`]: at60,
      [`frame_cpu_ms_${key}`]: d.cpu_ms / d.frames, [`frame_interval_ms_${key}`]: 1000 / fps });
    console.log(`     ${w}x${h} ${frag || "default scenario"}: ${fps.toFixed(1)} frames/s (a frame every ${(1000 / fps).toFixed(1)} ms, ` +
      `${(d.steps / d.frames).toFixed(2)} steps each), ${stepsPerS.toFixed(1)} steps/s; simulation + UI ${appMs.toFixed(2)} ms a frame ` +
      `= UI ${uiMs.toFixed(2)} + simulation ${simMs.toFixed(2)} (${stepMs.toFixed(2)} ms a step); ` +
      `at 60 Hz: ${at60.toFixed(2)} ms a frame (target under 8: ${at60 < 8 ? "met" : "NOT met"}); ` +
      `WebGL calls ${(d.cpu_ms / d.frames - appMs).toFixed(1)} ms a frame (they wait for the software rasterizer), ` +
      `the rest of the interval ${(1000 / fps - d.cpu_ms / d.frames).toFixed(1)} ms`);
    const n = frag ? 10000 : 200;
    check(a1.step > a0.step && a1.sides[0].writers === n && a1.sides.length === (frag.includes("compare") ? 2 : 1) && errs.length === 0,
      `${a1.sides[0].writers} writers and ${a1.sides[0].lps} LPs play live (steps ${a0.step} -> ${a1.step}), no console errors`);
    await p.close();
  }

  // ---- 5a: a link to a preset with pools opens the Pools view; at projector size, with seed 1's flows
  {
    const { page: p, errors: errs } = await openPlayground(browser, base, "preset=tiered-pools", { width: 1280, height: 720 });
    await frames(p, 3);
    let ps = await state(p);
    check(ps.preset === "tiered-pools" && ps.view === "pools" && ps.sides[0].pools.length === 3,
      `#preset=tiered-pools opens the Pools view (${ps.preset}, view ${ps.view}, ${ps.sides[0].pools?.length} pools)`);
    await call(p, "mutualab_step", ["number"], [365]);
    await frames(p, 3);
    ps = await state(p);
    const sol = ps.sides[0].pools[2], bs = ps.sides[0].backstop;
    check(sol.name === "sol" && Math.abs(sol.from_backstop - 6581.459) < 0.01 && Math.abs(bs.paid[0][2] - 247.43) < 0.01,
      `the backstop paid SOL's claims ${sol.from_backstop.toFixed(2)}, ${bs.paid[0][2].toFixed(2)} of it from ETH's fees (native: 6581.46, 247.43)`);
    await p.locator("#canvas").screenshot({ path: path.join(shots, "playground-pools-1280x720.png") });
    check(errs.length === 0, `no console errors on the Pools view (${errs.slice(0, 3).join(" | ")})`);
    await p.close();
  }

  // ---- 5: a shared link opens the same run; hostile values are clamped or refused
  const link = "preset=lp-run&seed=42&compare=credibility&writers/count=99999&pool/exitFee=abc&sim/steps=200&nonsense/path=1&lesson=lp-run&step=1";
  const shared = await openPage(link, "shared link");
  s = await state(shared.page);
  check(s.preset === "lp-run" && s.seed === 42 && s.compare === "credibility" && s.sides.length === 2, `link opens lp-run, seed 42, compared with credibility (${s.preset}, ${s.seed}, ${s.compare})`);
  check(s.sides[0].writers === 10000, `writers/count=99999 clamped to 10000 (${s.sides[0].writers})`);
  check(s.steps === 200, `sim/steps=200 applied (${s.steps})`);
  check(s.lesson === "lp-run" && s.lesson_step === 1, `lesson lp-run step 2 open (${s.lesson} ${s.lesson_step})`);
  const msgs = s.messages.join("\n");
  check(/clamped to 10000/.test(msgs) && /pool\/exitFee expects a number/.test(msgs) && /nonsense\/path/.test(msgs), `each bad entry has a message:\n       ${s.messages.join("\n       ")}`);
  await call(shared.page, "mutualab_step", ["number"], [20]);
  s = await state(shared.page);
  check(s.step === 20 && s.sides.length === 2, `shared run steps (${s.step})`);
  await shared.page.screenshot({ path: path.join(shots, "playground-shared-link.png") });
  check(shared.errors.length === 0, `no console errors on the shared link (${shared.errors.slice(0, 3).join(" | ")})`);
  await shared.page.close();

  // ---- 5b: mid-run, a fee rule change is an intervention: the run goes on, every chart marks it, and
  // its link (and the command line, with the same governance.schedule entry) gives the same run
  {
    const live = await openPage("preset=akerlof-flat-fee", "intervention", { width: 1280, height: 720 });
    await call(live.page, "mutualab_step", ["number"], [99]);
    await call(live.page, "mutualab_change_parameter", ["string", "string"], ["pool/feeRule/name", "risk-based"]);
    s = await state(live.page);
    check(s.step === 99 && s.interventions.length === 1 && s.fragment === "preset=akerlof-flat-fee&seed=1&at/100/pool/feeRule/name=risk-based",
      `an intervention at step 100 does not restart the run (step ${s.step}, #${s.fragment})`);
    check((await live.page.evaluate(() => location.hash)) === "#" + s.fragment, "the page URL carries the intervention");
    await call(live.page, "mutualab_step", ["number"], [120]);
    s = await state(live.page);
    const g = s.sides[0].governance;
    check(s.sides[0].fee_rule === "risk-based" && g.length === 1 && g[0].step === 100 && g[0].name === "intervention",
      `the charts mark it at step 100 (${JSON.stringify(g)})`);
    await frames(live.page, 3);
    await live.page.locator("#canvas").screenshot({ path: path.join(shots, "playground-intervention-1280x720.png") });
    await call(live.page, "mutualab_step", ["number"], [10000]);
    const liveSummary = await live.page.evaluate(() => Module.ccall("mutualab_export", "string", ["string", "number"], ["summary.json", 0]));
    const replay = await openPage(s.fragment, "intervention link");
    await call(replay.page, "mutualab_step", ["number"], [10000]);
    const replaySummary = await replay.page.evaluate(() => Module.ccall("mutualab_export", "string", ["string", "number"], ["summary.json", 0]));
    check(liveSummary.length > 1000 && liveSummary === replaySummary, "its link replays the live run: the same summary.json, byte for byte");
    if (fs.existsSync(cli)) {
      const out = fs.mkdtempSync(path.join(shots, "native-"));
      fs.writeFileSync(path.join(out, "scenario.json"), JSON.stringify(JSON.parse(liveSummary).scenario));
      const r = spawnSync(cli, ["run", path.join(out, "scenario.json"), "--seed", "1", "--reps", "1", "--out", path.join(out, "run"), "--quiet"], { encoding: "utf8" });
      const nat = r.status === 0 ? fs.readFileSync(path.join(out, "run", "summary.json"), "utf8") : "";
      check(JSON.stringify(JSON.parse(nat || "{}")) === JSON.stringify(JSON.parse(liveSummary)),
        `mutualab run of the scenario with that governance.schedule entry gives the same summary.json (exit ${r.status})`);
      fs.rmSync(out, { recursive: true, force: true });
    }
    check(live.errors.length + replay.errors.length === 0, `no console errors with interventions (${[...live.errors, ...replay.errors].slice(0, 3).join(" | ")})`);
    await live.page.close();
    await replay.page.close();
  }

  {
    // ---- price data: a CSV through the page's file input, read by the CLI's reader; the run matches the CLI's
    const dir = fs.mkdtempSync(path.join(shots, "prices-"));
    let csv = "time,asset,price\n";
    for (let t = 0; t <= 90; t++) csv += `${t},ETH,${(2000 * Math.exp(0.01 * Math.sin(t)) * (t >= 60 ? 0.6 : 1)).toFixed(2)}\n`;
    fs.writeFileSync(path.join(dir, "crash.csv"), csv);
    fs.writeFileSync(path.join(dir, "bad.csv"), "time,asset,price\n0,ETH,2000\n1,ETH,-5\n");
    const d = await openPage("preset=akerlof-flat-fee&sim/steps=90", "price data");
    await d.page.setInputFiles("#price-file", path.join(dir, "bad.csv"));
    await d.page.waitForFunction(() => JSON.parse(Module.ccall("mutualab_state_json", "string", [], [])).messages.some((m) => m.includes("bad.csv")), null, { timeout: 10000 });
    s = await state(d.page);
    check(s.price_data === null && s.messages.some((m) => m.includes("bad.csv line 3, column 7: expected a price > 0, found '-5'")),
      `a bad price file is refused with its line and column (${s.messages.at(-1)})`);
    await d.page.setInputFiles("#price-file", path.join(dir, "crash.csv"));
    await d.page.waitForFunction(() => JSON.parse(Module.ccall("mutualab_state_json", "string", [], [])).price_data !== null, null, { timeout: 10000 });
    s = await state(d.page);
    check(s.price_data.rows === 91 && s.fragment.includes("&data=crash.csv%40" + s.price_data.fnv1a64),
      `a price file loads: ${s.price_data.rows} rows, the link names it (${s.fragment})`);
    check(s.sides[0].price === 2000, `step 0's price is the file's (${s.sides[0].price})`);
    await call(d.page, "mutualab_step", ["number"], [10000]);
    await d.page.waitForTimeout(300);  // a frame or two drawn after the last step
    await d.page.screenshot({ path: path.join(shots, "playground-price-data.png") });
    const web = await d.page.evaluate(() => Module.ccall("mutualab_export", "string", ["string", "number"], ["summary.json", 0]));
    if (fs.existsSync(cli)) {
      fs.writeFileSync(path.join(dir, "scenario.json"), JSON.stringify(JSON.parse(web).scenario));
      const r = spawnSync(cli, ["run", path.join(dir, "scenario.json"), "--seed", "1", "--reps", "1", "--out", path.join(dir, "run"), "--quiet"], { encoding: "utf8" });
      const nat = r.status === 0 ? fs.readFileSync(path.join(dir, "run", "summary.json"), "utf8") : "";
      check(JSON.stringify(JSON.parse(nat || "{}")) === JSON.stringify(JSON.parse(web)),
        `mutualab run of its exported scenario (the data carried, no file) gives the same summary.json (exit ${r.status})`);
    }
    check(d.errors.length === 0, `no console errors with price data (${d.errors.slice(0, 3).join(" | ")})`);
    await d.page.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // ---- 5c: a classroom projector, 1280x720 with text at 1.5x: a comparison's charts name both sides, and a
  // command-line summary.json reads in % and currency (screenshots to look at: no text may overlap)
  {
    const proj = await openPage("preset=akerlof-flat-fee&compare=risk-based", "projector", { width: 1280, height: 720 });
    await call(proj.page, "mutualab_set_text_scale", ["number"], [1.5]);
    await call(proj.page, "mutualab_step", ["number"], [200]);
    await frames(proj.page, 3);
    s = await state(proj.page);
    check(s.sides.length === 2 && s.font_size > 19 && s.step === 200, `projector: comparing at text 1.5x (font ${s.font_size} px, step ${s.step})`);
    await proj.page.locator("#canvas").screenshot({ path: path.join(shots, "playground-compare-text-1.5x-1280x720.png") });
    if (fs.existsSync(cli)) {
      const out = fs.mkdtempSync(path.join(shots, "native-"));
      const r = spawnSync(cli, ["run", "preset:akerlof-flat-fee", "--seed", "1", "--reps", "4", "--out", out, "--quiet"], { encoding: "utf8" });
      await proj.page.evaluate(([t]) => Module.ccall("mutualab_load_results", null, ["string", "string"], [t, "summary.json"]),
        [fs.readFileSync(path.join(out, "summary.json"), "utf8")]);
      await frames(proj.page, 3);
      s = await state(proj.page);
      check(r.status === 0 && s.view === "results", `projector: a summary.json opens the Results view (${s.view})`);
      await proj.page.locator("#canvas").screenshot({ path: path.join(shots, "playground-results-text-1.5x-1280x720.png") });
      fs.rmSync(out, { recursive: true, force: true });
    }
    check(proj.errors.length === 0, `no console errors at text 1.5x (${proj.errors.slice(0, 3).join(" | ")})`);
    await proj.page.close();
  }

  const hostile = "preset=%3Cscript%3E&seed=-1&compare=nope&%ZZ=1&" + "writers/count=1&".repeat(10) + "x=" + "A".repeat(5000);
  const h = await openPage(hostile, "hostile link");
  s = await state(h.page);
  check(s.preset === "akerlof-flat-fee" && s.messages.length > 0 && s.step === 0, `an over-long hostile link is refused with a message: ${s.messages[0]}`);
  await h.page.evaluate(() => { location.hash = "preset=%3Cscript%3E&seed=abc&compare=nope&%ZZ=1&writers/theta/sd=0.49"; });
  await frames(h.page, 2);
  s = await state(h.page);
  check(s.preset === "akerlof-flat-fee" && s.messages.length >= 4, `hostile values refused one by one:\n       ${s.messages.join("\n       ")}`);
  check(h.errors.length === 0, `no console errors on hostile links (${h.errors.slice(0, 3).join(" | ")})`);
  await h.page.close();
} finally {
  await browser.close();
  server.close();
}
report.failures = failures;
fs.writeFileSync(path.join(shots, "browser-report.json"), JSON.stringify(report, null, 2) + "\n");
console.log(`\n${failures === 0 ? "passed" : "FAILED"}: wasm ${(report.wasm_bytes / 1024).toFixed(0)} KiB, first frame ${report.first_frame_ms?.toFixed(0)} ms, ` +
  `${report.fps_headless_swiftshader?.toFixed(1)} frames/s headless; screenshots and browser-report.json in ${shots}`);
process.exit(failures === 0 ? 0 : 1);
