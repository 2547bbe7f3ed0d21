package dev.sluice.component;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.sluice.component.model.CoreModuleDef;

/**
 * How the core modules inside a component are parsed and instantiated: the embedder decides the
 * execution engine (interpreter or compiler), memory limits and caching; the component runtime
 * decides what each module imports.
 */
public interface CoreRuntime {

    /** Parses a core module found in a component binary. */
    WasmModule parse(byte[] bytes);

    /** Instantiates a core module with the imports the component wires to it. */
    Instance instantiate(CoreModuleDef.Embedded module, ImportValues imports);

    /** Chicory's defaults: its parser, its interpreter, no limits. */
    static CoreRuntime standard() {
        return new CoreRuntime() {
            @Override
            public WasmModule parse(byte[] bytes) {
                return Parser.parse(bytes);
            }

            @Override
            public Instance instantiate(CoreModuleDef.Embedded module, ImportValues imports) {
                return Instance.builder(module.module()).withImportValues(imports).build();
            }
        };
    }
}
