#!/usr/bin/env node
// Entry file: the bundled CLI (one file, nothing else loaded at start-up).
import { main } from '../dist/cli.bundle.js';

main();
