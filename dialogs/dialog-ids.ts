// Dialog ids in one place, so the root can begin flows by name and tests can assert the stack.
export const DialogIds = {
  main: 'main',
  crisis: 'crisis',
  safetyCheck: 'safetyCheck',
  istatement: 'istatement',
  apology: 'apology',
  escalate: 'escalate',
} as const;

export type FlowId = typeof DialogIds.istatement | typeof DialogIds.apology | typeof DialogIds.escalate;
export const FLOW_IDS: readonly FlowId[] = [DialogIds.istatement, DialogIds.apology, DialogIds.escalate];

export function isFlowId(id: string | undefined): id is FlowId {
  return id !== undefined && (FLOW_IDS as readonly string[]).includes(id);
}
