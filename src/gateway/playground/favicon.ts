/**
 * The gateway's icon (`GET /favicon.ico`): a 16x16 Windows icon drawn here, pixel by pixel, from
 * an ASCII picture (a blue tile with a white 3x3 puzzle grid), so that a browser tab showing the
 * playground or the docs gets an icon without a file on disk or a request elsewhere, and the
 * request every browser makes is answered instead of ending as a 404 in the logs and metrics.
 *
 * The format is the classic one every browser decodes: an ICONDIR, one ICONDIRENTRY and a
 * 32-bit BMP (BITMAPINFOHEADER, bottom-up BGRA rows, then an all-zero AND mask, since the alpha
 * channel carries the transparency).
 *
 * @example
 * app.get('/favicon.ico', (c) => c.body(FAVICON_ICO, 200, { 'content-type': FAVICON_TYPE }));
 */

/** `.` transparent, `b` the page's accent blue, `w` white. */
const PICTURE = [
  '................',
  '.bbbbbbbbbbbbbb.',
  '.bbbbbbbbbbbbbb.',
  '.bbbbwbbbbwbbbb.',
  '.bbbbwbbbbwbbbb.',
  '.bbbbwbbbbwbbbb.',
  '.bwwwwwwwwwwwwb.',
  '.bbbbwbbbbwbbbb.',
  '.bbbbwbbbbwbbbb.',
  '.bbbbwbbbbwbbbb.',
  '.bwwwwwwwwwwwwb.',
  '.bbbbwbbbbwbbbb.',
  '.bbbbwbbbbwbbbb.',
  '.bbbbwbbbbwbbbb.',
  '.bbbbbbbbbbbbbb.',
  '................',
];

/** RGBA of each picture character. */
const COLOURS: Record<string, readonly [number, number, number, number]> = {
  '.': [0, 0, 0, 0],
  b: [0x25, 0x63, 0xeb, 0xff],
  w: [0xff, 0xff, 0xff, 0xff],
};

export const FAVICON_TYPE = 'image/x-icon';

/** The icon file (1,150 bytes). */
export const FAVICON_ICO: Uint8Array<ArrayBuffer> = encodeIco(PICTURE);

function encodeIco(picture: readonly string[]): Uint8Array<ArrayBuffer> {
  const size = picture.length;
  const pixelBytes = size * size * 4;
  const maskBytes = size * Math.ceil(size / 32) * 4; // 1 bit a pixel, rows padded to 32 bits
  const imageBytes = 40 + pixelBytes + maskBytes;
  const bytes = new Uint8Array(6 + 16 + imageBytes); // zero-filled: the AND mask stays all zero
  const out = new DataView(bytes.buffer);
  // ICONDIR: reserved, type 1 (icon), one image
  out.setUint16(2, 1, true);
  out.setUint16(4, 1, true);
  // ICONDIRENTRY: width, height, no palette, reserved, 1 plane, 32 bits, bytes, offset
  out.setUint8(6, size);
  out.setUint8(7, size);
  out.setUint16(10, 1, true);
  out.setUint16(12, 32, true);
  out.setUint32(14, imageBytes, true);
  out.setUint32(18, 22, true);
  // BITMAPINFOHEADER: the height counts the XOR image and the AND mask
  out.setUint32(22, 40, true);
  out.setInt32(26, size, true);
  out.setInt32(30, size * 2, true);
  out.setUint16(34, 1, true);
  out.setUint16(36, 32, true);
  out.setUint32(42, pixelBytes + maskBytes, true);
  let at = 22 + 40;
  for (let y = size - 1; y >= 0; y--) {
    const row = picture[y] ?? '';
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = COLOURS[row[x] ?? '.'] ?? [0, 0, 0, 0];
      bytes.set([b, g, r, a], at); // BGRA
      at += 4;
    }
  }
  return bytes;
}
