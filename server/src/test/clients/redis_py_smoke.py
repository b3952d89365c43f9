#!/usr/bin/python3
"""redis-py, unchanged, against a node: the calls an application makes most.

Usage: redis_py_smoke.py HOST PORT [AUTH_PORT PASSWORD]
  HOST/PORT          a node without a password (databases 0 and 1 are used, keys start with "py:")
  AUTH_PORT/PASSWORD optionally a node started with requirepass PASSWORD

Run with Debian's Python (/usr/bin/python3) and its python3-redis package. Exits 1 with a message on the
first mismatch; the last line on success is "redis-py: N checks passed".
"""
import asyncio
import sys
import time

import redis
import redis.asyncio

checks = 0


def fail(message):
    print(f"redis-py: FAILED: {message}", flush=True)
    sys.exit(1)


def expect(what, actual, expected):
    global checks
    if actual != expected:
        fail(f"{what}: expected {expected!r}, got {actual!r}")
    checks += 1
    print(f"ok {checks} - {what}", flush=True)


def expect_error(what, call, error_type, message_part):
    global checks
    try:
        result = call()
    except error_type as e:
        if message_part not in str(e):
            fail(f"{what}: expected {error_type.__name__} containing {message_part!r}, got {str(e)!r}")
        checks += 1
        print(f"ok {checks} - {what}", flush=True)
        return
    except Exception as e:  # noqa: BLE001 - any other exception is a mismatch to report
        fail(f"{what}: expected {error_type.__name__} containing {message_part!r}, got {type(e).__name__}: {e}")
    fail(f"{what}: expected {error_type.__name__} containing {message_part!r}, got reply {result!r}")


