package dev.sluice.component.binary;

import dev.sluice.component.model.ComponentDef;
import dev.sluice.component.model.CoreInstanceDef;
import dev.sluice.component.model.CoreItemDef;
import dev.sluice.component.model.CoreModuleDef;
import dev.sluice.component.model.ExternType;
import dev.sluice.component.model.FuncDef;
import dev.sluice.component.model.InstanceDef;
import dev.sluice.component.model.Sort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The index spaces of one scope while it is being decoded: a component, or a component or instance
 * type (which only use types, core types, and the funcs, instances and components their
 * declarations introduce). Outer aliases reach enclosing scopes through {@link #parent}.
 */
final class Scope {

    enum Kind {
        COMPONENT,
        COMPONENT_TYPE,
        INSTANCE_TYPE
    }

    final Kind kind;
    final Scope parent;

    /** 1 for the outermost component, one more for each scope inside. */
    final int depth;

    /** Shared by every scope of one decoding. */
    final TypeSizes typeSizes;

    /** Instances instantiating this component creates, nested components' included. */
    long instancesMade;

    final List<Object> types = new ArrayList<>();
    final List<Object> coreTypes = new ArrayList<>();
    final List<CoreModuleDef> coreModules = new ArrayList<>();
    final List<CoreInstanceDef> coreInstances = new ArrayList<>();
    final List<CoreItemDef> coreFuncs = new ArrayList<>();
    final List<CoreItemDef> coreTables = new ArrayList<>();
    final List<CoreItemDef> coreMemories = new ArrayList<>();
    final List<CoreItemDef> coreGlobals = new ArrayList<>();
    final List<FuncDef> funcs = new ArrayList<>();
    final List<ComponentDef> components = new ArrayList<>();
    final List<InstanceDef> instances = new ArrayList<>();

    /** Type scopes: their declared imports and exports. Components: their extern types. */
    final Map<String, ExternType> importTypes = new LinkedHashMap<>();

    final Map<String, ExternType> exportTypes = new LinkedHashMap<>();

    /**
     * A scope inside {@code parent} (null for the outermost component), starting where {@code r}
     * is.
     *
     * @throws dev.sluice.component.ComponentDecodeException past {@link Limits#MAX_NESTING}
     */
    Scope(Kind kind, Scope parent, Reader r) {
        this.kind = kind;
        this.parent = parent;
        this.depth = parent == null ? 1 : parent.depth + 1;
        this.typeSizes = parent == null ? new TypeSizes() : parent.typeSizes;
        if (depth > Limits.MAX_NESTING) {
            throw r.error(
                    "components and types nested more than " + Limits.MAX_NESTING + " levels deep");
        }
    }

    /**
     * Counts {@code n} more instances made when this component is instantiated.
     *
     * @throws dev.sluice.component.ComponentDecodeException at {@code at} past {@link
     *     Limits#MAX_INSTANCES}
     */
    void addInstances(Reader r, long n, int at) {
        instancesMade = Math.min(instancesMade + n, Long.MAX_VALUE / 2);
        if (instancesMade > Limits.MAX_INSTANCES) {
            throw r.error(
                    "instantiating this component would create "
                            + instancesMade
                            + " instances (nested components included), more than the limit of "
                            + Limits.MAX_INSTANCES,
                    at);
        }
    }

    int size(Sort sort) {
        return switch (sort) {
            case CORE_FUNC -> coreFuncs.size();
            case CORE_TABLE -> coreTables.size();
            case CORE_MEMORY -> coreMemories.size();
            case CORE_GLOBAL -> coreGlobals.size();
            case CORE_TYPE -> coreTypes.size();
            case CORE_MODULE -> coreModules.size();
            case CORE_INSTANCE -> coreInstances.size();
            case FUNC -> funcs.size();
            case TYPE -> types.size();
            case COMPONENT -> components.size();
            case INSTANCE -> instances.size();
            case CORE_TAG, VALUE -> 0;
        };
    }

    /** The scope {@code count} levels out, or null past the outermost. */
    Scope outer(int count) {
        Scope s = this;
        for (int i = 0; i < count && s != null; i++) {
            s = s.parent;
        }
        return s;
    }
}
