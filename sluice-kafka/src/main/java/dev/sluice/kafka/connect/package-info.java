/**
 * {@link dev.sluice.kafka.connect.SluiceTransformation}: a Connect single message transform running
 * a Sluice chain on each record of a source or sink connector.
 */
package dev.sluice.kafka.connect;
