#!/usr/bin/env node
'use strict';
// Runs the TypeScript CLI through ts-node (transpile-only), so a clone needs no build step.
const path = require('path');
require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
require('../src/cli/main.ts');
