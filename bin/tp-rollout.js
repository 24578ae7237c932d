#!/usr/bin/env node
// Entry point of `npx tp-rollout`: runs the TypeScript sources through ts-node (transpile only; `npm test`
// type-checks them), so there is no build step between `npm ci` and the first command.
"use strict";
const path = require("path");

const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
    console.error(`tp-rollout needs Node.js 22 or later (24 LTS recommended); this is ${process.version}. See .nvmrc.`);
    process.exit(2);
}
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
require("../cli/main").main(process.argv).then((code) => {
    process.exitCode = code;
});
