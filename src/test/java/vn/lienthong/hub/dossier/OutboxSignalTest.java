package vn.lienthong.hub.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The relay is woken by a commit that wrote outbox rows, never by a rollback, and once per transaction. */
class OutboxSignalTest {

    private final OutboxSignal signal = new OutboxSignal();

    @AfterEach
    void clear() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void withoutASignalTheRelayWaitsForItsPoll() throws InterruptedException {
        assertThat(signal.await(1)).isFalse();
    }

    @Test
    void aWriteOutsideATransactionIsAlreadyCommittedAndWakesAtOnce() throws InterruptedException {
        signal.onWrite();
        assertThat(signal.await(0)).isTrue();
        assertThat(signal.await(0)).as("one wake-up is consumed by one relay run").isFalse();
    }

    @Test
    void aCommitWakesTheRelayOnceHoweverManyRowsItWrote() throws InterruptedException {
        TransactionSynchronizationManager.initSynchronization();
        signal.onWrite();
        signal.onWrite();
        signal.onWrite();
        assertThat(TransactionSynchronizationManager.getSynchronizations()).hasSize(1);
        assertThat(signal.await(0)).as("nothing before the commit").isFalse();
        TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
        assertThat(signal.await(0)).isTrue();
        assertThat(signal.await(0)).isFalse();
    }

    @Test
    void aRollbackDoesNotWakeTheRelay() throws InterruptedException {
        TransactionSynchronizationManager.initSynchronization();
        signal.onWrite();
        TransactionSynchronizationManager.getSynchronizations()
                .forEach(s -> s.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK));
        assertThat(signal.await(0)).isFalse();
    }

    @Test
    void wakeUpsWhileTheRelayIsBusyAreNotLostButFolded() throws InterruptedException {
        signal.wake();
        signal.wake();
        signal.wake();
        assertThat(signal.await(0)).isTrue();
        assertThat(signal.await(0)).isFalse();
    }
}
