package dev.sluice.component.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.component.ComponentTrap;
import dev.sluice.component.types.FuncType;
import dev.sluice.component.types.ResourceType;
import dev.sluice.component.types.ValType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handle rules: ownership moves, borrows are scoped to a call, drops are checked. */
class HandlesTest {

    private final GuestMemory mem = new GuestMemory();
    private final ResourceType file = new ResourceType("file");
    private final HandleTable table = new HandleTable();

    private CallContext cx() {
        return new CallContext(
                new ResolvedCanonOptions(mem.memory, StringEncoding.UTF8, mem.realloc()), table);
    }

    private static FuncType takes(ValType t) {
        return new FuncType(List.of(new ValType.Field("r", t)), null);
    }

    @Test
    void handlesStartAtOneAndFreedSlotsAreReused() {
        int a = table.resourceNew(file, 10);
        int b = table.resourceNew(file, 20);
        assertThat(a).isEqualTo(1);
        assertThat(b).isEqualTo(2);
        assertThat(table.resourceDrop(file, a)).isEqualTo(10);
        assertThat(table.resourceNew(file, 30)).isEqualTo(1);
        assertThat(table.resourceRep(file, 1)).isEqualTo(30);
    }

    @Test
    void passingAnOwnedHandleMovesItOutOfTheTable() {
        int h = table.resourceNew(file, "rep");
        var abi = FunctionAbi.of(takes(new ValType.Own(file)));
        assertThat(abi.liftArgs(cx(), new long[] {h})).containsExactly("rep");
        assertThatThrownBy(() -> table.resourceRep(file, h))
                .isInstanceOf(ComponentTrap.class)
                .hasMessageContaining("unknown resource handle");
    }

    @Test
    void aHandleOfAnotherTypeIsRefused() {
        int h = table.resourceNew(new ResourceType("socket"), 1);
        assertThatThrownBy(() -> table.resourceRep(file, h))
                .isInstanceOf(ComponentTrap.class)
                .hasMessageContaining("is a socket, not a file");
        assertThatThrownBy(() -> table.resourceDrop(file, 0)).isInstanceOf(ComponentTrap.class);
    }

    @Test
    void aHandleLentToACallCannotBeDroppedUntilTheCallEnds() {
        int h = table.resourceNew(file, "rep");
        var abi = FunctionAbi.of(takes(new ValType.Borrow(file)));
        var call = cx();
        assertThat(abi.liftArgs(call, new long[] {h})).containsExactly("rep");
        assertThatThrownBy(() -> table.resourceDrop(file, h))
                .isInstanceOf(ComponentTrap.class)
                .hasMessageContaining("lent");
        call.exitCall();
        assertThat(table.resourceDrop(file, h)).isEqualTo("rep");
    }

    @Test
    void aGuestMustDropTheBorrowsItWasGivenBeforeReturning() {
        var abi = FunctionAbi.of(takes(new ValType.Borrow(file)));
        var call = cx();
        long[] core = abi.lowerArgs(call, new Object[] {"host object"});
        assertThat(table.resourceRep(file, (int) core[0])).isEqualTo("host object");
        assertThatThrownBy(call::exitCall)
                .isInstanceOf(ComponentTrap.class)
                .hasMessageContaining("borrowed");

        var polite = cx();
        long[] again = abi.lowerArgs(polite, new Object[] {"host object"});
        assertThat(table.resourceDrop(file, (int) again[0])).isNull();
        polite.exitCall();
    }

    @Test
    void aBorrowOfAResourceTheGuestImplementsIsItsRepresentation() {
        table.define(file);
        long[] core =
                FunctionAbi.of(takes(new ValType.Borrow(file))).lowerArgs(cx(), new Object[] {42});
        assertThat(core).containsExactly(42);
    }
}
