package vn.lienthong.hub.dossier;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Group commit: requests that arrive while a batch is being written are written together in the next one, by a few
 * writer threads. A request waits for its own batch to commit (or fail) before it answers, so an answer still means
 * "in the store". A lone request is written at once (a batch of one): an idle hub pays no latency for it.
 *
 * @param <P> a waiting request, with the future its caller waits on
 */
abstract class GroupCommit<P extends GroupCommit.Waiting<?>> implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** A request waiting for its batch. */
    static class Waiting<R> {
        final CompletableFuture<R> done = new CompletableFuture<>();
    }

    private final String name;
    private final int writers;
    private final int maxBatch;
    private final BlockingQueue<P> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    GroupCommit(String name, int writers, int maxBatch) {
        this.name = name;
        this.writers = Math.max(1, writers);
        this.maxBatch = Math.max(1, maxBatch);
    }

    /**
     * Writes the batch; must complete every request of it, normally or exceptionally (a request left incomplete is
     * failed with whatever the method throws).
     */
    protected abstract void writeBatch(List<P> batch);

    @Override
    public void afterPropertiesSet() {
        for (int i = 1; i <= writers; i++) {
            Thread t = new Thread(this::run, name + "-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    /**
     * Writes one request in the caller's own transaction, in the caller's thread: a caller that writes other rows
     * in the same transaction (a pickup booking with its dossier) keeps them atomic, and never waits for a writer
     * thread while it holds locks.
     */
    protected abstract Object writeInCallerTransaction(P p);

    /** Queues the request and waits until its batch is written; throws what failed it. */
    <R> R submit(P p, Class<R> type) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return type.cast(writeInCallerTransaction(p));
        }
        queue.add(p);
        if (!running) {
            // shutting down: the writers may be gone, so the caller writes what is left itself (each once: poll)
            for (P q = queue.poll(); q != null; q = queue.poll()) {
                write(List.of(q));
            }
        }
        return type.cast(resultOf((Waiting<?>) p));
    }

    /** What the request came to: its result, or its failure thrown. */
    static <R> R resultOf(Waiting<R> p) {
        try {
            return p.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // the request may still be written: the caller's answer is lost, never the change (sent again with the
            // same Idempotency-Key or event id, it is found)
            throw new IllegalStateException("interrupted while the change was being written", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void run() {
        List<P> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                P first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<P> batch) {
        try {
            writeBatch(batch);
        } catch (Throwable t) {
            log.error("{} failed on a batch of {}", name, batch.size(), t);
            batch.forEach(p -> p.done.completeExceptionally(t));
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
