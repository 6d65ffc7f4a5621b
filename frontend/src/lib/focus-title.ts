import { useEffect } from 'react';

/**
 * useFocusTitle moves focus to the page's heading when a page shows a new step in place (a
 * form's result), as a navigation to another page would.
 */
export function useFocusTitle(step: unknown) {
  useEffect(() => {
    if (step) document.querySelector<HTMLElement>('#main h1')?.focus();
  }, [step]);
}
