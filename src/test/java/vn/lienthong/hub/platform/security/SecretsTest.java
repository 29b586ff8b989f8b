package vn.lienthong.hub.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void sha256IsStableLowercaseHex() {
        assertThat(Secrets.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Secrets.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        String key = "test-onestop-key-0001";
        assertThat(Secrets.sha256(key)).isEqualTo(Secrets.sha256(key)).matches("[0-9a-f]{64}")
                .isNotEqualTo(Secrets.sha256(key + " "));
        // UTF-8, not the platform charset
        assertThat(Secrets.sha256("Liên thông")).isEqualTo(Secrets.sha256(new String("Liên thông".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void generatedSecretsAreLongUrlSafeAndUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String s = Secrets.generate();
            assertThat(s).hasSize(32).matches("[A-Za-z0-9_-]{32}");
            assertThat(seen.add(s)).as("unique: %s", s).isTrue();
        }
    }

    @Test
    void sandboxDefaultsAreRecognised() {
        assertThat(Secrets.isSandboxDefault(null)).isTrue();
        assertThat(Secrets.isSandboxDefault("")).isTrue();
        assertThat(Secrets.isSandboxDefault("   ")).isTrue();
        assertThat(Secrets.isSandboxDefault("short")).isTrue();
        assertThat(Secrets.isSandboxDefault("Xq3v9LmZp2Rt7Wy")).as("15 characters").isTrue();
        assertThat(Secrets.isSandboxDefault("sandbox-onestop-api-key-000000001")).isTrue();
        assertThat(Secrets.isSandboxDefault("SANDBOX-ONESTOP-API-KEY-000000001")).isTrue();
        assertThat(Secrets.isSandboxDefault("test-onestop-key-0001")).isTrue();
        assertThat(Secrets.isSandboxDefault("changeit")).isTrue();
        assertThat(Secrets.isSandboxDefault("postgres")).isTrue();
    }

    @Test
    void realSecretsAreNotSandboxDefaults() {
        assertThat(Secrets.isSandboxDefault("Xq3v9LmZp2Rt7Wy4Kb8Nc6Hd1Fg5Js0A")).isFalse();
        for (int i = 0; i < 100; i++) {
            String s = Secrets.generate();
            if (!s.toLowerCase().startsWith("sandbox") && !s.toLowerCase().startsWith("test-")) {
                assertThat(Secrets.isSandboxDefault(s)).as(s).isFalse();
            }
        }
    }
}
