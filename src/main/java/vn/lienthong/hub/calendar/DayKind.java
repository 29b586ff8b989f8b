package vn.lienthong.hub.calendar;

/**
 * Why a calendar date deviates from the plain weekday/weekend rule.
 *
 * <p>The calendar lists only deviations, because the government announces them one by one each year; every
 * other date is a working day on a weekday and a day off on a weekend.
 */
public enum DayKind {

    /** A statutory day off (ngày nghỉ lễ, tết — Labor Code 2019, art. 112). */
    HOLIDAY,

    /** A weekday off because a holiday fell on a weekend day (nghỉ bù — Labor Code 2019, art. 111(3)). */
    COMPENSATORY,

    /** A weekday off announced in exchange for a Saturday worked (nghỉ hoán đổi). */
    SWAP_OFF,

    /** A weekend day that is worked, usually in exchange for a {@link #SWAP_OFF} day (làm bù). */
    WORKING;

    /** Whether a date of this kind is worked; only {@link #WORKING} is. */
    public boolean isWorking() {
        return this == WORKING;
    }
}
