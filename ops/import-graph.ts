/**
 * The import graph between top-level folders, as dependency-cruiser sees it with the
 * project's rules (.dependency-cruiser.mjs): one line per folder pair with how many
 * imports cross it, then every rule violation. `npm run graph:imports`; with `--mermaid`
 * it prints a Mermaid flowchart instead (docs/architecture.md embeds one).
 */
import { cruise, type ICruiseResult } from "dependency-cruiser";
import { runCommand } from "../platform/run-command.ts";

const folderOf = (path: string) => (path.includes("/") && !path.startsWith("node_modules/") ? path.split("/")[0]! : undefined);

/** Import counts per `from → to` pair of top-level folders (imports inside one folder left out). */
export function folderEdges(result: ICruiseResult): Map<string, number> {
  const edges = new Map<string, number>();
  for (const module of result.modules) {
    const from = folderOf(module.source);
    for (const dependency of module.dependencies) {
      const to = dependency.coreModule ? undefined : folderOf(dependency.resolved);
      if (!from || !to || from === to) continue;
      const key = `${from} → ${to}`;
      edges.set(key, (edges.get(key) ?? 0) + 1);
    }
  }
  return new Map([...edges].sort(([a], [b]) => a.localeCompare(b)));
}

runCommand(import.meta, async () => {
  const rules = (await import(new URL("../.dependency-cruiser.mjs", import.meta.url).href)) as { default: { forbidden: never[] } };
  const { output } = await cruise(["."], {
    ruleSet: { forbidden: rules.default.forbidden },
    validate: true,
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|target|results|\\.data)/" },
  });
  const result = output as ICruiseResult;
  const edges = folderEdges(result);
  if (process.argv.includes("--mermaid")) {
    console.log("flowchart BT");
    for (const key of edges.keys()) console.log(`  ${key.replace(" → ", " --> ").replace(/-(?=[a-z])/g, "_")}`);
    return 0;
  }
  for (const [key, count] of edges) console.log(`${String(count).padStart(5)}  ${key}`);
  const violations = result.summary.violations;
  console.log(`${edges.size} folder pairs, ${[...edges.values()].reduce((a, b) => a + b, 0)} imports across folders, ${violations.length} violations`);
  for (const v of violations) console.log(`  ${v.rule.name}: ${v.from} → ${v.to}`);
  return violations.length === 0 ? 0 : 1;
});
