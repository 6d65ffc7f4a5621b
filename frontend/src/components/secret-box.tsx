import { useId, type ReactNode } from 'react';
import { CopyButton } from './copy-button.tsx';
import './secret-box.css';

export interface SecretBoxProps {
  title: string;
  secret: string;
  labels: { copy: string; copied: string; copyFailed: string };
  /** What to do with it now, in bold under it ("shown only once"). */
  note?: string | undefined;
  /** The title's heading level, below the section it is shown in (2 by default). */
  level?: 2 | 3 | 4;
  children?: ReactNode;
}

/**
 * SecretBox shows a password or a code to pass on: large, in a monospaced font that tells
 * look-alike characters apart, never translated by the browser, with a copy button. Families
 * see the password they generated for a child, staff one they generated or revealed.
 */
export function SecretBox({ title, secret, labels, note, level = 2, children }: SecretBoxProps) {
  const titleId = useId();
  const Heading = `h${level}` as const;
  return (
    <section className="generated" aria-labelledby={titleId}>
      <Heading id={titleId}>{title}</Heading>
      <p className="generated__password" translate="no">
        <code>{secret}</code>
      </p>
      <p className="generated__actions">
        <CopyButton text={secret} label={labels.copy} copied={labels.copied} failed={labels.copyFailed} />
      </p>
      {note && <p className="generated__once">{note}</p>}
      {children}
    </section>
  );
}
