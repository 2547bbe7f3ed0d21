package dev.sluice.component.model;

import java.util.List;
import java.util.Map;

/** An entry of a component's core instance index space, with what it exports. */
public sealed interface CoreInstanceDef {

    Map<String, CoreModuleType.CoreExtern> exports();

    /** An instance of core module {@code module}, its imports supplied by module name. */
    record Instantiate(
            int module, Map<String, Integer> args, Map<String, CoreModuleType.CoreExtern> exports)
            implements CoreInstanceDef {}

    /** A bag of core definitions given export names (how components build import objects). */
    record FromExports(List<InlineExport> items, Map<String, CoreModuleType.CoreExtern> exports)
            implements CoreInstanceDef {}

    /** One export of {@link FromExports}. */
    record InlineExport(String name, SortIndex item) {}
}
