// Bundles the CLI into one ESM file so start-up loads a single module.
import { copyFileSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.bundle.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
});

// Data read at run time beside the module that reads it: dist/python for the
// library build, dist/ for the bundle.
for (const dest of ['dist/python/unicode-names.deflate', 'dist/unicode-names.deflate']) {
  copyFileSync('src/python/unicode-names.deflate', dest);
}
