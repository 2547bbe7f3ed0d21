package dev.sluice.component.types;

import java.util.List;

/**
 * A component-model value type: what a WIT function takes and returns.
 *
 * <p>Types are compared structurally, except resources, which are compared by identity (two
 * resources with the same name are different types). A type defined once in a component is one Java
 * object, so printers can find the name it was exported under by identity.
 *
 * <p>How values of each type look in Java is described in {@link dev.sluice.component.Values}.
 */
public sealed interface ValType
        permits ValType.Primitive,
                ValType.ListOf,
                ValType.RecordOf,
                ValType.TupleOf,
                ValType.VariantOf,
                ValType.EnumOf,
                ValType.OptionOf,
                ValType.ResultOf,
                ValType.FlagsOf,
                ValType.Own,
                ValType.Borrow {

    /** The primitive types, with their binary opcodes. */
    enum Primitive implements ValType {
        BOOL(0x7f, "bool"),
        S8(0x7e, "s8"),
        U8(0x7d, "u8"),
        S16(0x7c, "s16"),
        U16(0x7b, "u16"),
        S32(0x7a, "s32"),
        U32(0x79, "u32"),
        S64(0x78, "s64"),
        U64(0x77, "u64"),
        F32(0x76, "f32"),
        F64(0x75, "f64"),
        CHAR(0x74, "char"),
        STRING(0x73, "string");

        private final int opcode;
        private final String wit;

        Primitive(int opcode, String wit) {
            this.opcode = opcode;
            this.wit = wit;
        }

        public int opcode() {
            return opcode;
        }

        public String wit() {
            return wit;
        }

        /** The primitive with this binary opcode, or null. */
        public static Primitive ofOpcode(int opcode) {
            for (var p : values()) {
                if (p.opcode == opcode) {
                    return p;
                }
            }
            return null;
        }
    }

    /** {@code list<T>}. */
    record ListOf(ValType element) implements ValType {}

    /** A named field of a record, or a named function parameter. */
    record Field(String name, ValType type) {}

    /** {@code record { a: T, … }}: at least one field. */
    record RecordOf(List<Field> fields) implements ValType {
        public RecordOf {
            fields = List.copyOf(fields);
        }
    }

    /** {@code tuple<T, …>}: at least one element. */
    record TupleOf(List<ValType> types) implements ValType {
        public TupleOf {
            types = List.copyOf(types);
        }
    }

    /** A case of a variant; {@code type} is null for a case without a payload. */
    record Case(String name, ValType type) {}

    /** {@code variant { a(T), b, … }}: at least one case. */
    record VariantOf(List<Case> cases) implements ValType {
        public VariantOf {
            cases = List.copyOf(cases);
        }
    }

    /** {@code enum { a, b, … }}: at least one case. */
    record EnumOf(List<String> names) implements ValType {
        public EnumOf {
            names = List.copyOf(names);
        }
    }

    /** {@code option<T>}. */
    record OptionOf(ValType type) implements ValType {}

    /** {@code result<T, E>}; {@code ok} and {@code err} are null where WIT writes {@code _}. */
    record ResultOf(ValType ok, ValType err) implements ValType {}

    /** {@code flags { a, b, … }}: 1 to 32 flags. */
    record FlagsOf(List<String> names) implements ValType {
        public FlagsOf {
            names = List.copyOf(names);
        }
    }

    /** {@code own<R>}: a handle that passes ownership of the resource. */
    record Own(ResourceType resource) implements ValType {}

    /** {@code borrow<R>}: a handle lent for the duration of one call. */
    record Borrow(ResourceType resource) implements ValType {}
}
