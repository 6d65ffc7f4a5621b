import { writeFile } from 'node:fs/promises';
import { chromium, type Browser, type Locator } from '@playwright/test';
import QRCode from 'qrcode';
import { chromiumArgs, chromiumPath } from './chromium.ts';

// A real scan in a real Chromium: the badge's QR, as the portal drew it, becomes the picture of
// Chromium's fake camera (a Y4M file it plays in a loop), and the SPA reads it with its scanner.

const width = 640;
const height = 480;

/**
 * qrLuma draws the QR of an SVG on the page (qrcode.react's: a white square path, then one
 * black path of modules) black on white, centred in a camera-sized picture, and returns its
 * luma (one byte a pixel). Drawn from the SVG's own path, so it is exactly the QR printed.
 */
export async function qrLuma(svg: Locator): Promise<Buffer> {
  const bytes = await svg.evaluate(
    (el, size) => {
      const [, , modules = 0] = (el.getAttribute('viewBox') ?? '').split(/\s+/).map(Number);
      const paths = Array.from(el.querySelectorAll('path'));
      const modulesPath = paths[paths.length - 1]?.getAttribute('d');
      if (!modules || !modulesPath) throw new Error('not a qrcode.react SVG');
      const canvas = document.createElement('canvas');
      canvas.width = size.width;
      canvas.height = size.height;
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2D canvas');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, size.width, size.height);
      const scale = Math.floor((size.height * 0.85) / modules);
      ctx.translate(Math.floor((size.width - modules * scale) / 2), Math.floor((size.height - modules * scale) / 2));
      ctx.scale(scale, scale);
      ctx.fillStyle = '#000';
      ctx.fill(new Path2D(modulesPath));
      const rgba = ctx.getImageData(0, 0, size.width, size.height).data;
      const luma: number[] = [];
      for (let i = 0; i < rgba.length; i += 4) luma.push(rgba[i] ?? 255);
      return luma;
    },
    { width, height },
  );
  return Buffer.from(bytes);
}

/**
 * textLuma draws any text as a QR, black on white and centred, as qrLuma does: for a QR the
 * portal would never print (another site's "badge").
 */
export function textLuma(text: string): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 2;
  const size = modules.size + 2 * quiet;
  const scale = Math.floor((height * 0.85) / size);
  const left = Math.floor((width - size * scale) / 2);
  const top = Math.floor((height - size * scale) / 2);
  const luma = Buffer.alloc(width * height, 255);
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) {
      if (!modules.get(y, x)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = (top + (y + quiet) * scale + dy) * width;
        luma.fill(0, row + left + (x + quiet) * scale, row + left + (x + quiet + 1) * scale);
      }
    }
  }
  return luma;
}

/** writeY4m writes a few frames of an I420 picture (the luma given, no colour) as a YUV4MPEG2 file. */
export async function writeY4m(file: string, luma: Buffer, frames = 10): Promise<void> {
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  await writeFile(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}

/** launchWithCamera starts a Chromium whose camera shows the Y4M file, the permission granted. */
export function launchWithCamera(y4m: string): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      ...chromiumArgs,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${y4m}`,
    ],
  });
}
