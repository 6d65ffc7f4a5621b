import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * useRefusalFocus moves the focus after a refused submit: to the form's alert when it shows
 * one, else to the first field marked invalid, so a keyboard or screen-reader user lands on
 * what to fix. Put formRef on the form and alertRef on its alert, and call refused() each time
 * a submit is refused (the browser's checks or the server's), even when the same message comes
 * back. Typing after a refusal moves nothing.
 */
export function useRefusalFocus() {
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const [refusals, setRefusals] = useState(0);

  useEffect(() => {
    if (refusals === 0) return;
    const target = alertRef.current ?? formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    target?.focus();
  }, [refusals]);

  const refused = useCallback(() => setRefusals((n) => n + 1), []);
  return { formRef, alertRef, refused };
}
