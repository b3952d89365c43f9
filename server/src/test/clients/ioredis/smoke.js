#!/usr/bin/env node
// ioredis, unchanged, against a node: the calls an application makes most.
//
// Usage: node smoke.js HOST PORT [AUTH_PORT PASSWORD]
//   HOST/PORT          a node without a password (databases 0 and 1 are used, keys start with "io:")
//   AUTH_PORT/PASSWORD optionally a node started with requirepass PASSWORD
//
// Needs `npm ci` in this folder first (ioredis version pinned in package.json / package-lock.json).
// Exits 1 with a message on the first mismatch; the last line on success is "ioredis: N checks passed".
"use strict";

const assert = require("assert");
const Redis = require("ioredis");
const ioredisVersion = require("ioredis/package.json").version;

let checks = 0;
const opened = [];

function fail(message) {
  console.log(`ioredis: FAILED: ${message}`);
  process.exit(1);
}

function expect(what, actual, expected) {
  try {
    assert.deepStrictEqual(actual, expected);
  } catch (e) {
    fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
  checks++;
  console.log(`ok ${checks} - ${what}`);
}

async function expectError(what, promise, messagePart) {
  let result;
  try {
    result = await promise;
  } catch (e) {
    if (!String(e.message).includes(messagePart)) {
      fail(`${what}: expected an error containing ${show(messagePart)}, got ${show(String(e.message))}`);
    }
    checks++;
    console.log(`ok ${checks} - ${what}`);
    return;
  }
  fail(`${what}: expected an error containing ${show(messagePart)}, got reply ${show(result)}`);
}

function show(value) {
  return require("util").inspect(value, { depth: 5, maxArrayLength: 20, breakLength: Infinity });
}

/** A client that does not retry forever: a failure to connect is a failure of the check. */
function client(options) {
  const redis = new Redis({
    connectTimeout: 10000,
    commandTimeout: 10000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    ...options,
  });
  redis.on("error", () => {}); // errors also reach the promises of the commands, which the checks look at
  opened.push(redis);
  return redis;
}

/** Resolves once the client has passed its ready check (INFO, waiting while loading:1). */
function ready(redis) {
  if (redis.status === "ready") {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after 10 s (status ${redis.status})`)), 10000);
    redis.once("ready", () => { clearTimeout(timer); resolve(); });
    redis.once("end", () => { clearTimeout(timer); reject(new Error(`connection ended (status ${redis.status})`)); });
  });
}

function scanAll(redis, options) {
  return new Promise((resolve, reject) => {
    const keys = [];
    const stream = redis.scanStream(options);
    stream.on("data", (batch) => keys.push(...batch));
    stream.on("end", () => resolve(keys));
    stream.on("error", reject);
  });
}

async function main(argv) {
  if (argv.length !== 2 && argv.length !== 4) {
    console.error("usage: node smoke.js HOST PORT [AUTH_PORT PASSWORD]");
    process.exit(2);
  }
  const host = argv[0];
  const port = Number(argv[1]);
  console.log(`ioredis ${ioredisVersion} (node ${process.version}) against ${host}:${port}`);

  // The ready check runs INFO and waits while it says loading:1; connectionName sends CLIENT SETNAME and
  // ioredis also sends CLIENT SETINFO LIB-NAME / LIB-VER (ignoring errors, so CLIENT INFO is checked below).
  const r = client({ host, port, connectionName: "flux-io" });
  let infoSeen = false;
  const sendCommand = r.sendCommand.bind(r);
  r.sendCommand = (command, stream) => {
    if (command.name === "info" && r.status !== "ready") {
      infoSeen = true;
    }
    return sendCommand(command, stream);
  };
  await ready(r);
  expect("connect: ready check (INFO) passed, status ready", [infoSeen, r.status], [true, "ready"]);
  r.sendCommand = sendCommand;
  for (const db of [0, 1]) { // leftovers of an earlier run
    await r.select(db);
    const leftovers = await r.keys("io:*");
    if (leftovers.length > 0) {
      await r.del(...leftovers);
    }
  }
  await r.select(0);
  expect("PING", await r.ping(), "PONG");
  expect("CLIENT SETNAME on connect, CLIENT GETNAME", await r.client("GETNAME"), "flux-io");
  const clientInfo = await r.client("INFO");
  if (clientInfo.includes(" lib-name=")) {
    expect("CLIENT SETINFO on connect: lib-name, lib-ver in CLIENT INFO",
      [/ lib-name=(\S*)/.exec(clientInfo)?.[1], / lib-ver=(\S*)/.exec(clientInfo)?.[1]], ["ioredis", ioredisVersion]);
  } else { // a server before 7.2 (Debian's redis-server 7.0) has no CLIENT SETINFO; ioredis ignores the error
    await expectError("no lib-name in CLIENT INFO: server has no CLIENT SETINFO", r.client("SETINFO", "LIB-NAME", "x"),
      "ERR unknown subcommand");
  }
  const info = await r.info("server");
  expect("INFO server has redis_version 7.x", /\r\nredis_version:7\./.test(info), true);

  const binary = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from("\r\n$-1\r\n\0")]);
  expect("SET binary value", await r.set("io:bin", binary), "OK");
  expect("GET binary value (getBuffer)", Buffer.compare(await r.getBuffer("io:bin"), binary), 0);
  const binaryKey = Buffer.from("io:\0\xff\r\nkey", "latin1");
  expect("SET binary key", await r.set(binaryKey, "v"), "OK");
  expect("GET binary key", await r.get(binaryKey), "v");
  expect("GET missing key", await r.get("io:missing"), null);
  expect("STRLEN of binary value", await r.strlen("io:bin"), binary.length);

  expect("SET EX NX on a new key", await r.set("io:nx", "first", "EX", 100, "NX"), "OK");
  expect("SET EX NX on an existing key", await r.set("io:nx", "second", "EX", 100, "NX"), null);
  expect("value kept after failed NX", await r.get("io:nx"), "first");
  const ttl = await r.ttl("io:nx");
  expect("TTL after SET EX 100 is in 95..100", ttl >= 95 && ttl <= 100, true);
  expect("SET XX on a missing key", await r.set("io:xx", "v", "XX"), null);
  expect("SET GET returns the old value", await r.set("io:nx", "third", "GET"), "first");

  expect("MSET (object)", await r.mset({ "io:m1": "one", "io:m2": "two", "io:m3": 3 }), "OK");
  expect("MSET (arguments)", await r.mset("io:m4", "four", "io:m5", "five"), "OK");
  expect("MGET with a missing key", await r.mget("io:m1", "io:m2", "io:missing", "io:m3", "io:m5"),
    ["one", "two", null, "3", "five"]);

  expect("INCR on a new key", await r.incr("io:counter"), 1);
  expect("INCRBY", await r.incrby("io:counter", 41), 42);
  expect("DECR", await r.decr("io:counter"), 41);
  expect("INCRBYFLOAT", await r.incrbyfloat("io:counter", 1.5), "42.5");
  expect("GET after INCRBYFLOAT", await r.get("io:counter"), "42.5");
  await r.set("io:text", "abc");
  await expectError("INCR on a non-integer", r.incr("io:text"), "ERR value is not an integer or out of range");
  await expectError("unknown command", r.call("NOSUCHCOMMAND", "x"), "ERR unknown command");

  expect("EXISTS counts each key", await r.exists("io:m1", "io:m2", "io:missing", "io:m1"), 3);
  expect("DEL counts removed keys", await r.del("io:m1", "io:m2", "io:missing"), 2);
  expect("EXISTS after DEL", await r.exists("io:m1", "io:m2"), 0);

  await r.set("io:exp", "v");
  expect("TTL without expiry", await r.ttl("io:exp"), -1);
  expect("EXPIRE", await r.expire("io:exp", 50), 1);
  const ttl2 = await r.ttl("io:exp");
  expect("TTL after EXPIRE 50 is in 45..50", ttl2 >= 45 && ttl2 <= 50, true);
  expect("PERSIST", await r.persist("io:exp"), 1);
  expect("TTL after PERSIST", await r.ttl("io:exp"), -1);
  expect("EXPIRE on a missing key", await r.expire("io:missing", 50), 0);
  expect("TTL of a missing key", await r.ttl("io:missing"), -2);
  await r.set("io:short", "v", "PX", 50);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect("key gone after its PX expired", await r.get("io:short"), null);

  expect("pipeline()", await r.pipeline()
    .set("io:p1", "a").get("io:p1").incr("io:p2").incr("io:p2").mget("io:p1", "io:p2").del("io:p1").get("io:p1")
    .ping().exec(),
  [[null, "OK"], [null, "a"], [null, 1], [null, 2], [null, ["a", "2"]], [null, 1], [null, null], [null, "PONG"]]);
  const withError = await r.pipeline().set("io:p3", "x").incr("io:p3").get("io:p3").exec();
  expect("pipeline keeps going after an error reply",
    [withError[0], String(withError[1][0]), withError[2]],
    [[null, "OK"], "ReplyError: ERR value is not an integer or out of range", [null, "x"]]);
  const bulk = r.pipeline();
  for (let i = 0; i < 1000; i++) {
    bulk.set(`io:bulk:${i}`, i);
  }
  for (let i = 0; i < 1000; i++) {
    bulk.get(`io:bulk:${i}`);
  }
  const bulkResults = await bulk.exec();
  expect("pipeline of 2000 commands", bulkResults.slice(1000).map(([err, v]) => err || v),
    Array.from({ length: 1000 }, (_, i) => String(i)));
  // Commands sent without waiting are pipelined by ioredis on the one connection, too.
  const concurrent = await Promise.all(Array.from({ length: 200 },
    (_, i) => r.set(`io:c:${i}`, i).then(() => r.get(`io:c:${i}`))));
  expect("200 commands in flight at once", concurrent, Array.from({ length: 200 }, (_, i) => String(i)));

  const names = Array.from({ length: 300 }, (_, i) => `io:scan:${i}`);
  const scanSetup = r.pipeline();
  names.forEach((n) => scanSetup.set(n, "v"));
  await scanSetup.exec();
  const seen = await scanAll(r, { match: "io:scan:*", count: 50 });
  expect("SCAN iteration (scanStream) sees every key", [...new Set(seen)].sort(), [...names].sort());
  expect("SCAN iteration returns no key twice for a stable keyspace", seen.length, names.length);
  const seenSmall = await scanAll(r, { match: "io:scan:1*", count: 7 });
  expect("SCAN with MATCH and a small COUNT", [...new Set(seenSmall)].sort(),
    names.filter((n) => n.startsWith("io:scan:1")).sort());

  const r1 = client({ host, port, db: 1 });
  await ready(r1);
  expect("db 1 (SELECT on connect): SET", await r1.set("io:db", "in-db-1"), "OK");
  expect("db 1: GET", await r1.get("io:db"), "in-db-1");
  expect("db 0 does not see db 1's key", await r.get("io:db"), null);
  expect("db 1 does not see db 0's key", await r1.get("io:bin"), null);
  expect("SELECT 1 on a connection", await r.select(1), "OK");
  expect("after SELECT 1: GET", await r.get("io:db"), "in-db-1");
  expect("SELECT 0 again", [await r.select(0), await r.get("io:db")], ["OK", null]);
  await expectError("SELECT out of range", r.select(99), "ERR DB index is out of range");

  const tx = await r.multi().set("io:tx", "1").incr("io:tx").get("io:tx").del("io:tx").exec();
  expect("multi().exec(): MULTI/EXEC", tx, [[null, "OK"], [null, 2], [null, "2"], [null, 1]]);

  // Not covered yet: defineCommand / eval (scripting).

  if (argv.length === 4) {
    const authPort = Number(argv[2]);
    const password = argv[3];
    const a = client({ host, port: authPort, password });
    await ready(a);
    expect("AUTH with password: ready, PING", await a.ping(), "PONG");
    expect("AUTH with password: SET/GET", [await a.set("io:auth", "v"), await a.get("io:auth")], ["OK", "v"]);
    const u = client({ host, port: authPort, username: "default", password });
    await ready(u);
    expect("AUTH default user and password", await u.ping(), "PONG");
    const none = client({ host, port: authPort, enableReadyCheck: false, lazyConnect: true });
    await none.connect();
    await expectError("command without AUTH", none.get("io:auth"), "NOAUTH Authentication required");
    // A rejected AUTH reaches the application as an "error" event; the connection then closes.
    const wrong = client({ host, port: authPort, password: password + "x", lazyConnect: true });
    const errors = [];
    wrong.on("error", (e) => errors.push(String(e.message)));
    await wrong.connect().then(() => wrong.ping()).catch(() => {});
    expect("wrong password: WRONGPASS error event",
      errors.some((m) => m.includes("WRONGPASS invalid username-password pair")) ? "WRONGPASS" : errors, "WRONGPASS");
  }

  for (const c of opened) {
    c.disconnect();
  }
  console.log(`ioredis: ${checks} checks passed`);
}

const watchdog = setTimeout(() => fail("did not finish within 50 s"), 50000);
main(process.argv.slice(2)).then(() => clearTimeout(watchdog), (e) => fail(e && e.stack ? e.stack : String(e)));
