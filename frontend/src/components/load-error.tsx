export interface LoadErrorProps {
  /** What could not be loaded, e.g. "We could not load your account."; left out when the message says it all. */
  what?: string | undefined;
  /** Why, in words for the reader (useErrorMessage). */
  message: string;
  retryLabel: string;
  onRetry(): void;
}

/** LoadError says that something could not be loaded, why, and offers to try again. */
export function LoadError({ what, message, retryLabel, onRetry }: LoadErrorProps) {
  return (
    <div role="alert" className="alert">
      {what && <p>{what}</p>}
      <p>{message}</p>
      <button type="button" className="button" onClick={onRetry}>
        {retryLabel}
      </button>
    </div>
  );
}
