package vn.lienthong.hub.sandbox.axis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The key pairs of the sandbox's WS-Security, generated at first start under {@code hub.data-dir/keys} (PKCS12,
 * self-signed, kept across restarts): the hub's signing key ({@code hub.axis.keystore}), the simulated axis's
 * key, and a "rogue" key the axis can be told to sign its replies with (a tampered reply the hub must refuse).
 * Each side trusts exactly the other's certificate: the hub's trust store ({@code hub.axis.truststore}) holds
 * the axis's, the axis's trust store holds the hub's.
 */
@Component
@SandboxOnly
class SandboxAxisKeys {

    static final String AXIS = "axis";
    static final String ROGUE = "rogue";
    static final String HUB = "hub";
    private static final Logger log = LoggerFactory.getLogger(SandboxAxisKeys.class);
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final Path keystore;
    private final Path truststore;
    private final String password;

    SandboxAxisKeys(@Value("${hub.data-dir}") Path dataDir,
            @Value("${hub.sandbox.axis.keystore-password:sandbox-axis-simulator}") String password,
            @Value("${hub.axis.keystore.path}") Path hubKeystore,
            @Value("${hub.axis.keystore.password}") String hubKeystorePassword,
            @Value("${hub.axis.keystore.alias}") String hubAlias,
            @Value("${hub.axis.truststore.path}") Path hubTruststore,
            @Value("${hub.axis.truststore.password}") String hubTruststorePassword) throws Exception {
        Path dir = dataDir.resolve("keys");
        this.keystore = dir.resolve("sandbox-axis.p12");
        this.truststore = dir.resolve("sandbox-axis-trust.p12");
        this.password = password;
        if (!Files.isRegularFile(keystore)) {
            KeyStore ks = empty();
            entry(ks, AXIS, "CN=Truc lien thong DVCQG (sandbox), O=Cong Dich vu cong quoc gia, C=VN", password);
            entry(ks, ROGUE, "CN=Not the national axis (sandbox rogue key), O=Unknown, C=VN", password);
            save(ks, keystore, password);
            log.warn("Sandbox: generated the simulated national axis's signing keys in {}", keystore);
        }
        if (!Files.isRegularFile(hubKeystore)) {
            KeyStore ks = empty();
            entry(ks, hubAlias, "CN=Lien thong Hub (sandbox), O=Trung tam Phuc vu hanh chinh cong, C=VN", hubKeystorePassword);
            save(ks, hubKeystore, hubKeystorePassword);
            log.warn("Sandbox: generated the hub's signing key for the national axis in {} (alias {})", hubKeystore, hubAlias);
        }
        Certificate hubCert = load(hubKeystore, hubKeystorePassword).getCertificate(hubAlias);
        if (hubCert == null) {
            throw new IllegalStateException(hubKeystore + " has no certificate under alias " + hubAlias);
        }
        Certificate axisCert = load(keystore, password).getCertificate(AXIS);
        KeyStore axisTrust = empty();
        axisTrust.setCertificateEntry(HUB, hubCert);
        save(axisTrust, truststore, password); // always the hub's current certificate
        KeyStore hubTrust = Files.isRegularFile(hubTruststore) ? load(hubTruststore, hubTruststorePassword) : empty();
        if (hubTrust.getCertificateAlias(axisCert) == null) {
            hubTrust.setCertificateEntry(AXIS, axisCert);
            save(hubTrust, hubTruststore, hubTruststorePassword);
            log.warn("Sandbox: the hub now trusts the simulated national axis's certificate ({})", hubTruststore);
        }
    }

    Path keystore() {
        return keystore;
    }

    Path truststore() {
        return truststore;
    }

    String password() {
        return password;
    }

    private static void entry(KeyStore ks, String alias, String dn, String keyPassword) throws GeneralSecurityException {
        SelfSignedCertificate.Issued issued = SelfSignedCertificate.issue(dn, VALIDITY);
        ks.setKeyEntry(alias, issued.keys().getPrivate(), keyPassword.toCharArray(),
                new X509Certificate[] {issued.certificate()});
    }

    private static KeyStore empty() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }

    static KeyStore load(Path path, String password) throws GeneralSecurityException, IOException {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            return ks;
        }
    }

    /** Written whole to a temporary file, then moved into place; readable by the owner only. */
    private static void save(KeyStore ks, Path path, String password) throws GeneralSecurityException, IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(path.toAbsolutePath().getParent(), path.getFileName().toString(), ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the directory's permissions apply
            }
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ks.store(out, password.toCharArray());
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
