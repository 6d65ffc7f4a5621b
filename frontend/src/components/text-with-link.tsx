import { Link } from 'react-router';
import { ExternalLink } from './site-footer.tsx';

const marked = /^(.*)<link>(.*)<\/link>(.*)$/s;

/**
 * TextWithLink renders a translated sentence with one part marked `<link>…</link>` as a link, in
 * the app or, when `external`, to another site in a new tab, so each language puts the link where
 * its word order needs it. Text without the marks renders as it is.
 */
export function TextWithLink({ text, to, external = false }: { text: string; to: string; external?: boolean }) {
  const parts = marked.exec(text);
  if (!parts) return <>{text}</>;
  const [, before, label = '', after] = parts;
  return (
    <>
      {before}
      {external ? <ExternalLink href={to}>{label}</ExternalLink> : <Link to={to}>{label}</Link>}
      {after}
    </>
  );
}
