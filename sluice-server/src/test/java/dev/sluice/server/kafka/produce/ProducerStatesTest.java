package dev.sluice.server.kafka.produce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.log.TopicPartition;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ProducerStatesTest {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    @Test
    void aBatchTakenBackAfterADiskFailureIsInSequenceAgainWhenResent() {
        var state = new ProducerStates().state(7, new TopicPartition("t", 0));
        state.stored((short) 0, 0, 9, 0, DONE);
        state.stored((short) 0, 10, 19, 10, DONE);
        state.stored((short) 0, 20, 29, 20, new CompletableFuture<>());
        // The disk failed the last two (taken back together, newest first).
        state.takeBack(20);
        state.takeBack(10);
        assertThat(state.check((short) 0, 10, 19)).isInstanceOf(ProducerStates.Check.Fresh.class);
        assertThat(state.check((short) 0, 0, 9)).isEqualTo(new ProducerStates.Check.Duplicate(0));
        assertThat(state.check((short) 0, 20, 29))
                .isInstanceOf(ProducerStates.Check.OutOfOrder.class);
        assertThat(state.lastStored()).isDone();
    }

    @Test
    void takingBackTheFirstBatchForgetsTheProducerHere() {
        var state = new ProducerStates().state(7, new TopicPartition("t", 0));
        state.stored((short) 3, 0, 4, 0, DONE);
        state.takeBack(0);
        assertThat(state.check((short) 3, 0, 4)).isInstanceOf(ProducerStates.Check.Fresh.class);
    }
}
