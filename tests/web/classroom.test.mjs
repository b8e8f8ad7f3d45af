// Browser test of the playground as a teacher uses it (issue 15), in Debian's headless Chromium driven by
// playwright-core, with the WebAssembly build served on 127.0.0.1:
//  1. the start screen: shown when the page opens without a link, not with one; each of its ways in
//     (Start the class, the Akerlof lesson, Free play, a shared link typed into its field), clicked with the
//     mouse as a person would; "Start" in the side panel brings it back (screenshots at 1280x720, text 1x and 1.5x);
//  2. lessons: a step brings its view to the front (the Next button), and a link to a middle step, a Notice
//     step whose scenario comes from an earlier step, runs that scenario (and its numbers are the lesson's);
//  3. keys: Space, Right, Up/Down, PageDown/PageUp after clicking a slider, a combo, a tab, a button, the
//     lesson's Next button and an element outside the canvas; never while a text field has the keyboard.
// Items are found by the rectangles the App reports (mutualab_state_json "ui", App::markItem).
//
//   node tests/web/classroom.test.mjs --site build/wasm/site --screenshots build/wasm/screenshots
import fs from "node:fs";
import path from "node:path";
import process from "node:process";

import { call, check, failures, frames, launch, openPlayground, requireSite, serve, state } from "./browser.mjs";
import { pathArg } from "./paths.mjs";

const site = pathArg("--site", "build/wasm/site");
const shots = pathArg("--screenshots", "build/wasm/screenshots");
const chromiumPath = pathArg("--chromium", "/usr/bin/chromium");

requireSite(site, chromiumPath);
fs.mkdirSync(shots, { recursive: true });

// ---- a static server on 127.0.0.1, and the browser
const { server, base } = await serve(site);
const browser = await launch(chromiumPath);

async function openPage(fragment, viewport = { width: 1280, height: 720 }) {
  const opened = await openPlayground(browser, base, fragment, viewport);
  await frames(opened.page, 3);
  return opened;
}
// A click as a person makes it, on the item the App reports under `name`: the pointer moves there, presses
// and releases, with frames between (Dear ImGui sees each).
async function click(page, name) {
  const ui = (await state(page)).ui;
  if (!ui[name]) {
    check(false, `item '${name}' is on screen (items: ${Object.keys(ui).join(", ")})`);
    return;
  }
  const [x, y, w, h] = ui[name];
  await page.mouse.move(x + w / 2, y + h / 2);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  await page.mouse.up();
  await frames(page, 2);
}
const speeds = [1, 2, 5, 10, 20, 30, 60, 120, 240, 365];  // App::kSpeeds

