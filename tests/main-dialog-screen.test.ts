// The root dialog screens every message once: the router does not screen again what the screen
// has just read, but does screen on its own when a card payload made the two texts differ.
import { describe, expect, it } from 'vitest';
import { mendTestClient, type MendTestClient } from './helpers/mend-test-client.js';

function spy(t: MendTestClient): { screened: string[]; routed: { text: string; skipSafety: boolean }[] } {
  const seen = { screened: [] as string[], routed: [] as { text: string; skipSafety: boolean }[] };
  const { safety } = t.services;
  const screen = safety.screen.bind(safety);
  const route = t.services.route.bind(t.services);
  safety.screen = (text) => {
    seen.screened.push(text);
    return screen(text);
  };
  t.services.route = (text, options) => {
    seen.routed.push({ text, skipSafety: options?.skipSafety === true });
    return route(text, options);
  };
  return seen;
}

describe('one safety screen per message', () => {
  it('routes a typed message without screening it a second time', async () => {
    const t = mendTestClient();
    const seen = spy(t);
    await t.send('you never listen to me when I talk about my day');
    expect(seen.screened).toEqual(['you never listen to me when I talk about my day']);
    expect(seen.routed).toEqual([{ text: 'you never listen to me when I talk about my day', skipSafety: true }]);
    expect(t.stack()[0]).toMatch(/istatement/);
  });

  it('lets the router screen again when a card sent more than the text it routes', async () => {
    const t = mendTestClient();
    const seen = spy(t);
    await t.send({ text: 'you never listen to me', value: { note: 'from the card' } });
    expect(seen.screened).toEqual(['you never listen to me\nfrom the card']);
    expect(seen.routed).toEqual([{ text: 'you never listen to me', skipSafety: false }]);
  });

  it('still answers danger in a typed message with the crisis reply', async () => {
    const t = mendTestClient();
    const seen = spy(t);
    await t.send('i want to kill myself');
    expect(seen.routed).toEqual([]);
    expect(t.stack()[0]).toMatch(/crisis/);
  });
});
