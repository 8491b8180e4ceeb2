/** Every entry under a folder with its kind and exact bytes (or link target), to prove nothing was touched. */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";

export function snapshotTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (full: string, rel: string) => {
    const st = lstatSync(full);
    if (st.isSymbolicLink()) out[rel] = `link → ${readlinkSync(full)}`;
    else if (st.isDirectory()) {
      out[rel] = "folder";
      for (const name of readdirSync(full).sort()) visit(path.join(full, name), rel ? `${rel}/${name}` : name);
    } else out[rel] = `file ${readFileSync(full).toString("base64")}`;
  };
  visit(root, "");
  return out;
}
