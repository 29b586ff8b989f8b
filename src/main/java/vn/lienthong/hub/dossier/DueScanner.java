package vn.lienthong.hub.dossier;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import vn.lienthong.hub.calendar.CalendarService;

/**
 * Warns about open dossiers due within one working day and flags the overdue ones, as events on the outbox
 * (DUE_SOON, OVERDUE), once per due date. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so every hub
 * instance may run it.
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

    /** Returns the number of notices written. */
    public int scan() {
        Integer n = tx.execute(status -> {
            Instant now = Instant.now();
            List<Long> ids = jdbc.queryForList("""
                    select id from dossier
                    where ended_at is null and received_at is not null and paused_at is null
                      and (not due_soon_notified or not overdue_notified)
                      and original_due_at < now() + interval '14 days'
                    order by original_due_at limit 1000 for update skip locked""", Long.class);
            long day = calendars.current().settings().officeHours().totalMinutes();
            int notices = 0;
            for (Long id : ids) {
                Dossier d = em.find(Dossier.class, id);
                Instant due = d.getOriginalDueAt();
                if (due.isBefore(now)) {
                    if (!d.isOverdueNotified()) {
                        d.setOverdueNotified(true);
                        d.setDueSoonNotified(true);
                        outbox.notice(d, d.getCode() + ":OVERDUE:" + due, "OVERDUE", now, Map.of("judgedDueAt", due.toString()));
                        notices += 1 + stepsAtRisk(d, due, now);
                    }
                } else if (!d.isDueSoonNotified() && calendars.current().workingMinutesBetween(now, due) <= day) {
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
