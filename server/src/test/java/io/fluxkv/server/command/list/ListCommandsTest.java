package io.fluxkv.server.command.list;

import io.fluxkv.server.testing.NodeTest;
import io.fluxkv.server.type.ListValue;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.ListPosition;
import redis.clients.jedis.params.LPosParams;
import redis.clients.jedis.util.KeyValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListCommandsTest extends NodeTest {
    private static final String WRONG_TYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    @Test
    void pushesAtBothEndsAndReportsTheLength() {
        assertThat(jedis.lpush("l", "b", "a")).isEqualTo(2);
        assertThat(jedis.rpush("l", "c", "d")).isEqualTo(4);
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("a", "b", "c", "d");
        assertThat(jedis.lpushx("missing", "x")).isZero();
        assertThat(jedis.rpushx("missing", "x")).isZero();
        assertThat(jedis.exists("missing")).isFalse();
        assertThat(jedis.lpushx("l", "z")).isEqualTo(5);
        assertThat(jedis.rpushx("l", "e")).isEqualTo(6);
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("z", "a", "b", "c", "d", "e");
        assertThat(jedis.type("l")).isEqualTo("list");
        assertThat(jedis.objectEncoding("l")).isEqualTo("quicklist");
    }

    @Test
    void popsWithAndWithoutCount() {
        jedis.rpush("l", "a", "b", "c", "d", "e");
        assertThat(jedis.lpop("l")).isEqualTo("a");
        assertThat(jedis.rpop("l")).isEqualTo("e");
        assertThat(jedis.lpop("l", 0)).isEmpty();
        assertThat(jedis.rpop("l", 2)).containsExactly("d", "c");
        assertThat(jedis.lpop("l", 10)).containsExactly("b");
        assertThat(jedis.exists("l")).isFalse();
        assertThat(jedis.lpop("l")).isNull();
        assertThat(jedis.lpop("l", 2)).isNull();
        assertThatThrownBy(() -> jedis.lpop("l", -1)).hasMessage("ERR value is out of range, must be positive");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "LPOP".getBytes(), "l", "1", "2"))
                .hasMessage("ERR wrong number of arguments for 'lpop' command");
    }

    @Test
    void wrongTypeBothWays() {
        jedis.set("s", "v");
        jedis.rpush("l", "a");
        assertThatThrownBy(() -> jedis.lpush("s", "x")).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.rpushx("s", "x")).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.lpop("s")).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.llen("s")).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.lrange("s", 0, -1)).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.lindex("s", 0)).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.lset("s", 0, "x")).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.lrem("s", 0, "x")).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.ltrim("s", 0, 1)).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.lpos("s", "x")).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.linsert("s", ListPosition.BEFORE, "a", "b")).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.lmove("l", "s", ListDirection.LEFT, ListDirection.LEFT))
                .hasMessage(WRONG_TYPE);
        assertThat(jedis.lrange("l", 0, -1)).as("nothing popped").containsExactly("a");
        assertThatThrownBy(() -> jedis.lmpop(ListDirection.LEFT, "s", "l")).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.get("l")).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.incr("l")).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.append("l", "x")).hasMessage(WRONG_TYPE);
        assertThat(jedis.get("s")).isEqualTo("v");
    }

    @Test
    void wrongArity() {
        assertThatThrownBy(() -> jedis.sendCommand(() -> "LPUSH".getBytes(), "l"))
                .hasMessage("ERR wrong number of arguments for 'lpush' command");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "LINDEX".getBytes(), "l"))
                .hasMessage("ERR wrong number of arguments for 'lindex' command");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "LMOVE".getBytes(), "a", "b", "LEFT"))
                .hasMessage("ERR wrong number of arguments for 'lmove' command");
    }

    @Test
    void negativeAndOutOfRangeIndexes() {
        jedis.rpush("l", "a", "b", "c");
        assertThat(jedis.lindex("l", -1)).isEqualTo("c");
        assertThat(jedis.lindex("l", -3)).isEqualTo("a");
        assertThat(jedis.lindex("l", -4)).isNull();
        assertThat(jedis.lindex("l", 3)).isNull();
        assertThat(jedis.lindex("missing", 0)).isNull();
        assertThat(jedis.lset("l", -1, "C")).isEqualTo("OK");
        assertThatThrownBy(() -> jedis.lset("l", 3, "x")).hasMessage("ERR index out of range");
        assertThatThrownBy(() -> jedis.lset("l", -4, "x")).hasMessage("ERR index out of range");
        assertThatThrownBy(() -> jedis.lset("missing", 0, "x")).hasMessage("ERR no such key");
        assertThat(jedis.lrange("l", -2, 100)).containsExactly("b", "C");
        assertThat(jedis.lrange("l", 2, 1)).isEmpty();
        assertThat(jedis.lrange("l", -100, -3)).containsExactly("a");
        assertThat(jedis.lrange("missing", 0, -1)).isEmpty();
    }

    @Test
    void insertRemoveAndTrim() {
        jedis.rpush("l", "a", "b", "a", "c", "a");
        assertThat(jedis.linsert("l", ListPosition.AFTER, "a", "x")).isEqualTo(6);
        assertThat(jedis.linsert("l", ListPosition.BEFORE, "c", "y")).isEqualTo(7);
        assertThat(jedis.linsert("l", ListPosition.BEFORE, "nope", "y")).isEqualTo(-1);
        assertThat(jedis.linsert("missing", ListPosition.BEFORE, "a", "y")).isZero();
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("a", "x", "b", "a", "y", "c", "a");
        assertThat(jedis.lrem("l", -1, "a")).isEqualTo(1);
        assertThat(jedis.lrem("l", 1, "a")).isEqualTo(1);
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("x", "b", "a", "y", "c");
        assertThat(jedis.lrem("l", 0, "zz")).isZero();
        assertThat(jedis.ltrim("l", 1, -2)).isEqualTo("OK");
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("b", "a", "y");
        assertThat(jedis.lrem("l", 0, "a") + jedis.lrem("l", 0, "b") + jedis.lrem("l", 0, "y")).isEqualTo(3);
        assertThat(jedis.exists("l")).as("an emptied list is deleted").isFalse();
        jedis.rpush("l", "a", "b");
        assertThat(jedis.ltrim("l", 5, 10)).isEqualTo("OK");
        assertThat(jedis.exists("l")).isFalse();
        assertThatThrownBy(() -> jedis.sendCommand(() -> "LINSERT".getBytes(), "l", "MIDDLE", "a", "b"))
                .hasMessage("ERR syntax error");
    }

    @Test
    void lposWithRankCountAndMaxlen() {
        jedis.rpush("l", "a", "b", "c", "1", "2", "3", "c", "c");
        assertThat(jedis.lpos("l", "c")).isEqualTo(2);
        assertThat(jedis.lpos("l", "c", LPosParams.lPosParams().rank(-1))).isEqualTo(7);
        assertThat(jedis.lpos("l", "c", LPosParams.lPosParams().rank(2))).isEqualTo(6);
        assertThat(jedis.lpos("l", "c", LPosParams.lPosParams().rank(4))).isNull();
        assertThat(jedis.lpos("l", "c", LPosParams.lPosParams(), 0)).containsExactly(2L, 6L, 7L);
        assertThat(jedis.lpos("l", "c", LPosParams.lPosParams().rank(-2), 0)).containsExactly(6L, 2L);
        assertThat(jedis.lpos("l", "c", LPosParams.lPosParams(), 2)).containsExactly(2L, 6L);
        assertThat(jedis.lpos("l", "c", LPosParams.lPosParams().maxlen(2))).isNull();
        assertThat(jedis.lpos("l", "c", LPosParams.lPosParams().maxlen(7), 0)).containsExactly(2L, 6L);
        assertThat(jedis.lpos("l", "c", LPosParams.lPosParams().rank(-1).maxlen(1), 0)).containsExactly(7L);
        assertThat(jedis.lpos("missing", "c")).isNull();
        assertThat(jedis.lpos("missing", "c", LPosParams.lPosParams(), 1)).isEmpty();
        assertThatThrownBy(() -> jedis.lpos("l", "c", LPosParams.lPosParams().rank(0)))
                .hasMessage("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
                        + "or use negative to start from the end of the list");
        assertThatThrownBy(() -> jedis.lpos("l", "c", LPosParams.lPosParams(), -1))
                .hasMessage("ERR COUNT can't be negative");
        assertThatThrownBy(() -> jedis.lpos("l", "c", LPosParams.lPosParams().maxlen(-1)))
                .hasMessage("ERR MAXLEN can't be negative");
    }

    @Test
    void lmoveRotatesTheSameKeyAndMovesBetweenKeys() {
        jedis.rpush("l", "a", "b", "c");
        assertThat(jedis.lmove("l", "l", ListDirection.LEFT, ListDirection.RIGHT)).isEqualTo("a");
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("b", "c", "a");
        assertThat(jedis.rpoplpush("l", "l")).isEqualTo("a");
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("a", "b", "c");
        assertThat(jedis.lmove("l", "d", ListDirection.RIGHT, ListDirection.LEFT)).isEqualTo("c");
        assertThat(jedis.rpoplpush("l", "d")).isEqualTo("b");
        assertThat(jedis.lmove("l", "d", ListDirection.LEFT, ListDirection.RIGHT)).isEqualTo("a");
        assertThat(jedis.exists("l")).isFalse();
        assertThat(jedis.lrange("d", 0, -1)).containsExactly("b", "c", "a");
        assertThat(jedis.lmove("l", "d", ListDirection.LEFT, ListDirection.RIGHT)).isNull();
        assertThat(jedis.rpoplpush("l", "d")).isNull();
    }

    @Test
    void lmpopTakesTheFirstNonEmptyList() {
        jedis.rpush("b", "1", "2", "3");
        KeyValue<String, List<String>> popped = jedis.lmpop(ListDirection.RIGHT, 2, "a", "b");
        assertThat(popped.getKey()).isEqualTo("b");
        assertThat(popped.getValue()).containsExactly("3", "2");
        popped = jedis.lmpop(ListDirection.LEFT, "a", "b");
        assertThat(popped.getValue()).containsExactly("1");
        assertThat(jedis.exists("b")).isFalse();
        assertThat(jedis.lmpop(ListDirection.LEFT, "a", "b")).isNull();
        assertThatThrownBy(() -> jedis.sendCommand(() -> "LMPOP".getBytes(), "0", "a", "LEFT"))
                .hasMessage("ERR numkeys should be greater than 0");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "LMPOP".getBytes(), "3", "a", "LEFT"))
                .hasMessage("ERR syntax error");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "LMPOP".getBytes(), "1", "a", "LEFT", "COUNT", "0"))
                .hasMessage("ERR count should be greater than 0");
    }

    @Test
    void bigListIsReachableNearBothEnds() {
        String[] chunk = new String[10_000];
        for (int base = 0; base < 100_000; base += chunk.length) {
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = Integer.toString(base + i);
            }
            jedis.rpush("big", chunk);
        }
        assertThat(jedis.llen("big")).isEqualTo(100_000);
        for (int i = 0; i < 1000; i++) {
            assertThat(jedis.lindex("big", i)).isEqualTo(Integer.toString(i));
            assertThat(jedis.lindex("big", -1 - i)).isEqualTo(Integer.toString(99_999 - i));
        }
        assertThat(jedis.lindex("big", 50_000)).isEqualTo("50000");
        assertThat(jedis.lset("big", -2, "x")).isEqualTo("OK");
        assertThat(jedis.lrange("big", -3, -1)).containsExactly("99997", "x", "99999");
        assertThat(jedis.lrange("big", 0, 2)).containsExactly("0", "1", "2");
        jedis.lpush("big", "head");
        assertThat(jedis.lpos("big", "99999")).isEqualTo(100_000);
        assertThat(jedis.lpop("big", 99_991)).hasSize(99_991).startsWith("head", "0");
        assertThat(jedis.lrange("big", 0, -1)).containsExactly("99990", "99991", "99992", "99993", "99994",
                "99995", "99996", "99997", "x", "99999");
    }

    /** The deque against a plain list model through random operations, wrap-around and resizing included. */
    @Test
    void listValueMatchesAModel() {
        java.util.Random random = new java.util.Random(7);
        ListValue list = new ListValue();
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            String element = Integer.toString(random.nextInt(20));
            int size = model.size();
            switch (random.nextInt(size > 200 ? 10 : 7)) {
                case 0, 1 -> {
                    list.addFirst(bytes(element));
                    model.add(0, element);
                }
                case 2, 3 -> {
                    list.addLast(bytes(element));
                    model.add(element);
                }
                case 4 -> {
                    int at = random.nextInt(size + 1);
                    list.insert(at, bytes(element));
                    model.add(at, element);
                }
                case 5 -> {
                    int limit = random.nextInt(3);
                    boolean fromTail = random.nextBoolean();
                    int removed = list.removeMatching(bytes(element), limit, fromTail);
                    List<Integer> matches = new ArrayList<>();
                    for (int i = 0; i < size; i++) {
                        int at = fromTail ? size - 1 - i : i;
                        if (model.get(at).equals(element) && (limit == 0 || matches.size() < limit)) {
                            matches.add(at);
                        }
                    }
                    matches.sort(java.util.Comparator.reverseOrder());
                    for (int at : matches) {
                        model.remove(at);
                    }
                    int expected = matches.size();
                    assertThat(removed).isEqualTo(expected);
                }
                case 6 -> {
                    if (size > 0) {
                        int at = random.nextInt(size);
                        list.set(at, bytes(element));
                        model.set(at, element);
                    }
                }
                default -> {
                    int count = random.nextInt(size + 1);
                    if (random.nextBoolean()) {
                        list.removeFirst(count);
                        model.subList(0, count).clear();
                    } else {
                        list.removeLast(count);
                        model.subList(size - count, size).clear();
                    }
                }
            }
            assertThat(list.size()).isEqualTo(model.size());
            if (step % 97 == 0) {
                List<String> actual = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    actual.add(new String(list.get(i), StandardCharsets.UTF_8));
                }
                assertThat(actual).isEqualTo(model);
                assertThat(list.copy().indexOf(bytes(element))).isEqualTo(model.indexOf(element));
            }
        }
    }

    @Test
    void copyIsDeep() {
        jedis.rpush("l", "a", "b");
        assertThat(jedis.copy("l", "c", false)).isTrue();
        jedis.lset("c", 0, "z");
        jedis.rpop("c");
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("a", "b");
        assertThat(jedis.lrange("c", 0, -1)).containsExactly("z");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
