package dev.sluice.component.engine;

/** The size a linear memory starts at and may grow to, in 64 KiB pages. */
public record MemoryLimits(int initialPages, int maximumPages) {

    /** The most pages a 32-bit memory can have (4 GiB): a memory that declares no maximum. */
    public static final int MAX_PAGES = 65536;

    /** Whether the module declared a maximum below what 32 bits allow. */
    public boolean bounded() {
        return maximumPages < MAX_PAGES;
    }
}
