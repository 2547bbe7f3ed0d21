package dev.sluice.record;

import java.util.List;
import java.util.Objects;

/**
 * What the chain made of a batch, call by call: the answer of a dry run ({@link
 * dev.sluice.Sluice#dryRun}).
 *
 * @param decisions the chain's decision for each input record, in order, as {@link
 *     dev.sluice.Sluice#process(List)} gives them
 * @param steps every plugin call, in the order they ran
 */
public record ChainTrace(List<Decision> decisions, List<Step> steps) {

    public ChainTrace {
        decisions = List.copyOf(decisions);
        steps = List.copyOf(steps);
    }

    /**
     * One call of one plugin.
     *
     * @param plugin the plugin's name
     * @param records what it was given
     * @param decisions what it decided about each, in order (replacements with the records it
     *     emitted, their topic, partition and timestamp filled in)
     * @param log the lines it logged during the call, as "LEVEL text"
     * @param nanos how long the call took, waiting for an instance included
     */
    public record Step(
            String plugin,
            List<Record> records,
            List<Decision> decisions,
            List<String> log,
            long nanos) {
        public Step {
            Objects.requireNonNull(plugin, "plugin");
            records = List.copyOf(records);
            decisions = List.copyOf(decisions);
            log = List.copyOf(log);
        }
    }
}
