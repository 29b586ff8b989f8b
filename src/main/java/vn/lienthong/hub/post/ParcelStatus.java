package vn.lienthong.hub.post;

import java.time.Instant;

/**
 * The status of a parcel and the rule for moving it (plain Java). Before the post reports anything, the hub's own
 * statuses: BOOKED (a pickup booked for a citizen), PLANNED (a result delivery planned), ORDERED (the post took the
 * order). Then the post's word, by the events' own time: a later event replaces an earlier one, an event that
 * arrives late does not. A final success (HANDED_OVER, DELIVERED) is never left; RETURNED_TO_SENDER is left only
 * for a success (proof of delivery beats a report of giving up).
 */
public enum ParcelStatus {
    BOOKED(0), PLANNED(0), ORDERED(0),
    ACCEPTED(1), PICKED_UP(1), IN_TRANSIT(1), DELIVERY_FAILED(1),
    RETURNED_TO_SENDER(2),
    HANDED_OVER(3), DELIVERED(3);

    private final int rank;

    ParcelStatus(int rank) {
        this.rank = rank;
    }

    /** True when the post has finished with the parcel, one way or the other. */
    public boolean isFinal() {
        return rank >= 2;
    }

    /**
     * Whether an event of type {@code event} that occurred at {@code at} sets the status of a parcel now in
     * {@code current} since {@code currentAt} (null while the status is the hub's own).
     */
    public static boolean moves(ParcelStatus current, Instant currentAt, ParcelStatus event, Instant at) {
        if (event.rank != current.rank) {
            return event.rank > current.rank;
        }
        if (current.isFinal()) {
            return false;
        }
        return currentAt == null || !at.isBefore(currentAt);
    }
}
