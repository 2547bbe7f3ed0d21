package dev.sluice.kafka.testing;

import kafka.Kafka;
import kafka.tools.StorageTool;

/**
 * Formats a KRaft log directory and runs Apache Kafka on it, in one JVM: {@code <server.properties>
 * <cluster id>}. The same as {@code kafka-storage.sh format} followed by {@code
 * kafka-server-start.sh}.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {}

    public static void main(String[] args) {
        int formatted =
                StorageTool.execute(
                        new String[] {"format", "--config", args[0], "--cluster-id", args[1]},
                        System.out);
        if (formatted != 0) {
            System.out.println("kafka-storage format failed with " + formatted);
            System.exit(formatted);
        }
        Kafka.main(new String[] {args[0]});
    }
}
