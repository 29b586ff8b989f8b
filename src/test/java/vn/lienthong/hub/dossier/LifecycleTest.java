package vn.lienthong.hub.dossier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import vn.lienthong.hub.calendar.DueDateCalculator;
import vn.lienthong.hub.calendar.ExtensionRule;
import vn.lienthong.hub.calendar.LimitUnit;
import vn.lienthong.hub.calendar.TimeLimit;
import vn.lienthong.hub.calendar.Timeliness;
import vn.lienthong.hub.calendar.TimelinessJudge;
import vn.lienthong.hub.calendar.WorkingCalendar;

/**
 * The lifecycle rules of DESIGN.md ("Dossier lifecycle", "Deadlines") and DOMAIN.md ("Deadlines and timeliness"),
 * in plain Java on the calendar file as shipped (src/main/resources/calendar/vn-working-calendar.json): office
 * hours 07:30–11:30 and 13:30–17:30 (480 working minutes a day), Saturday and Sunday off, same-day cut-off 15:00,
 * zone Asia/Ho_Chi_Minh. Every instant below is written as a local time in Vietnam.
 */
class LifecycleTest {

    static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");
    static final WorkingCalendar CALENDAR = WorkingCalendar.loadDefault();

    /** The Deadlines of the running hub (CalendarDeadlines), over the shipped calendar file. */
    static final Deadlines DEADLINES = new Deadlines() {
        private final DueDateCalculator due = new DueDateCalculator(CALENDAR);
        private final TimelinessJudge judge = new TimelinessJudge(CALENDAR.settings().zone());

        @Override
        public Instant dueAt(Instant receivedAt, TimeLimit limit) {
            return due.dueAt(receivedAt, limit);
        }

        @Override
        public long workingMinutesBetween(Instant from, Instant to) {
            return CALENDAR.workingMinutesBetween(from, to);
        }

        @Override
        public Instant shift(Instant dueAt, long workingMinutes) {
            return due.shift(dueAt, workingMinutes);
        }

        @Override
        public Timeliness judge(Instant end, Instant judgedDueAt, int supplementRequests) {
            return judge.judge(end, judgedDueAt, supplementRequests);
        }

        @Override
        public void checkExtension(Instant now, Instant currentDueAt, Instant newDueAt) {
            ExtensionRule.check(CALENDAR, now, currentDueAt, newDueAt);
        }
    };

    static final TimeLimit FIVE_DAYS = TimeLimit.workingDays(5);
    static final TimeLimit THREE_DAYS = TimeLimit.workingDays(3);
    static final TimeLimit SAME_DAY = new TimeLimit(0, LimitUnit.WORKING_DAY);
    /** "Now" of the tests that replay 2026 events: long after all of them. */
    static final Instant NOW = at("2026-11-20T10:00");
    static final String OTHER_AGENCY = "000.00.62.H56";

    final Lifecycle lifecycle = new Lifecycle(DEADLINES);
    int events;

