package dev.sluice.component.abi;

/** The string encodings a canon definition may ask for. */
public enum StringEncoding {
    UTF8,
    UTF16,
    LATIN1_UTF16
}
