package vn.lienthong.hub.report;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import vn.lienthong.hub.calendar.Timeliness;
import vn.lienthong.hub.calendar.TimelinessJudge;

/**
 * The dossiers behind the figures Bến Tre's center published for its first three months, 6 May – 9 Aug 2019
 * (DOMAIN.md): 14,168 received (11,533 direct, 1,958 by post, 677 online), 12,356 resolved, 1,812 still in
 * progress at the end, 1,516 results delivered home by the post. Generated with a fixed seed, so every run makes
 * the same rows, and consistent with the rules: receipts on working days in office hours, timeliness as
 * {@link TimelinessJudge} judges the end against the original due date.
 *
 * <p>Choices of ours (the press release does not give them): the resolved split 11,800 early / 400 on time /
 * 156 late; 137 of the 1,812 open dossiers overdue at the end; 23 online submissions refused before receipt (not
 * received, so not in the 14,168); and what happened in August 2019 to the dossiers still open on 9 August.
 * {@link #counts} is an independent, plain-Java reading of the report's rules over these rows.
 */
final class BenTreFixture {

    static final ZoneId ZONE = ReportPeriod.ZONE;
    static final String AGENCY = "000.00.99.H83";
    static final String AGENCY_NAME = "Trung tâm Phục vụ hành chính công tỉnh Bến Tre (test)";
    /** Not 9.9xxxxx: the catalog tests own that range and clean it up. */
    static final String PROCEDURE = "8.830001";
    static final long SEED = 20_190_506L;

    static final LocalDate FIRST_DAY = LocalDate.of(2019, 5, 6);
    static final LocalDate LAST_DAY = LocalDate.of(2019, 8, 9);
    static final Instant END = LAST_DAY.plusDays(1).atStartOfDay(ZONE).toInstant();

    static final int DIRECT = 11_533;
    static final int POSTAL = 1_958;
    static final int ONLINE = 677;
    static final int RECEIVED = DIRECT + POSTAL + ONLINE;          // 14,168
    static final int EARLY = 11_800;
    static final int ON_TIME = 400;
    static final int LATE = 156;
    static final int RESOLVED = EARLY + ON_TIME + LATE;            // 12,356
    static final int IN_PROGRESS = RECEIVED - RESOLVED;            // 1,812
    static final int OVERDUE = 137;
    static final int RETURNED_BY_POST = 1_516;
    static final int REFUSED = 23;
    /** Resolved in the period with the end kind RETURNED (handed over at once), not RESOLVED. */
    static final int RETURNED_AT_ONCE = 300;
    /** Results sent by post whose delivery falls after 9 August. */
    static final int POST_DELIVERED_AFTER = 40;

    private static final List<Integer> LIMIT_DAYS = List.of(5, 7, 10, 15, 20);
    private static final List<Long> FEES = List.of(0L, 0L, 0L, 15_000L, 30_000L, 50_000L, 100_000L);
    private static final List<String> NAMES = List.of("Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Nam",
            "Phạm Thị Thu", "Võ Minh Tâm", "Huỳnh Thị Mai", "Đặng Quốc Bảo", "Bùi Thị Lan");
    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");

    /** One row of {@code dossier}, as inserted. */
    static final class Row {
        String code;
        String channel;
        String returnMethod = "COUNTER";
        long feesVnd;
        boolean fourOnSite;
        String status;
        Instant submittedAt;
        Instant receivedAt;
        int limitDays;
        Instant originalDueAt;
        Instant endedAt;
        String endKind;
        String timeliness;
        Instant resolvedAt;
        Instant returnedAt;
        String applicantName;
        String applicantIdNumber;
    }

    private final Random rnd = new Random(SEED);
    private final TimelinessJudge judge = new TimelinessJudge(ZONE);
    private final List<LocalDate> workingDays = new ArrayList<>();

