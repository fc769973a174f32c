// What the machine did during a run, to judge the numbers: the server's own CPU time per request (all processes of
// its group, from Linux /proc; null elsewhere) and the load average (other work on the machine makes req/s noisy).
import { readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";

const MS_PER_TICK = 10; // USER_HZ = 100 on Linux

/** After "pid (name) ": state ppid pgrp … utime(12th) stime(13th). */
function statFields(pid: string | number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

export function groupCpuMs(pgid: number): number | null {
  let ticks = 0;
  try {
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      let f: string[];
      try {
        f = statFields(name);
      } catch {
        continue; // the process ended meanwhile
      }
      if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
    }
  } catch {
    return null;
  }
  return ticks * MS_PER_TICK;
}

/** One process's CPU time so far (null when it is gone or not on this machine). */
export function pidCpuMs(pid: number): number | null {
  try {
    const f = statFields(pid);
    return (Number(f[11]) + Number(f[12])) * MS_PER_TICK;
  } catch {
    return null;
  }
}

export const CORES = cpus().length;

export function loadAverage(): number {
  return loadavg()[0] ?? 0;
}
