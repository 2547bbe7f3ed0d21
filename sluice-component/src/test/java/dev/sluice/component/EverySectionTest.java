package dev.sluice.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.component.types.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code plugins/testdata/components/every-section.wat}: a component with every section of the
 * binary format, a nested component reached through an outer alias, host and guest resources.
 */
class EverySectionTest {

    private static final Component COMPONENT =
            Component.decode(Fixtures.plugin("testdata/components/every-section.wasm"));

    private final List<Object> destroyed = new ArrayList<>();

    private Linker host() {
        return new Linker()
                .resource(
                        "test:sections/host",
                        "counter",
                        new ResourceType("counter"),
                        destroyed::add)
                .function(
                        "test:sections/host", "new-counter", args -> new AtomicLong((Long) args[0]))
                .function(
                        "test:sections/host",
                        "[method]counter.bump",
                        args -> ((AtomicLong) args[0]).addAndGet((Long) args[1]))
                .function("test:sections/host", "add", args -> (Long) args[0] + (Long) args[1]);
    }

    @Test
    void decodesEveryKindOfDefinition() {
        var model = COMPONENT.model();
        assertThat(model.coreModules()).hasSize(1);
        assertThat(model.coreInstances()).hasSize(2);
        assertThat(model.components()).hasSize(1);
        assertThat(model.resources()).hasSize(1);
        assertThat(model.starts()).hasSize(1);
        assertThat(COMPONENT.type().exports())
                .containsOnlyKeys("token", "test:sections/api", "make-token", "token-value");
        assertThat(COMPONENT.wit())
                .contains("export make-token: func(v: u32) -> token;")
                .contains("export token-value: func(t: borrow<token>) -> u32;")
                .contains("resource counter {\n      bump: func(by: u32) -> u32;\n    }")
                .contains("double-add: func(a: u32, b: u32) -> u32;");
    }

    @Test
    void callsGoThroughTheNestedComponentAndTheHost() {
        var instance = host().instantiate(COMPONENT);
        assertThat(instance.function("test:sections/api#double-add").call(3L, 4L)).isEqualTo(14L);
        // A compatible version finds the same interface.
        assertThat(instance.findFunction("test:sections/api#count")).isPresent();
    }

    @Test
    void aLinkerThatLacksImportsNamesEveryOne() {
        assertThat(new Linker().unsatisfiedImports(COMPONENT))
                .containsExactly("test:sections/host");
        assertThatThrownBy(() -> new Linker().instantiate(COMPONENT))
                .isInstanceOf(ComponentLinkException.class)
                .hasMessage(
                        "component imports test:sections/host, which the host does not provide");

        var partial = new Linker().function("test:sections/host", "add", args -> 0L);
        assertThat(partial.unsatisfiedImports(COMPONENT))
                .containsExactlyInAnyOrder(
                        "test:sections/host#counter",
                        "test:sections/host#new-counter",
                        "test:sections/host#[method]counter.bump");
        assertThat(host().unsatisfiedImports(COMPONENT)).isEmpty();
    }

    @Test
    void theStartFunctionRanOnceDuringInstantiation() {
        var instance = host().instantiate(COMPONENT);
        assertThat(instance.function("test:sections/api#starts").call()).isEqualTo(1L);
        assertThat(host().instantiate(COMPONENT).function("test:sections/api#starts").call())
                .as("each instance runs its own start")
                .isEqualTo(1L);
    }

    @Test
    void hostResourcesAreCreatedBorrowedAndDestroyedWhenDropped() {
        var instance = host().instantiate(COMPONENT);
        assertThat(instance.function("test:sections/api#count").call(5L)).isEqualTo(16L);
        assertThat(destroyed)
                .singleElement()
                .satisfies(c -> assertThat(((AtomicLong) c).get()).isEqualTo(16));
    }

    @Test
    void guestResourcesReachTheHostAsTheirRepresentation() {
        var instance = host().instantiate(COMPONENT);
        Object token = instance.function("make-token").call(21L);
        assertThat(token).isEqualTo(42);
        assertThat(instance.function("token-value").call(token)).isEqualTo(42L);
    }

    @Test
    void aMissingImportIsNamed() {
        assertThatThrownBy(() -> new Linker().instantiate(COMPONENT))
                .isInstanceOf(ComponentLinkException.class)
                .hasMessageContaining("test:sections/host");
        var partial =
                new Linker()
                        .resource(
                                "test:sections/host", "counter", new ResourceType("counter"), null)
                        .function("test:sections/host", "add", args -> 0L);
        assertThatThrownBy(() -> partial.instantiate(COMPONENT))
                .isInstanceOf(ComponentLinkException.class)
                .hasMessageContaining("new-counter");
    }

    @Test
    void anUnknownFunctionListsWhatIsExported() {
        var instance = host().instantiate(COMPONENT);
        assertThatThrownBy(() -> instance.function("test:sections/api#nope"))
                .isInstanceOf(ComponentLinkException.class)
                .hasMessageContaining("make-token");
    }
}
