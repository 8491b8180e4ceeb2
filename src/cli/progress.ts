/** Build progress: a live bar on a terminal, plain log lines otherwise (CI logs, pipes). */
import cliProgress from "cli-progress";
import type { BuildProgress } from "../indexing/build-index.js";

export function createProgress(interactive: boolean, write: (line: string) => void): BuildProgress {
  if (interactive) {
    let bar: cliProgress.SingleBar | undefined;
    return {
      start(total, label) {
        bar = new cliProgress.SingleBar(
          {
            format: `${label.padEnd(10)} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`,
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      },
      update: (done) => bar?.update(done),
      stop: () => bar?.stop(),
    };
  }
  let total = 0;
  let label = "";
  let lastTenth = -1;
  return {
    start(t, l) {
      total = t;
      label = l;
      lastTenth = -1;
      write(`${label}: 0/${total}`);
    },
    update(done) {
      const tenth = Math.floor((done / Math.max(1, total)) * 10);
      if (tenth > lastTenth && done > 0) {
        lastTenth = tenth;
        write(`${label}: ${done}/${total}`);
      }
    },
    stop() {},
  };
}
