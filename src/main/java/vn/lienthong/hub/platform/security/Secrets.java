package vn.lienthong.hub.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Small helpers for secrets: generation and one-way hashing of API keys. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of a high-entropy API key; keys are never kept in clear. */
    public static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True for a value that must never protect a production hub. */
    public static boolean isSandboxDefault(String value) {
        return value == null || value.isBlank() || value.length() < 16 || value.toLowerCase().startsWith("sandbox")
                || value.toLowerCase().startsWith("test-") || value.equals("changeit") || value.equals("postgres");
    }
}
