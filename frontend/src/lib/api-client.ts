import createClient from 'openapi-fetch';
import type { paths } from '../api/schema';

export type ApiClient = ReturnType<typeof createClient<paths>>;

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ApiClientOptions {
  /**
   * The CSRF token of the session a request to this API path (the contract's path, such as
   * `/family/children`) belongs to, sent on every state-changing request.
   */
  getCsrfToken: (path: string) => string | undefined;
  /** The UI language, so the server can answer in it. */
  getLanguage: () => string;
  baseUrl?: string;
}

export function createApiClient({ getCsrfToken, getLanguage, baseUrl }: ApiClientOptions): ApiClient {
  const client = createClient<paths>({
    baseUrl: baseUrl ?? `${window.location.origin}/api/v1`,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    // Look fetch up on every call rather than once, so test doubles installed later apply.
    fetch: (request) => globalThis.fetch(request),
  });
  client.use({
    onRequest({ request, schemaPath }) {
      request.headers.set('Accept-Language', getLanguage());
      if (stateChanging.has(request.method)) {
        const token = getCsrfToken(schemaPath);
        if (token) request.headers.set('X-CSRF-Token', token);
      }
      return request;
    },
  });
  return client;
}
