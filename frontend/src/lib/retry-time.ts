import { formatDate, formatTime } from './format-date.ts';

/**
 * formatRetryTime says when a wait ends: the time alone when that is
 * today, else the date and the time.
 */
export function formatRetryTime(at: Date, language: string, now = new Date()): { date?: string; time: string } {
  const time = formatTime(at, language);
  if (at.toDateString() === now.toDateString()) return { time };
  return { date: formatDate(at, language), time };
}
