/**
 * Stand-in for Node-only packages a browser-bundled module can reach but the playground never calls (esbuild,
 * which report.html's writer uses to inline its viewer; the playground mounts the viewer directly).
 */
export function buildSync(): never {
  throw new Error('esbuild is not available in the browser: the playground shows reports without writing report.html');
}
