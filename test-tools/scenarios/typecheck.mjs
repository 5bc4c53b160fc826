// Type-checks generated TypeScript files with this folder's typescript and type packages (tsc --noEmit --strict):
// object literals typed with a model's interface fail on unknown fields as well as on wrong types.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const tools = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Runs tsc over `files` (absolute paths, all in `dir`); returns its diagnostics, one string each. */
export function typecheck(dir, files) {
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: "es2022", module: "esnext", moduleResolution: "bundler",
      skipLibCheck: true, types: [], paths: { "*": [join(tools, "node_modules", "*")] },
    },
    files,
  }, null, 2));
  const run = spawnSync(join(tools, "node_modules", ".bin", "tsc"), ["-p", join(dir, "tsconfig.json")],
    { encoding: "utf8" });
  if (run.error) {
    throw run.error;
  }
  const output = (run.stdout + run.stderr).trim();
  if (run.status === 0) {
    return [];
  }
  return output ? output.split(/\r?\n(?=\S)/) : [`tsc exited with ${run.status}`];
}
