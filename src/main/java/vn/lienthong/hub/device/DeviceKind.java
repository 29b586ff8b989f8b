package vn.lienthong.hub.device;

import java.util.Set;

/**
 * What a hall device is, and so which topics it may publish on: queue-ticket kiosks and counter call units send
 * queue events, rating pads (bàn phím đánh giá) send votes; every device sends heartbeats.
 */
public enum DeviceKind {
    KIOSK(Set.of(Channel.QUEUE, Channel.STATUS)),
    COUNTER(Set.of(Channel.QUEUE, Channel.STATUS)),
    RATING(Set.of(Channel.RATING, Channel.STATUS));

    private final Set<Channel> channels;

    DeviceKind(Set<Channel> channels) {
        this.channels = channels;
    }

    public Set<Channel> channels() {
        return channels;
    }

    /** The third level of a device topic {@code hcc/<center>/<channel>/<deviceId>}. */
    public enum Channel {
        QUEUE, RATING, STATUS;

        public String topicLevel() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Channel ofTopicLevel(String level) {
            for (Channel c : values()) {
                if (c.topicLevel().equals(level)) {
                    return c;
                }
            }
            return null;
        }
    }
}
