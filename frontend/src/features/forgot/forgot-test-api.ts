import { delay, http, HttpResponse, type JsonBodyType } from 'msw';
import { api, server } from '../../test/server.ts';

export const questions = [
  { id: 'first_pet', text: 'What was the name of your first pet?' },
  { id: 'birth_city', text: 'In what city were you born?' },
  { id: 'favourite_food', text: 'What is your favourite food?' },
];

type Reply = { status: number; body?: JsonBodyType };

export const verificationFailed: Reply = {
  status: 401,
  body: { code: 'verification_failed', message: 'That did not match. Check your answers and try again.' },
};
export const flowExpired: Reply = {
  status: 401,
  body: { code: 'flow_expired', message: 'This step has expired. Please start again.' },
};
export function tooSoon(retryAt: string): Reply {
  return {
    status: 429,
    body: { code: 'self_reset_too_soon', message: 'You already reset your password by yourself recently.', retryAt },
  };
}

export interface Sent {
  start: { lang: string | null; body: unknown }[];
  verify: unknown[];
  reset: unknown[];
}

/**
 * mockForgot answers the three forgot-password calls like the server does
 * (every username gets a flow token and questions) and records what was sent.
 * verify and reset replies are used in turn; the last one repeats.
 */
export function mockForgot({
  verify = [{ status: 200, body: { resetToken: 'reset-1' } }],
  reset = [{ status: 204 }],
  latency = 0,
}: { verify?: Reply[]; reset?: Reply[]; latency?: number } = {}): Sent {
  const sent: Sent = { start: [], verify: [], reset: [] };
  const reply = (replies: Reply[], n: number) => {
    const r = replies[Math.min(n, replies.length - 1)] ?? { status: 500 };
    return r.status === 204 ? new HttpResponse(null, { status: 204 }) : HttpResponse.json(r.body ?? null, { status: r.status });
  };
  server.use(
    http.post(api('/forgot/start'), async ({ request }) => {
      sent.start.push({ lang: new URL(request.url).searchParams.get('lang'), body: await request.json() });
      await delay(latency);
      return HttpResponse.json({ flowToken: `flow-${sent.start.length}`, questions });
    }),
    http.post(api('/forgot/verify'), async ({ request }) => {
      sent.verify.push(await request.json());
      await delay(latency);
      return reply(verify, sent.verify.length - 1);
    }),
    http.post(api('/forgot/reset'), async ({ request }) => {
      sent.reset.push(await request.json());
      await delay(latency);
      return reply(reset, sent.reset.length - 1);
    }),
  );
  return sent;
}
