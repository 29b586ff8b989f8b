package vn.lienthong.hub.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The registry of hall devices: who may connect to the devices' broker (username, BCrypt hash of the password),
 * what each device is (kind, center, counter) and whether it is alive.
 *
 * <p>BCrypt is deliberately slow (tens of milliseconds), and the broker authenticates every connection and
 * re-checks sessions; a verified password is therefore trusted for {@code hub.devices.credential-cache} (60 s)
 * — kept as a keyed HMAC, never in clear. A change to a device drops its cached entries at once on this instance.
 */
@Component
public class DeviceRegistry {

    private static final Logger log = LoggerFactory.getLogger(DeviceRegistry.class);
    private static final long IDENTITY_TTL_NANOS = 30_000_000_000L;
    private static final long UNKNOWN_TTL_NANOS = 2_000_000_000L;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final PasswordEncoder encoder;
    private final DeviceSettings settings;
    private final Environment env;
    private final ApplicationEventPublisher events;
    private final byte[] cacheKey = new byte[32];
    private final Map<String, VerifiedPassword> verified = new ConcurrentHashMap<>();
    private final Map<String, CachedIdentity> identities = new ConcurrentHashMap<>();
    private volatile String dummyHash;

    DeviceRegistry(JdbcTemplate jdbc, TransactionTemplate tx, PasswordEncoder encoder, DeviceSettings settings,
            Environment env, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.encoder = encoder;
        this.settings = settings;
        this.env = env;
        this.events = events;
        new SecureRandom().nextBytes(cacheKey);
    }

    /** Registers a new device; refuses an existing device id or a taken username (409). */
    public Device register(NewDevice d, String actor) {
        d.validate();
        checkNotReserved(d.username());
        String hash = encoder.encode(d.password());
        try {
            jdbc.update("""
                    insert into device (device_id, kind, center, counter_id, username, password_hash, registered_by)
                    values (?, ?, ?, ?, ?, ?, ?)""",
                    d.deviceId(), d.kind().name(), d.center(), d.counterId(), d.username(), hash, actor);
        } catch (DuplicateKeyException e) {
            throw conflict(d, e);
        }
        forget(d.deviceId(), d.username());
        log.info("Device {} ({} at {}, counter {}) registered by {}", d.deviceId(), d.kind(), d.center(),
                d.counterId(), actor);
        return find(d.deviceId()).orElseThrow();
    }

    /** Registers a device or replaces its registration (kind, counter, credentials); true when it was new. */
    public Saved save(NewDevice d, String actor) {
        d.validate();
        checkNotReserved(d.username());
        String hash = encoder.encode(d.password());
        String previousUser = find(d.deviceId()).map(Device::username).orElse(null);
        Boolean created;
        try {
            created = tx.execute(status -> jdbc.queryForObject("""
                    insert into device (device_id, kind, center, counter_id, username, password_hash, registered_by)
                    values (?, ?, ?, ?, ?, ?, ?)
                    on conflict (device_id) do update set kind = excluded.kind, center = excluded.center,
                        counter_id = excluded.counter_id, username = excluded.username,
                        password_hash = excluded.password_hash, updated_at = now()
                    returning (xmax = 0)""", Boolean.class,
                    d.deviceId(), d.kind().name(), d.center(), d.counterId(), d.username(), hash, actor));
        } catch (DuplicateKeyException e) {
            throw conflict(d, e);
        }
        forget(d.deviceId(), d.username());
        if (previousUser != null) {
            verified.remove(previousUser);
            events.publishEvent(new CredentialsChanged(d.deviceId(), previousUser));
        }
        log.info("Device {} ({} at {}, counter {}) {} by {}", d.deviceId(), d.kind(), d.center(), d.counterId(),
                Boolean.TRUE.equals(created) ? "registered" : "re-registered", actor);
        return new Saved(find(d.deviceId()).orElseThrow(), Boolean.TRUE.equals(created));
    }

    /** Removes a device: it can no longer connect (sessions already open end at their next re-check). */
    public boolean remove(String deviceId, String actor) {
        Optional<Device> existing = find(deviceId);
        if (existing.isEmpty()) {
            return false;
        }
        jdbc.update("delete from device where device_id = ?", deviceId);
        forget(deviceId, existing.get().username());
        events.publishEvent(new CredentialsChanged(deviceId, existing.get().username()));
        log.info("Device {} removed by {}", deviceId, actor);
        return true;
    }

    public Optional<Device> find(String deviceId) {
        return jdbc.query(SELECT + " where device_id = ?", DeviceRegistry::device, deviceId).stream().findFirst();
    }

