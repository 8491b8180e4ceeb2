/** The machine a benchmark ran on: every report states it, because absolute times only mean something with it. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { describeHnswlibBuild } from "../src/indexing/hnswlib-build.js";

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  onnxruntime: string;
  transformers: string;
  hnswlib: string;
  /** "portable" (as `npm install` compiles it) or "native (flags)" after `npm run native-hnsw`. */
  hnswlibBuild?: string;
  /** 1/5/15-minute load averages when the run started: other processes compete for the same cores. */
  loadAverage: number[];
}

const require = createRequire(import.meta.url);

/** Version of an installed package, found by walking up from its entry point (some hide package.json). */
function packageVersion(name: string, from?: string): string {
  try {
    const req = from ? createRequire(require.resolve(from)) : require;
    let dir = path.dirname(req.resolve(name));
    for (;;) {
      try {
        const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
          name?: string;
          version?: string;
        };
        if (pkg.name === name && pkg.version) return pkg.version;
      } catch {
        // no package.json at this level
      }
      const up = path.dirname(dir);
      if (up === dir) return "unknown";
      dir = up;
    }
  } catch {
    return "unknown";
  }
}

export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    // The ONNX Runtime that transformers.js itself loads, not whatever else might be installed.
    onnxruntime: packageVersion("onnxruntime-node", "@huggingface/transformers"),
    transformers: packageVersion("@huggingface/transformers"),
    hnswlib: packageVersion("hnswlib-node"),
    hnswlibBuild: describeHnswlibBuild(),
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
