package dev.sluice.component.engine;

/** Where an engine says what a plugin's operator should know (long compiles, unusable caches). */
public interface EngineLog {

    void info(String message);

    void warn(String message);

    /** Says nothing. */
    EngineLog NONE =
            new EngineLog() {
                @Override
                public void info(String message) {}

                @Override
                public void warn(String message) {}
            };
}
