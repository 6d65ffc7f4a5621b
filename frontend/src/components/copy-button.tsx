import { useState } from 'react';

export interface CopyButtonProps {
  text: string;
  label: string;
  /** Said in a status once the text is on the clipboard, or when it could not be put there. */
  copied: string;
  failed: string;
}

/** CopyButton copies text to the clipboard and says, in a status beside it, whether it could. */
export function CopyButton({ text, label, copied, failed }: CopyButtonProps) {
  const [result, setResult] = useState<'copied' | 'failed'>();
  const onCopy = () => {
    const clipboard = navigator.clipboard as Clipboard | undefined;
    if (!clipboard) {
      setResult('failed');
      return;
    }
    clipboard.writeText(text).then(
      () => setResult('copied'),
      () => setResult('failed'),
    );
  };
  return (
    <>
      <button type="button" className="button" onClick={onCopy}>
        {label}
      </button>
      <span role="status">
        {result === 'copied' && copied}
        {result === 'failed' && failed}
      </span>
    </>
  );
}
