package dev.sluice.component.wit;

import dev.sluice.component.model.ComponentModel;
import dev.sluice.component.model.ExternType;
import dev.sluice.component.model.InstanceType;
import dev.sluice.component.types.FuncType;
import dev.sluice.component.types.ResourceType;
import dev.sluice.component.types.ValType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a component's world as WIT: a {@code world} naming what it imports and exports, then each
 * interface with its types and functions, grouped by package. Types are named by where an interface
 * exports them; one defined in another interface is brought in with {@code use}.
 */
public final class WitPrinter {

    /** Where a type got its name. */
    private record Owner(String iface, String name) {}

    private final Map<Object, Owner> names = new IdentityHashMap<>();
    private final StringBuilder out = new StringBuilder();

    /** Words WIT reserves: an identifier spelled like one is written with a leading {@code %}. */
    private static final java.util.Set<String> KEYWORDS =
            java.util.Set.of(
                    "as",
                    "async",
                    "bool",
                    "borrow",
                    "char",
                    "constructor",
                    "enum",
                    "export",
                    "f32",
                    "f64",
                    "flags",
                    "from",
                    "func",
                    "future",
                    "import",
                    "include",
                    "interface",
                    "list",
                    "option",
                    "own",
                    "package",
                    "record",
                    "resource",
                    "result",
                    "s16",
                    "s32",
                    "s64",
                    "s8",
                    "static",
                    "stream",
                    "string",
                    "tuple",
                    "type",
                    "u16",
                    "u32",
                    "u64",
                    "u8",
                    "use",
                    "variant",
                    "with",
                    "world");

    private WitPrinter() {}

    private static String id(String name) {
        return KEYWORDS.contains(name) ? "%" + name : name;
    }

    public static String print(ComponentModel model) {
        return new WitPrinter().world(model);
    }

    private String world(ComponentModel model) {
        var interfaces = new LinkedHashMap<String, InstanceType>();
        for (var imp : model.imports()) {
            if (imp.type() instanceof ExternType.Instance i) {
                interfaces.putIfAbsent(imp.name(), i.type());
            }
        }
        for (var exp : model.exports()) {
            if (exp.type() instanceof ExternType.Instance i) {
                interfaces.putIfAbsent(exp.name(), i.type());
            }
        }
        interfaces.forEach(this::register);
        for (var imp : model.imports()) {
            nameWorldType(imp.name(), imp.type());
        }
        for (var exp : model.exports()) {
            nameWorldType(exp.name(), exp.type());
        }

        out.append("package root:component;\n\nworld root {\n");
        for (var imp : model.imports()) {
            item("import", imp.name(), imp.type());
        }
        for (var exp : model.exports()) {
            item("export", exp.name(), exp.type());
        }
        out.append("}\n");

        var byPackage = new LinkedHashMap<String, List<String>>();
        for (String name : interfaces.keySet()) {
            if (isInterfaceName(name)) {
                byPackage.computeIfAbsent(packageOf(name), k -> new ArrayList<>()).add(name);
            }
        }
        byPackage.forEach(
                (pkg, members) -> {
                    out.append("\npackage ").append(pkg).append(" {\n");
                    for (String name : members) {
                        out.append("  interface ").append(shortName(name)).append(" {\n");
                        body(name, interfaces.get(name), "    ");
                        out.append("  }\n");
                    }
                    out.append("}\n");
                });
        return out.toString();
    }

