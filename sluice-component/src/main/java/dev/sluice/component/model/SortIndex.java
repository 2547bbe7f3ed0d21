package dev.sluice.component.model;

/** A reference into one of a component's index spaces. */
public record SortIndex(Sort sort, int index) {
    @Override
    public String toString() {
        return "(" + sort + " " + index + ")";
    }
}
