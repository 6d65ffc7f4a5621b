import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

/** api is the URL of an API path as the app calls it in tests (jsdom's origin). */
export function api(path: string): string {
  return `${window.location.origin}/api/v1${path}`;
}

// By default nobody is signed in, as a student, in the family portal or as staff; tests add the handlers
// they need. (The app asks for a page's data along with the session when it opens on the page.)
const notSignedIn = () => HttpResponse.json({ code: 'not_signed_in', message: 'Please sign in.' }, { status: 401 });
/** testDistrict is what GET /district answers unless a test says otherwise. */
export const testDistrict = {
  name: 'Riverside Unified School District',
  logoUrl: '/district-logo.svg',
  color: '#0f5e4b',
  onColor: '#ffffff',
  help: { phone: '(718) 555-0147', email: 'passwordhelp@riverside.example', url: 'https://www.riverside.example/family-help' },
  privacy: { text: 'We keep your name.\n\nWe never sell it.' },
  accessibility: { url: 'https://www.riverside.example/accessibility' },
};

// The session checks answer "signed out" with 204, not an error (openapi.yaml).
const noSession = () => new HttpResponse(null, { status: 204 });
export const server = setupServer(
  http.get(api('/district'), () => HttpResponse.json(testDistrict)),
  http.get(api('/session'), noSession),
  http.get(api('/me/account'), notSignedIn),
  http.get(api('/family/session'), noSession),
  http.get(api('/family/children'), notSignedIn),
  http.get(api('/staff/session'), noSession),
  http.get(api('/staff/session/pending'), noSession),
);
