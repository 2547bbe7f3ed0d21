package dev.sluice.internal.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.internal.services.state.StateRefused;
import dev.sluice.plugin.Permissions;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.state.StateLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginContextTest {

    private static PluginSettings withValueLimit(int maxValueBytes) {
        return PluginSettings.builder()
                .withPermissions(Permissions.none().withState(true))
                .withStateLimits(new StateLimits(256, maxValueBytes, 100, 1 << 20))
                .build();
    }

    @Test
    void aReloadWithOtherStateLimitsAppliesThemToTheStateItKeeps() {
        var first = withValueLimit(4);
        var context = new PluginContext("counter", Map.of(), e -> {}, 1024);
        context.reconfigure(first);
        context.grant(first.permissions());
        context.state().set("small", new byte[4]);
        assertThatThrownBy(() -> context.state().set("big", new byte[16]))
                .isInstanceOf(StateRefused.class)
                .hasMessageContaining("max_value_bytes");

        context.reconfigure(withValueLimit(64));

        context.state().set("big", new byte[16]);
        assertThat(context.state().limits().maxValueBytes()).isEqualTo(64);
        assertThat(context.state().get("small")).hasValueSatisfying(v -> assertThat(v).hasSize(4));
        assertThat(context.state().get("big")).hasValueSatisfying(v -> assertThat(v).hasSize(16));
    }
}
