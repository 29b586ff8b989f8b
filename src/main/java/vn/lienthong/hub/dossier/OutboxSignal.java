package vn.lienthong.hub.dossier;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells the outbox relay that a transaction with outbox rows has just committed, so the change goes to Kafka at
 * once instead of at the relay's next poll. The poll stays: rows written by another hub instance, or committed
 * while this one was busy, are found by it.
 */
@Component
public class OutboxSignal {

    private final Semaphore committed = new Semaphore(0);
    private final TransactionSynchronization afterCommit = new TransactionSynchronization() {
        @Override
        public void afterCommit() {
            wake();
        }
    };

    /** Called where an outbox row is written: the relay is woken when (and only if) the transaction commits. */
    void onWrite() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            if (!TransactionSynchronizationManager.getSynchronizations().contains(afterCommit)) {
                TransactionSynchronizationManager.registerSynchronization(afterCommit);
            }
        } else {
            wake(); // auto-commit: the row is already committed
        }
    }

    public void wake() {
        if (committed.availablePermits() == 0) {
            committed.release();
        }
    }

    /** Waits until a commit is signalled or {@code millis} have passed; true when signalled. */
    public boolean await(long millis) throws InterruptedException {
        boolean signalled = committed.tryAcquire(millis, TimeUnit.MILLISECONDS);
        committed.drainPermits();
        return signalled;
    }
}
