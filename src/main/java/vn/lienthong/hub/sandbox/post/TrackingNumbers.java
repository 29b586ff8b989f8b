package vn.lienthong.hub.sandbox.post;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Tracking numbers of the simulated post in the UPU S10 form the real one uses: two service letters, an 8-digit
 * serial, its check digit, and "VN". The same order always gets the same number.
 */
final class TrackingNumbers {

    private static final int[] WEIGHTS = {8, 6, 4, 2, 3, 5, 9, 7};

    private TrackingNumbers() {
    }

    static String of(String orderId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(orderId.getBytes(StandardCharsets.UTF_8));
            long n = 0;
            for (int i = 0; i < 6; i++) {
                n = (n << 8) | (h[i] & 0xff);
            }
            String serial = String.format("%08d", n % 100_000_000L);
            return "EB" + serial + checkDigit(serial) + "VN";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The S10 check digit of an 8-digit serial. */
    static int checkDigit(String serial) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (serial.charAt(i) - '0') * WEIGHTS[i];
        }
        int c = 11 - sum % 11;
        return c == 10 ? 0 : c == 11 ? 5 : c;
    }
}
