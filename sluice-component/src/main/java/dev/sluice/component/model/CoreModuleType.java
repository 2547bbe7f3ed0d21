package dev.sluice.component.model;

import dev.sluice.component.engine.FunctionType;
import java.util.List;
import java.util.Map;

/**
 * What a core module imports and exports, as far as linking needs it: every import by module and
 * name, every export by name, with the function type of functions (null for other kinds).
 */
public record CoreModuleType(List<CoreImport> imports, Map<String, CoreExtern> exports) {

    /** An import of a core module. */
    public record CoreImport(String module, String name, CoreExtern type) {}

    /** A core extern: its sort, and its function type when it is a function. */
    public record CoreExtern(Sort sort, FunctionType functionType) {}
}
