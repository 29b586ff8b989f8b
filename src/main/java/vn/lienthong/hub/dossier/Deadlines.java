package vn.lienthong.hub.dossier;

import java.time.Instant;

import vn.lienthong.hub.calendar.TimeLimit;
import vn.lienthong.hub.calendar.Timeliness;

/** The deadline rules the lifecycle needs, on the center's working calendar (DOMAIN.md). */
public interface Deadlines {

    Instant dueAt(Instant receivedAt, TimeLimit limit);

    long workingMinutesBetween(Instant from, Instant to);

    Instant shift(Instant dueAt, long workingMinutes);

    Timeliness judge(Instant end, Instant judgedDueAt, int supplementRequests);

    /** Throws IllegalArgumentException unless an extension from {@code currentDueAt} to {@code newDueAt} is allowed at {@code now}. */
    void checkExtension(Instant now, Instant currentDueAt, Instant newDueAt);
}
