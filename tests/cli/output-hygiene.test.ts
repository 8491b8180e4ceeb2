/** What a user's terminal, log file or CI log gets: no colour codes outside a terminal, no npm config warnings. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useColor } from "../../src/log.js";
import { REPO_ROOT } from "../helpers/env.js";

const ESC = "\u001b[";
const FIXTURE = "tests/cli/fixtures/log-warning.ts";

/** The parent's environment without NO_COLOR/FORCE_COLOR, plus `extra`. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { NO_COLOR: _n, FORCE_COLOR: _f, ...rest } = process.env;
  return { ...rest, ...extra };
}

/** Run the fixture with stderr on a pseudo-terminal (util-linux `script`), returning what the terminal showed. */
function onTerminal(extra: Record<string, string> = {}): string {
  const r = spawnSync("script", ["-qec", `${process.execPath} --import tsx ${FIXTURE}`, "/dev/null"], {
    cwd: REPO_ROOT,
    env: env(extra),
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(r.status).toBe(0);
  return r.stdout;
}

describe("colour", () => {
  it("given stderr is a pipe, when a warning is logged, then it carries no ANSI escape codes", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", FIXTURE], {
      cwd: REPO_ROOT,
      env: env(),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("skipped a file");
    expect(r.stderr).not.toContain(ESC);
  });

  it("given a terminal, then warnings are coloured, and with NO_COLOR they are not", () => {
    const coloured = onTerminal();
    expect(coloured).toContain("skipped a file");
    expect(coloured).toContain(ESC);
    const plain = onTerminal({ NO_COLOR: "1" });
    expect(plain).toContain("skipped a file");
    expect(plain).not.toContain(ESC);
  });

  it("given NO_COLOR set but empty, then it counts as unset", () => {
    expect(useColor({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
    expect(useColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(useColor({ isTTY: false }, {})).toBe(false);
  });
});

describe("npm", () => {
  it("given the project's npm configuration, when an npm command runs, then npm prints no config warning", () => {
    // Without the npm_config_* variables of the npm that started this test run: only the project's files count.
    const clean = Object.fromEntries(Object.entries(env()).filter(([k]) => !k.toLowerCase().startsWith("npm_config_")));
    const r = spawnSync("npm", ["config", "get", "registry"], { cwd: REPO_ROOT, env: clean, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/Unknown (project|user|env) config/);
  });
});

describe("onnxruntime-node's CUDA download", () => {
  it("given package.json, then npm denies onnxruntime-node's install script (no CUDA download, no .npmrc setting needed)", () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    expect(pkg.allowScripts["onnxruntime-node"]).toBe(false);
  });
});
