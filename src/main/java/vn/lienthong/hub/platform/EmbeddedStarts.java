package vn.lienthong.hub.platform;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts the sandbox's embedded PostgreSQL and Kafka as soon as the configuration is known, each in a thread of its
 * own, while Spring builds the rest of the context: they used to start one after the other on the main thread,
 * seconds of the start-up. The beans that expose them ({@link EmbeddedPostgresConfig}, {@link KafkaPlatformConfig})
 * take them over and wait for them; nothing else changes (same directories, ports and settings, a server that cannot
 * start still fails the start, the beans stop them in the same order). A server no bean took over, because the
 * context failed first, is stopped here.
 */
public class EmbeddedStarts implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStarts.class);

    /** Name of the {@link Started} singleton in the context. */
    static final String BEAN = "hubEmbeddedStarts";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        boolean postgres = env.getProperty("hub.embedded.postgres.enabled", Boolean.class, false);
        boolean kafka = env.getProperty("hub.embedded.kafka.enabled", Boolean.class, false);
        if ((!postgres && !kafka) || context.getBeanFactory().containsSingleton(BEAN)) {
            return;
        }
        HubProperties hub = Binder.get(env).bindOrCreate("hub", HubProperties.class);
        Started started = new Started(
                postgres ? new Start<>("hub-start-postgres", () -> EmbeddedPostgresConfig.start(hub)) : null,
                kafka ? new Start<>("hub-start-kafka", () -> KafkaPlatformConfig.startKafka(hub)) : null);
        context.getBeanFactory().registerSingleton(BEAN, started);
        context.addApplicationListener(event -> {
            if (event instanceof ApplicationFailedEvent || event instanceof ContextClosedEvent) {
                started.stopUntaken();
            }
        });
    }

    @Override
    public int getOrder() {
        // after every other initializer, a test's dynamic properties (hub.data-dir) included
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** What was started early; a field is null when that server is not embedded. */
    record Started(Start<EmbeddedPostgresConfig.Server> postgres, Start<EmbeddedKafka> kafka) {

        void stopUntaken() {
            if (postgres != null) {
                postgres.stopUntaken();
            }
            if (kafka != null) {
                kafka.stopUntaken();
            }
        }
    }

    @FunctionalInterface
    interface Starter<T> {
        T start() throws Exception;
    }

    /** One server starting in its own thread; taken over by exactly one bean, or stopped. */
    static final class Start<T extends AutoCloseable> {
        private final String name;
        private final CompletableFuture<T> server = new CompletableFuture<>();
        private final AtomicBoolean taken = new AtomicBoolean();

        Start(String name, Starter<T> starter) {
            this.name = name;
            // not a daemon, like the main thread that used to start it (the server's own threads inherit that)
            Thread thread = new Thread(() -> {
                try {
                    server.complete(starter.start());
                } catch (Throwable e) {
                    server.completeExceptionally(e);
                }
            }, name);
            thread.start();
        }

        /** Waits for the server and hands it over; throws what its start threw. */
        T take() throws Exception {
            if (!taken.compareAndSet(false, true)) {
                throw new IllegalStateException(name + ": already taken over");
            }
            try {
                return server.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        }

        void stopUntaken() {
            if (!taken.compareAndSet(false, true)) {
                return;
            }
            try {
                server.join().close();
            } catch (CompletionException e) {
                log.debug("{}: the start had failed: {}", name, e.getCause().toString());
            } catch (Exception e) {
                log.warn("{}: cannot stop the server started early: {}", name, e.toString());
            }
        }
    }
}
