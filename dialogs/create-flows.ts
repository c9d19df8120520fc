// The three coaching flows, keyed by the dialog id the root begins.
import type { Dialog } from './dialog-kit.js';
import { ApologyDialog } from './apology-dialog.js';
import type { FlowId } from './dialog-ids.js';
import { IStatementDialog } from './istatement-dialog.js';
import type { MendServices } from './services.js';
import { TriageDialog } from './triage-dialog.js';

export function createFlows(services: MendServices): Record<FlowId, Dialog> {
  return {
    istatement: new IStatementDialog(services),
    apology: new ApologyDialog(services),
    escalate: new TriageDialog(services),
  };
}