def main(argv):
    if len(argv) not in (2, 4):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    host, port = argv[0], int(argv[1])
    print(f"redis-py {redis.__version__} against {host}:{port}", flush=True)

    # Connecting with a client name makes redis-py send CLIENT SETNAME on every new connection.
    r = redis.Redis(host=host, port=port, db=0, client_name="flux-py", socket_timeout=10)
    expect("PING", r.ping(), True)
    for db in (0, 1):  # leftovers of an earlier run
        c = redis.Redis(host=host, port=port, db=db, socket_timeout=10)
        leftovers = c.keys("py:*")
        if leftovers:
            c.delete(*leftovers)
    expect("CLIENT SETNAME on connect, CLIENT GETNAME", r.client_getname(), "flux-py")
    info = r.info()
    expect("INFO parsed: redis_version is 7.x", str(info.get("redis_version", "")).split(".")[0], "7")
    expect("INFO parsed: loading is 0", info.get("loading"), 0)

    binary = bytes(range(256)) + b"\r\n$-1\r\n*0\r\n\x00"
    expect("SET binary value", r.set("py:bin", binary), True)
    expect("GET binary value", r.get("py:bin"), binary)
    expect("SET binary key", r.set(b"py:\x00\xff\r\nkey", b"v"), True)
    expect("GET binary key", r.get(b"py:\x00\xff\r\nkey"), b"v")
    expect("GET missing key", r.get("py:missing"), None)

    expect("SET EX NX on a new key", r.set("py:nx", "first", ex=100, nx=True), True)
    expect("SET EX NX on an existing key", r.set("py:nx", "second", ex=100, nx=True), None)
    expect("value kept after failed NX", r.get("py:nx"), b"first")
    ttl = r.ttl("py:nx")
    expect("TTL after SET EX 100 is in 95..100", 95 <= ttl <= 100, True)
    expect("SET XX on a missing key", r.set("py:xx", "v", xx=True), None)
    expect("SET PX", r.set("py:px", "v", px=100000), True)
    expect("PTTL after SET PX", 90000 < r.pttl("py:px") <= 100000, True)

    expect("MSET", r.mset({"py:m1": "one", "py:m2": b"two\x00", "py:m3": 3}), True)
    expect("MGET with a missing key", r.mget(["py:m1", "py:m2", "py:missing", "py:m3"]),
           [b"one", b"two\x00", None, b"3"])

    expect("INCR on a new key", r.incr("py:counter"), 1)
    expect("INCRBY", r.incr("py:counter", 41), 42)
    expect("DECR", r.decr("py:counter"), 41)
    expect("INCRBYFLOAT", r.incrbyfloat("py:counter", 1.5), 42.5)
    expect("GET after INCRBYFLOAT", r.get("py:counter"), b"42.5")
    expect("INCRBYFLOAT with exponent", r.incrbyfloat("py:float", "5.0e3"), 5000.0)
    expect("GET of INCRBYFLOAT result", r.get("py:float"), b"5000")
    r.set("py:text", "abc")
    expect_error("INCR on a non-integer", lambda: r.incr("py:text"), redis.ResponseError,
                 "value is not an integer or out of range")
    expect_error("unknown command", lambda: r.execute_command("NOSUCHCOMMAND", "x"), redis.ResponseError,
                 "unknown command")

    expect("EXISTS counts each key", r.exists("py:m1", "py:m2", "py:missing", "py:m1"), 3)
    expect("DEL counts removed keys", r.delete("py:m1", "py:m2", "py:missing"), 2)
    expect("EXISTS after DEL", r.exists("py:m1", "py:m2"), 0)

    r.set("py:exp", "v")
    expect("TTL without expiry", r.ttl("py:exp"), -1)
    expect("EXPIRE", r.expire("py:exp", 50), True)
    expect("TTL after EXPIRE 50 is in 45..50", 45 <= r.ttl("py:exp") <= 50, True)
    expect("PERSIST", r.persist("py:exp"), True)
    expect("TTL after PERSIST", r.ttl("py:exp"), -1)
    expect("EXPIRE on a missing key", r.expire("py:missing", 50), False)
    expect("TTL of a missing key", r.ttl("py:missing"), -2)
    r.set("py:short", "v", px=50)
    time.sleep(0.2)
    expect("key gone after its PX expired", r.get("py:short"), None)

    # The default pipeline is a transaction: redis-py wraps the batch in MULTI/EXEC.
    tx = r.pipeline()
    tx.set("py:tx1", "1").incr("py:tx1").get("py:tx1").delete("py:tx1")
    expect("pipeline() as MULTI/EXEC", tx.execute(), [True, 2, b"2", 1])
    pipe = r.pipeline(transaction=False)
    pipe.set("py:p1", "a").get("py:p1").incr("py:p2").incr("py:p2").mget("py:p1", "py:p2").delete("py:p1")
    pipe.get("py:p1").ping()
    expect("pipeline(transaction=False)", pipe.execute(), [True, b"a", 1, 2, [b"a", b"2"], 1, None, True])
    pipe = r.pipeline(transaction=False)
    pipe.set("py:p3", "x").incr("py:p3").get("py:p3")
    results = pipe.execute(raise_on_error=False)
    expect("pipeline keeps going after an error reply",
           [results[0], type(results[1]).__name__, results[2]], [True, "ResponseError", b"x"])
    pipe = r.pipeline(transaction=False)
    for i in range(1000):
        pipe.set(f"py:bulk:{i}", i)
    for i in range(1000):
        pipe.get(f"py:bulk:{i}")
    results = pipe.execute()
    expect("pipeline of 2000 commands", results[1000:], [str(i).encode() for i in range(1000)])

    names = {f"py:scan:{i}".encode() for i in range(300)}
    with r.pipeline(transaction=False) as p:
        for name in names:
            p.set(name, "v")
        p.execute()
    seen = list(r.scan_iter(match="py:scan:*", count=50))
    expect("SCAN iteration (scan_iter) sees every key", set(seen), names)
    expect("SCAN iteration returns no key twice for a stable keyspace", len(seen), len(names))
    seen_small = set(r.scan_iter(match="py:scan:1*", count=7))
    expect("SCAN with MATCH and a small COUNT", seen_small, {n for n in names if n.startswith(b"py:scan:1")})
    expect("DBSIZE counts keys", r.dbsize() >= 300 + 1000, True)

    r1 = redis.Redis(host=host, port=port, db=1, socket_timeout=10)
    expect("SELECT 1 (db=1): SET", r1.set("py:db", "in-db-1"), True)
    expect("SELECT 1 (db=1): GET", r1.get("py:db"), b"in-db-1")
    expect("db 0 does not see db 1's key", r.get("py:db"), None)
    expect("db 1 does not see db 0's key", r1.get("py:bin"), None)
    expect("MOVE to db 1", r.move("py:nx", 1), True)
    expect("moved key in db 1", r1.get("py:nx"), b"first")
    expect_error("SELECT out of range", lambda: redis.Redis(host=host, port=port, db=99).ping(),
                 redis.ResponseError, "DB index is out of range")

    s = redis.Redis(host=host, port=port, decode_responses=True, socket_timeout=10)
    expect("decode_responses: GET", s.get("py:text"), "abc")
    expect("decode_responses: MGET", s.mget("py:text", "py:missing"), ["abc", None])
    expect("decode_responses: unicode round trip", (s.set("py:uni", "héllo ✓"), s.get("py:uni")),
           (True, "héllo ✓"))

    async def async_calls():
        a = redis.asyncio.Redis(host=host, port=port, socket_timeout=10)
        try:
            await a.set("py:async", "v")
            async with a.pipeline(transaction=False) as ap:
                ap.get("py:async").incr("py:async:n")
                return await a.ping(), await ap.execute()
        finally:
            await a.close()

    expect("redis.asyncio: PING, pipeline", asyncio.run(async_calls()), (True, [b"v", 1]))

    pool_clients = r.client_list()
    expect("CLIENT LIST shows our named connection", any(c.get("name") == "flux-py" for c in pool_clients), True)

    if len(argv) == 4:
        auth_port, password = int(argv[2]), argv[3]
        expect_error("command without AUTH", lambda: redis.Redis(host=host, port=auth_port).ping(),
                     redis.AuthenticationError, "Authentication required")
        expect_error("wrong password", lambda: redis.Redis(host=host, port=auth_port, password=password + "x").ping(),
                     redis.ResponseError, "WRONGPASS invalid username-password pair")
        a = redis.Redis(host=host, port=auth_port, password=password, socket_timeout=10)
        expect("AUTH with password: PING", a.ping(), True)
        expect("AUTH with password: SET/GET", (a.set("py:auth", "v"), a.get("py:auth")), (True, b"v"))
        a2 = redis.Redis(host=host, port=auth_port, username="default", password=password, socket_timeout=10)
        expect("AUTH default user and password", a2.ping(), True)

    print(f"redis-py: {checks} checks passed", flush=True)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001 - anything unexpected is a failure with a clear message
        import traceback
        traceback.print_exc()
        fail(f"{type(e).__name__}: {e}")
