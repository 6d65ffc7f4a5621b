import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import './confirm-panel.css';

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
 * focus (and is read out), Escape or Cancel goes back (not while the answer is on its way), the
 * page returns the focus where it was, and nothing else on the page is blocked.
 */
export function ConfirmPanel({ question, body, yes, busy, cancel, pending, error, onConfirm, onCancel, children }: ConfirmPanelProps) {
  const questionId = useId();
  const questionRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => questionRef.current?.focus(), []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || pending) return;
    event.preventDefault();
    onCancel();
  };
  return (
    <div className="confirm-panel" role="group" aria-labelledby={questionId} onKeyDown={onKeyDown}>
      <p id={questionId} ref={questionRef} tabIndex={-1} className="confirm-panel__question">
        {question}
      </p>
      {body && <p>{body}</p>}
      {children}
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      <p className="confirm-panel__actions">
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
