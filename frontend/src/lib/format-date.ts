/** formatDate shows a date the way people of that language write it, e.g. "March 4, 2026". */
export function formatDate(value: Date | string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long' }).format(toDate(value));
}

export function formatTime(value: Date | string, language: string): string {
  return new Intl.DateTimeFormat(language, { timeStyle: 'short' }).format(toDate(value));
}

function toDate(value: Date | string): Date {
  return typeof value === 'string' ? new Date(value) : value;
}
