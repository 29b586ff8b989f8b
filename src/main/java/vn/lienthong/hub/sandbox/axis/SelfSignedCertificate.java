package vn.lienthong.hub.sandbox.axis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import javax.security.auth.x500.X500Principal;

/**
 * A self-signed X.509 v3 certificate for a fresh RSA key pair, for the sandbox's WS-Security keys. The JDK has no
 * public API to issue certificates and BouncyCastle is not on the classpath (WSS4J only declares it optional), so
 * the few DER structures of RFC 5280 are written here: the JDK parses and checks the result.
 */
final class SelfSignedCertificate {

    /** sha256WithRSAEncryption (1.2.840.113549.1.1.11) with NULL parameters. */
    private static final byte[] SHA256_WITH_RSA = {0x30, 0x0D, 0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xF7, 0x0D, 0x01, 0x01, 0x0B, 0x05, 0x00};
    /** keyUsage (2.5.29.15), critical: digitalSignature and nonRepudiation — a signing key, nothing else. */
    private static final byte[] KEY_USAGE = {0x30, 0x0E, 0x06, 0x03, 0x55, 0x1D, 0x0F, 0x01, 0x01, (byte) 0xFF,
            0x04, 0x04, 0x03, 0x02, 0x06, (byte) 0xC0};
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    record Issued(KeyPair keys, X509Certificate certificate) {
    }

    private SelfSignedCertificate() {
    }

    static Issued issue(String distinguishedName, Duration validity) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        byte[] name = new X500Principal(distinguishedName).getEncoded();
        Instant notBefore = Instant.now().minus(Duration.ofDays(1)); // tolerate clocks a little behind
        Instant notAfter = notBefore.plus(validity);
        byte[] tbs = der(0x30,
                der(0xA0, der(0x02, new byte[] {2})), // version v3
                der(0x02, new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray()),
                SHA256_WITH_RSA,
                name,
                der(0x30, time(notBefore), time(notAfter)),
                name,
                keys.getPublic().getEncoded(),
                der(0xA3, der(0x30, KEY_USAGE)));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1]; // no unused bits
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] certificate = der(0x30, tbs, SHA256_WITH_RSA, der(0x03, bits));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
        cert.verify(keys.getPublic());
        return new Issued(keys, cert);
    }

    private static byte[] time(Instant t) {
        int year = t.atZone(ZoneOffset.UTC).getYear();
        return year < 2050
                ? der(0x17, UTC_TIME.format(t).getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                : der(0x18, GENERALIZED_TIME.format(t).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** One DER element: tag, definite length, the concatenated contents. */
    private static byte[] der(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : contents) {
            body.writeBytes(c);
        }
        int length = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] n = BigInteger.valueOf(length).toByteArray();
            int skip = n[0] == 0 ? 1 : 0;
            out.write(0x80 | (n.length - skip));
            out.write(n, skip, n.length - skip);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}
