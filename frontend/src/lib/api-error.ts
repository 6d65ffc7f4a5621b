import type { components } from '../api/schema';

export type RuleViolation = components['schemas']['RuleViolation'];
type ErrorBody = components['schemas']['Error'];

function isErrorBody(body: unknown): body is ErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { code?: unknown }).code === 'string' &&
    typeof (body as { message?: unknown }).message === 'string'
  );
}

/** ApiError is a non-2xx answer from the portal API, with the body's stable code. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: readonly RuleViolation[];
  readonly retryAt: Date | undefined;

  constructor(status: number, body: unknown) {
    const parsed = isErrorBody(body) ? body : undefined;
    super(parsed?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = parsed?.code ?? 'http_' + status;
    this.details = parsed?.details ?? [];
    const retryAt = parsed?.retryAt ? new Date(parsed.retryAt) : undefined;
    this.retryAt = retryAt && !Number.isNaN(retryAt.getTime()) ? retryAt : undefined;
  }
}

interface FetchResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** unwrap turns an openapi-fetch result into its data, or throws an ApiError. */
export async function unwrap<D>(request: Promise<FetchResult<D>>): Promise<D> {
  const { data, error, response } = await request;
  if (!response.ok) throw new ApiError(response.status, error);
  return data as D;
}

/** isRefusal tells whether error is the server's answer with this status (and code, if given). */
export function isRefusal(error: unknown, status: number, code?: string): error is ApiError {
  return error instanceof ApiError && error.status === status && (code === undefined || error.code === code);
}

const noDetails: readonly RuleViolation[] = [];

/** detailsOf is the per-rule refusals of an error, if it has any (the same list on every call). */
export function detailsOf(error: unknown): readonly RuleViolation[] {
  return error instanceof ApiError ? error.details : noDetails;
}
