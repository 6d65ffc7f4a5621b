import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

/** api is the URL of an API path as the app calls it in tests (jsdom's origin). */
export function api(path: string): string {
  return `${window.location.origin}/api/v1${path}`;
}

// By default nobody is signed in; tests add the handlers they need.
export const server = setupServer(
  http.get(api('/session'), () =>
    HttpResponse.json({ code: 'not_signed_in', message: 'Please sign in.' }, { status: 401 }),
  ),
);