try {
  // ---- 1. the start screen
  {
    const { page, errors } = await openPage("");
    let s = await state(page);
    check(s.start_screen === true && ["start.class", "start.akerlof", "start.free", "start.link", "start.open"].every((k) => s.ui[k]),
      `no link: the start screen shows, with its three ways in (start_screen ${s.start_screen})`);
    check(!(await page.evaluate(() => Module.ccall("mutualab_text_input_active", "number", [], []))), "no text field has the keyboard yet");
    await page.locator("#canvas").screenshot({ path: path.join(shots, "classroom-start-1280x720.png") });
    await call(page, "mutualab_set_text_scale", ["number"], [1.5]);
    await frames(page, 4);
    await page.locator("#canvas").screenshot({ path: path.join(shots, "classroom-start-text-1.5x-1280x720.png") });
    s = await state(page);
    const [, cy, , ch] = s.ui["start.open"];
    check(cy + ch < 720, `at text 1.5x the start screen fits 1280x720 (its last button ends at y ${(cy + ch).toFixed(0)})`);
    await page.keyboard.press("Space");
    s = await state(page);
    check(!s.running && s.start_screen, "Space does not play behind the start screen");

    await click(page, "start.class");
    await frames(page, 2);
    s = await state(page);
    check(!s.start_screen && s.lesson === "capital-efficiency" && s.lesson_step === 0 && s.preset === "siloed-vs-mutualized" && s.view === "pool" && s.panel === "lessons",
      `"Start the class" opens lesson 1 at step 0 on the Pool view (${s.lesson} ${s.lesson_step}, ${s.preset}, view ${s.view}, panel ${s.panel})`);
    check((await page.evaluate(() => location.hash)) === "#preset=siloed-vs-mutualized&seed=1&lesson=capital-efficiency&step=0", "the page URL is the lesson's link");

    await click(page, "header.start");
    await frames(page, 2);
    s = await state(page);
    check(s.start_screen, `"Start" in the side panel's header brings the start screen back (${s.start_screen})`);
    await click(page, "start.akerlof");
    await frames(page, 2);
    s = await state(page);
    check(!s.start_screen && s.lesson === "akerlof-spiral" && s.lesson_step === 0 && s.preset === "akerlof-flat-fee" && s.view === "adverse",
      `the Akerlof button opens lesson 2 on the Adverse selection view (${s.lesson}, view ${s.view})`);

    await click(page, "header.start");
    await frames(page, 2);
    await click(page, "start.free");
    await frames(page, 2);
    s = await state(page);
    check(!s.start_screen && s.lesson === "" && s.preset === "akerlof-flat-fee" && s.step === 0 && s.panel === "scenario" && s.view === "adverse",
      `"Free play": the default preset, the Scenario tab (${s.preset}, lesson '${s.lesson}', panel ${s.panel})`);

    await click(page, "header.start");
    await frames(page, 2);
    await click(page, "start.link");
    await page.keyboard.type(base + "#preset=lp-run&seed=3&pool/exitFee=abc");
    await frames(page, 2);
    s = await state(page);
    check(s.start_screen && s.preset === "akerlof-flat-fee", "typing into the link field opens nothing yet");
    await click(page, "start.open");
    await frames(page, 2);
    s = await state(page);
    check(!s.start_screen && s.preset === "lp-run" && s.seed === 3 && s.messages.some((m) => m.includes("pool/exitFee expects a number")),
      `"Open" opens the pasted link; its bad entry is a note (${s.preset}, seed ${s.seed}, ${s.messages.at(-1)})`);
    check(errors.length === 0, `no console errors on the start screen (${errors.slice(0, 3).join(" | ")})`);
    await page.close();
  }
  for (const link of ["preset=lp-run", "lesson=akerlof-spiral&step=1"]) {
    const { page } = await openPage(link);
    const s = await state(page);
    check(s.start_screen === false && !s.ui["start.class"], `#${link}: no start screen`);
    await page.close();
  }

  // ---- 2. lessons: the view of each step, a link to a middle step
  {
    // Lesson 7, step 5 (Run, Adverse selection) -> Next -> step 6 (Notice, the Pool tab): the view follows.
    const { page, errors } = await openPage("lesson=screening-menus&step=4");
    let s = await state(page);
    check(s.preset === "screening-menu" && s.view === "adverse" && s.lesson_step === 4, `#lesson=screening-menus&step=4: ${s.preset}, view ${s.view}`);
    await click(page, "lesson.next");
    await frames(page, 2);
    s = await state(page);
    check(s.lesson_step === 5 && s.view === "pool" && s.fragment.includes("pool/menu/0/feeRule/params/rate=0.002"),
      `Next: step 6 shows the Pool view, on step 4's scenario (view ${s.view}, #${s.fragment})`);
    check(errors.length === 0, `no console errors in lessons (${errors.slice(0, 3).join(" | ")})`);
    await page.close();
  }
  {
    // A Notice step whose scenario is the Predict step's two before: isolated pools. Its numbers are the lesson's.
    const { page } = await openPage("lesson=tiered-pools&step=5");
    let s = await state(page);
    check(s.preset === "tiered-pools" && s.view === "pools" && s.panel === "lessons" && s.messages.length === 0 &&
      s.fragment === "preset=tiered-pools&seed=1&lesson=tiered-pools&step=5&backstop/capital=0&backstop/feeShare=0",
      `#lesson=tiered-pools&step=5 runs step 4's isolated pools on the Pools view (#${s.fragment}, view ${s.view})`);
    await call(page, "mutualab_step", ["number"], [10000]);
    await frames(page, 3);
    s = await state(page);
    const sol = s.sides[0].pools[2];
    check(sol.name === "sol" && sol.unpaid > 3650 && sol.unpaid < 3750, `SOL's buyers go unpaid about 3,700, as the step says (${sol.unpaid.toFixed(0)})`);
    await page.locator("#canvas").screenshot({ path: path.join(shots, "classroom-lesson-link-1280x720.png") });
    await page.close();
  }
  {
    // Lesson 9: the Notice steps run their Predict step's pool, by ratio then by ES, and end where the native run ends.
    for (const [step, rule, nav] of [[2, "&pool/admission/rule=ratio", 11.0887], [5, "", 4.7071]]) {
      const { page } = await openPage(`lesson=var-admission&step=${step}`);
      let s = await state(page);
      check(s.preset === "var-admission" && s.view === "pool" &&
        s.fragment === `preset=var-admission&seed=1&lesson=var-admission&step=${step}${rule}`,
        `#lesson=var-admission&step=${step} runs its pool on the Pool view (#${s.fragment}, view ${s.view})`);
      await call(page, "mutualab_step", ["number"], [10000]);
      s = await state(page);
      check(Math.abs(s.sides[0].nav - nav) < 5e-5, `its NAV per share ends at ${nav}, as seed 1's native run (${s.sides[0].nav})`);
      await page.close();
    }
  }
  {
    const { page } = await openPage("lesson=governance-responds&step=8");
    let s = await state(page);
    check(s.preset === "governance-responds" && s.view === "pool" && s.fragment.includes("governance/rules/0/params/trigger=1.5"),
      `#lesson=governance-responds&step=8 runs step 6's trigger 1.5 on the Pool view (#${s.fragment})`);
    await call(page, "mutualab_step", ["number"], [10000]);
    s = await state(page);
    const g = s.sides[0].governance;
    check(g.length > 0 && g[0].step === 44 && g[0].name === "circuit-breaker" && g[0].set_labels.includes("fee rule: loading = 0.8"),
      `its violet mark is at step 44, as the step says, and reads in names (${JSON.stringify(g[0])})`);
    await page.close();
  }

  {
    // Every Pool view and Adverse selection view step of every lesson at a projector's 1280x720: the charts
    // its text names (lesson_charts) are drawn first and end inside the canvas, so the class sees them
    // without scrolling; at text 1x every one, at 1.5x the Pool view's first and every Adverse selection
    // view one (lesson 3 compares two fee rules: two strips of writers above the charts).
    const { page } = await openPage("lesson=capital-efficiency&step=0");
    const lessons = { "capital-efficiency": 3, "akerlof-spiral": 3, "fee-rules": 6, "lp-run": 6, "black-swan": 3,
      "screening-menus": 6, "governance-responds": 9, "var-admission": 6 };
    for (const scale of [1, 1.5]) {
      await call(page, "mutualab_set_text_scale", ["number"], [scale]);
      const steps = { pool: 0, adverse: 0 }, below = [];
      for (const [lesson, n] of Object.entries(lessons))
        for (let k = 0; k < n; ++k) {
          await call(page, "mutualab_open_fragment", ["string"], [`lesson=${lesson}&step=${k}`]);
          await call(page, "mutualab_step", ["number"], [60]);
          await frames(page, 3);
          const s = await state(page);
          if (!(s.view in steps)) continue;
          ++steps[s.view];
          if (s.lesson_charts.length === 0) below.push(`${lesson} step ${k} names no chart`);
          const shown = scale === 1 || s.view === "adverse" ? s.lesson_charts : s.lesson_charts.slice(0, 1);
          for (const name of shown) {
            const r = s.ui[name];
            if (!r || r[1] < 0 || r[1] + r[3] > 720) below.push(`${lesson} step ${k}: ${name} at ${JSON.stringify(r)}`);
          }
          if (lesson === "fee-rules" && k === 4 && scale === 1.5)
            await page.locator("#canvas").screenshot({ path: path.join(shots, "classroom-lesson3-asi-text-1.5x-1280x720.png") });
        }
      // 28 Pool view steps today (lessons 1, 4, 5, 8 and 9 and the last step of 7), 14 Adverse selection view
      // steps (lessons 2 and 3, and 7 but its last)
      check(steps.pool >= 28 && steps.adverse >= 14 && below.length === 0,
        `each of the ${steps.pool} Pool view and ${steps.adverse} Adverse selection view lesson steps shows its ` +
        `charts within 1280x720 at text ${scale}x (${below.join("; ")})`);
    }
    await call(page, "mutualab_set_text_scale", ["number"], [1]);
    await page.close();
  }

  // ---- 3. keys, whatever was clicked last
  {
    const { page, errors } = await openPage("lesson=black-swan&step=0");
    const pause = () => call(page, "mutualab_set_running", ["number"], [0]);
    async function keysWork(after) {
      await pause();
      let s = await state(page);
      await page.keyboard.press("Space");
      const played = (await state(page)).running;
      await page.keyboard.press("Space");
      const paused = !(await state(page)).running;
      s = await state(page);
      const step0 = s.step;
      await page.keyboard.press("ArrowRight");
      const stepped = (await state(page)).step === step0 + 1;
      const v0 = s.steps_per_second;
      await page.keyboard.press("ArrowUp");
      const up = (await state(page)).steps_per_second;
      await page.keyboard.press("ArrowDown");
      const down = (await state(page)).steps_per_second;
      const expectUp = speeds.find((v) => v > v0 + 1e-3) ?? v0;
      const expectDown = [...speeds].reverse().find((v) => v < expectUp - 1e-3) ?? expectUp;
      check(played && paused && stepped && up === expectUp && down === expectDown,
        `after ${after}: Space plays (${played}) and pauses (${paused}), Right steps (${stepped}), Up ${v0.toFixed(1)} -> ${up}, Down -> ${down}`);
    }
    await click(page, "toolbar.speed");
    await keysWork("clicking the speed slider");
    await click(page, "toolbar.text");  // opens the text size combo
    await keysWork("opening a combo");
    await click(page, "toolbar.text");  // closes it
    await click(page, "tab.pool");
    await keysWork("clicking the Pool tab");
    let s = await state(page);
    check(s.view === "pool", `the Pool tab is in front (${s.view})`);
    await click(page, "toolbar.step");
    await keysWork("clicking the Step button");
    await click(page, "lesson.next");
    s = await state(page);
    check(s.lesson_step === 1, `the lesson's Next button went to step 2 (${s.lesson_step})`);
    await keysWork("clicking the lesson's Next button");
    // An element outside the canvas has the focus: the key still reaches the playground, and the element's
    // own action (a button pressed by Space) does not happen.
    await page.evaluate(() => {
      const b = document.createElement("button");
      b.id = "outside";
      b.textContent = "outside";
      b.style.cssText = "position:fixed;right:0;bottom:0;z-index:10";
      window.outsideClicks = 0;
      b.addEventListener("click", () => window.outsideClicks++);
      document.body.appendChild(b);
    });
    await page.click("#outside");
    const before = await page.evaluate(() => window.outsideClicks);
    check((await page.evaluate(() => document.activeElement.id)) === "outside", "the button outside the canvas has the focus");
    await keysWork("clicking a button outside the canvas");
    check((await page.evaluate(() => window.outsideClicks)) === before, "Space did not press the focused page button");
    await page.focus("#canvas");

    // A presentation clicker: PageDown / PageUp walk the lesson.
    await call(page, "mutualab_open_fragment", ["string"], ["#lesson=black-swan&step=0"]);
    await page.keyboard.press("PageDown");
    s = await state(page);
    check(s.lesson_step === 1 && s.view === "pool", `PageDown: the lesson's next step (${s.lesson_step})`);
    await page.keyboard.press("PageDown");
    await page.keyboard.press("PageDown");
    s = await state(page);
    check(s.lesson_step === 2, `PageDown stops at the last step (${s.lesson_step})`);
    await page.keyboard.press("PageUp");
    s = await state(page);
    check(s.lesson_step === 1, `PageUp: the previous step (${s.lesson_step})`);

    // A text field has the keyboard: Space and Right are typed there, not played.
    await pause();
    await click(page, "tab.share");
    await click(page, "share.link");
    check(await page.evaluate(() => Module.ccall("mutualab_text_input_active", "number", [], [])) === 1, "the Share tab's link field has the keyboard");
    s = await state(page);
    const stepBefore = s.step;
    await page.keyboard.type("a b");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("PageDown");
    s = await state(page);
    check(!s.running && s.step === stepBefore && s.lesson_step === 1,
      `typing 'a b', Right and PageDown in a text field neither play, step nor turn the lesson (running ${s.running}, step ${s.step})`);
    await click(page, "share.open");
    s = await state(page);
    check(s.messages.some((m) => m.includes("'a b' is not key=value")), `the space went into the field: ${s.messages.at(-1)}`);
    check(errors.length === 0, `no console errors with keys (${errors.slice(0, 3).join(" | ")})`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`\n${failures === 0 ? "passed" : `FAILED (${failures})`}: classroom test; screenshots in ${shots}`);
process.exit(failures === 0 ? 0 : 1);
