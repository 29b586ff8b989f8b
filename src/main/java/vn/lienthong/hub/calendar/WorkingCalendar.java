package vn.lienthong.hub.calendar;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The center's working calendar (lịch làm việc): which dates are worked and at which hours, and the working-time
 * arithmetic that due dates are computed with.
 *
 * <p>A date is a working day when it is listed as {@link DayKind#WORKING}, or when it is not listed and is not a
 * weekend day. Dates outside the years the data covers therefore follow the plain weekday rule: keep the data
 * file ahead of the deadlines being computed.
 *
 * <p>Immutable and thread-safe. Amendments ({@link #withDays}) return a new calendar, so a calendar can be swapped
 * atomically when the government announces a change, without a rebuild.
 *
 * <p>The arithmetic runs on the hot path (every transition of every dossier), so whole working days are skipped
 * arithmetically: the number of working days before a date is the plain weekday count (a closed formula over
 * weeks) corrected by a prefix sum over the few listed deviations (a binary search), and the n-th working day
 * after a date is found by a binary search over that count. Spans of years cost the same as spans of days.
 */
public final class WorkingCalendar {

    /** Classpath location of the standard calendar shipped with the hub. */
    public static final String DEFAULT_RESOURCE = "/calendar/vn-working-calendar.json";

    private static final long NANOS_PER_MINUTE = 60_000_000_000L;
    /** 1969-12-29, a Monday: counting weeks from a Monday makes the in-week index the ISO day-of-week - 1. */
    private static final long MONDAY_EPOCH_DAY = -3;

    private final CalendarSettings settings;
    private final List<CalendarDay> days;
    private final Map<LocalDate, CalendarDay> byDate;
    private final ZoneId zone;

    // Regular week, Monday first.
    private final boolean[] weekdayWorking = new boolean[7];
    private final int[] workingDaysBeforeInWeek = new int[8];
    private final int workingDaysPerWeek;

    // Deviations that change whether a date is worked (a holiday on a Sunday changes nothing), sorted.
    private final long[] deviationEpochDays;
    private final boolean[] deviationWorking;
    /** deviationShift[i] = working days gained (+) or lost (-) by deviations[0..i-1] against the regular week. */
    private final long[] deviationShift;

    // Office hours in nanos of the day; cumulative working nanos before each range.
    private final long[] rangeStart;
    private final long[] rangeEnd;
    private final long[] workBeforeRange;
    private final long dayNanos;
    private final long closingNanos;

    /**
     * @param settings the regular rules
     * @param days     the deviations; one per date; {@link DayKind#COMPENSATORY} and {@link DayKind#SWAP_OFF}
     *                 must fall on a regular working day and {@link DayKind#WORKING} on a weekend day, because
     *                 anything else is a data error that would silently do nothing
     * @throws IllegalArgumentException on a duplicate date or a kind that does not fit its day of the week
     */
    public WorkingCalendar(CalendarSettings settings, Collection<CalendarDay> days) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(days, "days");
        this.zone = settings.zone();

        Map<LocalDate, CalendarDay> map = new HashMap<>();
        for (CalendarDay day : days) {
            Objects.requireNonNull(day, "calendar day");
            CalendarDay previous = map.putIfAbsent(day.date(), day);
            if (previous != null) {
                throw new IllegalArgumentException("duplicate date " + day.date() + " in the calendar: '"
                        + previous.name() + "' and '" + day.name() + "'");
            }
            checkKindFitsWeekday(day, settings.weekend());
        }
        this.byDate = Map.copyOf(map);
        List<CalendarDay> sorted = new ArrayList<>(map.values());
        sorted.sort(Comparator.comparing(CalendarDay::date));
        this.days = List.copyOf(sorted);

        int perWeek = 0;
        for (DayOfWeek dow : DayOfWeek.values()) {
            int i = dow.getValue() - 1;
            weekdayWorking[i] = !settings.weekend().contains(dow);
            workingDaysBeforeInWeek[i] = perWeek;
            if (weekdayWorking[i]) {
                perWeek++;
            }
        }
        workingDaysBeforeInWeek[7] = perWeek;
        this.workingDaysPerWeek = perWeek;

        List<CalendarDay> effective = sorted.stream()
                .filter(d -> d.kind().isWorking() != isRegularWorking(d.date().toEpochDay()))
                .toList();
        deviationEpochDays = new long[effective.size()];
        deviationWorking = new boolean[effective.size()];
        deviationShift = new long[effective.size() + 1];
        for (int i = 0; i < effective.size(); i++) {
            CalendarDay day = effective.get(i);
            deviationEpochDays[i] = day.date().toEpochDay();
            deviationWorking[i] = day.kind().isWorking();
            deviationShift[i + 1] = deviationShift[i] + (deviationWorking[i] ? 1 : -1);
        }

        List<TimeRange> ranges = settings.officeHours().ranges();
        rangeStart = new long[ranges.size()];
        rangeEnd = new long[ranges.size()];
        workBeforeRange = new long[ranges.size()];
        long total = 0;
        for (int i = 0; i < ranges.size(); i++) {
            rangeStart[i] = ranges.get(i).from().toNanoOfDay();
            rangeEnd[i] = ranges.get(i).to().toNanoOfDay();
            workBeforeRange[i] = total;
            total += rangeEnd[i] - rangeStart[i];
        }
        dayNanos = total;
        closingNanos = rangeEnd[ranges.size() - 1];
    }

    private static void checkKindFitsWeekday(CalendarDay day, Set<DayOfWeek> weekend) {
        DayOfWeek dow = day.date().getDayOfWeek();
        boolean weekendDay = weekend.contains(dow);
        switch (day.kind()) {
            case COMPENSATORY, SWAP_OFF -> {
                if (weekendDay) {
                    throw new IllegalArgumentException(day.date() + " is a " + dow + ", a weekend day: a "
                            + day.kind() + " day must be a weekday taken off ('" + day.name() + "')");
                }
            }
            case WORKING -> {
                if (!weekendDay) {
                    throw new IllegalArgumentException(day.date() + " is a " + dow + ", already a working day: "
                            + "WORKING is for a weekend day that is worked ('" + day.name() + "')");
                }
            }
            case HOLIDAY -> {
                // a holiday may fall on any day; on a weekend it is listed for the record
            }
        }
    }

    /**
     * Reads a calendar from its JSON form (see {@code calendar/vn-working-calendar.json}). The stream is not
     * closed.
     *
     * @throws IllegalArgumentException when the document is malformed or invalid (unknown field or kind, invalid
     *                                  or overlapping office hours, duplicate date, …), with a message naming the
     *                                  offending entry
     * @throws UncheckedIOException     when the stream cannot be read
     */
    public static WorkingCalendar load(InputStream json) {
        return CalendarFile.read(json);
    }

    /** Loads the standard calendar {@value #DEFAULT_RESOURCE} from the classpath. */
    public static WorkingCalendar loadDefault() {
        try (InputStream in = WorkingCalendar.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("calendar resource " + DEFAULT_RESOURCE + " not on the classpath");
            }
            return load(in);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A new calendar in which the amendments replace the entries of the same dates and add the others, e.g. a
     * day off declared by the province. This calendar is unchanged.
     *
     * @throws IllegalArgumentException if the amendments list a date twice or a kind does not fit its day
     */
    public WorkingCalendar withDays(Collection<CalendarDay> amendments) {
        Objects.requireNonNull(amendments, "amendments");
        Map<LocalDate, CalendarDay> merged = new HashMap<>(byDate);
        Set<LocalDate> seen = new HashSet<>();
        for (CalendarDay day : amendments) {
            Objects.requireNonNull(day, "amendment");
            if (!seen.add(day.date())) {
                throw new IllegalArgumentException("the amendments list " + day.date() + " twice");
            }
            merged.put(day.date(), day);
        }
        return new WorkingCalendar(settings, merged.values());
    }

    /**
     * A new calendar without the entries of these dates, which then follow the plain weekday rule again, e.g.
     * when an announced swap is cancelled. This calendar is unchanged.
     *
     * @throws IllegalArgumentException if a date has no entry (most likely a typo in the amendment)
     */
    public WorkingCalendar withoutDays(Collection<LocalDate> dates) {
        Objects.requireNonNull(dates, "dates");
        Map<LocalDate, CalendarDay> remaining = new HashMap<>(byDate);
        for (LocalDate date : dates) {
            if (remaining.remove(Objects.requireNonNull(date, "date")) == null) {
                throw new IllegalArgumentException("no calendar entry for " + date + " to remove");
            }
        }
        return new WorkingCalendar(settings, remaining.values());
    }

    /** The listed deviations, ordered by date. */
    public List<CalendarDay> days() {
        return days;
    }

    public CalendarSettings settings() {
        return settings;
    }

    /** Whether the date is worked. */
    public boolean isWorkingDay(LocalDate date) {
        return isWorking(date.toEpochDay());
    }

    /** The first working day strictly after {@code date}. */
    public LocalDate nextWorkingDay(LocalDate date) {
        return LocalDate.ofEpochDay(nthWorkingDayAfter(date.toEpochDay(), 1));
    }

    /**
     * {@code t} itself when it falls within the office hours of a working day, otherwise the next opening.
     * An instant exactly at the end of a range is outside it (at 11:30 the next opening is 13:30).
     */
    public Instant nextWorkingInstant(Instant t) {
        Objects.requireNonNull(t, "t");
        LocalDateTime local = LocalDateTime.ofInstant(t, zone);
        long day = local.toLocalDate().toEpochDay();
        long nanoOfDay = local.toLocalTime().toNanoOfDay();
        if (isWorking(day) && isInsideRange(nanoOfDay)) {
            return t;
        }
        if (isWorking(day) && nanoOfDay < closingNanos) {
            return instantAt(day, startSideTime(offsetInDay(nanoOfDay)));
        }
        return instantAt(nthWorkingDayAfter(day, 1), rangeStart[0]);
    }

    /**
     * The instant {@code minutes} of working time after {@code from}.
     *
     * <p>Counting starts at {@link #nextWorkingInstant(Instant) the next working instant}, so a dossier received
     * on Saturday starts its clock on Monday at opening. When the minutes run out exactly at the end of a range,
     * that end is returned (17:30, not the next morning's 07:30): a due date at closing time is on the same day.
     * With zero minutes the normalized start is returned.
     *
     * @throws IllegalArgumentException if minutes is negative or so large that the result is out of range
     */
    public Instant addWorkingMinutes(Instant from, long minutes) {
        Objects.requireNonNull(from, "from");
        if (minutes < 0) {
            throw new IllegalArgumentException("working minutes must not be negative: " + minutes);
        }
        LocalDateTime local = LocalDateTime.ofInstant(from, zone);
        long day = local.toLocalDate().toEpochDay();
        long nanoOfDay = local.toLocalTime().toNanoOfDay();
        long offset;
        if (isWorking(day) && nanoOfDay < closingNanos) {
            offset = offsetInDay(nanoOfDay);
        } else {
            day = nthWorkingDayAfter(day, 1);
            offset = 0;
        }
        if (minutes == 0) {
            return instantAt(day, startSideTime(offset));
        }
        long end;
        try {
            end = Math.addExact(offset, Math.multiplyExact(minutes, NANOS_PER_MINUTE));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("too many working minutes: " + minutes, e);
        }
        if (end > dayNanos) {
            long rest = end - dayNanos;                 // to be spent on the following working days
            long daysAhead = (rest - 1) / dayNanos + 1; // ceil: the day on which the rest runs out
            day = nthWorkingDayAfter(day, daysAhead);
            end = rest - (daysAhead - 1) * dayNanos;    // in (0, dayNanos]
        }
        return instantAt(day, endSideTime(end));
    }

    /**
     * Working minutes within [a, b) — only office hours of working days count; 0 when {@code b} is not after
     * {@code a}. Partial minutes are dropped.
     */
    public long workingMinutesBetween(Instant a, Instant b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (!b.isAfter(a)) {
            return 0;
        }
        LocalDateTime la = LocalDateTime.ofInstant(a, zone);
        LocalDateTime lb = LocalDateTime.ofInstant(b, zone);
        long da = la.toLocalDate().toEpochDay();
        long db = lb.toLocalDate().toEpochDay();
        long wholeDays = workingDaysBefore(db) - workingDaysBefore(da);
        long nanos = Math.addExact(Math.multiplyExact(wholeDays, dayNanos),
                workedSoFar(db, lb.toLocalTime().toNanoOfDay()) - workedSoFar(da, la.toLocalTime().toNanoOfDay()));
        return nanos / NANOS_PER_MINUTE;
    }

    /** The close of the last office-hours range on {@code date} (17:30); whether the date is worked is not checked. */
    public Instant endOfWorkingDay(LocalDate date) {
        return instantAt(date.toEpochDay(), closingNanos);
    }

    // ---- day arithmetic ------------------------------------------------------------------------------------

    private boolean isRegularWorking(long epochDay) {
        return weekdayWorking[(int) Math.floorMod(epochDay - MONDAY_EPOCH_DAY, 7)];
    }

    private boolean isWorking(long epochDay) {
        int i = Arrays.binarySearch(deviationEpochDays, epochDay);
        return i >= 0 ? deviationWorking[i] : isRegularWorking(epochDay);
    }

    /** Working days in [1969-12-29, epochDay) (negative before it); differences are what matter. */
    private long workingDaysBefore(long epochDay) {
        long n = epochDay - MONDAY_EPOCH_DAY;
        long regular = Math.floorDiv(n, 7) * workingDaysPerWeek + workingDaysBeforeInWeek[(int) Math.floorMod(n, 7)];
        int i = Arrays.binarySearch(deviationEpochDays, epochDay);
        int deviationsBefore = i >= 0 ? i : -i - 1;
        return regular + deviationShift[deviationsBefore];
    }

    /** The n-th working day strictly after epochDay (n >= 1). */
    private long nthWorkingDayAfter(long epochDay, long n) {
        long target = workingDaysBefore(epochDay + 1) + n;
        long lo = epochDay + 1;
        long hi = epochDay + (n / workingDaysPerWeek + 1) * 7;
        // Listed days off can push the answer beyond the regular estimate; widen until it is covered.
        long reached;
        while ((reached = workingDaysBefore(hi + 1)) < target) {
            hi += ((target - reached) / workingDaysPerWeek + 1) * 7;
        }
        // Smallest x with workingDaysBefore(x + 1) >= target: that x is a working day, the n-th one.
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (workingDaysBefore(mid + 1) >= target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    // ---- time-of-day arithmetic ----------------------------------------------------------------------------

    private boolean isInsideRange(long nanoOfDay) {
        for (int i = 0; i < rangeStart.length; i++) {
            if (nanoOfDay >= rangeStart[i] && nanoOfDay < rangeEnd[i]) {
                return true;
            }
        }
        return false;
    }

    /** Working nanos of the day elapsed at this time of day (0 before opening, a full day after closing). */
    private long offsetInDay(long nanoOfDay) {
        for (int i = 0; i < rangeStart.length; i++) {
            if (nanoOfDay < rangeStart[i]) {
                return workBeforeRange[i];
            }
            if (nanoOfDay < rangeEnd[i]) {
                return workBeforeRange[i] + nanoOfDay - rangeStart[i];
            }
        }
        return dayNanos;
    }

    private long workedSoFar(long epochDay, long nanoOfDay) {
        return isWorking(epochDay) ? offsetInDay(nanoOfDay) : 0;
    }

    /** Time of day at a working offset in [0, dayNanos), taking the opening side at a range boundary (13:30). */
    private long startSideTime(long offset) {
        for (int i = 0; i < rangeStart.length; i++) {
            if (offset < workBeforeRange[i] + rangeEnd[i] - rangeStart[i]) {
                return rangeStart[i] + offset - workBeforeRange[i];
            }
        }
        throw new IllegalStateException("offset beyond the working day: " + offset);
    }

    /** Time of day at a working offset in (0, dayNanos], taking the closing side at a range boundary (11:30). */
    private long endSideTime(long offset) {
        for (int i = 0; i < rangeStart.length; i++) {
            if (offset <= workBeforeRange[i] + rangeEnd[i] - rangeStart[i]) {
                return rangeStart[i] + offset - workBeforeRange[i];
            }
        }
        throw new IllegalStateException("offset beyond the working day: " + offset);
    }

    private Instant instantAt(long epochDay, long nanoOfDay) {
        return LocalDateTime.of(LocalDate.ofEpochDay(epochDay), LocalTime.ofNanoOfDay(nanoOfDay))
                .atZone(zone).toInstant();
    }

    @Override
    public String toString() {
        return "WorkingCalendar[" + zone + ", " + days.size() + " listed days"
                + (days.isEmpty() ? "" : " " + days.get(0).date() + ".." + days.get(days.size() - 1).date()) + "]";
    }
}
