/**
 * {@link dev.sluice.kafka.streams.SluiceProcessorSupplier}: a Kafka Streams processor running a
 * Sluice chain on each record, for topic-to-topic transforms with routing and dead letters.
 */
package dev.sluice.kafka.streams;