    static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(VN).toInstant();
    }

    static Dossier newDossier() {
        return new Dossier("000.00.61.H56-260302-0001", 1L, "1.004884", "000.00.61.H56",
                Applicant.of("Nguyễn Văn An", "038090001234", "0912345678", "an@example.vn", "Thanh Hóa"),
                Channel.DIRECT, ReturnMethod.COUNTER, 5000, false);
    }

    static long minutes(TimeLimit limit) {
        return limit.workingMinutes(CALENDAR.settings().officeHours());
    }

    /** Received at the counter at {@code receivedAt} (channel DIRECT). */
    Dossier received(String receivedAt, TimeLimit limit) {
        Dossier d = newDossier();
        lifecycle.intake(d, null, at(receivedAt), limit, minutes(limit), NOW);
        return d;
    }

    DossierCommand cmd(EventType type, String at) {
        return cmd(type, at(at));
    }

    /** A command with everything any event may need (reason, new due date, agency), so only the rules decide. */
    DossierCommand cmd(EventType type, Instant at) {
        return new DossierCommand("ev-" + (++events), type, at, "officer", "test", "a reason", at("2026-12-30T09:00"),
                OTHER_AGENCY);
    }

    Transition apply(Dossier d, EventType type, String at, TimeLimit limit) {
        return lifecycle.apply(d, cmd(type, at), limit, NOW);
    }

    /** Everything the lifecycle may change on a dossier (version included: it must not move either). */
    record State(DossierStatus status, String subState, String currentAgency, Instant submittedAt, Instant receivedAt,
            Long limitMinutes, boolean sameDay, Instant originalDueAt, Instant dueAt, Instant pausedAt,
            PauseKind pauseKind, long pausedMinutes, int supplementRequests, boolean extended, Instant endedAt,
            EndKind endKind, Timeliness timeliness, Instant resolvedAt, Instant returnedAt, boolean dueSoonNotified,
            boolean overdueNotified, List<List<Object>> pauses, long version, Instant updatedAt) {

        static State of(Dossier d) {
            List<List<Object>> pauses = new ArrayList<>();
            for (Pause p : d.getPauses()) {
                pauses.add(java.util.Arrays.asList(p.getKind(), p.getStartedAt(), p.getEndedAt(), p.getWorkingMinutes()));
            }
            return new State(d.getStatus(), d.getSubState(), d.getCurrentAgency(), d.getSubmittedAt(), d.getReceivedAt(),
                    d.getLimitMinutes(), d.isSameDay(), d.getOriginalDueAt(), d.getDueAt(), d.getPausedAt(),
                    d.getPauseKind(), d.getPausedMinutes(), d.getSupplementRequests(), d.isExtended(), d.getEndedAt(),
                    d.getEndKind(), d.getTimeliness(), d.getResolvedAt(), d.getReturnedAt(), d.isDueSoonNotified(),
                    d.isOverdueNotified(), pauses, d.getVersion(), d.getUpdatedAt());
        }
    }

    // ---- intake ----------------------------------------------------------------------------------------------

    @Test
    void directIntakeIsReceivedWithItsDueDateAndAReceipt() {
        Dossier d = newDossier();
        // Mon 2 Mar 2026 09:00 + 5 working days (no listed day in that week or the next) = Mon 9 Mar 09:00
        Transition t = lifecycle.intake(d, null, at("2026-03-02T09:00"), FIVE_DAYS, 2400, NOW);

        assertThat(t).isEqualTo(new Transition("RECEIVE", null, DossierStatus.RECEIVED, at("2026-03-02T09:00"), Form.RECEIPT));
        assertThat(d.getStatus()).isEqualTo(DossierStatus.RECEIVED);
        assertThat(d.getReceivedAt()).isEqualTo(at("2026-03-02T09:00"));
        assertThat(d.getSubmittedAt()).isNull();
        assertThat(d.getDueAt()).isEqualTo(at("2026-03-09T09:00"));
        assertThat(d.getOriginalDueAt()).isEqualTo(at("2026-03-09T09:00"));
        assertThat(d.getLimitMinutes()).isEqualTo(2400);
        assertThat(d.isSameDay()).isFalse();
        assertThat(d.getEndedAt()).isNull();
        assertThat(d.getTimeliness()).isNull();
        assertThat(d.getPauses()).isEmpty();
    }

    @Test
    void intakeWithoutAnyDateIsReceivedNow() {
        Dossier d = newDossier();
        Instant now = at("2026-03-02T09:00");
        lifecycle.intake(d, null, null, FIVE_DAYS, 2400, now);
        assertThat(d.getReceivedAt()).isEqualTo(now);
        assertThat(d.getDueAt()).isEqualTo(at("2026-03-09T09:00"));
    }

    @Test
    void intakeRefusesAReceiptInTheFutureOrBeforeTheSubmission() {
        Instant now = at("2026-03-02T09:00");
        assertThatThrownBy(() -> lifecycle.intake(newDossier(), null, now.plus(Duration.ofMinutes(6)), FIVE_DAYS, 2400, now))
                .isInstanceOf(InvalidDossierException.class).hasMessageContaining("receivedAt");
        assertThatThrownBy(() -> lifecycle.intake(newDossier(), now, now.minusSeconds(1), FIVE_DAYS, 2400, now))
                .isInstanceOf(InvalidDossierException.class).hasMessageContaining("receivedAt");
        // a little clock skew is absorbed
        Dossier d = newDossier();
        lifecycle.intake(d, null, now.plus(Duration.ofMinutes(5)), FIVE_DAYS, 2400, now);
        assertThat(d.getStatus()).isEqualTo(DossierStatus.RECEIVED);
    }

    @Test
    void submittedOnlineThenAcceptedCountsFromTheAcceptance() {
        Dossier d = newDossier();
        Transition submit = lifecycle.intake(d, at("2026-03-06T20:00"), null, THREE_DAYS, 1440, NOW);
        assertThat(submit.to()).isEqualTo(DossierStatus.SUBMITTED);
        assertThat(submit.form()).isNull();
        assertThat(d.getStatus()).isEqualTo(DossierStatus.SUBMITTED);
        assertThat(d.getSubmittedAt()).isEqualTo(at("2026-03-06T20:00"));
        assertThat(d.getReceivedAt()).isNull();
        assertThat(d.getDueAt()).isNull();
        assertThat(d.getOriginalDueAt()).isNull();

        // Submitted Fri 6 Mar 20:00, accepted Mon 9 Mar 08:00: 3 working days from the acceptance = Thu 12 Mar
        // 08:00 (counting from the submission would give Thu 12 Mar 07:30: the clock would start Mon at opening).
        Transition accept = apply(d, EventType.ACCEPT, "2026-03-09T08:00", THREE_DAYS);
        assertThat(accept).isEqualTo(new Transition("ACCEPT", DossierStatus.SUBMITTED, DossierStatus.RECEIVED,
                at("2026-03-09T08:00"), Form.RECEIPT));
        assertThat(d.getReceivedAt()).isEqualTo(at("2026-03-09T08:00"));
        assertThat(d.getDueAt()).isEqualTo(at("2026-03-12T08:00"));
        assertThat(d.getOriginalDueAt()).isEqualTo(at("2026-03-12T08:00"));
        assertThat(d.getSubmittedAt()).isEqualTo(at("2026-03-06T20:00"));
    }

    @Test
    void refusedOnlineSubmissionEndsWithFormThree() {
        Dossier d = newDossier();
        lifecycle.intake(d, at("2026-03-06T20:00"), null, THREE_DAYS, 1440, NOW);
        Transition t = apply(d, EventType.REFUSE, "2026-03-09T08:00", THREE_DAYS);
        assertThat(t.form()).isEqualTo(Form.REFUSAL);
        assertThat(d.getStatus()).isEqualTo(DossierStatus.REFUSED);
        assertThat(d.getEndKind()).isEqualTo(EndKind.REFUSED);
        assertThat(d.getEndedAt()).isEqualTo(at("2026-03-09T08:00"));
        assertThat(d.getTimeliness()).isNull(); // never received: no due date to be judged against
    }

    @Test
    void sameDayProcedureCutOffIsFifteenHundredLocal() {
        // Wed 29 Apr 2026. At 14:59 it is due at the close of that day; at 15:00 at the close of the next working
        // day, which is Mon 4 May: Thu 30 Apr and Fri 1 May are holidays, then the weekend.
        Dossier before = received("2026-04-29T14:59", SAME_DAY);
        assertThat(before.isSameDay()).isTrue();
        assertThat(before.getLimitMinutes()).isZero();
        assertThat(before.getDueAt()).isEqualTo(at("2026-04-29T17:30"));
        assertThat(before.getOriginalDueAt()).isEqualTo(at("2026-04-29T17:30"));

        Dossier atCutOff = received("2026-04-29T15:00", SAME_DAY);
        assertThat(atCutOff.getDueAt()).isEqualTo(at("2026-05-04T17:30"));
        assertThat(atCutOff.getOriginalDueAt()).isEqualTo(at("2026-05-04T17:30"));
    }

    // ---- the transition table ------------------------------------------------------------------------------

    /** The legal transitions (DESIGN.md "Dossier lifecycle"): from each state, the events and where they lead. */
    static final Map<DossierStatus, Map<EventType, DossierStatus>> LEGAL = new EnumMap<>(DossierStatus.class);

    static {
        for (DossierStatus s : DossierStatus.values()) {
            LEGAL.put(s, new EnumMap<>(EventType.class));
        }
        LEGAL.get(DossierStatus.SUBMITTED).putAll(Map.of(
                EventType.ACCEPT, DossierStatus.RECEIVED,
                EventType.REFUSE, DossierStatus.REFUSED));
        for (DossierStatus working : List.of(DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS)) {
            LEGAL.get(working).putAll(Map.of(
                    EventType.TRANSFER, DossierStatus.IN_PROGRESS,
                    EventType.REQUEST_SUPPLEMENT, DossierStatus.SUPPLEMENT_REQUESTED,
                    EventType.REQUEST_PAYMENT, DossierStatus.AWAITING_PAYMENT,
                    EventType.EXTEND, DossierStatus.IN_PROGRESS,
                    EventType.RESOLVE, DossierStatus.RESOLVED,
                    EventType.REQUEST_WITHDRAWAL, DossierStatus.WITHDRAWAL_REQUESTED,
                    EventType.STOP, DossierStatus.STOPPED));
        }
        LEGAL.get(DossierStatus.RECEIVED).put(EventType.START, DossierStatus.IN_PROGRESS);
        LEGAL.get(DossierStatus.SUPPLEMENT_REQUESTED).putAll(Map.of(
                EventType.SUPPLEMENT_RECEIVED, DossierStatus.IN_PROGRESS,
                EventType.REQUEST_WITHDRAWAL, DossierStatus.WITHDRAWAL_REQUESTED,
                EventType.STOP, DossierStatus.STOPPED));
        LEGAL.get(DossierStatus.AWAITING_PAYMENT).putAll(Map.of(
                EventType.PAYMENT_RECEIVED, DossierStatus.IN_PROGRESS,
                EventType.REQUEST_WITHDRAWAL, DossierStatus.WITHDRAWAL_REQUESTED,
                EventType.STOP, DossierStatus.STOPPED));
        LEGAL.get(DossierStatus.WITHDRAWAL_REQUESTED).put(EventType.STOP, DossierStatus.STOPPED);
        LEGAL.get(DossierStatus.RESOLVED).put(EventType.RETURN, DossierStatus.RETURNED);
        // REFUSED, STOPPED, RETURNED: nothing
    }

    /** The form each legal event issues (Circular 01/2018/TT-VPCP, mẫu 01–05). */
    static final Map<EventType, Form> FORMS = Map.of(
            EventType.ACCEPT, Form.RECEIPT,
            EventType.REFUSE, Form.REFUSAL,
            EventType.REQUEST_SUPPLEMENT, Form.SUPPLEMENT_REQUEST,
            EventType.EXTEND, Form.APOLOGY_NEW_DATE,
            EventType.STOP, Form.STOP_NOTICE);

    /**
     * A dossier brought to {@code status} by legal events: received Mon 2 Mar 2026 09:00 with 5 working days
     * (due Mon 9 Mar 09:00), the path's events at 10:00, 11:00 on Mon 2 Mar, the event under test at Tue 3 Mar 09:00.
     */
    Dossier inState(DossierStatus status) {
        Dossier d = newDossier();
        if (status == DossierStatus.SUBMITTED || status == DossierStatus.REFUSED) {
            lifecycle.intake(d, at("2026-03-02T09:00"), null, FIVE_DAYS, 2400, NOW);
        } else {
            lifecycle.intake(d, null, at("2026-03-02T09:00"), FIVE_DAYS, 2400, NOW);
        }
        List<EventType> path = switch (status) {
            case SUBMITTED, RECEIVED -> List.of();
            case REFUSED -> List.of(EventType.REFUSE);
            case IN_PROGRESS -> List.of(EventType.START);
            case SUPPLEMENT_REQUESTED -> List.of(EventType.START, EventType.REQUEST_SUPPLEMENT);
            case AWAITING_PAYMENT -> List.of(EventType.START, EventType.REQUEST_PAYMENT);
            case WITHDRAWAL_REQUESTED -> List.of(EventType.START, EventType.REQUEST_WITHDRAWAL);
            case STOPPED -> List.of(EventType.START, EventType.STOP);
            case RESOLVED -> List.of(EventType.START, EventType.RESOLVE);
            case RETURNED -> List.of(EventType.RESOLVE, EventType.RETURN);
        };
        String[] times = {"2026-03-02T10:00", "2026-03-02T11:00"};
        for (int i = 0; i < path.size(); i++) {
            apply(d, path.get(i), times[i], FIVE_DAYS);
        }
        assertThat(d.getStatus()).isEqualTo(status);
        return d;
    }

    static Stream<Arguments> legalTransitions() {
        List<Arguments> all = new ArrayList<>();
        LEGAL.forEach((from, events) -> events.forEach((event, to) -> all.add(Arguments.of(from, event, to))));
        return all.stream();
    }

    static Stream<Arguments> illegalTransitions() {
        List<Arguments> all = new ArrayList<>();
        for (DossierStatus from : DossierStatus.values()) {
            for (EventType event : EventType.values()) {
                if (!LEGAL.get(from).containsKey(event)) {
                    all.add(Arguments.of(from, event));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @MethodSource("legalTransitions")
    void everyLegalTransition(DossierStatus from, EventType event, DossierStatus to) {
        Dossier d = inState(from);
        DossierCommand c = cmd(event, "2026-03-03T09:00");
        Transition t = lifecycle.apply(d, c, FIVE_DAYS, NOW);

        assertThat(t.type()).isEqualTo(event.name());
        assertThat(t.from()).isEqualTo(from);
        assertThat(t.to()).isEqualTo(to);
        assertThat(t.at()).isEqualTo(at("2026-03-03T09:00"));
        assertThat(t.form()).isEqualTo(FORMS.get(event));
        assertThat(d.getStatus()).isEqualTo(to);
        assertThat(Lifecycle.allowedEvents(from, false)).contains(event);
        if (to.clock() == DossierStatus.Clock.ENDED) {
            assertThat(d.getEndedAt()).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0} --{1}--> refused")
    @MethodSource("illegalTransitions")
    void everyIllegalTransitionIsRefusedAndChangesNothing(DossierStatus from, EventType event) {
        Dossier d = inState(from);
        State before = State.of(d);

        IllegalTransitionException e = catchThrowableOfType(IllegalTransitionException.class,
                () -> lifecycle.apply(d, cmd(event, "2026-03-03T09:00"), FIVE_DAYS, NOW));

        assertThat(e).as("%s in %s", event, from).isNotNull();
        assertThat(e.reason()).isEqualTo("illegal-transition");
        assertThat(e.getMessage()).contains(event.name()).contains(from.name());
        assertThat(State.of(d)).isEqualTo(before);
        assertThat(Lifecycle.allowedEvents(from, false)).doesNotContain(event);
    }

    @Test
    void theTableCoversEveryStateAndTheTerminalStatesAcceptNothing() {
        for (DossierStatus s : DossierStatus.values()) {
            assertThat(Set.copyOf(Lifecycle.allowedEvents(s, false))).as("allowed in %s", s)
                    .isEqualTo(LEGAL.get(s).keySet());
        }
        assertThat(LEGAL.get(DossierStatus.REFUSED)).isEmpty();
        assertThat(LEGAL.get(DossierStatus.STOPPED)).isEmpty();
        assertThat(LEGAL.get(DossierStatus.RETURNED)).isEmpty();
        assertThat(Lifecycle.allowedEvents(DossierStatus.IN_PROGRESS, true)).doesNotContain(EventType.EXTEND);
    }

    @Test
    void transferIsAllowedRepeatedlyAndMovesTheDossier() {
        Dossier d = inState(DossierStatus.IN_PROGRESS);
        for (int i = 0; i < 5; i++) {
            lifecycle.apply(d, new DossierCommand("t" + i, EventType.TRANSFER, at("2026-03-03T09:0" + i), "officer",
                    "test", null, null, i % 2 == 0 ? OTHER_AGENCY : "000.00.61.H56"), FIVE_DAYS, NOW);
        }
        assertThat(d.getStatus()).isEqualTo(DossierStatus.IN_PROGRESS);
        assertThat(d.getSubState()).isEqualTo("TRANSFERRED");
        assertThat(d.getCurrentAgency()).isEqualTo(OTHER_AGENCY);
    }

    @Test
    void eventsThatNeedDetailsAreRefusedWithoutThemAndChangeNothing() {
        Dossier d = inState(DossierStatus.IN_PROGRESS);
        State before = State.of(d);
        Instant t = at("2026-03-03T09:00");
        record Case(EventType type, String reason, Instant newDueAt, String toAgency, String expected) {
        }
        for (Case c : List.of(
                new Case(EventType.TRANSFER, null, null, null, "missing-to-agency"),
                new Case(EventType.REQUEST_SUPPLEMENT, null, null, null, "missing-reason"),
                new Case(EventType.EXTEND, null, at("2026-03-20T09:00"), null, "missing-reason"),
                new Case(EventType.EXTEND, "late", null, null, "missing-new-due-at"),
                new Case(EventType.STOP, " ", null, null, "missing-reason"))) {
            IllegalTransitionException e = catchThrowableOfType(IllegalTransitionException.class, () -> lifecycle.apply(d,
                    new DossierCommand("x", c.type(), t, "officer", "test", c.reason(), c.newDueAt(), c.toAgency()),
                    FIVE_DAYS, NOW));
            assertThat(e).as(c.toString()).isNotNull();
            assertThat(e.reason()).as(c.toString()).isEqualTo(c.expected());
            assertThat(State.of(d)).isEqualTo(before);
        }
    }

    // ---- pauses ----------------------------------------------------------------------------------------------

    @Test
    void supplementPauseMovesBothDueDatesByThePausedWorkingMinutes() {
        // Hùng Kings' day 2026 is Sun 26 Apr (holiday) with Mon 27 Apr off in compensation; 30 Apr and 1 May
        // (Thu, Fri) are holidays.
        // Received Wed 22 Apr 09:00, 5 working days: the working days after it are Thu 23, Fri 24, Tue 28,
        // Wed 29, then Mon 4 May (Sat 25–Mon 27 and Thu 30 Apr–Sun 3 May are off): due Mon 4 May 09:00.
        Dossier d = received("2026-04-22T09:00", FIVE_DAYS);
        assertThat(d.getDueAt()).isEqualTo(at("2026-05-04T09:00"));
        apply(d, EventType.START, "2026-04-22T10:00", FIVE_DAYS);

        // Supplement requested Fri 24 Apr 15:00, complete Tue 28 Apr 10:00. Paused working time:
        // Fri 15:00–17:30 = 150 min; Sat 25, Sun 26 (holiday), Mon 27 (compensatory) = 0; Tue 07:30–10:00 = 150 min.
        // 300 minutes in all.
        Transition request = apply(d, EventType.REQUEST_SUPPLEMENT, "2026-04-24T15:00", FIVE_DAYS);
        assertThat(request.form()).isEqualTo(Form.SUPPLEMENT_REQUEST);
        assertThat(d.getStatus()).isEqualTo(DossierStatus.SUPPLEMENT_REQUESTED);
        assertThat(d.getPausedAt()).isEqualTo(at("2026-04-24T15:00"));
        assertThat(d.getPauseKind()).isEqualTo(PauseKind.SUPPLEMENT);
        assertThat(d.getDueAt()).isEqualTo(at("2026-05-04T09:00")); // moves when the pause ends

        apply(d, EventType.SUPPLEMENT_RECEIVED, "2026-04-28T10:00", FIVE_DAYS);
        // Mon 4 May 09:00 + 300 working minutes: 09:00–11:30 = 150, then 13:30 + 150 = 16:00.
        assertThat(d.getStatus()).isEqualTo(DossierStatus.IN_PROGRESS);
        assertThat(d.getPausedMinutes()).isEqualTo(300);
        assertThat(d.getDueAt()).isEqualTo(at("2026-05-04T16:00"));
        assertThat(d.getOriginalDueAt()).isEqualTo(at("2026-05-04T16:00"));
        assertThat(d.getPausedAt()).isNull();
        assertThat(d.getPauseKind()).isNull();
        assertThat(d.getSupplementRequests()).isEqualTo(1);
        assertThat(d.getPauses()).singleElement().satisfies(p -> {
            assertThat(p.getKind()).isEqualTo(PauseKind.SUPPLEMENT);
            assertThat(p.getStartedAt()).isEqualTo(at("2026-04-24T15:00"));
            assertThat(p.getEndedAt()).isEqualTo(at("2026-04-28T10:00"));
            assertThat(p.getWorkingMinutes()).isEqualTo(300);
        });

        // Resolved Mon 4 May 15:00: after the first due date (09:00) but by the moved one (16:00): on time.
        apply(d, EventType.RESOLVE, "2026-05-04T15:00", FIVE_DAYS);
        assertThat(d.getTimeliness()).isEqualTo(Timeliness.ON_TIME);
        assertThat(d.getEndKind()).isEqualTo(EndKind.RESOLVED);
    }

    @Test
    void paymentPauseMovesBothDueDatesByThePausedWorkingMinutes() {
        // National Day 2026: Mon 31 Aug swapped off (Sat 22 Aug worked instead), Tue 1 and Wed 2 Sep holidays.
        // Received Thu 27 Aug 08:30, 3 working days: Fri 28 Aug, Thu 3 Sep, Fri 4 Sep: due Fri 4 Sep 08:30.
        Dossier d = received("2026-08-27T08:30", THREE_DAYS);
        assertThat(d.getDueAt()).isEqualTo(at("2026-09-04T08:30"));

        // Land tax notice Fri 28 Aug 16:30, paid Thu 3 Sep 08:00: Fri 16:30–17:30 = 60 min; Sat 29 Aug – Wed 2 Sep
        // = 0; Thu 07:30–08:00 = 30 min. 90 minutes in all.
        Transition request = apply(d, EventType.REQUEST_PAYMENT, "2026-08-28T16:30", THREE_DAYS);
        assertThat(request.form()).isNull();
        assertThat(d.getStatus()).isEqualTo(DossierStatus.AWAITING_PAYMENT);
        assertThat(d.getPauseKind()).isEqualTo(PauseKind.PAYMENT);

        apply(d, EventType.PAYMENT_RECEIVED, "2026-09-03T08:00", THREE_DAYS);
        // Fri 4 Sep 08:30 + 90 working minutes = 10:00.
        assertThat(d.getPausedMinutes()).isEqualTo(90);
        assertThat(d.getDueAt()).isEqualTo(at("2026-09-04T10:00"));
        assertThat(d.getOriginalDueAt()).isEqualTo(at("2026-09-04T10:00"));
        assertThat(d.getSupplementRequests()).isZero();
        assertThat(d.getPauses()).singleElement().satisfies(p -> {
            assertThat(p.getKind()).isEqualTo(PauseKind.PAYMENT);
            assertThat(p.getWorkingMinutes()).isEqualTo(90);
        });
        apply(d, EventType.RESOLVE, "2026-09-04T09:59", THREE_DAYS);
        assertThat(d.getTimeliness()).isEqualTo(Timeliness.ON_TIME);
    }

    @Test
    void withdrawalDuringAPauseEndsThePauseAndMovesTheDueDate() {
        // Received Mon 2 Mar 09:00, 5 days: due Mon 9 Mar 09:00. Supplement asked Tue 3 Mar 09:00, withdrawal asked
        // Tue 3 Mar 11:00: 120 paused minutes; due Mon 9 Mar 11:00.
        Dossier d = received("2026-03-02T09:00", FIVE_DAYS);
        apply(d, EventType.REQUEST_SUPPLEMENT, "2026-03-03T09:00", FIVE_DAYS);
        apply(d, EventType.REQUEST_WITHDRAWAL, "2026-03-03T11:00", FIVE_DAYS);
        assertThat(d.getStatus()).isEqualTo(DossierStatus.WITHDRAWAL_REQUESTED);
        assertThat(d.getPausedAt()).isNull();
        assertThat(d.getPausedMinutes()).isEqualTo(120);
        assertThat(d.getDueAt()).isEqualTo(at("2026-03-09T11:00"));
    }

    @Test
    void aSecondSupplementRequestMakesTheDossierLateEvenWhenResolvedEarly() {
        // Received Mon 2 Mar 09:00, 5 working days: due Mon 9 Mar 09:00. Paused Mon 10:00 – Tue 09:00 (90 + 240 + 90
        // = 420 working minutes) and Tue 10:00–11:00 (60): 480 in all, so the due date becomes Tue 10 Mar 09:00.
        // Resolved Wed 4 Mar, days before it.
        Dossier d = received("2026-03-02T09:00", FIVE_DAYS);
        apply(d, EventType.REQUEST_SUPPLEMENT, "2026-03-02T10:00", FIVE_DAYS);
        apply(d, EventType.SUPPLEMENT_RECEIVED, "2026-03-03T09:00", FIVE_DAYS);
        apply(d, EventType.REQUEST_SUPPLEMENT, "2026-03-03T10:00", FIVE_DAYS);
        apply(d, EventType.SUPPLEMENT_RECEIVED, "2026-03-03T11:00", FIVE_DAYS);
        assertThat(d.getSupplementRequests()).isEqualTo(2);
        assertThat(d.getPauses()).hasSize(2);
        apply(d, EventType.RESOLVE, "2026-03-04T09:00", FIVE_DAYS);
        assertThat(d.getPausedMinutes()).isEqualTo(480);
        assertThat(d.getOriginalDueAt()).isEqualTo(at("2026-03-10T09:00"));
        assertThat(d.getTimeliness()).isEqualTo(Timeliness.LATE);

        // the same dossier with one request only would have been early
        Dossier once = received("2026-03-02T09:00", FIVE_DAYS);
        apply(once, EventType.REQUEST_SUPPLEMENT, "2026-03-02T10:00", FIVE_DAYS);
        apply(once, EventType.SUPPLEMENT_RECEIVED, "2026-03-03T09:00", FIVE_DAYS);
        apply(once, EventType.RESOLVE, "2026-03-04T09:00", FIVE_DAYS);
        assertThat(once.getTimeliness()).isEqualTo(Timeliness.EARLY);
    }

    // ---- extension -------------------------------------------------------------------------------------------

    @Test
    void extensionSetsANewAppointmentButTheDossierIsJudgedAgainstTheOriginal() {
        // Received Mon 2 Mar 09:00, 5 working days: due Mon 9 Mar 09:00.
        Dossier d = received("2026-03-02T09:00", FIVE_DAYS);
        Transition t = lifecycle.apply(d, new DossierCommand("x1", EventType.EXTEND, at("2026-03-03T09:00"), "officer",
                "test", "site visit needed", at("2026-03-13T09:00"), null), FIVE_DAYS, NOW);
        assertThat(t.form()).isEqualTo(Form.APOLOGY_NEW_DATE);
        assertThat(t.to()).isEqualTo(DossierStatus.IN_PROGRESS);
        assertThat(d.getDueAt()).isEqualTo(at("2026-03-13T09:00"));
        assertThat(d.getOriginalDueAt()).isEqualTo(at("2026-03-09T09:00"));
        assertThat(d.isExtended()).isTrue();
        assertThat(d.getSubState()).isEqualTo("EXTENDED");

        // resolved Wed 11 Mar: before the new appointment, after the original due date: late
        apply(d, EventType.RESOLVE, "2026-03-11T10:00", FIVE_DAYS);
        assertThat(d.getTimeliness()).isEqualTo(Timeliness.LATE);
        assertThat(d.getDueAt()).isEqualTo(at("2026-03-13T09:00"));
    }

    @Test
    void theAppointmentMayBeResetOnlyOnce() {
        Dossier d = received("2026-03-02T09:00", FIVE_DAYS);
        lifecycle.apply(d, new DossierCommand("x1", EventType.EXTEND, at("2026-03-03T09:00"), "officer", "test",
                "first", at("2026-03-13T09:00"), null), FIVE_DAYS, NOW);
        State before = State.of(d);
        IllegalTransitionException e = catchThrowableOfType(IllegalTransitionException.class, () -> lifecycle.apply(d,
                new DossierCommand("x2", EventType.EXTEND, at("2026-03-04T09:00"), "officer", "test", "second",
                        at("2026-03-20T09:00"), null), FIVE_DAYS, NOW));
        assertThat(e.reason()).isEqualTo("already-extended");
        assertThat(State.of(d)).isEqualTo(before);
        assertThat(d.getDueAt()).isEqualTo(at("2026-03-13T09:00"));
    }

    @Test
    void anExtensionLessThanOneWorkingDayBeforeTheDueDateIsTooLate() {
        // Due Mon 9 Mar 09:00. From Fri 6 Mar 09:00: 09:00–11:30 (150) + 13:30–17:30 (240) + Mon 07:30–09:00 (90)
        // = 480 working minutes, exactly one working day: still in time. From 09:01: 479, too late.
        Dossier late = received("2026-03-02T09:00", FIVE_DAYS);
        State before = State.of(late);
        IllegalTransitionException e = catchThrowableOfType(IllegalTransitionException.class, () -> lifecycle.apply(late,
                new DossierCommand("x1", EventType.EXTEND, at("2026-03-06T09:01"), "officer", "test", "late",
                        at("2026-03-13T09:00"), null), FIVE_DAYS, NOW));
        assertThat(e.reason()).isEqualTo("extension-too-late");
        assertThat(State.of(late)).isEqualTo(before);

        Dossier inTime = received("2026-03-02T09:00", FIVE_DAYS);
        lifecycle.apply(inTime, new DossierCommand("x2", EventType.EXTEND, at("2026-03-06T09:00"), "officer", "test",
                "in time", at("2026-03-13T09:00"), null), FIVE_DAYS, NOW);
        assertThat(inTime.getDueAt()).isEqualTo(at("2026-03-13T09:00"));
    }

    // ---- endings ---------------------------------------------------------------------------------------------

    @Test
    void stopWhileASupplementIsAwaitedEndsProcessingAtTheRequest() {
        // The citizen never brings the supplement asked on Tue 3 Mar 10:00; stopped on Fri 20 Mar.
        Dossier d = received("2026-03-02T09:00", FIVE_DAYS);
        apply(d, EventType.REQUEST_SUPPLEMENT, "2026-03-03T10:00", FIVE_DAYS);
        Transition t = apply(d, EventType.STOP, "2026-03-20T09:00", FIVE_DAYS);

        assertThat(t.form()).isEqualTo(Form.STOP_NOTICE);
        assertThat(t.at()).isEqualTo(at("2026-03-20T09:00"));
        assertThat(d.getStatus()).isEqualTo(DossierStatus.STOPPED);
        assertThat(d.getEndKind()).isEqualTo(EndKind.STOPPED);
        assertThat(d.getEndedAt()).isEqualTo(at("2026-03-03T10:00"));
        // judged at the request, days before Mon 9 Mar 09:00: early (one supplement request only)
        assertThat(d.getTimeliness()).isEqualTo(Timeliness.EARLY);
        assertThat(d.getPausedAt()).isNull();
        assertThat(d.getDueAt()).isEqualTo(at("2026-03-09T09:00"));
        assertThat(d.getPauses()).singleElement().satisfies(p -> {
            assertThat(p.getEndedAt()).isEqualTo(at("2026-03-03T10:00"));
            assertThat(p.getWorkingMinutes()).isZero();
        });
    }

    @Test
    void stopAfterAWithdrawalRequestEndsAsWithdrawn() {
        Dossier d = received("2026-03-02T09:00", FIVE_DAYS);
        apply(d, EventType.START, "2026-03-02T10:00", FIVE_DAYS);
        Transition w = apply(d, EventType.REQUEST_WITHDRAWAL, "2026-03-03T09:00", FIVE_DAYS);
        assertThat(w.to()).isEqualTo(DossierStatus.WITHDRAWAL_REQUESTED);
        apply(d, EventType.STOP, "2026-03-03T10:00", FIVE_DAYS);
        assertThat(d.getStatus()).isEqualTo(DossierStatus.STOPPED);
        assertThat(d.getEndKind()).isEqualTo(EndKind.WITHDRAWN);
        assertThat(d.getEndedAt()).isEqualTo(at("2026-03-03T10:00"));
        assertThat(d.getTimeliness()).isEqualTo(Timeliness.EARLY);
    }

    @Test
    void stopWithoutWithdrawalEndsAsStopped() {
        Dossier d = received("2026-03-02T09:00", FIVE_DAYS);
        apply(d, EventType.STOP, "2026-03-10T10:00", FIVE_DAYS);
        assertThat(d.getEndKind()).isEqualTo(EndKind.STOPPED);
        assertThat(d.getEndedAt()).isEqualTo(at("2026-03-10T10:00"));
        assertThat(d.getTimeliness()).isEqualTo(Timeliness.LATE);
    }

    @Test
    void returnAfterResolveKeepsTheEndAtTheResolution() {
        // due Mon 9 Mar 09:00; resolved Mon 9 Mar 08:00 (on time), handed over Thu 12 Mar (after the due date)
        Dossier d = received("2026-03-02T09:00", FIVE_DAYS);
        apply(d, EventType.START, "2026-03-02T10:00", FIVE_DAYS);
        apply(d, EventType.RESOLVE, "2026-03-09T08:00", FIVE_DAYS);
        assertThat(d.getStatus()).isEqualTo(DossierStatus.RESOLVED);
        assertThat(d.getEndedAt()).isEqualTo(at("2026-03-09T08:00"));
        assertThat(d.getTimeliness()).isEqualTo(Timeliness.ON_TIME);

        Transition t = apply(d, EventType.RETURN, "2026-03-12T14:00", FIVE_DAYS);
        assertThat(t.from()).isEqualTo(DossierStatus.RESOLVED);
        assertThat(d.getStatus()).isEqualTo(DossierStatus.RETURNED);
        assertThat(d.getEndedAt()).isEqualTo(at("2026-03-09T08:00"));
        assertThat(d.getEndKind()).isEqualTo(EndKind.RESOLVED);
        assertThat(d.getTimeliness()).isEqualTo(Timeliness.ON_TIME);
        assertThat(d.getResolvedAt()).isEqualTo(at("2026-03-09T08:00"));
        assertThat(d.getReturnedAt()).isEqualTo(at("2026-03-12T14:00"));
        assertThat(d.getStatus().terminal()).isTrue();
    }

    // ---- event times -----------------------------------------------------------------------------------------

    @Test
    void eventsMoreThanFiveMinutesInTheFutureAreRefused() {
        Instant now = at("2026-03-03T09:00");
        Dossier d = received("2026-03-02T09:00", FIVE_DAYS);
        State before = State.of(d);
        IllegalTransitionException e = catchThrowableOfType(IllegalTransitionException.class,
                () -> lifecycle.apply(d, cmd(EventType.START, now.plus(Duration.ofMinutes(5)).plusSeconds(1)), FIVE_DAYS, now));
        assertThat(e.reason()).isEqualTo("event-in-future");
        assertThat(State.of(d)).isEqualTo(before);

        // five minutes of clock skew are absorbed
        lifecycle.apply(d, cmd(EventType.START, now.plus(Duration.ofMinutes(5))), FIVE_DAYS, now);
        assertThat(d.getStatus()).isEqualTo(DossierStatus.IN_PROGRESS);
    }

    @Test
    void anEventWithoutATimeHappensNow() {
        Instant now = at("2026-03-03T09:00");
        Dossier d = received("2026-03-02T09:00", FIVE_DAYS);
        Transition t = lifecycle.apply(d, new DossierCommand("x", EventType.RESOLVE, null, "officer", "test", null, null,
                null), FIVE_DAYS, now);
        assertThat(t.at()).isEqualTo(now);
        assertThat(d.getEndedAt()).isEqualTo(now);
    }

    @Test
    void eventsBeforeTheReceiptOrAPauseAreRefused() {
        Dossier d = received("2026-03-02T09:00", FIVE_DAYS);
        State received = State.of(d);
        IllegalTransitionException e = catchThrowableOfType(IllegalTransitionException.class,
                () -> apply(d, EventType.START, "2026-03-02T08:59", FIVE_DAYS));
        assertThat(e.reason()).isEqualTo("event-out-of-order");
        assertThat(State.of(d)).isEqualTo(received);

        apply(d, EventType.REQUEST_SUPPLEMENT, "2026-03-03T10:00", FIVE_DAYS);
        State paused = State.of(d);
        e = catchThrowableOfType(IllegalTransitionException.class,
                () -> apply(d, EventType.SUPPLEMENT_RECEIVED, "2026-03-03T09:59", FIVE_DAYS));
        assertThat(e.reason()).isEqualTo("event-out-of-order");
        assertThat(State.of(d)).isEqualTo(paused);

        apply(d, EventType.SUPPLEMENT_RECEIVED, "2026-03-04T10:00", FIVE_DAYS);
        apply(d, EventType.RESOLVE, "2026-03-05T10:00", FIVE_DAYS);
        State resolved = State.of(d);
        e = catchThrowableOfType(IllegalTransitionException.class,
                () -> apply(d, EventType.RETURN, "2026-03-05T09:00", FIVE_DAYS));
        assertThat(e.reason()).isEqualTo("event-out-of-order");
        assertThat(State.of(d)).isEqualTo(resolved);
    }

    /**
     * "Before the last change" means before ANY applied event, not only before the moments the dossier keeps a
     * column for (receipt, pause, resolution, return): a START at 11:00 followed by a TRANSFER dated 10:00 would
     * put the history out of order.
     */
    @Test
    void eventsBeforeTheLastAppliedEventAreRefused() {
        Dossier d = received("2026-03-02T09:00", FIVE_DAYS);
        apply(d, EventType.START, "2026-03-02T11:00", FIVE_DAYS);
        State started = State.of(d);
        IllegalTransitionException e = catchThrowableOfType(IllegalTransitionException.class,
                () -> apply(d, EventType.TRANSFER, "2026-03-02T10:00", FIVE_DAYS));
        assertThat(e).as("a TRANSFER dated before the START already applied").isNotNull();
        assertThat(e.reason()).isEqualTo("event-out-of-order");
        assertThat(State.of(d)).isEqualTo(started);
    }

    @Test
    void timeRulesComeBeforeTheTransitionTable() {
        // even an illegal event is first refused for its time: the client learns the most basic problem first
        Dossier d = inState(DossierStatus.RETURNED);
        IllegalTransitionException e = catchThrowableOfType(IllegalTransitionException.class,
                () -> lifecycle.apply(d, cmd(EventType.START, NOW.plus(Duration.ofHours(1))), FIVE_DAYS, NOW));
        assertThat(e.reason()).isEqualTo("event-in-future");
    }
}
