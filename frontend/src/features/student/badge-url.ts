/** The path a badge's QR points at: `{origin}/badge#{token}` (openapi.yaml, /session/badge). */
export const badgePath = '/badge';

// A badge token is base64url (43 characters today); the contract allows up to 128.
const tokenPattern = /^[A-Za-z0-9_-]{16,128}$/;

/** tokenFromHash is the token in a /badge page's fragment ("#token"), if it looks like one. */
export function tokenFromHash(hash: string): string | undefined {
  const token = hash.replace(/^#/, '');
  return tokenPattern.test(token) ? token : undefined;
}

/**
 * badgeTokenFrom is the token a scanned QR holds, only when it is this school portal's badge
 * URL: a QR from anywhere else (another site, a text, another portal's badge) is refused.
 */
export function badgeTokenFrom(text: string, origin: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.origin !== origin || url.pathname !== badgePath || url.search !== '') return undefined;
  return tokenFromHash(url.hash);
}
