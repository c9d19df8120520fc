// How practice history is shown: the "My progress" card (counts, streak, a chart, the trap that
// comes up most with a tip, a suggestion) and the one-line suggestion used elsewhere.
import type { Activity, TurnContext } from 'botbuilder';
import { suggestPractice, summariseProgress, type ProgressSummary } from '../src/coaching/progress.js';
import { renderProgressChart } from '../src/render/progress-chart.js';
import type { ResultCard } from './cards.js';
import type { MendServices } from './services.js';

export function suggestionText(context: TurnContext, services: MendServices, summary: ProgressSummary): string {
  const { voice } = services;
  const suggestion = suggestPractice(summary);
  switch (suggestion.kind) {
    case 'start':
      return voice.text(context, 'progress.suggest_start');
    case 'issue':
      return voice.text(context, 'progress.suggest_issue', { issue: voice.text(context, `progress.issue_${suggestion.issue}`) });
    case 'flow':
      return voice.text(context, `progress.suggest_flow_${suggestion.flow}`);
  }
}

export async function progressMessage(context: TurnContext, services: MendServices): Promise<Partial<Activity>> {
  const { voice, practice } = services;
  const summary = summariseProgress(await practice.history(context), practice.now());
  const buttons = voice.menuButtons(context);
  if (summary.total === 0) return voice.message(`${voice.text(context, 'progress.no_practice')}`, buttons);

  const round = (x: number | undefined): number => Math.round(x ?? 0);
  const trendKey = `progress.trend_${summary.trend}`;
  const trend = voice.text(context, trendKey, summary.trend === 'too_few' ? {} : { recent: round(summary.recentAverage), previous: round(summary.previousAverage) });
  const sections: ResultCard['sections'] = [
    { body: [voice.text(context, 'progress.counts', { istatement: summary.counts.istatement, apology: summary.counts.apology }), voice.text(context, 'progress.streak', summary.streak)].join('\n\n') },
    { body: trend, subtle: true },
  ];
  if (summary.topIssue) {
    const issue = summary.topIssue.issue;
    sections.push({ body: voice.text(context, 'progress.top_issue', { issue: voice.text(context, `progress.issue_${issue}`), count: summary.topIssue.count }) });
    sections.push({ heading: voice.text(context, 'progress.tip_heading'), body: voice.text(context, `progress.tip_${issue}`), subtle: true });
  }
  sections.push({ heading: voice.text(context, 'progress.suggest_heading'), body: suggestionText(context, services, summary), subtle: true });
  const scores = summary.recent;
  const png = renderProgressChart(scores);
  const card: ResultCard = {
    title: voice.text(context, 'progress.title'),
    image: {
      url: `data:image/png;base64,${png.toString('base64')}`,
      altText: voice.text(context, 'progress.chart_alt', { count: scores.length, first: scores[0]?.score ?? 0, last: scores[scores.length - 1]?.score ?? 0 }),
      heading: voice.text(context, 'progress.chart_heading', { count: scores.length }),
    },
    sections,
  };
  return voice.cardMessage(context, voice.text(context, 'progress.intro'), card, buttons);
}
