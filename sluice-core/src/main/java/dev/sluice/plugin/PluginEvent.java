package dev.sluice.plugin;

/**
 * An event a plugin published (OurChat's {@code emit_event}).
 *
 * @param plugin the publishing plugin's name
 * @param type the plugin-defined event type code
 * @param data the event payload (UTF-8 text)
 */
public record PluginEvent(String plugin, int type, String data) {}
