package vn.lienthong.hub.calendar;

import java.text.Normalizer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The center's working calendar as the running hub sees it: the regular rules (zone, weekend, office hours,
 * same-day cut-off) from {@value WorkingCalendar#DEFAULT_RESOURCE}, and the listed days (holidays, swaps,
 * compensatory days) from table {@code calendar_day}, which operators amend through the API without a rebuild.
 *
 * <p>{@link #current()} is an immutable {@link WorkingCalendar}, swapped after each amendment committed here and
 * polled for amendments made by another hub instance ({@code hub.calendar.refresh-interval}, 10 s by default).
 * Amending the calendar does not move a due date already computed: deadlines are fixed at receipt.
 *
 * <p>At start-up, before any bean that depends on this service is created, an empty {@code calendar_day} is seeded
 * with the days of the data file, under an advisory lock so that two instances starting together seed it once.
 */
@Service
public class CalendarService {

    private static final Logger log = LoggerFactory.getLogger(CalendarService.class);
    private static final String SEED_ACTOR = "calendar-file";
    /** Amendments outside these years are typos (a due date is never computed that far away). */
    public static final int FIRST_YEAR = 2000;
    public static final int LAST_YEAR = 2100;
    /** The longest name of a calendar day. */
    public static final int MAX_NAME_LENGTH = 300;

    private final CalendarDayStore store;
    private final CalendarSettings settings;
    private final TransactionTemplate tx;
    private final TransactionTemplate readTx;
    private final Object reloadLock = new Object();
    private final ScheduledExecutorService poller;
    private volatile State state;

    public CalendarService(JdbcTemplate jdbc, PlatformTransactionManager transactions,
                           @Value("${hub.calendar.refresh-interval:PT10S}") Duration refreshInterval) {
        this.store = new CalendarDayStore(jdbc);
        this.tx = new TransactionTemplate(transactions);
        this.readTx = new TransactionTemplate(transactions);
        readTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        readTx.setReadOnly(true);
        WorkingCalendar file = WorkingCalendar.loadDefault();
        this.settings = file.settings();
        seed(file.days());
        reload();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "calendar-refresh");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1000, refreshInterval.toMillis());
        poller.scheduleWithFixedDelay(this::refreshIfChanged, millis, millis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }

    /** The calendar in force now: settings from the data file, days from the database. */
    public WorkingCalendar current() {
        return state.calendar;
    }

    /** Due dates on {@link #current()}. */
    public DueDateCalculator dueDates() {
        return state.dueDates;
    }

    public TimelinessJudge judge() {
        return state.judge;
    }

    /** The listed days of a year, by date. */
    public List<CalendarDay> days(int year) {
        return state.calendar.days().stream().filter(d -> d.date().getYear() == year).toList();
    }

    /**
     * Adds or replaces the entry of one date, e.g. a day off declared by the province, validated like the data
     * file (a {@link DayKind#WORKING} day must be a weekend day; a {@link DayKind#SWAP_OFF} or
     * {@link DayKind#COMPENSATORY} day a weekday). Takes effect for due dates computed from now on.
     *
     * @return the day as stored (name trimmed, in Unicode NFC)
     * @throws IllegalArgumentException when the day does not fit; nothing is written
     */
    public CalendarDay amend(CalendarDay day, String actor) {
        Objects.requireNonNull(day, "day");
        requireActor(actor);
        int year = day.date().getYear();
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new IllegalArgumentException("date " + day.date() + " is outside " + FIRST_YEAR + "–" + LAST_YEAR);
        }
        String name = Normalizer.normalize(day.name().strip(), Normalizer.Form.NFC);
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("the name of a calendar day is at most " + MAX_NAME_LENGTH
                    + " characters");
        }
        CalendarDay normalized = new CalendarDay(day.date(), day.kind(), name);
        // The same checks as the data file: fails with the loader's message if the kind does not fit the day.
        state.calendar.withDays(List.of(normalized));
        tx.executeWithoutResult(status -> {
            store.lock();
            store.upsert(normalized, actor);
            reloadAfterCommit();
        });
        log.info("Calendar day {} set to {} ('{}') by {}", normalized.date(), normalized.kind(), name, actor);
        return normalized;
    }

    /**
     * Removes the entry of a date, which then follows the plain weekday rule again (e.g. a cancelled swap).
     *
     * @throws NoSuchElementException if the date has no entry
     */
    public void remove(LocalDate day, String actor) {
        Objects.requireNonNull(day, "day");
        requireActor(actor);
        tx.executeWithoutResult(status -> {
            store.lock();
            if (!store.delete(day)) {
                throw new NoSuchElementException("no calendar entry for " + day);
            }
            reloadAfterCommit();
        });
        log.info("Calendar day {} removed by {}", day, actor);
    }

    /** Rebuilds the calendar from the database now. */
    public void refresh() {
        reload();
    }

    private static void requireActor(String actor) {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("the actor amending the calendar is required");
        }
    }

    private void seed(List<CalendarDay> fileDays) {
        tx.executeWithoutResult(status -> {
            store.lock();
            if (store.count() > 0) {
                return;
            }
            int inserted = store.insertAbsent(fileDays, SEED_ACTOR);
            log.info("Working calendar seeded from {}: {} days", WorkingCalendar.DEFAULT_RESOURCE, inserted);
        });
    }

    private void reloadAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                reload();
            }
        });
    }

    private void refreshIfChanged() {
        try {
            String fingerprint = readTx.execute(status -> store.fingerprint());
            if (!Objects.equals(fingerprint, state.fingerprint)) {
                reload();
                log.info("Working calendar reloaded: amended by another instance or outside the hub");
            }
        } catch (RuntimeException e) {
            log.warn("Working calendar refresh failed; keeping the last one: {}", e.toString());
        }
    }

    private void reload() {
        synchronized (reloadLock) {
            state = readTx.execute(status -> {
                String fingerprint = store.fingerprint();
                return State.of(new WorkingCalendar(settings, store.all()), fingerprint);
            });
        }
    }

    private record State(WorkingCalendar calendar, DueDateCalculator dueDates, TimelinessJudge judge,
                         String fingerprint) {

        static State of(WorkingCalendar calendar, String fingerprint) {
            return new State(calendar, new DueDateCalculator(calendar),
                    new TimelinessJudge(calendar.settings().zone()), fingerprint);
        }
    }
}
