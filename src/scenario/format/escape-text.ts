/**
 * Making quoted file content safe to print. Error messages quote what a scenario file says; a hostile file could
 * put terminal escape sequences (ECMA-48 CSI/OSC, which can retitle a window, hide text or, on some terminals,
 * answer back) or raw control bytes there. Every such character is shown as a visible escape instead.
 */

/**
 * C0 controls except tab, DEL, C1 controls (0x80-0x9f, which include the 8-bit CSI 0x9b), and the Unicode line and
 * paragraph separators and bidirectional overrides that can reorder what a terminal shows.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** Escapes one unsafe character: `\n`, `\r`, `\e` (ESC), else `\xHH` or `\uHHHH`. */
function escapeChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (code === 0x1b) return '\\e';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Text with every control byte and terminal escape shown as a visible escape (`\e[31m`), safe for a terminal. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}