    private BenTreFixture() {
        for (LocalDate d = FIRST_DAY; !d.isAfter(LAST_DAY); d = d.plusDays(1)) {
            // 6 May – 9 Aug 2019 has no holiday and no swapped day: the working days are Monday to Friday
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                workingDays.add(d);
            }
        }
    }

    static List<Row> generate() {
        return new BenTreFixture().rows();
    }

    private List<Row> rows() {
        List<Row> received = new ArrayList<>();
        List<String> channels = new ArrayList<>(RECEIVED);
        channels.addAll(Collections.nCopies(DIRECT, "DIRECT"));
        channels.addAll(Collections.nCopies(POSTAL, "POSTAL"));
        channels.addAll(Collections.nCopies(ONLINE, "ONLINE"));
        Collections.shuffle(channels, rnd);
        for (String channel : channels) {
            Row r = newRow(channel);
            r.receivedAt = officeMoment(workingDays.get(rnd.nextInt(workingDays.size())));
            if (!"DIRECT".equals(channel)) {
                r.submittedAt = r.receivedAt.minus(Duration.ofMinutes(30 + rnd.nextInt(3 * 24 * 60)));
            }
            r.limitDays = LIMIT_DAYS.get(rnd.nextInt(LIMIT_DAYS.size()));
            r.originalDueAt = plusWorkingDays(r.receivedAt, r.limitDays);
            received.add(r);
        }

        // Who is still open at the end: due after the end (not overdue), or due before it (overdue)
        List<Row> dueAfter = new ArrayList<>(received.stream().filter(r -> !r.originalDueAt.isBefore(END)).toList());
        List<Row> dueBefore = new ArrayList<>(received.stream().filter(r -> r.originalDueAt.isBefore(END)).toList());
        Collections.shuffle(dueAfter, rnd);
        Collections.shuffle(dueBefore, rnd);
        require(dueAfter.size() >= IN_PROGRESS - OVERDUE, "dossiers due after the end");
        List<Row> open = new ArrayList<>(dueAfter.subList(0, IN_PROGRESS - OVERDUE));
        open.addAll(dueBefore.subList(0, OVERDUE));

        List<Row> pool = new ArrayList<>(dueBefore.subList(OVERDUE, dueBefore.size()));
        pool.addAll(dueAfter.subList(IN_PROGRESS - OVERDUE, dueAfter.size()));
        Collections.shuffle(pool, rnd);
        // late and on time need the due date inside the period; early only needs a due day after the receipt day
        List<Row> late = take(pool, LATE, r -> r.originalDueAt.plus(Duration.ofHours(2)).isBefore(END));
        List<Row> onTime = take(pool, ON_TIME, r -> r.originalDueAt.isBefore(END));
        List<Row> early = new ArrayList<>(pool);
        require(early.size() == EARLY, "early " + early.size());

        for (Row r : late) {
            long room = Duration.between(r.originalDueAt, END).toMinutes() - 1;
            endResolved(r, r.originalDueAt.plus(Duration.ofMinutes(1 + (long) (rnd.nextDouble() * Math.min(room, 10 * 24 * 60)))),
                    Timeliness.LATE);
        }
        for (Row r : onTime) {
            endResolved(r, r.originalDueAt.minus(Duration.ofMinutes(rnd.nextInt(91))), Timeliness.ON_TIME);
        }
        for (Row r : early) {
            Instant from = r.receivedAt.plus(Duration.ofMinutes(30));
            Instant dueDay = LocalDate.ofInstant(r.originalDueAt, ZONE).atStartOfDay(ZONE).toInstant();
            Instant until = dueDay.isBefore(END) ? dueDay : END;
            long minutes = Duration.between(from, until).toMinutes() - 1;
            require(minutes > 0, "room to end early");
            endResolved(r, from.plus(Duration.ofMinutes((long) (rnd.nextDouble() * minutes))), Timeliness.EARLY);
        }

        List<Row> resolved = new ArrayList<>(early);
        resolved.addAll(onTime);
        resolved.addAll(late);
        Collections.shuffle(resolved, rnd);
        // the post: 1,516 results delivered home in the period, 40 more sent near its end and delivered after it
        List<Row> byPost = take(resolved, RETURNED_BY_POST, r -> r.endedAt.plus(Duration.ofDays(3)).isBefore(END));
        for (Row r : byPost) {
            returnedByPost(r, r.endedAt.plus(Duration.ofMinutes(120 + rnd.nextInt(3 * 24 * 60 - 120))));
        }
        List<Row> lateByPost = take(resolved, POST_DELIVERED_AFTER, r -> !r.endedAt.plus(Duration.ofDays(3)).isBefore(END));
        for (Row r : lateByPost) {
            Instant at = END.plus(Duration.ofMinutes(60 + rnd.nextInt(3 * 24 * 60)));
            returnedByPost(r, at.isAfter(r.endedAt) ? at : r.endedAt.plus(Duration.ofHours(2)));
        }
        // handed over at once: the first terminal state is RETURNED
        for (Row r : resolved.subList(0, RETURNED_AT_ONCE)) {
            r.endKind = "RETURNED";
            r.status = "RETURNED";
            r.returnedAt = r.endedAt;
        }
        // the rest are picked up at the counter, some of them later (some after the period), some not yet
        for (Row r : resolved.subList(RETURNED_AT_ONCE, resolved.size())) {
            if (rnd.nextDouble() < 0.7) {
                r.returnedAt = r.endedAt.plus(Duration.ofMinutes(rnd.nextInt(10 * 24 * 60)));
                r.status = "RETURNED";
            }
        }

        // August 2019 for the dossiers still open on 9 August
        for (Row r : open) {
            double x = rnd.nextDouble();
            if (x < 0.55) {
                Instant at = END.plus(Duration.ofMinutes(60 + rnd.nextInt(21 * 24 * 60 - 120)));
                endResolved(r, at, judge.judge(at, r.originalDueAt, 0));
                if (rnd.nextDouble() < 0.1) {
                    returnedByPost(r, at.plus(Duration.ofMinutes(120 + rnd.nextInt(2 * 24 * 60))));
                }
            } else if (x < 0.60) {
                end(r, END.plus(Duration.ofMinutes(rnd.nextInt(20 * 24 * 60))), "STOPPED", "STOPPED");
            } else if (x < 0.63) {
                end(r, END.plus(Duration.ofMinutes(rnd.nextInt(20 * 24 * 60))), "WITHDRAWN", "STOPPED");
            } else if (x < 0.70) {
                Instant at = LocalDate.of(2019, 9, 3).atTime(8, 0).atZone(ZONE).toInstant()
                        .plus(Duration.ofMinutes(rnd.nextInt(15 * 24 * 60)));
                endResolved(r, at, judge.judge(at, r.originalDueAt, 0));
            } else {
                r.status = "IN_PROGRESS";
            }
        }

        // online submissions refused before receipt: never received, so in no "received" figure
        List<Row> all = new ArrayList<>(received);
        for (int i = 0; i < REFUSED + 2; i++) {
            Row r = newRow("ONLINE");
            LocalDate day = i < REFUSED ? workingDays.get(rnd.nextInt(workingDays.size() - 1))
                    : LocalDate.of(2019, 8, 12 + 2 * i - 2 * REFUSED); // two in August, after the period
            r.submittedAt = officeMoment(day);
            end(r, r.submittedAt.plus(Duration.ofMinutes(60 + rnd.nextInt(24 * 60))), "REFUSED", "REFUSED");
            r.timeliness = null;  // not received: no due date to be judged against
            all.add(r);
        }
        assignCodes(all);
        return Collections.unmodifiableList(all);
    }

    private Row newRow(String channel) {
        Row r = new Row();
        r.channel = channel;
        r.feesVnd = FEES.get(rnd.nextInt(FEES.size()));
        r.fourOnSite = "DIRECT".equals(channel) && rnd.nextDouble() < 0.3;
        r.applicantName = NAMES.get(rnd.nextInt(NAMES.size()));
        r.applicantIdNumber = String.format("%012d", Math.floorMod(rnd.nextLong(), 1_000_000_000_000L));
        r.status = "IN_PROGRESS";
        return r;
    }

    private void endResolved(Row r, Instant at, Timeliness expected) {
        require(!at.isBefore(r.receivedAt), "ends before receipt");
        end(r, at, "RESOLVED", "RESOLVED");
        r.resolvedAt = at;
        require(r.timeliness.equals(expected.name()), "timeliness " + r.timeliness + " instead of " + expected);
    }

    private void end(Row r, Instant at, String kind, String status) {
        r.endedAt = at;
        r.endKind = kind;
        r.status = status;
        if (r.originalDueAt != null) {
            r.timeliness = judge.judge(at, r.originalDueAt, 0).name();
        }
    }

    private static void returnedByPost(Row r, Instant at) {
        r.returnMethod = "POSTAL";
        r.returnedAt = at;
        r.status = "RETURNED";
    }

    /** A moment in office hours (07:30–11:30, 13:30–17:30) of a day, to the second. */
    private Instant officeMoment(LocalDate day) {
        int minute = rnd.nextInt(480);
        LocalTime t = minute < 240 ? LocalTime.of(7, 30).plusMinutes(minute) : LocalTime.of(13, 30).plusMinutes(minute - 240);
        return LocalDateTime.of(day, t.plusSeconds(rnd.nextInt(60))).atZone(ZONE).toInstant();
    }

    private static Instant plusWorkingDays(Instant start, int days) {
        LocalDateTime t = LocalDateTime.ofInstant(start, ZONE);
        int left = days;
        while (left > 0) {
            t = t.plusDays(1);
            if (t.getDayOfWeek() != DayOfWeek.SATURDAY && t.getDayOfWeek() != DayOfWeek.SUNDAY
                    && !t.toLocalDate().equals(LocalDate.of(2019, 9, 2))) { // National Day 2019
                left--;
            }
        }
        return t.atZone(ZONE).toInstant();
    }

    private static List<Row> take(List<Row> pool, int n, Predicate<Row> eligible) {
        List<Row> taken = new ArrayList<>(n);
        for (var it = pool.iterator(); it.hasNext() && taken.size() < n; ) {
            Row r = it.next();
            if (eligible.test(r)) {
                taken.add(r);
                it.remove();
            }
        }
        require(taken.size() == n, "only " + taken.size() + " of " + n + " eligible");
        return taken;
    }

    /** {@code <agency>-YYMMDD-NNNN}, numbered per day in order of receipt (or submission, if never received). */
    private static void assignCodes(List<Row> rows) {
        Map<LocalDate, Integer> seq = new HashMap<>();
        rows.stream().sorted(Comparator.comparing(BenTreFixture::firstMoment)).forEach(r -> {
            LocalDate day = LocalDate.ofInstant(firstMoment(r), ZONE);
            int n = seq.merge(day, 1, Integer::sum);
            require(n <= 9999, "too many dossiers on " + day);
            r.code = AGENCY + "-" + YYMMDD.format(day) + "-" + String.format("%04d", n);
        });
    }

    private static Instant firstMoment(Row r) {
        return r.receivedAt != null ? r.receivedAt : r.submittedAt;
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("Bến Tre fixture: " + what);
        }
    }

    // ---- the oracle ----------------------------------------------------------------------------------------

    /** The report's figures over {@code rows}, computed one dossier at a time from the rules of the issue. */
    static DossierCounts counts(List<Row> rows, ReportPeriod period, Predicate<Row> filter) {
        Instant from = period.fromInstant();
        Instant end = period.endInstant();
        long carried = 0, fresh = 0, direct = 0, postal = 0, online = 0, resolved = 0, early = 0, onTime = 0,
                late = 0, inProgress = 0, overdue = 0, refused = 0, stopped = 0, withdrawn = 0, fees = 0,
                fourOnSite = 0, receivedByPost = 0, returnedByPost = 0;
        for (Row r : rows) {
            if (!filter.test(r)) {
                continue;
            }
            boolean endedBeforeFrom = r.endedAt != null && r.endedAt.isBefore(from);
            boolean endedByEnd = r.endedAt != null && r.endedAt.isBefore(end);
            boolean endedInPeriod = r.endedAt != null && !endedBeforeFrom && endedByEnd;
            boolean received = r.receivedAt != null && r.receivedAt.isBefore(end) && !endedBeforeFrom;
            if (received) {
                boolean isNew = !r.receivedAt.isBefore(from);
                if (isNew) {
                    fresh++;
                    fees += r.feesVnd;
                    fourOnSite += r.fourOnSite ? 1 : 0;
                    receivedByPost += "POSTAL".equals(r.channel) ? 1 : 0;
                } else {
                    carried++;
                }
                switch (r.channel) {
                    case "DIRECT" -> direct++;
                    case "POSTAL" -> postal++;
                    default -> online++;
                }
                if (!endedByEnd) {
                    inProgress++;
                    overdue += r.originalDueAt.isBefore(end) ? 1 : 0;
                }
            }
            if (endedInPeriod) {
                switch (r.endKind) {
                    case "RESOLVED", "RETURNED" -> {
                        resolved++;
                        switch (r.timeliness) {
                            case "EARLY" -> early++;
                            case "ON_TIME" -> onTime++;
                            default -> late++;
                        }
                    }
                    case "REFUSED" -> refused++;
                    case "STOPPED" -> stopped++;
                    default -> withdrawn++;
                }
            }
            if ("POSTAL".equals(r.returnMethod) && r.returnedAt != null && !r.returnedAt.isBefore(from)
                    && r.returnedAt.isBefore(end)) {
                returnedByPost++;
            }
        }
        return new DossierCounts(carried, fresh, direct, postal, online, resolved, early, onTime, late, inProgress,
                overdue, refused, stopped, withdrawn, fees, fourOnSite, receivedByPost, returnedByPost);
    }
}
