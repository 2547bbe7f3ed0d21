package dev.sluice.internal.runtime;

import dev.sluice.event.Event;
import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.GuestInstance;
import dev.sluice.internal.contract.HostEvent;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.ChainTrace;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls into one plugin version: records cut into batches its contract takes, stored records,
 * host and bus events, each call through the {@link Breaker}, an instance from {@link Instances},
 * its deadline and the {@link FailurePolicy}. Runs on many threads at once and takes no lock; which
 * version is loaded is the caller's ({@link LoadedPlugin}) to say, per call.
 */
final class PluginCalls {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.plugins");

    private final String name;
    private final PluginSettings settings;
    private final Counters counters;
    private final Breaker breaker;
    private final FailurePolicy policy;
    private final Verdicts verdicts;
    private final Succession succession;

    PluginCalls(
            String name,
            PluginSettings settings,
            Counters counters,
            Breaker breaker,
            FailurePolicy policy,
            Verdicts verdicts,
            Succession succession) {
        this.name = name;
        this.settings = settings;
        this.counters = counters;
        this.breaker = breaker;
        this.policy = policy;
        this.verdicts = verdicts;
        this.succession = succession;
    }

    /**
     * What becomes of each record, in order (see {@link LoadedPlugin#beforeStore}).
     *
     * @param live the loaded version, or null while it could not be loaded
     */
    List<Decision> beforeStore(
            LiveVersion live, List<Record> records, long[] sizes, List<ChainTrace.Step> steps) {
        int max = live == null ? 1 : live.binding().maxBatch();
        var decisions = new ArrayList<Decision>(records.size());
        int from = 0;
        while (from < records.size()) {
            String refusal =
                    live != null && max == 1 ? live.binding().refusal(records.get(from)) : null;
            if (refusal != null) {
                // The host's own check, before any call: it costs the plugin no time.
                counters.rejected.increment();
                var refused = Decision.reject(name, refusal);
                decisions.add(refused);
                if (steps != null) {
                    steps.add(
                            new ChainTrace.Step(
                                    name,
                                    List.of(records.get(from)),
                                    List.of(refused),
                                    List.of(),
                                    0));
                }
                from++;
                continue;
            }
            int to = Batches.end(sizes, records.size(), from, max);
            var chunk = records.subList(from, to);
            long start = steps == null ? 0 : System.nanoTime();
            List<String> lines = steps == null ? null : new ArrayList<>();
            var outcome =
                    invoke(
                            live,
                            CallKind.RECORD,
                            ContractBinding::beforeStoreHook,
                            g -> {
                                if (lines != null) {
                                    g.log().capture(lines);
                                }
                                return verdicts.decide(chunk, g.beforeStore(chunk));
                            });
            int first = decisions.size();
            if (outcome.decision() != null) {
                for (int i = from; i < to; i++) {
                    decisions.add(outcome.decision());
                }
            } else {
                decisions.addAll(outcome.value());
            }
            if (steps != null) {
                steps.add(
                        new ChainTrace.Step(
                                name,
                                chunk,
                                decisions.subList(first, decisions.size()),
                                lines,
                                System.nanoTime() - start));
            }
            from = to;
        }
        return decisions;
    }

    /** Runs the post-store hook over stored records, in batches as {@link #beforeStore} does. */
    void afterStore(LiveVersion live, List<StoredRecord> stored, long[] sizes) {
        int max = live == null ? 1 : live.binding().maxBatch();
        int from = 0;
        while (from < stored.size()) {
            int to = Batches.end(sizes, stored.size(), from, max);
            var chunk = stored.subList(from, to);
            invoke(
                    live,
                    CallKind.STORED,
                    ContractBinding::afterStoreHook,
                    g -> {
                        g.afterStore(chunk);
                        return Boolean.TRUE;
                    });
            from = to;
        }
    }

    /** Delivers a host event to its hook: empty when it ran and returned, else why not. */
    Optional<String> dispatch(LiveVersion live, HostEvent event) {
        if (event.payload().length > settings.maxRecordBytes()) {
            return Optional.of(
                    "the payload is "
                            + event.payload().length
                            + " bytes, above the "
                            + settings.maxRecordBytes()
                            + " this plugin takes (plugin.max_record_bytes); it was not called");
        }
        var outcome =
                invoke(
                        live,
                        CallKind.EVENT,
                        binding -> binding.eventHook(event.name()),
                        g -> {
                            g.onEvent(event);
                            return Boolean.TRUE;
                        });
        return Optional.ofNullable(outcome.failure());
    }

