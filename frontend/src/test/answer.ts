import { screen } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { api, server } from './server.ts';

// Shared by the features' page tests: the server's replies in turn, the requests it saw, fields
// filled as pasting would.

export type Reply = { status: number; body?: JsonBodyType };

/** reply turns a Reply into a response; 2xx without a body has none. */
export function reply(r: Reply) {
  return r.body === undefined ? new HttpResponse(null, { status: r.status }) : HttpResponse.json(r.body, { status: r.status });
}

/** refusal is an error reply with the server's body shape. */
export function refusal(status: number, code: string, extra: Record<string, JsonBodyType> = {}): Reply {
  return { status, body: { code, message: `Server says ${code}.`, ...extra } };
}

/** A request the server saw: its body, its query and the CSRF token it carried. */
export interface Seen {
  body: unknown;
  query: string;
  csrf: string | null;
}

/** answer answers method path with replies in turn (the last repeats) and records each request. */
export function answer(method: 'get' | 'post' | 'put' | 'delete', path: string, replies: Reply[]): Seen[] {
  const log: Seen[] = [];
  server.use(
    http[method](api(path), async ({ request }) => {
      const text = await request.text();
      log.push({
        body: text ? (JSON.parse(text) as unknown) : undefined,
        query: new URL(request.url).search,
        csrf: request.headers.get('X-CSRF-Token'),
      });
      return reply(replies[Math.min(log.length - 1, replies.length - 1)] ?? { status: 500 });
    }),
  );
  return log;
}

/** fill puts value in the field labelled label, as pasting would (typing is slow in jsdom). */
export async function fill(user: UserEvent, label: string | RegExp, value: string) {
  const field = await screen.findByLabelText(label);
  await user.clear(field);
  await user.click(field);
  await user.paste(value);
}
