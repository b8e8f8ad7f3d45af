// Same numbers everywhere: the playground's simulation compiled to
// WebAssembly (mutualab-core.js, under node) against the native command line
// (`mutualab run --reps 1`): every preset (as `mutualab presets --json` lists them), two seeds each, and a comparison
// side B, must give byte-identical summary.json files. This holds because
// both builds use musl's math functions (cmake/portable_libm.cmake) and
// Boost.Random's distributions; a last-bit difference in exp or log would
// otherwise flip an agent's choice somewhere in a learning run.
//
//   node tests/web/wasm_parity.test.mjs --core build/wasm/web/mutualab-core.js --cli build/release/mutualab
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";

import { pathArg } from "./paths.mjs";

const core = pathArg("--core", "build/wasm/web/mutualab-core.js");
const cli = pathArg("--cli", "build/release/mutualab");
for (const f of [core, cli]) if (!fs.existsSync(f)) { console.error(`error: ${f} is missing (bash scripts/setup.sh builds it)`); process.exit(1); }

// Every preset the CLI has, so a new preset is covered the day it is added.
const listed = spawnSync(cli, ["presets", "--json"], { encoding: "utf8" });
if (listed.status !== 0) { console.error(`error: ${cli} presets --json failed: ${listed.stderr}`); process.exit(1); }
const presets = JSON.parse(listed.stdout).map((p) => p.name);
// [preset, seed, extra args for both, extra args for the WASM core only]
const cases = [];
presets.forEach((p, i) => { cases.push([p, String(3 + i), [], []]); cases.push([p, String(1000 + 7 * i), [], []]); });
// Side B of a comparison = the same scenario with another fee rule.
cases.push(["akerlof-flat-fee", "5", ["--set", "pool/feeRule/name=credibility"], null]);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mutualab-parity-"));
let failures = 0;

function compare(nat, web) {
  let n = 0, same = 0, worst = 0;
  const mismatches = [];
  const walk = (x, y, p) => {
    if (typeof x === "number" && typeof y === "number") {
      n++;
      if (x === y) same++;
      else if (Number.isInteger(x) && Number.isInteger(y)) mismatches.push(`${p}: ${x} vs ${y}`);
      else worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y)));
    } else if (x && y && typeof x === "object" && typeof y === "object") {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[k], y[k], `${p}/${k}`);
    } else if (JSON.stringify(x) !== JSON.stringify(y)) mismatches.push(`${p}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
  };
  walk(nat, web, "");
  return { n, same, worst, mismatches };
}

for (const [k, [preset, seed, set, coreOnly]] of cases.entries()) {
  const out = path.join(tmp, String(k));
  const a = spawnSync(cli, ["run", `preset:${preset}`, "--seed", seed, "--reps", "1", "--out", out, "--quiet", ...set], { encoding: "utf8" });
  // The comparison case: the native run with the rule set directly vs the playground's side B.
  const coreArgs = coreOnly === null ? ["--compare", set[1].split("=")[1], "--side", "1"] : [...set, ...coreOnly];
  const b = spawnSync(process.execPath, ["--no-experimental-fetch", core, "run", `preset:${preset}`, "--seed", seed, ...coreArgs], { encoding: "utf8", maxBuffer: 1 << 26 });
  const label = `${preset} seed ${seed}${coreOnly === null ? " (side B of a comparison vs --set)" : ""}`;
  if (a.status !== 0 || b.status !== 0) {
    console.log(`FAIL ${label}: native exit ${a.status}, wasm exit ${b.status}\n${a.stderr}${b.stderr}`);
    failures++;
    continue;
  }
  const natText = fs.readFileSync(path.join(out, "summary.json"), "utf8");
  let nat = JSON.parse(natText);
  let web = JSON.parse(b.stdout);
  if (coreOnly === null) {  // side B's scenario is named after its rule; everything else must match
    web.scenario.name = nat.scenario.name;
    web.scenario_name = nat.scenario_name;
  }
  // Byte for byte; side B only after its name is aligned.
  const identical = coreOnly === null ? JSON.stringify(nat) === JSON.stringify(web) : natText === b.stdout;
  const r = compare(nat, web);
  console.log(`${identical ? "ok  " : "FAIL"} ${label}: ${identical ? "identical" : `${r.same}/${r.n} numbers bit-identical, largest relative difference ${r.worst.toExponential(2)}; ${r.mismatches.slice(0, 3).join("; ")}`}`);
  if (!identical) failures++;
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(failures === 0 ? "passed" : `FAILED (${failures})`);
process.exit(failures === 0 ? 0 : 1);
