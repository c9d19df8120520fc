// Adaptive Cards for results people may want to keep or copy (schema 1.4, which Teams and Web
// Chat both render). Cards only display; the follow-up buttons travel as suggested actions so
// they behave the same on every channel. All wording is passed in from content.
import { CardFactory, type Attachment } from 'botbuilder';

export interface CardSection {
  heading?: string;
  /** The main text; shown large and selectable so it is easy to copy. */
  body: string;
  subtle?: boolean;
}

export interface ResultCard {
  title: string;
  /** A picture under the title (a data: URL drawn by the server), with text for screen readers. */
  image?: { url: string; altText: string; heading?: string };
  sections: CardSection[];
  /** Bullet points under the sections (tips, reasons). */
  bullets?: { heading: string; items: string[] };
  footnote?: string;
}

export function resultCard(card: ResultCard): Attachment {
  const body: object[] = [{ type: 'TextBlock', text: card.title, weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading' }];
  if (card.image) {
    if (card.image.heading) body.push({ type: 'TextBlock', text: card.image.heading, wrap: true, isSubtle: true, size: 'Small' });
    body.push({ type: 'Image', url: card.image.url, altText: card.image.altText, size: 'Stretch' });
  }
  for (const section of card.sections) {
    if (section.heading) body.push({ type: 'TextBlock', text: section.heading, weight: 'Bolder', wrap: true, spacing: 'Medium' });
    body.push({
      type: 'Container',
      style: section.subtle ? 'default' : 'emphasis',
      items: [{ type: 'TextBlock', text: section.body, wrap: true, isSubtle: section.subtle ?? false }],
    });
  }
  if (card.bullets && card.bullets.items.length > 0) {
    body.push({ type: 'TextBlock', text: card.bullets.heading, weight: 'Bolder', wrap: true, spacing: 'Medium' });
    body.push({ type: 'TextBlock', text: card.bullets.items.map((i) => `- ${i}`).join('\n'), wrap: true });
  }
  if (card.footnote) body.push({ type: 'TextBlock', text: card.footnote, wrap: true, isSubtle: true, size: 'Small', spacing: 'Medium' });
  const fallbackText = [card.title, ...card.sections.map((s) => (s.heading ? `${s.heading}\n${s.body}` : s.body))].join('\n\n');
  return CardFactory.adaptiveCard({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.4', fallbackText, body });
}

/** Plain text of a result card, for channels without cards (the terminal, SMS-like clients). */
export function resultCardText(card: ResultCard): string {
  const parts = [`**${card.title}**`, ...(card.image ? [card.image.altText] : []), ...card.sections.map((s) => (s.heading ? `${s.heading}\n> ${s.body}` : `> ${s.body}`))];
  if (card.bullets && card.bullets.items.length > 0) parts.push(`${card.bullets.heading}\n${card.bullets.items.map((i) => `- ${i}`).join('\n')}`);
  if (card.footnote) parts.push(card.footnote);
  return parts.join('\n\n');
}
