package vn.lienthong.hub.dossier;

import java.time.Instant;

import org.springframework.stereotype.Component;

import vn.lienthong.hub.calendar.CalendarService;
import vn.lienthong.hub.calendar.ExtensionRule;
import vn.lienthong.hub.calendar.TimeLimit;
import vn.lienthong.hub.calendar.Timeliness;

/** The lifecycle's deadline rules on the center's current working calendar (amendable without a restart). */
@Component
class CalendarDeadlines implements Deadlines {

    private final CalendarService calendars;

    CalendarDeadlines(CalendarService calendars) {
        this.calendars = calendars;
    }

    @Override
    public Instant dueAt(Instant receivedAt, TimeLimit limit) {
        return calendars.dueDates().dueAt(receivedAt, limit);
    }

    @Override
    public long workingMinutesBetween(Instant from, Instant to) {
        return calendars.current().workingMinutesBetween(from, to);
    }

    @Override
    public Instant shift(Instant dueAt, long workingMinutes) {
        return calendars.dueDates().shift(dueAt, workingMinutes);
    }

    @Override
    public Timeliness judge(Instant end, Instant judgedDueAt, int supplementRequests) {
        return calendars.judge().judge(end, judgedDueAt, supplementRequests);
    }

    @Override
    public void checkExtension(Instant now, Instant currentDueAt, Instant newDueAt) {
        ExtensionRule.check(calendars.current(), now, currentDueAt, newDueAt);
    }
}
