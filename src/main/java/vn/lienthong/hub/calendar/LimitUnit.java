package vn.lienthong.hub.calendar;

/** The unit a procedure's time limit (thời hạn giải quyết) is stated in. */
public enum LimitUnit {

    /** Working days (ngày làm việc): one day is the office hours of one working day. */
    WORKING_DAY,

    /** Working hours (giờ làm việc): 60 working minutes each. */
    WORKING_HOUR
}
