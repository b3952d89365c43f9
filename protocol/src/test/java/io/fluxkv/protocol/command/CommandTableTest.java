package io.fluxkv.protocol.command;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommandTableTest {
    private final CommandTable table = CommandTable.standard();

    private static byte[][] argv(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static List<Integer> keys(CommandSpec spec, String... words) {
        List<Integer> positions = new ArrayList<>();
        spec.forEachKey(argv(words), positions::add);
        return positions;
    }

    @Test
    void lookupIgnoresCaseAndNeedsNoString() {
        assertThat(table.find("gEt".getBytes(StandardCharsets.US_ASCII)).name()).isEqualTo("get");
        assertThat(table.find("nosuch".getBytes(StandardCharsets.US_ASCII))).isNull();
        CommandSpec config = table.find("CONFIG".getBytes(StandardCharsets.US_ASCII));
        assertThat(config.subcommand("Get".getBytes(StandardCharsets.US_ASCII)).fullName()).isEqualTo("config|get");
    }

    @Test
    void everyEntryIsComplete() {
        for (CommandSpec spec : table.specs()) {
            assertThat(spec.summary()).as(spec.fullName()).isNotBlank();
            assertThat(spec.since()).as(spec.fullName()).isNotBlank();
            assertThat(spec.group()).as(spec.fullName()).isNotBlank();
            assertThat(spec.arity()).as(spec.fullName()).isNotZero();
            assertThat(spec.aclCategories()).as(spec.fullName()).isNotEmpty();
        }
    }

    @Test
    void keyPositionsComeFromKeySpecs() {
        CommandSpec mset = table.find("mset".getBytes(StandardCharsets.US_ASCII));
        assertThat(keys(mset, "MSET", "a", "1", "b", "2")).containsExactly(1, 3);
        assertThat(keys(table.find("del".getBytes()), "DEL", "a", "b", "c")).containsExactly(1, 2, 3);
        assertThat(keys(table.find("rename".getBytes()), "RENAME", "a", "b")).containsExactly(1, 2);
        assertThat(keys(table.find("ping".getBytes()), "PING")).isEmpty();
        CommandSpec objectEncoding = table.find("object".getBytes()).subcommand("encoding".getBytes());
        assertThat(keys(objectEncoding, "OBJECT", "ENCODING", "k")).containsExactly(2);
    }

    @Test
    void legacyRangeAndFlagsAsRedisReportsThem() {
        CommandSpec mset = table.find("mset".getBytes());
        assertThat(new int[] {mset.firstKey(), mset.lastKey(), mset.keyStep()}).containsExactly(1, -1, 2);
        CommandSpec rename = table.find("rename".getBytes());
        assertThat(new int[] {rename.firstKey(), rename.lastKey(), rename.keyStep()}).containsExactly(1, 2, 1);
        CommandSpec set = table.find("set".getBytes());
        assertThat(set.has(CommandFlag.MOVABLEKEYS)).isFalse();
        assertThat(set.keySpecs().get(0).notes()).contains("GET");
        assertThat(set.aclCategories()).containsExactly(AclCategory.WRITE, AclCategory.STRING, AclCategory.SLOW);
        CommandSpec get = table.find("get".getBytes());
        assertThat(get.aclCategories()).containsExactly(AclCategory.READ, AclCategory.STRING, AclCategory.FAST);
    }

    @Test
    void arityFollowsRedisConvention() {
        CommandSpec get = table.find("get".getBytes());
        assertThat(get.arityAccepts(2)).isTrue();
        assertThat(get.arityAccepts(3)).isFalse();
        CommandSpec del = table.find("del".getBytes());
        assertThat(del.arityAccepts(1)).isFalse();
        assertThat(del.arityAccepts(5)).isTrue();
    }
}
