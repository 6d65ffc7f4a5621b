import type { ReactNode } from 'react';

/** A TermList row is a term and what it says of the thing described. */
export type TermRow = [term: string, value: ReactNode];

/**
 * TermList is a description list of [term, value] rows, each pair in a <div> (as the HTML
 * standard allows) so a style can lay a row out as one. Terms key the rows: keep them unique.
 */
export function TermList({ rows, className }: { rows: TermRow[]; className?: string }) {
  return (
    <dl className={className}>
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
