package dev.sluice.internal.runtime;

/**
 * No instance could be had within the queue time: all are busy, or the memory budget has no room
 * for another. Not a failure of anyone: the record is answered "overloaded, retry".
 */
final class Overloaded extends RuntimeException {
    Overloaded(String message) {
        super(message, null, false, false);
    }
}
