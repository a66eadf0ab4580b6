#!/usr/bin/env node
// Entry file: the launcher compiles the bundled CLI (one CommonJS file) with V8's
// code cache when it has one (bin/package.json makes this file CommonJS too, so
// no ESM loader starts).
require('../dist/cli.cjs').launch(require('node:path').join(__dirname, '../dist/cli.bundle.cjs'));
