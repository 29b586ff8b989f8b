package vn.lienthong.hub.dossier;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's binary COPY format: a header, per row its number of fields and each field as its length and
 * bytes (-1 for null), a trailer. Each value is written as the column type's binary form, so PostgreSQL stores it
 * without parsing text: {@code text} and {@code char(n)} as UTF-8, {@code bigint}, {@code int} and {@code boolean}
 * as big-endian numbers, {@code timestamptz} as microseconds since 2000-01-01 UTC. The writer must match every
 * column's type; a mismatch is refused by PostgreSQL ("incorrect binary data format"), never stored.
 */
final class BinaryCopyRows {

    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in seconds since 1970. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private byte[] buf;
    private int len;
    private int rows;

    BinaryCopyRows(int capacity) {
        buf = new byte[Math.max(capacity, 64)];
        System.arraycopy(HEADER, 0, buf, 0, HEADER.length);
        len = HEADER.length;
    }

    BinaryCopyRows row(int fields) {
        ensure(2);
        putShort(fields);
        rows++;
        return this;
    }

    BinaryCopyRows text(String s) {
        if (s == null) {
            return nul();
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(4 + b.length);
        putInt(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    BinaryCopyRows int8(Long v) {
        return v == null ? nul() : int8((long) v);
    }

    BinaryCopyRows int8(long v) {
        ensure(12);
        putInt(8);
        putLong(v);
        return this;
    }

    BinaryCopyRows int4(int v) {
        ensure(8);
        putInt(4);
        putInt(v);
        return this;
    }

    BinaryCopyRows bool(boolean v) {
        ensure(5);
        putInt(1);
        buf[len++] = (byte) (v ? 1 : 0);
        return this;
    }

    /**
     * Microseconds since 2000-01-01 UTC, rounded to the nearest microsecond (half to even) as PostgreSQL rounds
     * the text form of a time with more digits.
     */
    BinaryCopyRows timestamptz(Instant t) {
        if (t == null) {
            return nul();
        }
        long micros;
        try {
            micros = Math.addExact(Math.multiplyExact(Math.subtractExact(t.getEpochSecond(), PG_EPOCH_SECONDS), 1_000_000L),
                    t.getNano() / 1000);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the time " + t + " is out of the store's range");
        }
        int rest = t.getNano() % 1000;
        if (rest > 500 || (rest == 500 && (micros & 1) == 1)) {
            micros++;
        }
        ensure(12);
        putInt(8);
        putLong(micros);
        return this;
    }

    BinaryCopyRows nul() {
        ensure(4);
        putInt(-1);
        return this;
    }

    int rows() {
        return rows;
    }

    /** The rows with the trailer; the builder may not be used after. */
    byte[] finish() {
        ensure(2);
        putShort(-1);
        return buf;
    }

    /** The number of bytes of {@link #finish()}'s array that hold the rows. */
    int length() {
        return len;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private void putShort(int v) {
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void putInt(int v) {
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }
}
