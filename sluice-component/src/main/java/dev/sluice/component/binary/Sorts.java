package dev.sluice.component.binary;

import dev.sluice.component.model.Sort;

/** Decodes {@code sort} and {@code core:sort}. */
final class Sorts {

    private Sorts() {}

    static Sort sort(Reader r) {
        int at = r.pos();
        int b = r.u8();
        return switch (b) {
            case 0x00 -> coreSort(r);
            case 0x01 -> Sort.FUNC;
            case 0x02 -> Sort.VALUE;
            case 0x03 -> Sort.TYPE;
            case 0x04 -> Sort.COMPONENT;
            case 0x05 -> Sort.INSTANCE;
            default -> throw r.error("unknown sort 0x" + Integer.toHexString(b), at);
        };
    }

    static Sort coreSort(Reader r) {
        int at = r.pos();
        int b = r.u8();
        return switch (b) {
            case 0x00 -> Sort.CORE_FUNC;
            case 0x01 -> Sort.CORE_TABLE;
            case 0x02 -> Sort.CORE_MEMORY;
            case 0x03 -> Sort.CORE_GLOBAL;
            case 0x04 -> Sort.CORE_TAG;
            case 0x10 -> Sort.CORE_TYPE;
            case 0x11 -> Sort.CORE_MODULE;
            case 0x12 -> Sort.CORE_INSTANCE;
            default -> throw r.error("unknown core sort 0x" + Integer.toHexString(b), at);
        };
    }
}
