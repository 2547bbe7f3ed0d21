package dev.sluice.component.engine;

import java.util.ArrayList;
import java.util.List;

/** What one instance is linked to: host functions, and items other instances export. */
public record Imports(List<HostFunction> functions, List<Item> items) {

    public Imports {
        functions = List.copyOf(functions);
        items = List.copyOf(items);
    }

    public static Imports of(List<HostFunction> functions) {
        return new Imports(functions, List.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A memory, table or global imported as {@code module.name}: made by an instance of the same
     * engine.
     */
    public record Item(String module, String name, Object value) {
        public Item {
            if (!(value instanceof Memory
                    || value instanceof Instance.Table
                    || value instanceof Instance.Global)) {
                throw new IllegalArgumentException(
                        module + "." + name + ": not a memory, table or global: " + value);
            }
        }
    }

    public static final class Builder {
        private final List<HostFunction> functions = new ArrayList<>();
        private final List<Item> items = new ArrayList<>();

        private Builder() {}

        public Builder withFunction(HostFunction function) {
            functions.add(function);
            return this;
        }

        public Builder withFunctions(List<HostFunction> more) {
            functions.addAll(more);
            return this;
        }

        public Builder withItem(String module, String name, Object value) {
            items.add(new Item(module, name, value));
            return this;
        }

        public Imports build() {
            return new Imports(functions, items);
        }
    }
}
