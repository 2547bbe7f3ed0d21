package dev.sluice.component;

/**
 * How component values look in Java, in both directions (arguments a host passes to a component's
 * export, and arguments a host function receives from a component):
 *
 * <table>
 *   <caption>WIT types and their Java values</caption>
 *   <tr><th>WIT</th><th>Java</th></tr>
 *   <tr><td>bool</td><td>{@link Boolean}</td></tr>
 *   <tr><td>s8, u8, s16, u16, s32</td><td>{@link Integer}</td></tr>
 *   <tr><td>u32, s64, u64</td><td>{@link Long} (u64 as its 64 bits: above 2^63 it is negative)</td></tr>
 *   <tr><td>f32, f64</td><td>{@link Float}, {@link Double}</td></tr>
 *   <tr><td>char</td><td>{@link Integer}, a Unicode scalar value</td></tr>
 *   <tr><td>string</td><td>{@link String}; when lowering, a {@code byte[]} holding UTF-8 is
 *       accepted too (and copied as is, so it must be valid UTF-8)</td></tr>
 *   <tr><td>list&lt;u8&gt;</td><td>{@code byte[]} (lowering also accepts a {@link java.util.List})</td></tr>
 *   <tr><td>list&lt;T&gt;</td><td>{@link java.util.List}</td></tr>
 *   <tr><td>record</td><td>{@link java.util.Map} from field name to value, in field order</td></tr>
 *   <tr><td>tuple</td><td>{@link java.util.List}</td></tr>
 *   <tr><td>variant</td><td>{@link VariantValue}</td></tr>
 *   <tr><td>enum</td><td>{@link String}, the case's name</td></tr>
 *   <tr><td>option&lt;T&gt;</td><td>{@link java.util.Optional}</td></tr>
 *   <tr><td>result&lt;T, E&gt;</td><td>{@link ResultValue}</td></tr>
 *   <tr><td>flags</td><td>{@link java.util.Set} of the names that are set</td></tr>
 *   <tr><td>own&lt;R&gt;, borrow&lt;R&gt;</td><td>the resource's representation: the Java object
 *       a host created, for resources the host implements; an {@link Integer}, the i32
 *       representation, for resources a component implements</td></tr>
 * </table>
 *
 * <p>A function with no result returns {@code null}.
 */
public final class Values {
    private Values() {}
}
