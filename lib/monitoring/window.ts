/**
 * The time window every signal query takes: [from, to) and the width of one series point. Longer windows group
 * coarser so a chart has a few hundred points at most: 1 h by minute (60), 24 h by 10 minutes (144), 7 d by hour (168).
 */
export type SignalWindow = { from: Date; to: Date; stepSeconds: number };
export type WindowName = "1h" | "24h" | "7d";

const PRESETS: Record<WindowName, { seconds: number; stepSeconds: number }> = {
  "1h": { seconds: 3600, stepSeconds: 60 },
  "24h": { seconds: 86_400, stepSeconds: 600 },
  "7d": { seconds: 604_800, stepSeconds: 3600 },
};

/**
 * A preset ending now. `to` is the end of the current step, `from` a whole number of steps before it, so every
 * point covers a full step (the last one is the step in progress).
 */
export function windowFor(name: WindowName, now = new Date()): SignalWindow {
  const { seconds, stepSeconds } = PRESETS[name];
  const stepMs = stepSeconds * 1000;
  const to = new Date(Math.floor(now.getTime() / stepMs) * stepMs + stepMs);
  return { from: new Date(to.getTime() - seconds * 1000), to, stepSeconds };
}

/** The start of every step in the window, oldest first (series are filled with zeros on these). */
export function stepStarts(w: SignalWindow): number[] {
  const stepMs = w.stepSeconds * 1000;
  const out: number[] = [];
  for (let t = Math.floor(w.from.getTime() / stepMs) * stepMs; t < w.to.getTime(); t += stepMs) out.push(t);
  return out;
}
