package dev.sluice.internal.contract;

/** What one plugin's pre-store hook said about one record. */
public sealed interface Verdict permits Verdict.Allow, Verdict.Block {

    record Allow() implements Verdict {}

    /** The plugin refused the record; {@code reason} is its own words when it gave any. */
    record Block(String reason) implements Verdict {}

    Verdict ALLOW = new Allow();
}
