package vn.lienthong.hub.calendar;

/** How a dossier's processing ended against its due date. */
public enum Timeliness {

    /** Ended on a day before the due date's day (trước hạn). */
    EARLY,

    /** Ended on the due date's day, by the due time (đúng hạn). */
    ON_TIME,

    /** Ended after the due time, or counted late whatever the time (quá hạn). */
    LATE
}
