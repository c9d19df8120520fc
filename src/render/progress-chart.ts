// The progress chart: one bar per recent practice (height = checker score, colour = flow), faint
// guides at 50 and 100, and a line through the running average. A PNG, drawn on the server.
import { Raster } from './png.js';
import type { PracticeFlow } from '../coaching/progress.js';

const COLOURS: Record<PracticeFlow, readonly [number, number, number, number]> = {
  istatement: [0, 120, 124, 255],
  apology: [110, 70, 160, 255],
};
const GUIDE: readonly [number, number, number, number] = [200, 200, 205, 255];
const AVERAGE: readonly [number, number, number, number] = [230, 120, 30, 255];
const EMPTY: readonly [number, number, number, number] = [235, 235, 238, 255];

export function renderProgressChart(scores: readonly { flow: PracticeFlow; score: number }[], width = 360, height = 140): Buffer {
  const raster = new Raster(width, height);
  const pad = 10;
  const plotH = height - pad * 2;
  const y = (score: number): number => pad + plotH * (1 - Math.max(0, Math.min(100, score)) / 100);
  raster.fillRect(pad, y(100), width - pad * 2, 1, GUIDE);
  raster.fillRect(pad, y(50), width - pad * 2, 1, GUIDE);
  raster.fillRect(pad, y(0), width - pad * 2, 2, GUIDE);
  if (scores.length === 0) {
    raster.fillRect(pad, y(50) - 10, width - pad * 2, 20, EMPTY);
    return raster.toPng();
  }
  const slot = (width - pad * 2) / Math.max(scores.length, 5);
  const barW = Math.max(2, slot * 0.7);
  const centres: number[] = [];
  scores.forEach(({ flow, score }, i) => {
    const x = pad + slot * i + (slot - barW) / 2;
    const top = y(score);
    raster.fillRect(x, top, barW, y(0) - top, COLOURS[flow]);
    centres.push(x + barW / 2);
  });
  // Running average (over up to the last three), so the direction reads at a glance.
  const running = scores.map((_, i) => {
    const window = scores.slice(Math.max(0, i - 2), i + 1);
    return window.reduce((s, p) => s + p.score, 0) / window.length;
  });
  for (let i = 1; i < running.length; i += 1) raster.line(centres[i - 1]!, y(running[i - 1]!), centres[i]!, y(running[i]!), 3, AVERAGE);
  return raster.toPng();
}
