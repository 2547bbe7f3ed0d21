package dev.sluice.component.binary;

import dev.sluice.component.model.CoreItemDef;
import dev.sluice.component.model.ExternType;
import dev.sluice.component.model.FuncDef;
import dev.sluice.component.model.InstanceDef;
import dev.sluice.component.model.Sort;

/** Decodes alias definitions and declarators, adding what they alias to the scope. */
final class Aliases {

    private Aliases() {}

    static void alias(Reader r, Scope scope) {
        int at = r.pos();
        Sort sort = Sorts.sort(r);
        int target = r.u8();
        switch (target) {
            case 0x00 -> instanceExport(r, scope, sort, at);
            case 0x01 -> coreInstanceExport(r, scope, sort, at);
            case 0x02 -> outer(r, scope, sort, at);
            default -> throw r.error("unknown alias target 0x" + Integer.toHexString(target), at);
        }
    }

    private static void instanceExport(Reader r, Scope scope, Sort sort, int at) {
        int i = r.index();
        String name = r.name();
        var instance = TypeDecoder.index(r, scope.instances, i, "instance", at);
        ExternType export = instance.type().exports().get(name);
        if (export == null) {
            throw r.error("instance " + i + " has no export named " + name, at);
        }
        if (sort == Sort.FUNC && export instanceof ExternType.Func f) {
            scope.funcs.add(new FuncDef.AliasExport(i, name, f.type()));
        } else if (sort == Sort.INSTANCE && export instanceof ExternType.Instance inst) {
            scope.instances.add(new InstanceDef.AliasExport(i, name, inst.type()));
        } else if (sort == Sort.TYPE && export instanceof ExternType.Type t) {
            scope.types.add(t.type());
        } else if (sort == Sort.COMPONENT || sort == Sort.CORE_MODULE) {
            throw r.error("aliasing a " + sort + " exported by an instance is not supported", at);
        } else {
            throw r.error("export " + name + " of instance " + i + " is not a " + sort, at);
        }
    }

    private static void coreInstanceExport(Reader r, Scope scope, Sort sort, int at) {
        int i = r.index();
        String name = r.name();
        if (scope.kind != Scope.Kind.COMPONENT) {
            throw r.error("core export aliases may only appear in a component", at);
        }
        var instance = TypeDecoder.index(r, scope.coreInstances, i, "core instance", at);
        var export = instance.exports().get(name);
        if (export == null) {
            throw r.error("core instance " + i + " has no export named " + name, at);
        }
        if (export.sort() != sort) {
            throw r.error(
                    "export "
                            + name
                            + " of core instance "
                            + i
                            + " is a "
                            + export.sort()
                            + ", not a "
                            + sort,
                    at);
        }
        var alias = new CoreItemDef.Alias(i, name, export);
        switch (sort) {
            case CORE_FUNC -> scope.coreFuncs.add(alias);
            case CORE_TABLE -> scope.coreTables.add(alias);
            case CORE_MEMORY -> scope.coreMemories.add(alias);
            case CORE_GLOBAL -> scope.coreGlobals.add(alias);
            default -> throw r.error("cannot alias a core " + sort + " export", at);
        }
    }

    private static void outer(Reader r, Scope scope, Sort sort, int at) {
        int count = r.index();
        int idx = r.index();
        Scope target = scope.outer(count);
        if (target == null) {
            throw r.error("outer alias reaches " + count + " scopes out, past the outermost", at);
        }
        switch (sort) {
            case TYPE -> scope.types.add(TypeDecoder.index(r, target.types, idx, "type", at));
            case CORE_TYPE ->
                    scope.coreTypes.add(
                            TypeDecoder.index(r, target.coreTypes, idx, "core type", at));
            case CORE_MODULE ->
                    scope.coreModules.add(
                            TypeDecoder.index(r, target.coreModules, idx, "core module", at));
            case COMPONENT ->
                    scope.components.add(
                            TypeDecoder.index(r, target.components, idx, "component", at));
            default -> throw r.error("outer aliases may not refer to a " + sort, at);
        }
    }
}
