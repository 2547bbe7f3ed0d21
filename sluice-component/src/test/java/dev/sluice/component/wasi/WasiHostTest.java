package dev.sluice.component.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.component.ComponentTrap;
import dev.sluice.component.HostFunc;
import dev.sluice.component.Linker;
import dev.sluice.component.ResultValue;
import dev.sluice.component.VariantValue;
import dev.sluice.component.engine.WasmInterrupted;
import dev.sluice.component.types.FuncType;
import dev.sluice.component.types.ValType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The WASI host, called the way the runtime calls it: by interface, name and Java values. */
class WasiHostTest {

    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final AtomicLong monotonic = new AtomicLong(1_000);
    private final Linker linker = new Linker();

    WasiHostTest() {
        WasiHost.builder()
                .stdout(out::add)
                .stderr(err::add)
                .monotonicClock(monotonic::get)
                .wallClock(() -> 1_700_000_000_123_456_789L)
                .build()
                .define(linker);
    }

    private static final FuncType ANY = new FuncType(List.of(), null);

    private HostFunc f(String iface, String name) {
        return linker.findFunction(iface, name, ANY).orElseThrow();
    }

    private static Object[] args(Object... a) {
        return a;
    }

    @Test
    void stdoutReachesTheSinkLineByLineAndAPartialLineWhenDropped() {
        Object stdout = f("wasi:cli/stdout@0.2.3", "get-stdout").call(args());
        var write = f("wasi:io/streams@0.2.3", "[method]output-stream.blocking-write-and-flush");
        assertThat(write.call(args(stdout, "one\ntw".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(ResultValue.ok(null));
        write.call(args(stdout, "o\r\nthree".getBytes(StandardCharsets.UTF_8)));
        assertThat(out).containsExactly("one", "two");
        linker.findResource("wasi:io/streams@0.2.0", "output-stream")
                .orElseThrow()
                .destructor()
                .accept(stdout);
        assertThat(out).containsExactly("one", "two", "three");
        assertThat(err).isEmpty();
    }

    @Test
    void aLineWithoutEndIsHandedOverInPieces() {
        Object stderr = f("wasi:cli/stderr@0.2.0", "get-stderr").call(args());
        var write = f("wasi:io/streams@0.2.0", "[method]output-stream.write");
        for (int i = 0; i < 3; i++) {
            write.call(args(stderr, new byte[LineOutput.MAX_LINE / 2 + 1]));
        }
        assertThat(err).hasSize(1);
        assertThat(err.get(0)).hasSize(LineOutput.MAX_LINE);
    }

    @Test
    void writesBeyondWhatCheckWriteAllowsTrap() {
        Object stdout = f("wasi:cli/stdout@0.2.0", "get-stdout").call(args());
        long budget =
                (Long)
                        ((ResultValue)
                                        f(
                                                        "wasi:io/streams@0.2.0",
                                                        "[method]output-stream.check-write")
                                                .call(args(stdout)))
                                .payload();
        assertThatThrownBy(
                        () ->
                                f("wasi:io/streams@0.2.0", "[method]output-stream.write")
                                        .call(args(stdout, new byte[(int) budget + 1])))
                .isInstanceOf(ComponentTrap.class);
    }

    @Test
    void everyPatchVersionOfZeroTwoIsServedAndZeroThreeIsNot() {
        for (String v : List.of("0.2.0", "0.2.3", "0.2.6", "0.2.12")) {
            assertThat(linker.findFunction("wasi:cli/stdout@" + v, "get-stdout", ANY)).isPresent();
        }
        assertThat(linker.providesInterface("wasi:cli/stdout@0.3.0")).isFalse();
    }

    @Test
    void theEnvironmentIsEmptyAndStdinIsClosed() {
        assertThat(f("wasi:cli/environment@0.2.0", "get-environment").call(args()))
                .isEqualTo(List.of());
        assertThat(f("wasi:cli/environment@0.2.0", "initial-cwd").call(args()))
                .isEqualTo(Optional.empty());
        Object stdin = f("wasi:cli/stdin@0.2.0", "get-stdin").call(args());
        assertThat(
                        f("wasi:io/streams@0.2.0", "[method]input-stream.blocking-read")
                                .call(args(stdin, 10L)))
                .isEqualTo(ResultValue.err(new VariantValue("closed", null)));
        assertThat(f("wasi:cli/terminal-stdout@0.2.0", "get-terminal-stdout").call(args()))
                .isEqualTo(Optional.empty());
    }

    @Test
    void exitEndsTheCallWithItsStatus() {
        assertThatThrownBy(() -> f("wasi:cli/exit@0.2.0", "exit").call(args(ResultValue.err(null))))
                .isInstanceOf(WasiExit.class)
                .satisfies(e -> assertThat(((WasiExit) e).status()).isEqualTo(1));
    }

    @Test
    void clocksTellTimeAndPollablesWaitForIt() {
        assertThat(f("wasi:clocks/wall-clock@0.2.0", "now").call(args()))
                .isEqualTo(Map.of("seconds", 1_700_000_000L, "nanoseconds", 123_456_789L));
        long t0 = (Long) f("wasi:clocks/monotonic-clock@0.2.0", "now").call(args());
        monotonic.addAndGet(500);
        assertThat((Long) f("wasi:clocks/monotonic-clock@0.2.0", "now").call(args()))
                .isEqualTo(t0 + 500);
        Object soon = f("wasi:clocks/monotonic-clock@0.2.0", "subscribe-duration").call(args(100L));
        Object now =
                f("wasi:io/streams@0.2.0", "[method]output-stream.subscribe")
                        .call(args(new Object()));
        assertThat(f("wasi:io/poll@0.2.0", "[method]pollable.ready").call(args(soon)))
                .isEqualTo(false);
        assertThat(f("wasi:io/poll@0.2.0", "poll").call(args(List.of(soon, now))))
                .isEqualTo(List.of(1L));
        monotonic.addAndGet(100);
        assertThat(f("wasi:io/poll@0.2.0", "poll").call(args(List.of(soon, now))))
                .isEqualTo(List.of(0L, 1L));
    }

    @Test
    void waitingOnAPollableEndsWhenTheThreadIsInterrupted() {
        var real = new Linker();
        WasiHost.builder().build().define(real);
        Object later =
                real.findFunction("wasi:clocks/monotonic-clock@0.2.0", "subscribe-duration", ANY)
                        .orElseThrow()
                        .call(args(60_000_000_000L));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(
                            () ->
                                    real.findFunction(
                                                    "wasi:io/poll@0.2.0",
                                                    "[method]pollable.block",
                                                    ANY)
                                            .orElseThrow()
                                            .call(args(later)))
                    .isInstanceOf(WasmInterrupted.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void everyWriteIsChargedToTheOutputBudgetWhichMayFailTheCall() {
        var charged = new ArrayList<Long>();
        var budgeted = new Linker();
        WasiHost.builder()
                .stdout(out::add)
                .outputBudget(
                        bytes -> {
                            charged.add(bytes);
                            if (charged.size() > 2) {
                                throw new IllegalStateException("over budget");
                            }
                        })
                .build()
                .define(budgeted);
        Object stdout =
                budgeted.findFunction("wasi:cli/stdout@0.2.0", "get-stdout", ANY)
                        .orElseThrow()
                        .call(args());
        var write =
                budgeted.findFunction(
                                "wasi:io/streams@0.2.0",
                                "[method]output-stream.blocking-write-and-flush",
                                ANY)
                        .orElseThrow();
        var zeroes =
                budgeted.findFunction(
                                "wasi:io/streams@0.2.0", "[method]output-stream.write-zeroes", ANY)
                        .orElseThrow();

        write.call(args(stdout, "abc\n".getBytes(StandardCharsets.UTF_8)));
        zeroes.call(args(stdout, 10L));
        assertThatThrownBy(
                        () -> write.call(args(stdout, "more\n".getBytes(StandardCharsets.UTF_8))))
                .hasMessage("over budget");

        assertThat(charged).containsExactly(4L, 10L, 5L);
        assertThat(out).containsExactly("abc").as("the write over budget wrote nothing");
    }

    @Test
    void aWriteStopsTheCallOnceItsThreadIsInterrupted() {
        Object stdout = f("wasi:cli/stdout@0.2.0", "get-stdout").call(args());
        var write = f("wasi:io/streams@0.2.0", "[method]output-stream.write");
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> write.call(args(stdout, "late\n".getBytes())))
                    .isInstanceOf(WasmInterrupted.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(out).isEmpty();
    }

    @Test
    void randomBytesAreBoundedAndTheInsecureSeedIsStable() {
        assertThat((byte[]) f("wasi:random/random@0.2.0", "get-random-bytes").call(args(32L)))
                .hasSize(32);
        assertThatThrownBy(
                        () ->
                                f("wasi:random/random@0.2.0", "get-random-bytes")
                                        .call(args(1L << 30)))
                .isInstanceOf(ComponentTrap.class);
        var seed = f("wasi:random/insecure-seed@0.2.0", "insecure-seed");
        assertThat(seed.call(args())).isEqualTo(seed.call(args()));
    }

    @Test
    void filesSocketsAndHttpAreDeniedWithTheirOwnErrors() {
        assertThat(f("wasi:filesystem/preopens@0.2.0", "get-directories").call(args()))
                .isEqualTo(List.of());
        var fsError = new ValType.EnumOf(List.of("access", "would-block"));
        var stat = new FuncType(List.of(), new ValType.ResultOf(ValType.Primitive.U64, fsError));
        assertThat(
                        linker.findFunction(
                                        "wasi:filesystem/types@0.2.3",
                                        "[method]descriptor.stat",
                                        stat)
                                .orElseThrow()
                                .call(args(new Object())))
                .isEqualTo(ResultValue.err("access"));
        var httpError =
                new ValType.VariantOf(
                        List.of(
                                new ValType.Case("DNS-timeout", null),
                                new ValType.Case("HTTP-request-denied", null)));
        var handle =
                new FuncType(List.of(), new ValType.ResultOf(ValType.Primitive.U32, httpError));
        assertThat(
                        linker.findFunction("wasi:http/outgoing-handler@0.2.10", "handle", handle)
                                .orElseThrow()
                                .call(args()))
                .isEqualTo(ResultValue.err(new VariantValue("HTTP-request-denied", null)));
        var fields = new FuncType(List.of(), ValType.Primitive.U32);
        assertThatThrownBy(
                        () ->
                                linker.findFunction(
                                                "wasi:http/types@0.2.0",
                                                "[constructor]fields",
                                                fields)
                                        .orElseThrow()
                                        .call(args()))
                .isInstanceOf(ComponentTrap.class)
                .hasMessageContaining("wasi:http/types#[constructor]fields is denied");
        assertThat(linker.findResource("wasi:sockets/tcp@0.2.0", "tcp-socket")).isPresent();
    }
}
