// `next build` adds its dist folder's types to tsconfig.json and start.ts writes the file back afterwards: check that
// the bench's build left it as it was (against git, and against the copy taken before the run).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

export function snapshotTsconfig(): string {
  return readFileSync("tsconfig.json", "utf8");
}

export type TsconfigCheck = { gitClean: boolean | null; unchangedByRun: boolean };

export function checkTsconfig(before: string): TsconfigCheck {
  const git = spawnSync("git", ["diff", "--quiet", "tsconfig.json"]);
  const result = {
    gitClean: git.status === 0 ? true : git.status === 1 ? false : null,
    unchangedByRun: snapshotTsconfig() === before,
  };
  const gitText = result.gitClean === null ? "could not be checked" : result.gitClean ? "clean" : "MODIFIED";
  const runText = result.unchangedByRun
    ? "unchanged by this run"
    : "CHANGED BY THIS RUN (start.ts did not restore it)";
  console.info(`  tsconfig.json: git diff ${gitText}; ${runText}`);
  return result;
}
