package io.fluxkv.protocol.command;

import java.util.List;

/** One argument of a command's syntax, as COMMAND DOCS reports it (redis-cli builds its hints from these). */
public record DocArgument(String name, String type, String token, String display, boolean optional,
                          boolean multiple, boolean multipleToken, List<DocArgument> arguments) {
}