    /** Devices, optionally of one center and/or kind, by id. */
    public List<Device> list(String center, DeviceKind kind) {
        StringBuilder sql = new StringBuilder(SELECT).append(" where true");
        List<Object> args = new ArrayList<>();
        if (center != null) {
            sql.append(" and center = ?");
            args.add(center);
        }
        if (kind != null) {
            sql.append(" and kind = ?");
            args.add(kind.name());
        }
        sql.append(" order by device_id");
        return jdbc.query(sql.toString(), DeviceRegistry::device, args.toArray());
    }

    /** Who a device is, for the ingest: cached briefly (30 s; an unknown id 2 s). */
    public Optional<DeviceIdentity> identity(String deviceId) {
        long now = System.nanoTime();
        CachedIdentity cached = identities.get(deviceId);
        if (cached != null && now < cached.expiresAt()) {
            return cached.identity();
        }
        Optional<DeviceIdentity> found = jdbc.query(
                "select device_id, kind, center, counter_id from device where device_id = ?",
                (rs, i) -> new DeviceIdentity(rs.getString(1), DeviceKind.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4)), deviceId).stream().findFirst();
        identities.put(deviceId, new CachedIdentity(found, now + (found.isPresent() ? IDENTITY_TTL_NANOS : UNKNOWN_TTL_NANOS)));
        return found;
    }

    /**
     * Checks a device's broker credentials. An unknown username costs a BCrypt check too, so response times do not
     * tell which usernames exist.
     */
    public Optional<DeviceIdentity> verify(String username, String password) {
        if (username == null || password == null || username.length() > 64 || password.length() > NewDevice.MAX_PASSWORD) {
            return Optional.empty();
        }
        byte[] mac = mac(password);
        long now = System.nanoTime();
        VerifiedPassword cached = verified.get(username);
        if (cached != null && now < cached.expiresAt() && MessageDigest.isEqual(cached.mac(), mac)) {
            return Optional.of(cached.identity());
        }
        List<Object[]> rows = jdbc.query(
                "select device_id, kind, center, counter_id, password_hash from device where username = ?",
                (rs, i) -> new Object[] {new DeviceIdentity(rs.getString(1), DeviceKind.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getString(4)), rs.getString(5)}, username);
        if (rows.isEmpty()) {
            encoder.matches(password, dummyHash());
            return Optional.empty();
        }
        if (!encoder.matches(password, (String) rows.get(0)[1])) {
            return Optional.empty();
        }
        DeviceIdentity identity = (DeviceIdentity) rows.get(0)[0];
        verified.put(username, new VerifiedPassword(mac, identity, now + settings.getCredentialCache().toNanos()));
        return Optional.of(identity);
    }

    private void forget(String deviceId, String username) {
        identities.remove(deviceId);
        verified.remove(username);
    }

    /** The broker's internal user is not a device name. */
    private void checkNotReserved(String username) {
        for (String key : List.of("spring.artemis.user", "hub.mqtt.username")) {
            if (username.equalsIgnoreCase(env.getProperty(key, ""))) {
                throw new DeviceConflict("username-taken", "username " + username + " is reserved for the hub");
            }
        }
    }

    private DeviceConflict conflict(NewDevice d, DuplicateKeyException e) {
        String message = String.valueOf(e.getMostSpecificCause().getMessage());
        if (message.contains("device_username_key")) {
            return new DeviceConflict("username-taken", "username " + d.username() + " belongs to another device");
        }
        return new DeviceConflict("device-exists", "device " + d.deviceId() + " is already registered");
    }

    private String dummyHash() {
        String h = dummyHash;
        if (h == null) {
            h = encoder.encode("not-a-device-password");
            dummyHash = h;
        }
        return h;
    }

    private byte[] mac(String password) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            return hmac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String SELECT = """
            select device_id, kind, center, counter_id, username, registered_at, registered_by, updated_at,
                   last_seen_at, online, offline_since, state, battery, firmware
            from device""";

    private static Device device(ResultSet rs, int row) throws SQLException {
        return new Device(rs.getString("device_id"), DeviceKind.valueOf(rs.getString("kind")), rs.getString("center"),
                rs.getString("counter_id"), rs.getString("username"), instant(rs, "registered_at"),
                rs.getString("registered_by"), instant(rs, "updated_at"), instant(rs, "last_seen_at"),
                rs.getBoolean("online"), instant(rs, "offline_since"), rs.getString("state"),
                (Integer) rs.getObject("battery"), rs.getString("firmware"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** A device was removed or got new credentials: its open broker connections must end. */
    public record CredentialsChanged(String deviceId, String username) {
    }

    /** The outcome of {@link #save}. */
    public record Saved(Device device, boolean created) {
    }

    private record VerifiedPassword(byte[] mac, DeviceIdentity identity, long expiresAt) {
    }

    private record CachedIdentity(Optional<DeviceIdentity> identity, long expiresAt) {
    }
}
