/** Terminal output helpers: colours that respect NO_COLOR (https://no-color.org) and non-TTY output. */

/** True when colours should be used on stdout. */
export function useColour(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR) return true;
  return Boolean(stream.isTTY);
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, grey: 90, bold: 1 } as const;

/** A colour name known to paint(). */
export type Colour = keyof typeof CODES;

/** Wraps text in an ANSI colour when colours are on. */
export function paint(text: string, colour: Colour, on = useColour()): string {
  return on ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
}
