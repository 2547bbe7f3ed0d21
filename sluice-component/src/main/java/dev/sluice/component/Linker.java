package dev.sluice.component;

import dev.sluice.component.runtime.Linking;
import dev.sluice.component.types.FuncType;
import dev.sluice.component.types.ResourceType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the host offers to the components it instantiates: functions and resource types, grouped by
 * the interface that declares them ({@code wasi:io/streams@0.2.0}), or top-level functions imported
 * by plain name.
 *
 * <p>Interfaces are matched the way the component model's semver rules allow: a host definition for
 * {@code wasi:io/streams@0.2.0} serves a component that imports {@code @0.2.3} (and the other way
 * round), since 0.2.x patch versions are compatible; {@code @0.3.0} is a different interface.
 */
public final class Linker {

    /**
     * A resource type the host implements, and what to do when a component drops the last handle.
     */
    public record HostResource(ResourceType type, Consumer<Object> destructor) {}

    /**
     * Makes host functions on demand for an interface whose every function should behave alike (for
     * example, deny access), given the function's name and its type as the component declares it.
     */
    @FunctionalInterface
    public interface Fallback {
        HostFunc function(String name, FuncType type);
    }

    private final Map<String, Map<String, HostFunc>> functions = new HashMap<>();
    private final Map<String, Fallback> fallbacks = new HashMap<>();
    private final Map<String, Map<String, HostResource>> resources = new HashMap<>();

    /**
     * Defines {@code name} in {@code interfaceName}; methods and constructors use the component
     * model's names ({@code [method]output-stream.write}, {@code [constructor]pollable}).
     */
    public Linker function(String interfaceName, String name, HostFunc impl) {
        functions
                .computeIfAbsent(compatibilityKey(interfaceName), k -> new HashMap<>())
                .put(name, Objects.requireNonNull(impl));
        return this;
    }

    /** Defines a function imported at the top level, by plain name. */
    public Linker function(String name, HostFunc impl) {
        return function("", name, impl);
    }

    /**
     * Defines resource {@code name} of {@code interfaceName}. The destructor (may be null) runs
     * with the representation when a component drops an owned handle.
     */
    public Linker resource(
            String interfaceName, String name, ResourceType type, Consumer<Object> destructor) {
        resources
                .computeIfAbsent(compatibilityKey(interfaceName), k -> new HashMap<>())
                .put(name, new HostResource(Objects.requireNonNull(type), destructor));
        return this;
    }

    /**
     * Answers for every function of {@code interfaceName} that has no definition of its own.
     * Resource types of such an interface are made up as they are imported.
     */
    public Linker fallback(String interfaceName, Fallback fallback) {
        fallbacks.put(compatibilityKey(interfaceName), Objects.requireNonNull(fallback));
        return this;
    }

    /** The host's function for {@code name} of {@code interfaceName}, of the type declared. */
    public Optional<HostFunc> findFunction(String interfaceName, String name, FuncType type) {
        String key = compatibilityKey(interfaceName);
        var byName = functions.get(key);
        var defined = byName == null ? null : byName.get(name);
        if (defined != null) {
            return Optional.of(defined);
        }
        var fallback = fallbacks.get(key);
        return Optional.ofNullable(fallback == null ? null : fallback.function(name, type));
    }

    public Optional<HostResource> findResource(String interfaceName, String name) {
        String key = compatibilityKey(interfaceName);
        var byName = resources.get(key);
        var defined = byName == null ? null : byName.get(name);
        if (defined == null && fallbacks.containsKey(key)) {
            defined =
                    resources
                            .computeIfAbsent(key, k -> new HashMap<>())
                            .computeIfAbsent(
                                    name, n -> new HostResource(new ResourceType(n), null));
        }
        return Optional.ofNullable(defined);
    }

    /**
     * Instantiates {@code component} with what this linker defines.
     *
     * @throws ComponentLinkException naming every import the host does not provide, or the core
     *     module that failed to instantiate
     */
    public ComponentInstance instantiate(Component component) {
        return instantiate(component, component.code());
    }

    /**
     * Instantiates {@code component}, its core modules made from {@code code} (compiled by the
     * embedder, with its memory cap…) rather than by the engine the component was decoded with.
     */
    public ComponentInstance instantiate(Component component, CoreCode code) {
        return Linking.instantiate(component.model(), this, code, "component");
    }

    /**
     * The imports of {@code component} this linker cannot satisfy, by name ({@code iface} for an
     * interface it defines nothing in, {@code iface#item} for a missing function or resource);
     * empty when {@link #instantiate} will find everything it needs.
     */
    public List<String> unsatisfiedImports(Component component) {
        return Linking.unsatisfied(component.model(), this);
    }

    /** Whether the host defines anything at all in this interface. */
    public boolean providesInterface(String interfaceName) {
        String key = compatibilityKey(interfaceName);
        return functions.containsKey(key)
                || resources.containsKey(key)
                || fallbacks.containsKey(key);
    }

    /**
     * The part of an interface name that decides compatibility: the name without its version, plus
     * the version's leading components up to and including the first non-zero one ({@code 0.2.3} →
     * {@code 0.2}, {@code 1.4.0} → {@code 1}, {@code 0.0.7} → {@code 0.0.7}).
     */
    public static String compatibilityKey(String interfaceName) {
        int at = interfaceName.indexOf('@');
        if (at < 0) {
            return interfaceName;
        }
        String version = interfaceName.substring(at + 1);
        int dash = version.indexOf('-');
        String core = dash < 0 ? version : version.substring(0, dash);
        String[] parts = core.split("\\.");
        var key = new StringBuilder(interfaceName.substring(0, at + 1));
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                key.append('.');
            }
            key.append(parts[i]);
            if (!parts[i].equals("0")) {
                break;
            }
        }
        return dash < 0 ? key.toString() : interfaceName;
    }
}
