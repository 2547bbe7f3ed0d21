package dev.sluice.internal.loader;

import com.dylibso.chicory.wasm.WasmModule;
import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.plugin.PluginDescriptor;

/**
 * A plugin file that passed validation: what it is, the core module to run, and how to speak its
 * contract.
 */
public record InspectedPlugin(
        PluginDescriptor descriptor, WasmModule module, ModuleView view, ContractBinding binding) {}
