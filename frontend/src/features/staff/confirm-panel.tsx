import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface ConfirmPanelProps {
  question: string;
  body?: string | undefined;
  yes: string;
  busy: string;
  cancel: string;
  pending: boolean;
  /** A refusal to show inside the panel, in words. */
  error?: string | undefined;
  onConfirm(): void;
  onCancel(): void;
  children?: ReactNode;
}

/**
 * ConfirmPanel asks before something that cannot be undone, in place: its question takes the
 * focus (and is read out), Escape cancels, and the page returns the focus where it was.
 */
export function ConfirmPanel({ question, body, yes, busy, cancel, pending, error, onConfirm, onCancel, children }: ConfirmPanelProps) {
  const questionId = useId();
  const questionRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => questionRef.current?.focus(), []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !pending) onCancel();
  };
  return (
    <div className="staff-confirm" role="group" aria-labelledby={questionId} onKeyDown={onKeyDown}>
      <p id={questionId} ref={questionRef} tabIndex={-1} className="staff-confirm__question">
        {question}
      </p>
      {body && <p>{body}</p>}
      {children}
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      <p className="staff-actions">
        <button type="button" className="button button--danger" aria-disabled={pending || undefined} onClick={() => pending || onConfirm()}>
          {pending ? busy : yes}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {cancel}
        </button>
      </p>
    </div>
  );
}
