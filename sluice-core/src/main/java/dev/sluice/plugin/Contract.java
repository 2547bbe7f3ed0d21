package dev.sluice.plugin;

/** The host/plugin contract a plugin implements, detected from its imports and exports. */
public enum Contract {
    /** {@code blink:plugin@0.1.0}: {@code init} and {@code on-record}, host {@code log}. */
    BLINK("blink:plugin@0.1.0"),
    /**
     * {@code sluice:plugin@0.1.0}, Sluice's own world: records as bytes with headers, in batches;
     * {@code init}, {@code on-records}, {@code on-stored}, {@code on-event}.
     */
    SLUICE("sluice:plugin@0.1.0"),
    /** OurChat's raw core-module ABI: {@code ourchat.*} imports and {@code on_*} hook exports. */
    OURCHAT("ourchat");

    private final String label;

    Contract(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
