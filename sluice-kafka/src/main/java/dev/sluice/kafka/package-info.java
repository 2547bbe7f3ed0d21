/**
 * Sluice plugins on Apache Kafka: {@link dev.sluice.kafka.SluiceChain}, an engine with the plugins
 * a {@link dev.sluice.kafka.ChainConfig} names, shared by the Connect transformation ({@code
 * connect}) and the Kafka Streams processor ({@code streams}). docs/kafka.md says which to use
 * when.
 */
package dev.sluice.kafka;