    /** Delivers a bus event to {@code on-event}: null when it took it, else why not. */
    String deliver(LiveVersion live, Event event) {
        var outcome =
                invoke(
                        live,
                        CallKind.EVENT,
                        ContractBinding::deliveryHook,
                        g -> {
                            g.deliver(event);
                            return Boolean.TRUE;
                        });
        return outcome.failure();
    }

    /**
     * A call's result, or the decision made instead of (or after) calling and why the call did not
     * succeed.
     */
    private record Outcome<T>(T value, Decision decision, String failure) {
        static <T> Outcome<T> ok(T value) {
            return new Outcome<>(value, null, null);
        }
    }

    /** One hook call through the breaker, an instance and the failure policy. */
    private <T> Outcome<T> invoke(
            LiveVersion live,
            CallKind kind,
            Function<ContractBinding, String> hook,
            Function<GuestInstance, T> body) {
        // Until loaded, the trial is the load retry's, never a record's.
        var admission = live == null ? Breaker.Admission.REFUSED : breaker.admit();
        if (admission == Breaker.Admission.REFUSED) {
            return new Outcome<>(
                    null,
                    kind == CallKind.RECORD ? policy.whileFailed() : Decision.accept(),
                    policy.refusal());
        }
        boolean trial = admission == Breaker.Admission.TRIAL;
        String hookName = hook.apply(live.binding());
        var warmup = live.warmup();
        // Before taking an instance: a call waiting for the hook's first one holds none meanwhile.
        boolean first = warmup.begin(hookName);
        boolean called = false;
        long begun = 0;
        try {
            var instances = live.instances();
            Instances.Instance instance;
            try {
                instance = instances.acquire();
            } catch (Overloaded e) {
                return new Outcome<>(null, policy.overloaded(e, trial), e.getMessage());
            } catch (CallFailed e) {
                return new Outcome<>(null, policy.failed(e, trial, kind), failure(e));
            }
            if (instance == null) {
                return noInstance(kind);
            }
            called = true;
            begun = System.nanoTime();
            T value;
            try {
                value =
                        instances.call(
                                instance,
                                hookName,
                                warmup.limit(settings.maxExecutionTime()),
                                body);
            } catch (CallFailed e) {
                instances.release(instance, false);
                return new Outcome<>(null, policy.failed(e, trial, kind), failure(e));
            }
            instances.release(instance, true);
            breaker.succeeded(trial);
            if (trial) {
                LOG.info("plugin {}: its trial call succeeded; it is enabled again", name);
            }
            return Outcome.ok(value);
        } finally {
            if (first) {
                warmup.end(hookName);
                if (called) {
                    LOG.info(
                            "plugin {}: its first {} call took {} ms while its engine compiled;"
                                    + " calls are held to max_init_time ({}) for that long after"
                                    + " its first call began, then to max_execution_time ({})",
                            name,
                            hookName,
                            (System.nanoTime() - begun) / 1_000_000,
                            Failures.format(settings.maxInitTime()),
                            Failures.format(settings.maxExecutionTime()));
                }
            }
        }
    }

    /** No instance to call: the plugin was replaced or unloaded while this call waited. */
    private <T> Outcome<T> noInstance(CallKind kind) {
        if (succession.successor() != null) {
            // Replaced while this call waited past the hand-over's wait: fail closed, retry.
            String why = "plugin " + name + " was replaced while this call waited; retry";
            return new Outcome<>(
                    null,
                    kind == CallKind.RECORD
                            ? new Decision.Unavailable(
                                    name, Decision.Cause.OVERLOADED, why, Duration.ofMillis(100))
                            : Decision.accept(),
                    why);
        }
        return new Outcome<>(null, Decision.accept(), "plugin " + name + " was unloaded");
    }

    private static String failure(CallFailed e) {
        return e.hook() + " " + e.getMessage();
    }
}
