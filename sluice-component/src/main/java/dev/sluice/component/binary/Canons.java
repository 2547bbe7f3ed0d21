package dev.sluice.component.binary;

import dev.sluice.component.abi.FunctionAbi;
import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.model.ComponentModel;
import dev.sluice.component.model.CoreItemDef;
import dev.sluice.component.model.FuncDef;
import dev.sluice.component.types.FuncType;
import dev.sluice.component.types.ResourceType;
import java.util.List;
import java.util.Map;

/**
 * The canon section (lift, lower and the resource built-ins) and the start section: the definitions
 * that turn core functions into component functions and back, each checked against the types the
 * canonical ABI gives it.
 */
final class Canons {

    private Canons() {}

    static void canon(Reader r, Scope scope, Map<ResourceType, Integer> resources) {
        int at = r.pos();
        int op = r.u8();
        switch (op) {
            case 0x00 -> {
                if (r.u8() != 0x00) {
                    throw r.error("canon lift must lift a core func", at);
                }
                int coreFunc = r.index();
                var core = TypeDecoder.index(r, scope.coreFuncs, coreFunc, "core func", at);
                var opts = CanonOptionsDecoder.read(r, scope, at);
                long typeIdx = r.index();
                if (!(TypeDecoder.type(r, scope, typeIdx, at) instanceof FuncType type)) {
                    throw r.error("canon lift: type " + typeIdx + " is not a function type", at);
                }
                var abi = FunctionAbi.of(type);
                var expected = abi.liftedCoreType();
                if (!expected.equals(ComponentDecoder.coreFuncType(core))) {
                    throw r.error(
                            "canon lift: core func "
                                    + coreFunc
                                    + " has type "
                                    + ComponentDecoder.coreFuncType(core)
                                    + " but the function type needs "
                                    + expected,
                            at);
                }
                CanonOptionsDecoder.check(r, scope, opts, type, true, at);
                if (opts.postReturn() >= 0) {
                    var post =
                            ComponentDecoder.coreFuncType(scope.coreFuncs.get(opts.postReturn()));
                    var wanted = FunctionType.of(expected.returns(), List.of());
                    if (!wanted.equals(post)) {
                        throw r.error(
                                "canon lift: post-return has type "
                                        + post
                                        + " but must have "
                                        + wanted,
                                at);
                    }
                }
                scope.funcs.add(new FuncDef.Lift(coreFunc, opts, type));
            }
            case 0x01 -> {
                if (r.u8() != 0x00) {
                    throw r.error("canon lower must lower a func", at);
                }
                int func = r.index();
                var def = TypeDecoder.index(r, scope.funcs, func, "func", at);
                var opts = CanonOptionsDecoder.read(r, scope, at);
                if (opts.postReturn() >= 0) {
                    throw r.error("canon lower does not take a post-return option", at);
                }
                CanonOptionsDecoder.check(r, scope, opts, def.type(), false, at);
                scope.coreFuncs.add(
                        new CoreItemDef.Lower(
                                func, opts, FunctionAbi.of(def.type()).loweredCoreType()));
            }
            case 0x02, 0x04 -> {
                var rt = resource(r, scope, at);
                if (!resources.containsKey(rt)) {
                    throw r.error(
                            "canon resource."
                                    + (op == 0x02 ? "new" : "rep")
                                    + " needs a resource this component defines",
                            at);
                }
                scope.coreFuncs.add(
                        op == 0x02
                                ? new CoreItemDef.ResourceNew(rt)
                                : new CoreItemDef.ResourceRep(rt));
            }
            case 0x03 -> scope.coreFuncs.add(new CoreItemDef.ResourceDrop(resource(r, scope, at)));
            default ->
                    throw r.error(
                            "canon built-in 0x"
                                    + Integer.toHexString(op)
                                    + " (async, threads or error-context) is not supported",
                            at);
        }
    }

    private static ResourceType resource(Reader r, Scope scope, int at) {
        long i = r.index();
        if (!(TypeDecoder.type(r, scope, i, at) instanceof ResourceType rt)) {
            throw r.error("type " + i + " is not a resource type", at);
        }
        return rt;
    }

    static ComponentModel.Start start(Reader r, Scope scope) {
        int at = r.pos();
        int func = r.index();
        var def = TypeDecoder.index(r, scope.funcs, func, "func", at);
        int args = r.index();
        if (args != 0) {
            throw r.error(
                    "the start function takes "
                            + args
                            + " component values as arguments; component values are not"
                            + " supported",
                    at);
        }
        int results = r.index();
        if (results != 0) {
            throw r.error(
                    "the start function produces "
                            + results
                            + " component values; component values are not supported",
                    at);
        }
        if (!def.type().params().isEmpty() || def.type().result() != null) {
            throw r.error(
                    "the start function (func "
                            + func
                            + ") must take no parameters and return nothing, but has type "
                            + def.type(),
                    at);
        }
        return new ComponentModel.Start(func, scope.coreInstances.size(), scope.instances.size());
    }
}
