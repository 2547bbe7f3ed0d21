package dev.sluice.component;

/** A value of a WIT {@code variant}: the case's name and its payload (null for a case without). */
public record VariantValue(String caseName, Object payload) {}
