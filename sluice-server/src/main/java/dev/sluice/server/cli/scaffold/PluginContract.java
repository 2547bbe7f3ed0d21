package dev.sluice.server.cli.scaffold;

/** The host/plugin contract a scaffolded project implements. */
public enum PluginContract implements Choice {
    /** Sluice's own {@code sluice:plugin@0.1.0} world: batches of byte records, verdicts. */
    SLUICE("Sluice", "sluice-plugin"),
    /** {@code blink:plugin@0.1.0}: {@code init} and {@code on-record}. */
    BLINK("Blink", "blink-plugin"),
    /** OurChat's raw core-module ABI: {@code ourchat.*} imports, {@code on_*} hooks. */
    OURCHAT("OurChat", null);

    private final String title;
    private final String world;

    PluginContract(String title, String world) {
        this.title = title;
        this.world = world;
    }

    /** The name in prose: Sluice, Blink, OurChat. */
    public String title() {
        return title;
    }

    /** The WIT world's name, or {@code null} for OurChat, which is not a WIT world. */
    String world() {
        return world;
    }

    /**
     * The contract named {@code label} on the command line.
     *
     * @throws IllegalArgumentException listing the contracts there are
     */
    public static PluginContract of(String label) {
        return Choice.of(values(), label, "contract");
    }
}
