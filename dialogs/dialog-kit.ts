// The parts of botbuilder-dialogs Mend uses, imported module by module. The package index also
// loads every prompt's language recognizers (dates, numbers, units): ~35 MB of RSS and ~150 ms
// of start-up that Mend, which only prompts for text, never needs. For the same reason the text
// prompt is Mend's own (text-prompt.ts): botbuilder's TextPrompt module loads those recognizers too.
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog.js';
export { Dialog, DialogReason, DialogTurnStatus, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs/lib/dialog.js';
export type { DialogContext, DialogState } from 'botbuilder-dialogs/lib/dialogContext.js';
export { DialogEvents } from 'botbuilder-dialogs/lib/dialogEvents.js';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet.js';
export { getActiveDialogContext, isFromParentToSkill, runDialog, shouldSendEndOfConversationToParent } from 'botbuilder-dialogs/lib/dialogHelper.js';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog.js';
export type { WaterfallStepContext } from 'botbuilder-dialogs/lib/waterfallStepContext.js';
