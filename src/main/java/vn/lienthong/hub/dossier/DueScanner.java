package vn.lienthong.hub.dossier;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import vn.lienthong.hub.calendar.CalendarService;
import vn.lienthong.hub.calendar.WorkingCalendar;

/**
 * Warns about open dossiers due within one working day and flags the overdue ones, as events on the outbox
 * (DUE_SOON, OVERDUE), once per due date.
 */
@Component("dueScanner")
public class DueScanner {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final EntityManager em;
    private final Outbox outbox;
    private final CalendarService calendars;

    DueScanner(JdbcTemplate jdbc, TransactionTemplate tx, EntityManager em, Outbox outbox, CalendarService calendars) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.em = em;
        this.outbox = outbox;
        this.calendars = calendars;
    }

    /**
     * The open dossiers still owed a notice: the predicate of the partial index {@code dossier_due_scan} (V15),
     * repeated in each read so that PostgreSQL can use the index.
     */
    private static final String OWED = """
            select id from dossier
            where ended_at is null and received_at is not null and paused_at is null
              and (not due_soon_notified or not overdue_notified)
            """;

    /** The most dossiers of each kind (overdue, due soon) one scan takes; the next scan goes on with the rest. */
    static final int BATCH = 500;

    /**
     * Returns the number of notices written. Two reads, both on the index {@code dossier_due_scan}: the dossiers
     * past their due date without an OVERDUE notice, and those due within a working day without a DUE_SOON one.
     * (One read of "anything due within 14 days not yet fully notified", as before, took the same earliest 1,000
     * every minute once that many had been warned and were not yet late: the dossiers behind them were never
     * warned.) Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so every hub instance may run it.
     */
    public int scan() {
        return scanAtMost(BATCH);
    }

    /**
     * A scan taking at most {@code batch} dossiers of each kind. Not an overload of {@link #scan()}: the route names
     * the method alone, and Camel's bean binding chose {@code scan(int)} with a null body when both were there.
     */
    int scanAtMost(int batch) {
        Integer n = tx.execute(status -> {
            Instant now = Instant.now();
            WorkingCalendar calendar = calendars.current();
            long day = calendar.settings().officeHours().totalMinutes();
            // the read's bound is a minute wider than a working day (minutes are counted whole); the calendar judges
            Instant soon = calendar.addWorkingMinutes(now, day + 1);
            Timestamp nowTs = Timestamp.from(now);
            List<Long> overdue = jdbc.queryForList(OWED + """
                      and not overdue_notified and original_due_at < ?
                    order by original_due_at limit ? for update skip locked""", Long.class, nowTs, batch);
            List<Long> dueSoon = jdbc.queryForList(OWED + """
                      and not due_soon_notified and original_due_at >= ? and original_due_at <= ?
                    order by original_due_at limit ? for update skip locked""", Long.class, nowTs, Timestamp.from(soon), batch);
            List<Long> ids = new ArrayList<>(overdue);
            ids.addAll(dueSoon);
            if (ids.isEmpty()) {
                return 0;
            }
            // in the order of ids; one array parameter for any count (as DossierService#byCodes)
            List<Dossier> found = em.unwrap(Session.class).byMultipleIds(Dossier.class).multiLoad(ids);
            int notices = 0;
            for (Dossier d : found) {
                Instant due = d.getOriginalDueAt();
                if (due.isBefore(now)) {
                    if (!d.isOverdueNotified()) {
                        d.setOverdueNotified(true);
                        d.setDueSoonNotified(true);
                        outbox.notice(d, d.getCode() + ":OVERDUE:" + due, "OVERDUE", now, Map.of("judgedDueAt", due.toString()));
                        notices += 1 + stepsAtRisk(d, due, now);
                    }
                } else if (!d.isDueSoonNotified() && calendar.workingMinutesBetween(now, due) <= day) {
                    d.setDueSoonNotified(true);
                    outbox.notice(d, d.getCode() + ":DUE_SOON:" + due, "DUE_SOON", now, Map.of("judgedDueAt", due.toString()));
                    notices += 1 + stepsAtRisk(d, due, now);
                }
            }
            return notices;
        });
        return n == null ? 0 : n;
    }

    /**
     * An inter-agency parent due soon (or overdue) with steps still open at a partner: each such step threatens
     * the parent's deadline, announced as STEP_AT_RISK on the parent before the parent is late.
     */
    private int stepsAtRisk(Dossier parent, Instant parentDue, Instant now) {
        List<Long> open = jdbc.queryForList("select id from dossier where parent_id = ? and ended_at is null order by step_order",
                Long.class, parent.getId());
        for (Long id : open) {
            Dossier step = em.find(Dossier.class, id);
            outbox.notice(parent, parent.getCode() + ":STEP_AT_RISK:" + step.getCode() + ":" + parentDue, "STEP_AT_RISK", now,
                    Map.of("step", step.getCode(), "stepPartner", String.valueOf(step.getStepPartner()),
                            "parentDueAt", parentDue.toString()));
        }
        return open.size();
    }
}
