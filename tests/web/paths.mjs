// Where the browser and parity tests find the builds: `--name PATH` on the
// command line (ctest passes them), else the default folders of scripts/setup.sh.
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// The value after `name` on the command line, or `fallback` relative to the repository root.
export function pathArg(name, fallback) {
  const i = process.argv.indexOf(name);
  return path.resolve(root, i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback);
}
