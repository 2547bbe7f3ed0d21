package dev.sluice.internal.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.component.engine.Memory;
import dev.sluice.component.engine.MemoryLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GuestMemoryTest {

    private final Memory memory =
            dev.sluice.internal.runtime.Engines.parser().newMemory(new MemoryLimits(1, 1));

    @Test
    void readsValidUtf8Including4ByteSequences() {
        byte[] bytes = "zoë 🚀".getBytes(StandardCharsets.UTF_8);
        memory.write(100, bytes);

        assertThat(GuestMemory.readString(memory, 100, bytes.length, "msg")).isEqualTo("zoë 🚀");
    }

    @Test
    void rejectsInvalidUtf8() {
        memory.write(0, new byte[] {'o', 'k', (byte) 0xc3});

        assertThatThrownBy(() -> GuestMemory.readString(memory, 0, 3, "log message"))
                .isInstanceOf(GuestFault.class)
                .hasMessage("log message is not valid UTF-8");
    }

    @Test
    void rejectsEncodedSurrogates() {
        // CESU-style encoded surrogate half: not valid UTF-8.
        memory.write(0, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80});

        assertThatThrownBy(() -> GuestMemory.readString(memory, 0, 3, "s"))
                .isInstanceOf(GuestFault.class);
    }

    @Test
    void rangesMustLieInsideMemory() {
        GuestMemory.checkRange(memory, 65_536 - 4, 4, "end");

        assertThatThrownBy(() -> GuestMemory.checkRange(memory, 65_536 - 4, 5, "tail"))
                .isInstanceOf(GuestFault.class)
                .hasMessageContaining("tail at 0xfffc with length 5");
        // Negative i32s are large unsigned addresses, never wrapped around.
        assertThatThrownBy(() -> GuestMemory.checkRange(memory, -1, 1, "x"))
                .isInstanceOf(GuestFault.class)
                .hasMessageContaining("0xffffffff");
        assertThatThrownBy(() -> GuestMemory.checkRange(memory, 16, -1, "len"))
                .isInstanceOf(GuestFault.class);
    }

    @Test
    void emptyStringsNeedNoValidAddress() {
        assertThat(GuestMemory.readString(memory, 65_536, 0, "empty")).isEmpty();
    }
}
