package vn.lienthong.hub.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.lienthong.hub.calendar.CalendarFixtures.VN;
import static vn.lienthong.hub.calendar.CalendarFixtures.at;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Early / on time / late against a due date of Thu 6 Mar 2025 09:00 (Vietnam time). */
class TimelinessJudgeTest {

    private final TimelinessJudge judge = new TimelinessJudge(VN);
    private final Instant due = at("2025-03-06T09:00");

    @Test
    void endedOnAnEarlierDayIsEarly() {
        assertThat(judge.judge(at("2025-03-05T17:00"), due, 0)).isEqualTo(Timeliness.EARLY);
        // the last instant of the day before
        assertThat(judge.judge(at("2025-03-05T23:59:59.999"), due, 0)).isEqualTo(Timeliness.EARLY);
    }

    @Test
    void endedOnTheDueDayByTheDueTimeIsOnTime() {
        assertThat(judge.judge(at("2025-03-06T00:00"), due, 0)).isEqualTo(Timeliness.ON_TIME);
        assertThat(judge.judge(at("2025-03-06T09:00"), due, 0)).isEqualTo(Timeliness.ON_TIME);
        // 06:30 in Vietnam is 23:30 UTC on Wed 5: the day is the local one, so on time, not early
        Instant beforeDawn = Instant.parse("2025-03-05T23:30:00Z");
        assertThat(beforeDawn).isEqualTo(at("2025-03-06T06:30"));
        assertThat(judge.judge(beforeDawn, due, 0)).isEqualTo(Timeliness.ON_TIME);
    }

    @Test
    void endedAfterTheDueTimeIsLate() {
        assertThat(judge.judge(at("2025-03-06T09:00:00.001"), due, 0)).isEqualTo(Timeliness.LATE);
        assertThat(judge.judge(at("2025-03-06T17:00"), due, 0)).isEqualTo(Timeliness.LATE);
        assertThat(judge.judge(at("2025-03-07T08:00"), due, 0)).isEqualTo(Timeliness.LATE);
    }

    @Test
    void aSecondSupplementRequestIsLateWhateverTheTime() {
        assertThat(judge.judge(at("2025-03-04T10:00"), due, 1)).isEqualTo(Timeliness.EARLY);
        assertThat(judge.judge(at("2025-03-04T10:00"), due, 2)).isEqualTo(Timeliness.LATE);
        assertThat(judge.judge(at("2025-03-06T09:00"), due, 2)).isEqualTo(Timeliness.LATE);
        assertThat(judge.judge(at("2025-03-06T09:00"), due, 3)).isEqualTo(Timeliness.LATE);
        assertThatThrownBy(() -> judge.judge(at("2025-03-04T10:00"), due, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExtensionDoesNotSaveALateDossier() {
        // Extended on Tue 4 Mar to a new appointment Mon 10 Mar; resolved Fri 7 Mar, before the new appointment
        // but after the original due date, which is the one it is judged against.
        Instant resolved = at("2025-03-07T10:00");
        assertThat(judge.judge(resolved, due, 0)).isEqualTo(Timeliness.LATE);
    }
}
