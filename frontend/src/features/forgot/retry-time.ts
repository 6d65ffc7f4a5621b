/**
 * formatRetryTime says when a short wait ends: the time alone when that is
 * today, else the date and the time.
 */
export function formatRetryTime(at: Date, language: string, now = new Date()): { date?: string; time: string } {
  const time = new Intl.DateTimeFormat(language, { timeStyle: 'short' }).format(at);
  if (at.toDateString() === now.toDateString()) return { time };
  return { date: new Intl.DateTimeFormat(language, { dateStyle: 'long' }).format(at), time };
}
