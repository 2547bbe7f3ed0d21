package dev.sluice.internal.services.http;

/** One header of a plugin's request or of the answer it gets, in the order sent or received. */
public record HttpHeader(String name, String value) {}
