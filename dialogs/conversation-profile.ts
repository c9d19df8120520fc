// What Mend remembers about a conversation outside the dialog stack: the person's country (for
// helplines), whether an abuse signal has been seen (so no later step suggests couples
// counselling), and the turn count (which rotates reply variations).

export interface ConversationProfile {
  turns: number;
  /** Country code chosen for helplines, and where it came from. */
  country?: string;
  countrySource?: 'stated' | 'locale';
  /** Set once the safety screen sees partner abuse; never cleared within the conversation. */
  abuseSeen: boolean;
  /** The welcome has been shown (Teams can announce a new chat twice). */
  welcomed?: boolean;
}

export function newConversationProfile(): ConversationProfile {
  return { turns: 0, abuseSeen: false };
}
