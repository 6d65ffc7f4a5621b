import { Link } from 'react-router';

const marked = /^(.*)<link>(.*)<\/link>(.*)$/s;

/**
 * TextWithLink renders a translated sentence with one part marked `<link>…</link>` as an in-app
 * link, so each language puts the link where its word order needs it. Text without the marks
 * renders as it is.
 */
export function TextWithLink({ text, to }: { text: string; to: string }) {
  const parts = marked.exec(text);
  if (!parts) return <>{text}</>;
  const [, before, label, after] = parts;
  return (
    <>
      {before}
      <Link to={to}>{label}</Link>
      {after}
    </>
  );
}
