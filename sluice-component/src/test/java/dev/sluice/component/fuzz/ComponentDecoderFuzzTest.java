package dev.sluice.component.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.component.Component;
import dev.sluice.component.ComponentDecodeException;

/**
 * Fuzzes the component decoder and validator, and the WIT printer on whatever decodes: any input
 * must either decode or be refused with {@link ComponentDecodeException}; anything else thrown
 * (another exception, a StackOverflowError, an OutOfMemoryError) is a finding. Seeds: the committed
 * components and core modules, linked into this class's inputs directory. See docs/fuzzing.md.
 */
class ComponentDecoderFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] bytes) {
        Component component;
        try {
            component = Component.decode(bytes);
        } catch (ComponentDecodeException expected) {
            return;
        }
        component.wit();
    }
}
