package vn.lienthong.hub.axis;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Checks at start-up that the hub can sign for the national axis and verify its replies: the keystore opens and
 * holds a private key under its alias, the trust store opens and holds at least one certificate. A hub that
 * cannot sign must not start as if it could (every delivery would end on the DLQ). In the sandbox the stores are
 * generated at first start before this check runs (all singletons are created first).
 */
@Component
class AxisKeystores implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AxisKeystores.class);

    private final AxisSettings settings;

    AxisKeystores(AxisSettings settings) {
        this.settings = settings;
    }

    @Override
    public void afterSingletonsInstantiated() {
        AxisSettings.Store ks = settings.getKeystore();
        KeyStore keys = open("hub.axis.keystore", ks);
        try {
            if (!keys.isKeyEntry(ks.getAlias())) {
                throw new IllegalStateException("hub.axis.keystore " + ks.getPath() + " has no private key '"
                        + ks.getAlias() + "' (hub.axis.keystore.alias)");
            }
            X509Certificate cert = (X509Certificate) keys.getCertificate(ks.getAlias());
            Instant expires = cert.getNotAfter().toInstant();
            if (expires.isBefore(Instant.now().plus(Duration.ofDays(30)))) {
                log.warn("The hub's certificate for the national axis ({}) expires on {}", cert.getSubjectX500Principal(), expires);
            }
            KeyStore trust = open("hub.axis.truststore", settings.getTruststore());
            int certificates = 0;
            for (String alias : Collections.list(trust.aliases())) {
                if (trust.getCertificate(alias) != null) {
                    certificates++;
                }
            }
            if (certificates == 0) {
                throw new IllegalStateException("hub.axis.truststore " + settings.getTruststore().getPath()
                        + " holds no certificate: no reply of the axis could be verified");
            }
            log.info("National axis: signing as {} (until {}), trusting {} certificate(s)",
                    cert.getSubjectX500Principal(), expires, certificates);
        } catch (java.security.KeyStoreException e) {
            throw new IllegalStateException("cannot read the national axis keystores: " + e.getMessage(), e);
        }
    }

    private static KeyStore open(String property, AxisSettings.Store store) {
        Path path = store.getPath();
        if (path == null || !Files.isRegularFile(path)) {
            throw new IllegalStateException(property + ".path " + path + " is not a file (a PKCS12 store is needed to "
                    + "sign and verify messages of the national axis)");
        }
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore k = KeyStore.getInstance("PKCS12");
            k.load(in, store.getPassword().toCharArray());
            return k;
        } catch (Exception e) {
            throw new IllegalStateException(property + " " + path + " cannot be opened (" + e.getMessage()
                    + "): check " + property + ".password", e);
        }
    }
}
