#!/usr/bin/env node
// ioredis against a node that is still loading its AOF: its ready check reads INFO, sees loading:1 and waits
// (loading_eta_seconds) before it sends anything, so the application's first command gets data, not -LOADING.
//
// Usage: node loading.js HOST PORT KEY VALUE
//   KEY/VALUE  a key the AOF sets last, so it exists only once the load is complete
// The last line on success is "ioredis-loading: N checks passed"; any mismatch exits 1.
"use strict";

const Redis = require("ioredis");

const [host, port, key, value] = process.argv.slice(2);

async function main() {
  const redis = new Redis({ host, port: Number(port), maxRetriesPerRequest: 0, lazyConnect: true });
  let checks = 0;
  try {
    const started = Date.now();
    await redis.connect();
    const info = await redis.info("persistence");
    if (!/^loading:0\r?$/m.test(info)) {
      throw new Error(`ready before the load ended: ${info.split("\n").filter((l) => l.startsWith("loading")).join(" ")}`);
    }
    checks++;
    const got = await redis.get(key);
    if (got !== value) {
      throw new Error(`GET ${key}: expected ${value}, got ${got}`);
    }
    checks++;
    console.log(`waited ${Date.now() - started} ms for the node to load`);
    console.log(`ioredis-loading: ${checks} checks passed`);
  } finally {
    redis.disconnect();
  }
}

main().catch((e) => {
  console.log(`ioredis-loading: FAILED: ${e.message}`);
  process.exit(1);
});
