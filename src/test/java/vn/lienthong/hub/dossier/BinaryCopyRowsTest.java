package vn.lienthong.hub.dossier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The binary COPY format the import writes: PostgreSQL's own layout, byte for byte. */
class BinaryCopyRowsTest {

    static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    static ByteBuffer rows(BinaryCopyRows rows) {
        byte[] all = rows.finish();
        ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(all, rows.length()));
        byte[] signature = new byte[11];
        b.get(signature);
        assertThat(signature).isEqualTo(SIGNATURE);
        assertThat(b.getInt()).as("flags").isZero();
        assertThat(b.getInt()).as("header extension").isZero();
        return b;
    }

    static long micros(Instant t) {
        BinaryCopyRows r = new BinaryCopyRows(16);
        r.row(1).timestamptz(t);
        ByteBuffer b = rows(r);
        assertThat(b.getShort()).isEqualTo((short) 1);
        assertThat(b.getInt()).isEqualTo(8);
        return b.getLong();
    }

    @Test
    void writesEachTypeAsPostgresReadsIt() {
        BinaryCopyRows r = new BinaryCopyRows(8); // grows as needed
        r.row(6).int8(-2L).text("Lê Văn Lịch Sử").int4(7).bool(true).nul().int8((Long) null);
        r.row(1).text("");
        assertThat(r.rows()).isEqualTo(2);
        ByteBuffer b = rows(r);

        assertThat(b.getShort()).isEqualTo((short) 6);
        assertThat(b.getInt()).isEqualTo(8);
        assertThat(b.getLong()).isEqualTo(-2L);
        byte[] name = "Lê Văn Lịch Sử".getBytes(StandardCharsets.UTF_8);
        assertThat(b.getInt()).isEqualTo(name.length);
        byte[] read = new byte[name.length];
        b.get(read);
        assertThat(read).isEqualTo(name);
        assertThat(b.getInt()).isEqualTo(4);
        assertThat(b.getInt()).isEqualTo(7);
        assertThat(b.getInt()).isEqualTo(1);
        assertThat(b.get()).isEqualTo((byte) 1);
        assertThat(b.getInt()).as("null").isEqualTo(-1);
        assertThat(b.getInt()).as("null").isEqualTo(-1);

        assertThat(b.getShort()).isEqualTo((short) 1);
        assertThat(b.getInt()).as("an empty text is not null").isZero();

        assertThat(b.getShort()).as("trailer").isEqualTo((short) -1);
        assertThat(b.hasRemaining()).isFalse();
    }

    @Test
    void timesAreMicrosecondsSince2000RoundedLikePostgres() {
        assertThat(micros(Instant.parse("2000-01-01T00:00:00Z"))).isZero();
        assertThat(micros(Instant.parse("1970-01-01T00:00:00Z"))).isEqualTo(-946_684_800_000_000L);
        assertThat(micros(Instant.parse("2021-01-04T01:00:00.000001Z"))).isEqualTo(663_037_200_000_001L);
        assertThat(micros(Instant.parse("2000-01-01T00:00:00.000000499Z"))).isZero();
        assertThat(micros(Instant.parse("2000-01-01T00:00:00.000000501Z"))).isEqualTo(1);
        // half a microsecond: to the even one, as PostgreSQL's rint()
        assertThat(micros(Instant.parse("2000-01-01T00:00:00.000000500Z"))).isZero();
        assertThat(micros(Instant.parse("2000-01-01T00:00:00.000001500Z"))).isEqualTo(2);
        assertThat(micros(Instant.parse("1999-12-31T23:59:59.999999500Z"))).isZero();
    }

    @Test
    void aTimeBeyondWhatMicrosecondsCanHoldIsRefused() {
        BinaryCopyRows r = new BinaryCopyRows(16).row(1);
        assertThatThrownBy(() -> r.timestamptz(Instant.MAX)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of the store's range");
    }
}
