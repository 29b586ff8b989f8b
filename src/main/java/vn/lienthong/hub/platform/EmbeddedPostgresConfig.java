package vn.lienthong.hub.platform;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sandbox PostgreSQL 17 from the embedded binaries, kept under {@code hub.data-dir/postgres}. Used unless
 * {@code spring.datasource.url} is set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.embedded.postgres.enabled", havingValue = "true")
class EmbeddedPostgresConfig {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfig.class);
    static final String DATABASE = "hub";

    /**
     * Started early by {@link EmbeddedStarts} (here only when that did not run). Stopped when the context is destroyed,
     * after every bean that uses the database (the data source depends on it).
     */
    @Bean(destroyMethod = "close")
    Server embeddedPostgresServer(HubProperties hub, ObjectProvider<EmbeddedStarts.Started> early) throws Exception {
        EmbeddedStarts.Started started = early.getIfAvailable();
        return started != null && started.postgres() != null ? started.postgres().take() : start(hub);
    }

    /** The server itself, for what reads its port and directory; its stop is {@link Server}'s. */
    @Bean(destroyMethod = "")
    EmbeddedPostgres embeddedPostgres(Server server) {
        return server.postgres();
    }

    /**
     * The embedded PostgreSQL, stopped by the context and not by zonky's own JVM shutdown hook. The JVM runs its
     * shutdown hooks all at once: zonky's stopped PostgreSQL the moment the hub got SIGTERM, while Spring's hook was
     * still letting in-flight requests and Camel exchanges finish, so these failed, and a route waiting for a
     * connection held the stop for the pool's 30 s timeout. Zonky's hook only calls {@link EmbeddedPostgres#close()},
     * which does nothing once its {@code closed} flag is set: the flag is set at start and cleared again here. A hook
     * of ours stops PostgreSQL anyway if the context has not done so {@value #LAST_RESORT_SECONDS} s after the JVM
     * began to exit (a JVM that is then killed, as surefire does with a test JVM after 30 s, leaves no PostgreSQL
     * running).
     */
    record Server(EmbeddedPostgres postgres, AtomicBoolean zonkyClosed, CountDownLatch stopped) implements AutoCloseable {

        static final int LAST_RESORT_SECONDS = 20;

        static Server of(EmbeddedPostgres pg) {
            AtomicBoolean flag = null;
            try {
                Field closed = EmbeddedPostgres.class.getDeclaredField("closed");
                closed.setAccessible(true);
                flag = (AtomicBoolean) closed.get(pg);
                flag.set(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.warn("Embedded PostgreSQL will be stopped by its own shutdown hook, at once on SIGTERM: {}",
                        e.toString());
            }
            Server server = new Server(pg, flag, new CountDownLatch(1));
            if (flag != null) {
                Runtime.getRuntime().addShutdownHook(new Thread(server::lastResort, "hub-postgres-last-resort"));
            }
            return server;
        }

        private void lastResort() {
            try {
                if (stopped.await(LAST_RESORT_SECONDS, TimeUnit.SECONDS)) {
                    return;
                }
                log.warn("The context has not stopped the embedded PostgreSQL {} s after the JVM began to exit: "
                        + "stopping it now", LAST_RESORT_SECONDS);
                close();
            } catch (InterruptedException | IOException | RuntimeException e) {
                log.warn("Cannot stop the embedded PostgreSQL: {}", e.toString());
            }
        }

        @Override
        public void close() throws IOException {
            if (zonkyClosed != null && !zonkyClosed.compareAndSet(true, false)) {
                return; // already stopped
            }
            try {
                postgres.close();
            } finally {
                stopped.countDown();
            }
        }
    }

    static Server start(HubProperties hub) throws IOException {
        Path dir = hub.getDataDir().resolve("postgres").toAbsolutePath();
        Files.createDirectories(dir.getParent());
        stopOrphanedPostmaster(dir);
        int port = Ports.resolve(hub.getEmbedded().getPostgresPort());
        boolean fsync = hub.getEmbedded().isPostgresFsync();
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("max_wal_size", "2GB")
                // zonky starts PostgreSQL with synchronous_commit=off, a test database's setting that may lose the
                // last commits when PostgreSQL's processes die: the hub answers 2xx only for what PostgreSQL has
                // written, so it is set back on (a later -c wins). fsync (zonky: -F, off) is hub.embedded.postgres-fsync.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", fsync ? "on" : "off")
                // full-page images guard pages half-written when the machine itself fails, which fsync off does not
                // survive anyway; without fsync they only double the WAL written after each checkpoint
                .setServerConfig("full_page_writes", fsync ? "on" : "off")
                .start();
        createDatabaseIfMissing(pg);
        log.info("Embedded PostgreSQL 17 listening on 127.0.0.1:{} (data {}, synchronous commit, fsync {})", pg.getPort(),
                dir, fsync ? "on" : "off");
        return Server.of(pg);
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(Server server, DataSourceProperties props) {
        EmbeddedPostgres pg = server.postgres();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.getJdbcUrl("postgres", DATABASE));
        config.setUsername("postgres");
        // JDBC batches of inserts sent as multi-row INSERTs (a batch of intakes: one statement a table); an external
        // database gets it in its URL (docker-compose.yml)
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.setPoolName("hub-db");
        return new HikariDataSource(config);
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres pg) throws IOException {
        DataSource admin = pg.getPostgresDatabase();
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            st.execute("create database " + DATABASE + " encoding 'UTF8' template template0");
        } catch (SQLException e) {
            throw new IOException("cannot create database " + DATABASE, e);
        }
    }

    /**
     * After a {@code kill -9} of the hub its postmaster lives on (it is a separate process holding the data
     * directory). Shut it down cleanly so this start can take the directory over; PostgreSQL's own crash
     * recovery keeps every committed transaction.
     */
    static void stopOrphanedPostmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (RuntimeException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(cmd -> cmd.endsWith("postgres")).orElse(false));
        if (process.isEmpty()) {
            return;
        }
        log.warn("PostgreSQL {} of a previous run still holds {}; shutting it down", pid, dataDir);
        ProcessHandle postmaster = process.get();
        postmaster.destroy(); // SIGTERM: smart shutdown, its clients died with the previous JVM
        try {
            postmaster.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            postmaster.destroyForcibly();
        }
    }
}
