package vn.lienthong.hub.dossier;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of lifecycle events (DossierService#apply): events of different dossiers that arrive together are
 * applied in one transaction, their rows written in JDBC batches. At most one event per dossier in a batch: a later
 * event of the same dossier waits for the next batch, so each answer shows the dossier as its own event left it. A
 * batch that fails as a whole is applied again event by event, each in its own transaction.
 */
final class ChangeWriter extends GroupCommit<ChangeWriter.Pending> {

    private static final Logger log = LoggerFactory.getLogger(ChangeWriter.class);

    /** One event waiting to be applied. */
    static final class Pending extends GroupCommit.Waiting<DossierView> {
        final String code;
        final DossierCommand command;

        Pending(String code, DossierCommand command) {
            this.code = code;
            this.command = command;
        }
    }

    private final Consumer<List<Pending>> applyTogether;
    private final BiFunction<String, DossierCommand, DossierView> applyAlone;

    /**
     * @param applyTogether applies events of different dossiers in one transaction and completes each (its view, or
     *                      why that event was refused); throws if the transaction failed
     * @param applyAlone    applies one event in its own (or the caller's) transaction
     */
    ChangeWriter(Consumer<List<Pending>> applyTogether, BiFunction<String, DossierCommand, DossierView> applyAlone,
            int writers, int maxBatch) {
        super("hub-change-writer", writers, maxBatch);
        this.applyTogether = applyTogether;
        this.applyAlone = applyAlone;
    }

    DossierView apply(String code, DossierCommand command) {
        return submit(new Pending(code, command), DossierView.class);
    }

    @Override
    protected Object writeInCallerTransaction(Pending p) {
        return applyAlone.apply(p.code, p.command);
    }

    @Override
    protected void writeBatch(List<Pending> drained) {
        List<Pending> remaining = drained;
        while (!remaining.isEmpty()) {
            Set<String> codes = new HashSet<>();
            List<Pending> now = new ArrayList<>(remaining.size());
            List<Pending> later = new ArrayList<>();
            for (Pending p : remaining) {
                (codes.add(p.code) ? now : later).add(p);
            }
            write(now);
            remaining = later;
        }
    }

    private void write(List<Pending> batch) {
        // a batch of one too: the same statements as any batch (their plans warm, the history read by JDBC)
        try {
            applyTogether.accept(batch);
            return;
        } catch (RuntimeException e) {
            log.debug("A batch of {} events failed ({}); applying each alone", batch.size(), e.toString());
        }
        for (Pending p : batch) {
            try {
                p.done.complete(applyAlone.apply(p.code, p.command));
            } catch (RuntimeException e) {
                p.done.completeExceptionally(e);
            }
        }
    }
}
