package dev.sluice.component.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.component.Fixtures;
import dev.sluice.component.engine.chicory.ChicoryEngine;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every engine behind the seam guarantees, whatever it is: failures by phase, host exceptions
 * passed through unchanged, interruption by the thread's interrupt flag, the memory cap of {@link
 * CodeOptions#memoryLimits()}, and bulk memory access. A new engine joins {@link #engines()}.
 */
class EngineContractTest {

    static Stream<Engine> engines() {
        return Stream.of(ChicoryEngine.compiler(null, EngineLog.NONE), ChicoryEngine.interpreter());
    }

    private static final FunctionType LOG =
            FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of());

    private static final String ON_RECORD = "blink:plugin/plugin@0.1.0#on-record";

    /**
     * blink-trap.wat: on-record misbehaves by partition (0 unreachable, 1 OOB, 3 logs, 6 loops).
     */
    static Instance trap(Engine engine, HostFunction.Handle log) {
        var module = engine.parse(Fixtures.plugin("testdata/blink-trap.wasm"));
        return engine.compile(module, CodeOptions.of("test"))
                .instantiate(
                        Imports.of(
                                List.of(
                                        new HostFunction(
                                                "blink:plugin/host@0.1.0", "log", LOG, log))));
    }

    private static long onRecord(Instance instance, int partition) {
        return instance.export(ON_RECORD).apply(0, 0, partition, 0, 0, 0, 0, 0)[0];
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aModuleDescribesItsImportsExportsAndMemory(Engine engine) {
        var module = engine.parse(Fixtures.plugin("testdata/blink-trap.wasm"));
        assertThat(module.imports())
                .containsExactly(
                        new Module.Import(
                                "blink:plugin/host@0.1.0", "log", ExternKind.FUNCTION, LOG));
        assertThat(module.exports())
                .contains(new Module.Export("memory", ExternKind.MEMORY, null))
                .contains(
                        new Module.Export(
                                ON_RECORD,
                                ExternKind.FUNCTION,
                                FunctionType.of(
                                        java.util.Collections.nCopies(8, ValType.I32),
                                        List.of(ValType.I32))));
        assertThat(module.memoryLimits()).contains(new MemoryLimits(1, MemoryLimits.MAX_PAGES));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void failuresAreTheSeamsByPhase(Engine engine) {
        assertThatThrownBy(() -> engine.parse(new byte[] {0, 'a', 's', 'm', 9, 9, 9, 9}))
                .isInstanceOf(WasmMalformed.class);
        var module = engine.parse(Fixtures.plugin("testdata/blink-trap.wasm"));
        assertThatThrownBy(
                        () ->
                                engine.compile(module, CodeOptions.of("test"))
                                        .instantiate(Imports.of(List.of())))
                .isInstanceOf(WasmLinkError.class)
                .hasMessageContaining("log");

        var instance = trap(engine, (i, args) -> new long[0]);
        assertThatThrownBy(() -> onRecord(instance, 0)).isInstanceOf(WasmTrap.class);
        assertThatThrownBy(() -> onRecord(trap(engine, (i, a) -> new long[0]), 1))
                .isInstanceOf(WasmTrap.class)
                .hasMessageContaining("out of bounds");
        assertThat(onRecord(trap(engine, (i, a) -> new long[0]), 7)).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void whatAHostFunctionThrowsReachesTheCallerUnchanged(Engine engine) {
        var mine = new IllegalStateException("the host's own failure");
        var instance =
                trap(
                        engine,
                        (i, args) -> {
                            // The caller's memory is reachable from the host function.
                            assertThat(i.memory().readBytes((int) args[1], 3))
                                    .containsExactly(0xff, 0xfe, 0xfd);
                            throw mine;
                        });
        assertThatThrownBy(() -> onRecord(instance, 3)).isSameAs(mine);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void anInterruptedThreadStopsTheGuestWithWasmInterrupted(Engine engine) {
        var instance = trap(engine, (i, a) -> new long[0]);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> onRecord(instance, 6)).isInstanceOf(WasmInterrupted.class);
        } finally {
            Thread.interrupted();
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void interruptingTheThreadOfARunningCallStopsIt(Engine engine) throws InterruptedException {
        var instance = trap(engine, (i, a) -> new long[0]);
        var failure = new AtomicReference<Throwable>();
        var worker =
                new Thread(
                        () -> {
                            try {
                                onRecord(instance, 6);
                            } catch (Throwable t) {
                                failure.set(t);
                            } finally {
                                Thread.interrupted();
                            }
                        },
                        "contract-loop");
        var cpu = ManagementFactory.getThreadMXBean();
        worker.start();
        // In the loop for sure once the worker has spent 50 ms of CPU: only then interrupt, so
        // this is the engine stopping a running guest, not refusing to start a call.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (cpu.getThreadCpuTime(worker.getId()) < 50_000_000L && worker.isAlive()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.onSpinWait();
        }
        worker.interrupt();
        worker.join(30_000);
        assertThat(worker.isAlive()).as("the guest still runs after the interrupt").isFalse();
        assertThat(failure.get()).isInstanceOf(WasmInterrupted.class);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void theMemoryCapLowersTheDeclaredMaximum(Engine engine) {
        var module = engine.parse(Fixtures.plugin("testdata/blink-grow.wasm"));
        var code =
                engine.compile(
                        module, CodeOptions.of("test").withMemoryLimits(new MemoryLimits(1, 3)));
        var refused = new int[1];
        var instance =
                code.instantiate(
                        Imports.of(
                                List.of(
                                        new HostFunction(
                                                "blink:plugin/host@0.1.0",
                                                "log",
                                                LOG,
                                                (i, args) -> {
                                                    refused[0]++;
                                                    return new long[0];
                                                }))));
        assertThat(onRecord(instance, 2)).isEqualTo(1); // 1 → 3 pages: within the cap
        assertThat(onRecord(instance, 1)).isZero(); // 4 pages: refused
        assertThat(refused[0]).isEqualTo(1);
        assertThat(instance.memory().pages()).isEqualTo(3);
        assertThat(instance.memory().grow(1)).isEqualTo(-1);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void memoryReadsAndWritesInBulkAndTrapsOutsideItself(Engine engine) {
        var memory = engine.newMemory(new MemoryLimits(1, 2));
        byte[] bytes = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        memory.write(100, bytes, 1, 8);
        assertThat(memory.readBytes(100, 8)).containsExactly(2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(memory.readInt(100)).isEqualTo(0x05040302);
        assertThat(memory.readLong(100)).isEqualTo(0x0908070605040302L);
        memory.writeI32(200, -2);
        memory.writeShort(204, (short) 0x1234);
        memory.writeByte(206, (byte) 0x56);
        memory.writeLong(208, Long.MIN_VALUE);
        assertThat(memory.readInt(200)).isEqualTo(-2);
        assertThat(memory.readShort(204)).isEqualTo((short) 0x1234);
        assertThat(memory.read(206)).isEqualTo((byte) 0x56);
        assertThat(memory.readLong(208)).isEqualTo(Long.MIN_VALUE);
        assertThat(memory.grow(1)).isEqualTo(1);
        assertThat(memory.pages()).isEqualTo(2);
        assertThat(memory.grow(1)).isEqualTo(-1);
        assertThatThrownBy(() -> memory.readInt(2 * Memory.PAGE_SIZE - 2))
                .isInstanceOf(WasmTrap.class);
        assertThatThrownBy(() -> memory.write(2 * Memory.PAGE_SIZE - 1, bytes))
                .isInstanceOf(WasmTrap.class);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void closingAnInstanceTwiceIsHarmlessAndLeavesOthersRunning(Engine engine) {
        var lines = new java.util.concurrent.atomic.AtomicInteger();
        HostFunction.Handle log =
                (instance, args) -> {
                    lines.incrementAndGet();
                    return null;
                };
        var dropped = trap(engine, log);
        var kept = trap(engine, log);

        dropped.close();
        dropped.close();

        onRecord(kept, 3); // partition 3 logs a line
        assertThat(lines).hasValue(1);
    }

    /**
     * A module with one exported function {@code f: [] -> []} whose body is {@code nops} nops and
     * then {@code i32.const 0}: a value left on the stack, so the body does not validate.
     */
    static byte[] leavesAValueBehind(int nops) {
        var body = new java.io.ByteArrayOutputStream();
        body.write(0); // no locals
        for (int i = 0; i < nops; i++) {
            body.write(0x01);
        }
        body.writeBytes(new byte[] {0x41, 0x00, 0x0b}); // i32.const 0, end
        var code = new java.io.ByteArrayOutputStream();
        code.write(1); // one body
        leb(code, body.size());
        code.writeBytes(body.toByteArray());
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        out.writeBytes(new byte[] {1, 4, 1, 0x60, 0, 0}); // type: [] -> []
        out.writeBytes(new byte[] {3, 2, 1, 0}); // function 0 has type 0
        out.writeBytes(new byte[] {7, 5, 1, 1, 'f', 0, 0}); // export "f" = function 0
        out.write(10);
        leb(out, code.size());
        out.writeBytes(code.toByteArray());
        return out.toByteArray();
    }

    private static void leb(java.io.ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7f;
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aDescribedModuleIsValidatedBeforeItCompiles(Engine engine) {
        byte[] invalid = leavesAValueBehind(20_000);
        assertThatThrownBy(() -> engine.parse(invalid)).isInstanceOf(WasmMalformed.class);

        var described = engine.describe(invalid, "sha-256:described-in-a-test");
        assertThat(described.exports()).extracting(Module.Export::name).containsExactly("f");
        assertThatThrownBy(() -> engine.compile(described, () -> invalid, CodeOptions.of("test")))
                .isInstanceOf(WasmMalformed.class);
    }
}