    private void item(String keyword, String name, ExternType type) {
        if (type instanceof ExternType.Type t && t.type() instanceof ResourceType) {
            // WIT has no syntax for a resource at the level of a world.
            out.append("  // ").append(keyword).append("s resource ").append(name).append('\n');
            return;
        }
        out.append("  ").append(keyword).append(' ');
        if (type instanceof ExternType.Instance i) {
            if (isInterfaceName(name)) {
                out.append(name).append(";\n");
            } else {
                out.append(name).append(": interface {\n");
                register(name, i.type());
                body(name, i.type(), "    ");
                out.append("  }\n");
            }
        } else if (type instanceof ExternType.Func f) {
            out.append(name).append(": ").append(func(f.type(), name, false)).append(";\n");
        } else if (type instanceof ExternType.Type t) {
            out.append("type ")
                    .append(id(name))
                    .append(" = ")
                    .append(definitionOrRef(t.type()))
                    .append(";\n");
        } else {
            out.append(name)
                    .append(" /* ")
                    .append(type.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT))
                    .append(" */;\n");
        }
    }

    private void nameWorldType(String name, ExternType type) {
        if (type instanceof ExternType.Type t && !(t.type() instanceof ValType.Primitive)) {
            names.putIfAbsent(t.type(), new Owner("", name));
        }
    }

    private void register(String iface, InstanceType type) {
        type.exports()
                .forEach(
                        (name, t) -> {
                            // Primitives are shared objects: naming one would name every use.
                            if (t instanceof ExternType.Type ty
                                    && !(ty.type() instanceof ValType.Primitive)) {
                                names.putIfAbsent(ty.type(), new Owner(iface, name));
                            }
                        });
    }

    private void body(String iface, InstanceType type, String indent) {
        var resources = new LinkedHashMap<String, List<String>>();
        var functions = new ArrayList<String>();
        for (var e : type.exports().entrySet()) {
            String name = e.getKey();
            ExternType t = e.getValue();
            if (t instanceof ExternType.Type ty) {
                Owner owner = names.get(ty.type());
                if (owner != null && !owner.iface().equals(iface)) {
                    out.append(indent)
                            .append("use ")
                            .append(owner.iface())
                            .append(".{")
                            .append(owner.name());
                    if (!owner.name().equals(name)) {
                        out.append(" as ").append(name);
                    }
                    out.append("};\n");
                } else if (ty.type() instanceof ResourceType) {
                    resources.put(name, new ArrayList<>());
                } else {
                    out.append(indent).append(definition(name, ty.type(), iface)).append('\n');
                }
            } else if (t instanceof ExternType.Func f) {
                String resource = resourceOf(name);
                if (resource != null && resources.containsKey(resource)) {
                    resources.get(resource).add(member(name, f.type(), iface));
                } else {
                    functions.add(id(name) + ": " + func(f.type(), iface, false) + ";");
                }
            }
        }
        resources.forEach(
                (name, members) -> {
                    if (members.isEmpty()) {
                        out.append(indent).append("resource ").append(name).append(";\n");
                    } else {
                        out.append(indent).append("resource ").append(name).append(" {\n");
                        members.forEach(
                                m -> out.append(indent).append("  ").append(m).append('\n'));
                        out.append(indent).append("}\n");
                    }
                });
        functions.forEach(f -> out.append(indent).append(f).append('\n'));
    }

    private static String resourceOf(String funcName) {
        if (funcName.startsWith("[constructor]")) {
            return funcName.substring("[constructor]".length());
        }
        int dot = funcName.indexOf('.');
        if ((funcName.startsWith("[method]") || funcName.startsWith("[static]")) && dot > 0) {
            return funcName.substring(funcName.indexOf(']') + 1, dot);
        }
        return null;
    }

    private String member(String name, FuncType type, String iface) {
        if (name.startsWith("[constructor]")) {
            return "constructor(" + params(type, iface, false) + ");";
        }
        String member = name.substring(name.indexOf('.') + 1);
        if (name.startsWith("[static]")) {
            return member + ": static " + func(type, iface, false) + ";";
        }
        return member + ": " + func(type, iface, true) + ";";
    }

    private String func(FuncType type, String iface, boolean method) {
        String result = type.result() == null ? "" : " -> " + ref(type.result(), iface);
        return "func(" + params(type, iface, method) + ")" + result;
    }

    private String params(FuncType type, String iface, boolean method) {
        return type.params().stream()
                .skip(method && !type.params().isEmpty() ? 1 : 0)
                .map(p -> id(p.name()) + ": " + ref(p.type(), iface))
                .collect(Collectors.joining(", "));
    }

    private String definition(String name, Object type, String iface) {
        if (type instanceof ValType.RecordOf r) {
            return "record "
                    + name
                    + " { "
                    + r.fields().stream()
                            .map(f -> f.name() + ": " + ref(f.type(), iface))
                            .collect(Collectors.joining(", "))
                    + " }";
        } else if (type instanceof ValType.VariantOf v) {
            return "variant "
                    + name
                    + " { "
                    + v.cases().stream()
                            .map(
                                    c ->
                                            c.type() == null
                                                    ? c.name()
                                                    : c.name() + "(" + ref(c.type(), iface) + ")")
                            .collect(Collectors.joining(", "))
                    + " }";
        } else if (type instanceof ValType.EnumOf e) {
            return "enum "
                    + id(name)
                    + " { "
                    + e.names().stream().map(WitPrinter::id).collect(Collectors.joining(", "))
                    + " }";
        } else if (type instanceof ValType.FlagsOf f) {
            return "flags "
                    + id(name)
                    + " { "
                    + f.names().stream().map(WitPrinter::id).collect(Collectors.joining(", "))
                    + " }";
        } else if (type instanceof ValType v) {
            return "type " + id(name) + " = " + structural(v, iface) + ";";
        }
        return "/* " + name + ": not a value type */";
    }

    private String definitionOrRef(Object type) {
        return type instanceof ValType v ? structural(v, "") : ref(type, "");
    }

    /** A reference to a type: its name where it has one, else its structure. */
    private String ref(Object type, String iface) {
        Owner owner = names.get(type);
        if (owner != null) {
            return id(owner.name());
        }
        if (type instanceof ValType v) {
            return structural(v, iface);
        }
        if (type instanceof ResourceType r) {
            return r.name();
        }
        return "/* " + type + " */";
    }

    private String structural(ValType t, String iface) {
        if (t instanceof ValType.Primitive p) {
            return p.wit();
        } else if (t instanceof ValType.ListOf l) {
            return "list<" + ref(l.element(), iface) + ">";
        } else if (t instanceof ValType.OptionOf o) {
            return "option<" + ref(o.type(), iface) + ">";
        } else if (t instanceof ValType.ResultOf r) {
            if (r.ok() == null && r.err() == null) {
                return "result";
            } else if (r.err() == null) {
                return "result<" + ref(r.ok(), iface) + ">";
            }
            return "result<"
                    + (r.ok() == null ? "_" : ref(r.ok(), iface))
                    + ", "
                    + ref(r.err(), iface)
                    + ">";
        } else if (t instanceof ValType.TupleOf tup) {
            return "tuple<"
                    + tup.types().stream().map(x -> ref(x, iface)).collect(Collectors.joining(", "))
                    + ">";
        } else if (t instanceof ValType.Own o) {
            return ref(o.resource(), iface);
        } else if (t instanceof ValType.Borrow b) {
            return "borrow<" + ref(b.resource(), iface) + ">";
        }
        // An anonymous record, variant, enum or flags: WIT has no syntax for it in place.
        return "/* anonymous */ " + definition("_", t, iface);
    }

    private static boolean isInterfaceName(String name) {
        return name.indexOf(':') > 0 && name.indexOf('/') > name.indexOf(':');
    }

    /** {@code wasi:io/streams@0.2.3} → {@code wasi:io@0.2.3}. */
    private static String packageOf(String name) {
        int slash = name.indexOf('/');
        int at = name.indexOf('@');
        return name.substring(0, slash) + (at < 0 ? "" : name.substring(at));
    }

    /** {@code wasi:io/streams@0.2.3} → {@code streams}. */
    private static String shortName(String name) {
        int slash = name.indexOf('/');
        int at = name.indexOf('@');
        return name.substring(slash + 1, at < 0 ? name.length() : at);
    }
}
