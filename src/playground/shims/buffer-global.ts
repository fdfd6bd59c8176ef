/** Injected into the browser bundle by esbuild: the free identifier `Buffer` becomes the `buffer` package's. */
export { Buffer } from 'buffer';
