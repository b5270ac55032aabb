import type { ApiKeyRow } from "@/lib/schemas/keys/forms";

/** What the table hands a dialog about one of its keys (Edit, Roll, Revoke). */
export type KeyDialogProps<Result> = {
  /** The key; null while the dialog is closed. */
  target: ApiKeyRow | null;
  projectId: string;
  /** Called with the action's result, or with null when the dialog is dismissed. */
  onDone: (result: Result | null) => void;
  /** Where focus goes on close (the row's button, or the table once the row is gone). */
  returnFocusTo?: () => HTMLElement | null;
};
