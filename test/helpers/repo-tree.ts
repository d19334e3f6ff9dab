/** The repository's own tree, as git sees it: tracked files and new ones git does not ignore. */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Top-level folders holding at least one file of the project (build output, data and artifacts left out by .gitignore). */
export function topLevelFolders(): string[] {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }).split("\0");
  const folders = new Set(files.filter((f) => f.includes("/")).map((f) => f.split("/")[0]!));
  return [...folders].filter((f) => !f.startsWith(".")).sort();
}
