/**
 * Stand-in for `fs` and `path` in the browser bundle. The simulation's modules import them only for the file
 * outputs (report folders, reading scenario files), which the playground never asks for: any call says so.
 */
function unavailable(name: string): never {
  throw new Error(`${name} is not available in the browser (natsim playground runs without files)`);
}

export const readFileSync = (): never => unavailable('fs.readFileSync');
export const writeFileSync = (): never => unavailable('fs.writeFileSync');
export const mkdirSync = (): never => unavailable('fs.mkdirSync');
export const existsSync = (): boolean => false;
export const openSync = (): never => unavailable('fs.openSync');
export const writeSync = (): never => unavailable('fs.writeSync');
export const closeSync = (): never => unavailable('fs.closeSync');
export const fstatSync = (): never => unavailable('fs.fstatSync');
export const readSync = (): never => unavailable('fs.readSync');
export const readdirSync = (): never => unavailable('fs.readdirSync');
export const statSync = (): never => unavailable('fs.statSync');
export const unlinkSync = (): never => unavailable('fs.unlinkSync');
export const lstatSync = (): never => unavailable('fs.lstatSync');
export const join = (...parts: string[]): string => parts.join('/');
export const resolve = (...parts: string[]): string => parts.join('/');
export const dirname = (p: string): string => p.slice(0, Math.max(0, p.lastIndexOf('/')));
export const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
export const relative = (_from: string, to: string): string => to;
export const extname = (p: string): string => { const m = /\.[^./]*$/.exec(p); return m ? m[0] : ''; };
export const sep = '/';
export default { readFileSync, writeFileSync, mkdirSync, existsSync, openSync, writeSync, closeSync, fstatSync, readSync, readdirSync, statSync, unlinkSync, lstatSync, join, resolve, dirname, basename, relative, extname, sep };
