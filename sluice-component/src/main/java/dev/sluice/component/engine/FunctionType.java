package dev.sluice.component.engine;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The type of a core function: its parameter and result types. */
public record FunctionType(List<ValType> params, List<ValType> returns) {

    public FunctionType {
        params = List.copyOf(params);
        returns = List.copyOf(returns);
    }

    public static FunctionType of(List<ValType> params, List<ValType> returns) {
        return new FunctionType(params, returns);
    }

    /** {@code () -> ()}. */
    public static FunctionType empty() {
        return new FunctionType(List.of(), List.of());
    }

    public static FunctionType of(ValType[] params, ValType[] returns) {
        return new FunctionType(List.of(params), List.of(returns));
    }

    /** {@code (i32, i32) -> i32}, the notation inspection output uses. */
    @Override
    public String toString() {
        return "("
                + names(params)
                + ") -> "
                + (returns.size() == 1 ? names(returns) : "(" + names(returns) + ")");
    }

    private static String names(List<ValType> types) {
        return types.stream()
                .map(t -> t.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
