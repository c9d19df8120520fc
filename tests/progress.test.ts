import { describe, expect, it } from 'vitest';
import { practiceStreak, recordPractice, suggestPractice, summariseProgress, type PracticeHistory, type PracticeRecord } from '../src/coaching/progress.js';
import { renderProgressChart } from '../src/render/progress-chart.js';
import { decodePng } from './helpers/png.js';

const at = (day: number, hour = 12): string => new Date(Date.UTC(2026, 10, day, hour)).toISOString();
const rec = (flow: PracticeRecord['flow'], day: number, score: number, issues: string[] = []): PracticeRecord => ({ flow, at: at(day), score, issues });
const history = (...records: PracticeRecord[]): PracticeHistory => records.reduce<PracticeHistory>((h, r) => recordPractice(h, r), { practices: [] });

describe('practice history', () => {
  it('keeps scores in 0..100, de-duplicates issues and caps the history', () => {
    let h = recordPractice(undefined, { flow: 'apology', at: at(1), score: 140, issues: ['but_clause', 'but_clause'] });
    expect(h.practices[0]).toMatchObject({ score: 100, issues: ['but_clause'] });
    for (let i = 0; i < 10; i += 1) h = recordPractice(h, rec('istatement', 2, i), 5);
    expect(h.practices.map((p) => p.score)).toEqual([5, 6, 7, 8, 9]);
  });

  it.each([
    ['no practice', [], 20, { current: 0, best: 0 }],
    ['today only', [18], 18, { current: 1, best: 1 }],
    ['three days in a row up to yesterday', [15, 16, 17], 18, { current: 3, best: 3 }],
    ['a gap breaks the run', [10, 11, 12, 15, 16], 16, { current: 2, best: 3 }],
    ['two days ago is over', [14, 15], 17, { current: 0, best: 2 }],
    ['several practices in one day count once', [16, 16, 16, 17], 17, { current: 2, best: 2 }],
  ])('streak: %s', (_name, days, today, expected) => {
    const h = history(...(days as number[]).map((d) => rec('istatement', d, 50)));
    expect(practiceStreak(h, new Date(at(today as number)))).toEqual(expected);
  });

  it('summarises counts, trend, the most frequent trap and the least used flow', () => {
    const h = history(
      ...[40, 45, 50, 40, 45].map((s, i) => rec('istatement', i + 1, s, ['absolute'])),
      ...[70, 75, 80].map((s, i) => rec('istatement', i + 6, s, ['you_blame'])),
      rec('apology', 9, 90, ['but_clause']),
      rec('apology', 10, 85, ['absolute']),
    );
    const s = summariseProgress(h, new Date(at(10)));
    expect(s.counts).toEqual({ istatement: 8, apology: 2 });
    expect(s.total).toBe(10);
    expect(s.trend).toBe('up');
    expect(s.topIssue).toEqual({ issue: 'absolute', count: 6 });
    expect(s.leastUsed).toBe('apology');
    expect(s.recent).toHaveLength(10);
    expect(suggestPractice(s)).toEqual({ kind: 'issue', issue: 'absolute' });
  });

  it('suggests starting when there is no history, and the least used flow when no trap repeats', () => {
    expect(suggestPractice(summariseProgress({ practices: [] }, new Date(at(1))))).toEqual({ kind: 'start' });
    const s = summariseProgress(history(rec('apology', 1, 80, ['excuse'])), new Date(at(1)));
    expect(suggestPractice(s)).toEqual({ kind: 'flow', flow: 'istatement' });
  });
});

describe('progress chart', () => {
  it.each([0, 1, 50])('renders a valid, non-empty PNG for %i practices', (n) => {
    const scores = Array.from({ length: n }, (_, i) => ({ flow: i % 3 === 0 ? ('apology' as const) : ('istatement' as const), score: (i * 37) % 101 }));
    const png = renderProgressChart(scores);
    const { width, height, pixels } = decodePng(png);
    expect([width, height]).toEqual([360, 140]);
    // Not a blank image: some pixels are not white.
    let coloured = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] !== 255 || pixels[i + 1] !== 255 || pixels[i + 2] !== 255) coloured += 1;
    expect(coloured).toBeGreaterThan(n === 0 ? 100 : 500);
  });

  it('draws taller bars for higher scores', () => {
    const count = (png: Buffer): number => {
      const { pixels } = decodePng(png);
      let teal = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i] === 0 || pixels[i + 1] === 120) teal += 1;
      return teal;
    };
    expect(count(renderProgressChart([{ flow: 'istatement', score: 90 }]))).toBeGreaterThan(count(renderProgressChart([{ flow: 'istatement', score: 20 }])));
  });
});
