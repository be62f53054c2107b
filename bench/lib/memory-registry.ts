/**
 * Peak RSS figures the filing and pipeline benchmarks record for the memory
 * benchmark (7), which runs after them in the same process.
 */
export const peakRss: Record<string, number> = {};

export function recordPeak(label: string, mb: number): void {
  if (!Number.isFinite(mb)) return;
  peakRss[label] = Math.max(peakRss[label] ?? 0, mb);
}
