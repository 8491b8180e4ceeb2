// Entry of the embedding thread when quotebot runs from its TypeScript sources (tsx, vitest): a worker does not
// inherit the parent's loader hooks, so tsx is registered here before the worker module is imported.
import { register } from "tsx/esm/api";

register();
await import("./embedder-worker.ts");
