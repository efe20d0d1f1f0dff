// Lints the OpenAPI description that OpenApiIntegrationTests wrote, with Redocly CLI (the version package-lock.json
// pins) and redocly.yaml's rules. Run by the e2e module's verify phase (decision 019):
//   node lint.mjs <description> <the -Dtest filter, or the unresolved "${test}" when none was given>
// A missing description fails a full run; a run filtered to other tests skips the lint instead.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const [description, testFilter = ""] = process.argv.slice(2);
const here = (file) => fileURLToPath(new URL(file, import.meta.url));
if (!description || !existsSync(description)) {
  if (testFilter && !testFilter.startsWith("${")) {
    console.log(`OpenAPI lint skipped: ${description} was not written by this run (-Dtest=${testFilter}).`);
    process.exit(0);
  }
  console.error(`OpenAPI lint failed: ${description} was not written; OpenApiIntegrationTests writes it.`);
  process.exit(1);
}
const lint = spawnSync(process.execPath,
  [here("node_modules/@redocly/cli/bin/cli.js"), "lint", description, "--config", here("redocly.yaml")],
  { stdio: "inherit", env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } });
process.exit(lint.status ?? 1);
