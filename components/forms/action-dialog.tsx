"use client";

import { useEffect, useRef, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";
import type { FormError, Refusal } from "./use-action-form";

/**
 * The message about a whole form, above its fields. In a dialog it may sit scrolled out of
 * view when it appears: `scrollIntoView` brings it in.
 */
export function FormErrorBanner({ error, scrollIntoView = false }: { error: FormError | null; scrollIntoView?: boolean }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (error && scrollIntoView) ref.current?.scrollIntoView({ block: "nearest" });
  }, [error, scrollIntoView]);
  if (!error) return null;
  return (
    <Notice ref={ref} tone="danger" role="alert" className="text-sm" data-request-id={error.requestId}>
      {error.message}
    </Notice>
  );
}

type Confirm = {
  confirmLabel: string;
  /** The confirm button's label while the action runs. */
  pendingLabel?: string;
  pending?: boolean;
  error?: FormError | null;
};

/**
 * The frame every dashboard dialog shares: title and description, the body, an error, and a
 * footer with Cancel and the confirm button. Two kinds:
 * - a form (`onSubmit`): the body is its fields, the error a banner above them, and a
 *   refusal can move the focus to the first invalid field (`focusInvalidAfter`);
 * - a confirmation (`onConfirm`): the error stands just above the buttons.
 * `destructive` makes it an alert dialog whose Cancel has the focus and whose button is red.
 * `footer` replaces Cancel and the confirm button.
 */
export function ActionDialog({
  open,
  onOpenChange,
  trigger,
  title,
  description,
  destructive = false,
  returnFocusTo,
  hideClose,
  onEscapeKeyDown,
  onInteractOutside,
  onSubmit,
  onConfirm,
  focusInvalidAfter,
  confirmLabel,
  pendingLabel,
  pending = false,
  cancelDisabled = false,
  error = null,
  footer,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The button that opens the dialog, when it has one: focus returns to it. */
  trigger?: ReactNode;
  title: string;
  description?: ReactNode;
  destructive?: boolean;
  /** Where focus goes on close when the dialog was not opened by its trigger. */
  returnFocusTo?: () => HTMLElement | null;
  hideClose?: boolean;
  onEscapeKeyDown?: (event: KeyboardEvent) => void;
  onInteractOutside?: (event: Event) => void;
  cancelDisabled?: boolean;
  footer?: ReactNode;
  children: ReactNode;
} & Partial<Confirm> &
  (
    | { onSubmit: (data: FormData) => void; onConfirm?: never; focusInvalidAfter?: Refusal | null }
    | { onConfirm?: () => void; onSubmit?: never; focusInvalidAfter?: never }
  )) {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (focusInvalidAfter) formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
  }, [focusInvalidAfter]);

  const buttons = (
    <div className={onSubmit ? "flex justify-end gap-2 pt-2" : "flex justify-end gap-2"}>
      {footer ?? (
        <>
          <DialogClose asChild>
            <Button variant="secondary" autoFocus={destructive} disabled={cancelDisabled}>
              Cancel
            </Button>
          </DialogClose>
          <Button
            type={onSubmit ? "submit" : "button"}
            variant={destructive ? "danger" : "primary"}
            onClick={onSubmit ? undefined : onConfirm}
            disabled={pending}
            aria-disabled={pending}
          >
            {pending ? (pendingLabel ?? confirmLabel) : confirmLabel}
          </Button>
        </>
      )}
    </div>
  );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {trigger ? <DialogTrigger asChild>{trigger}</DialogTrigger> : null}
      {open ? (
        <DialogContent
          role={destructive ? "alertdialog" : undefined}
          title={title}
          description={description}
          returnFocusTo={returnFocusTo}
          hideClose={hideClose}
          onEscapeKeyDown={onEscapeKeyDown}
          onInteractOutside={onInteractOutside}
        >
          {onSubmit ? (
            <form
              ref={formRef}
              noValidate
              className="space-y-5"
              onSubmit={(event: FormEvent<HTMLFormElement>) => {
                event.preventDefault();
                onSubmit(new FormData(event.currentTarget));
              }}
            >
              <FormErrorBanner error={error} scrollIntoView />
              {children}
              {buttons}
            </form>
          ) : (
            <div className="space-y-4 text-sm">
              {children}
              {error ? (
                <p role="alert" className="text-sm font-medium text-danger" data-request-id={error.requestId}>
                  {error.message}
                </p>
              ) : null}
              {buttons}
            </div>
          )}
        </DialogContent>
      ) : null}
    </Dialog>
  );
}
