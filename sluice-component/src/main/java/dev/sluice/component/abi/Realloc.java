package dev.sluice.component.abi;

@FunctionalInterface
public interface Realloc {
    int realloc(int originalPtr, int originalSize, int alignment, int newSize);
}
