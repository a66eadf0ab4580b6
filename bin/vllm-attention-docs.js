#!/usr/bin/env node
// Entry file: the bundled CLI (one CommonJS file, nothing else loaded at start-up;
// bin/package.json makes this file CommonJS too, so no ESM loader starts).
require('../dist/cli.bundle.cjs').main();
