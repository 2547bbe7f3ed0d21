package dev.sluice.component.model;

import dev.sluice.component.types.ResourceType;
import java.util.List;
import java.util.Map;

/**
 * Everything a component binary defines, resolved into its index spaces: entries refer to each
 * other by index, types are resolved to objects. It describes; instantiating it is the runtime's
 * job.
 *
 * @param resources the resource types this component defines itself, each fresh per instance, with
 *     the core function index of its destructor ({@code -1} if none)
 * @param imports what the component imports, in order, with the index each created
 * @param exports what the component exports, in order
 */
public record ComponentModel(
        List<CoreModuleDef> coreModules,
        List<CoreInstanceDef> coreInstances,
        List<CoreItemDef> coreFuncs,
        List<CoreItemDef> coreTables,
        List<CoreItemDef> coreMemories,
        List<CoreItemDef> coreGlobals,
        List<FuncDef> funcs,
        List<Object> types,
        List<ComponentDef> components,
        List<InstanceDef> instances,
        Map<ResourceType, Integer> resources,
        List<Import> imports,
        List<Export> exports,
        List<Start> starts,
        ComponentType type) {

    /** An import: its name, type, and the index it created in the space of its sort. */
    public record Import(String name, ExternType type, SortIndex created) {}

    /**
     * A start function (no arguments, no results: those would be component values): it runs during
     * instantiation, once the core instances and instances defined before it exist.
     */
    public record Start(int func, int coreInstancesBefore, int instancesBefore) {}

    /** An export: its name, what it exports and the type it is exported as. */
    public record Export(String name, SortIndex item, ExternType type) {}
}
