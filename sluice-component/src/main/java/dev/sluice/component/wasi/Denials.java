package dev.sluice.component.wasi;

import dev.sluice.component.ComponentTrap;
import dev.sluice.component.HostFunc;
import dev.sluice.component.Linker;
import dev.sluice.component.ResultValue;
import dev.sluice.component.VariantValue;
import dev.sluice.component.types.FuncType;
import dev.sluice.component.types.ValType;
import java.util.List;
import java.util.Optional;

/**
 * The interfaces a plugin may import but not use: files, sockets, HTTP. Every function exists, so a
 * component whose toolchain imports them loads; calling one returns the interface's access-denied
 * error where its type has one, an empty option where it returns one, and fails otherwise.
 */
final class Denials {

    /** The error cases that mean "not allowed", by preference. */
    private static final List<String> DENIED =
            List.of("access", "access-denied", "HTTP-request-denied", "not-permitted");

    private static final List<String> FILESYSTEM = List.of("wasi:filesystem/types@0.2.0");

    private static final List<String> SOCKETS =
            List.of(
                    "wasi:sockets/network@0.2.0",
                    "wasi:sockets/instance-network@0.2.0",
                    "wasi:sockets/ip-name-lookup@0.2.0",
                    "wasi:sockets/tcp@0.2.0",
                    "wasi:sockets/tcp-create-socket@0.2.0",
                    "wasi:sockets/udp@0.2.0",
                    "wasi:sockets/udp-create-socket@0.2.0");

    private static final List<String> HTTP =
            List.of(
                    "wasi:http/types@0.2.0",
                    "wasi:http/outgoing-handler@0.2.0",
                    "wasi:http/incoming-handler@0.2.0");

    private Denials() {}

    static void define(Linker linker) {
        linker.function("wasi:filesystem/preopens@0.2.0", "get-directories", a -> List.of());
        FILESYSTEM.forEach(i -> linker.fallback(i, (name, type) -> deny(i, name, type, "files")));
        SOCKETS.forEach(i -> linker.fallback(i, (name, type) -> deny(i, name, type, "network")));
        HTTP.forEach(i -> linker.fallback(i, (name, type) -> deny(i, name, type, "HTTP")));
    }

    private static HostFunc deny(String iface, String name, FuncType type, String what) {
        Object answer = denial(type.result());
        if (answer != null) {
            return args -> answer;
        }
        String message =
                iface.substring(0, iface.indexOf('@'))
                        + "#"
                        + name
                        + " is denied: plugins have no "
                        + what
                        + " access";
        return args -> {
            throw new ComponentTrap(message);
        };
    }

    /** The value that says "denied" in {@code result}'s type, or null if it has none. */
    static Object denial(ValType result) {
        if (result instanceof ValType.OptionOf) {
            return Optional.empty();
        }
        if (result instanceof ValType.ResultOf r && r.err() != null) {
            if (r.err() instanceof ValType.EnumOf e) {
                return DENIED.stream()
                        .filter(e.names()::contains)
                        .findFirst()
                        .map(ResultValue::err)
                        .orElse(null);
            }
            if (r.err() instanceof ValType.VariantOf v) {
                for (String name : DENIED) {
                    for (var c : v.cases()) {
                        if (c.name().equals(name) && c.type() == null) {
                            return ResultValue.err(new VariantValue(name, null));
                        }
                    }
                }
            }
        }
        return null;
    }
}
