/** `npm run build:site`: the playground as a static site in site/ (or the folder given as the first argument). */
import { resolve } from 'path';
import { buildSite } from '../src/playground/build-site';

const dir = resolve(process.argv[2] ?? 'site');
for (const f of buildSite(dir)) process.stdout.write(`wrote ${f}\n`);
