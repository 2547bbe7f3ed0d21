package dev.sluice.internal.loader;

import dev.sluice.component.Component;
import dev.sluice.component.engine.Module;
import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.ModuleView;
import dev.sluice.plugin.PluginDescriptor;

/**
 * A plugin file that passed validation: what it is, the code to run, and how to speak its contract.
 * A core module has {@code module} and {@code view}; a component has {@code component} (and null
 * for the other two).
 */
public record InspectedPlugin(
        PluginDescriptor descriptor,
        Module module,
        ModuleView view,
        Component component,
        ContractBinding binding) {}
