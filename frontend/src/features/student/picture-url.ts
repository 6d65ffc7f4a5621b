/** The path a class picture-sign-in QR points at: `{origin}/pictures#{code}` (openapi.yaml, /pictures/class). */
export const picturesPath = '/pictures';

// A class code is 8 characters of the badge-code alphabet today; the contract allows up to 32.
const codePattern = /^[A-Z0-9]{4,32}$/;

/**
 * classCodeFrom is a class code as typed or as read from the fragment, in capitals (the page
 * takes it in any case), without the spaces or dashes a grown-up may type between its halves;
 * undefined when it cannot be one.
 */
export function classCodeFrom(text: string): string | undefined {
  const code = text
    .replace(/^#/, '')
    .replace(/[\s-]+/g, '')
    .toUpperCase();
  return codePattern.test(code) ? code : undefined;
}
