// The machine's Chromium, never a downloaded one (see ARCHITECTURE.md): the project's browser
// and the ones a test launches itself (a fake camera, for instance) start alike.
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
