// `npm run import` as a person runs it: the real CLI in a child process, on an embedded database of its own (in
// `dataDir`), with no demo data and no logs on stdout. Rejects when the CLI exits non-zero, as execFile does.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export function importCli(dataDir: string, args: string[], timeout = 180_000) {
  return run(process.execPath, ["--import", "tsx", "src/sources/import-cli.ts", ...args], {
    env: {
      ...process.env,
      PGLITE_DIR: path.join(dataDir, "pglite"),
      SEED_DEMO: "off",
      DATABASE_URL: "",
      LOG_LEVEL: "silent",
    },
    timeout,
  });
}
