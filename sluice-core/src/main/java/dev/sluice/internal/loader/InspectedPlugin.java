package dev.sluice.internal.loader;

import dev.sluice.component.Component;
import dev.sluice.component.engine.Module;
import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.ModuleView;
import dev.sluice.plugin.PluginDescriptor;
import java.nio.file.Path;

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
        ContractBinding binding) {

    /**
     * This validated plugin for another load of the same bytes, from {@code file} (a rollback to a
     * version the host still holds): nothing is decoded or validated again, and the binding is one
     * no instance of an earlier load has spoken to.
     */
    public InspectedPlugin reloadedFrom(Path file) {
        var d = descriptor;
        var moved =
                new PluginDescriptor(
                        PluginInspector.pluginName(file.getFileName().toString()),
                        file,
                        d.sizeBytes(),
                        d.sha256(),
                        d.form(),
                        d.contract(),
                        d.imports(),
                        d.exports(),
                        d.memoryInitialPages(),
                        d.memoryMaximumPages(),
                        d.notes(),
                        d.wit(),
                        d.services());
        return new InspectedPlugin(moved, module, view, component, binding.forNextLoad());
    }
}
