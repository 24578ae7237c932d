#!/usr/bin/env node
// Entry point of `npx tp-rollout`: runs the TypeScript sources through sucrase's require hook, so there is no
// build step between `npm ci` and the first command. sucrase only strips types (`npm test` type-checks with
// tsc); it starts in half the time of ts-node and leaves the TypeScript compiler (~120 MiB) out of memory.
"use strict";

const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
    console.error(`tp-rollout needs Node.js 22 or later (24 LTS recommended); this is ${process.version}. See .nvmrc.`);
    process.exit(2);
}
require("sucrase/register/ts");
require("../cli/main").main(process.argv).then((code) => {
    process.exitCode = code;
});
