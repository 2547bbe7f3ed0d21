package dev.sluice.component;

/**
 * A value of a WIT {@code result<T, E>}: {@code ok} says which side, {@code payload} is its value
 * (null where the type has no payload on that side).
 */
public record ResultValue(boolean ok, Object payload) {

    public static ResultValue ok(Object payload) {
        return new ResultValue(true, payload);
    }

    public static ResultValue err(Object payload) {
        return new ResultValue(false, payload);
    }
}
