// The analysers' warm-up after listening: it gives the event loop back between slices (so
// /healthz and early turns are answered meanwhile) and leaves every analyser's answers unchanged.
import { describe, expect, it } from 'vitest';
import { warmUpEngines } from '../src/app.js';
import { checkIStatement } from '../src/coaching/istatement.js';
import { checkApology } from '../src/coaching/apology.js';
import { screenMessage } from '../src/nlu/safety.js';
import { routeMessage } from '../src/nlu/router.js';

const samples = [
  'you never listen to me',
  'You ALWAYS do this, you are so selfish!!',
  "I'm sorry if you were upset, but you started it",
  "I'm sorry I shouted at you. It was unfair, and next time I'll take a break before I answer.",
  'I want to kill myself',
  'he hits me when he drinks',
  'should we see a couples counsellor?',
];

const answers = (): unknown[] => samples.map((s) => [checkIStatement(s), checkApology(s), screenMessage(s), routeMessage(s)]);

describe('warmUpEngines', () => {
  it('yields to the event loop between slices and then resolves', async () => {
    let finished = false;
    let ranMeanwhile = false;
    const warm = warmUpEngines(0).then(() => {
      finished = true;
    });
    setImmediate(() => {
      ranMeanwhile = !finished;
    });
    await warm;
    expect(finished).toBe(true);
    expect(ranMeanwhile).toBe(true);
  });

  it('leaves every analyser answering as before (no pattern keeps state from the warm-up)', async () => {
    const before = answers();
    await warmUpEngines();
    expect(answers()).toEqual(before);
  });
});
