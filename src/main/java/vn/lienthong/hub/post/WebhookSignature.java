package vn.lienthong.hub.post;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of the post's webhooks: the lowercase hex HMAC-SHA256 of the raw body with the secret the hub and
 * the post share ({@code X-Signature}, optionally prefixed {@code sha256=}). Plain Java; compared in constant time.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Signature";
    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    /** The signature of {@code body} with {@code secret}, as the post sends it. */
    public static String sign(String secret, byte[] body) {
        return HexFormat.of().formatHex(mac(secret, body));
    }

    /** True only when {@code header} is the signature of {@code body} with a non-blank {@code secret}. */
    public static boolean verify(String secret, byte[] body, String header) {
        if (secret == null || secret.isBlank() || header == null || body == null) {
            return false;
        }
        String hex = header.strip();
        if (hex.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            hex = hex.substring(PREFIX.length());
        }
        if (hex.length() != 64) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(secret, body), given);
    }

    private static byte[] mac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
