package dev.sluice.component.types;

import java.util.List;

/**
 * A component function type: named parameters and at most one result ({@code result} is null for a
 * function that returns nothing).
 */
public record FuncType(List<ValType.Field> params, ValType result) {
    public FuncType {
        params = List.copyOf(params);
    }

    public List<ValType> paramTypes() {
        return params.stream().map(ValType.Field::type).toList();
    }
}
