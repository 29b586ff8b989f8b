package vn.lienthong.hub.sandbox.devices;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.device.DeviceKind;
import vn.lienthong.hub.device.DeviceRegistry;
import vn.lienthong.hub.device.NewDevice;
import vn.lienthong.hub.platform.HubProperties;
import vn.lienthong.hub.platform.MqttConnection;
import vn.lienthong.hub.platform.security.Secrets;

/**
 * The sandbox's hall, switched on with {@code hub.sandbox.devices.enabled=true} ({@code HUB_SANDBOX_DEVICES_ENABLED}):
 * a few queue-ticket kiosks, counter call units and rating pads, registered in the device registry with fresh
 * credentials at each start and talking to the devices' broker over MQTT like real ones. Citizens take tickets for a
 * service area; each counter calls the next ticket of its area, serves it (or marks a no-show) and its pad sends the
 * citizen's vote; every device sends heartbeats. The data shows up in the device list, the satisfaction and queue
 * reports and on {@code hub.device.events}.
 */
@Component
@ConditionalOnProperty(name = "hub.sandbox.devices.enabled", havingValue = "true")
class DeviceSimulator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeviceSimulator.class);
    /** Service areas (lĩnh vực) with the letter their tickets start with. */
    private static final List<String[]> AREAS = List.of(new String[] {"DAT_DAI", "A"}, new String[] {"HO_TICH", "B"},
            new String[] {"KINH_DOANH", "C"}, new String[] {"XAY_DUNG", "D"});
    private static final String[] OFFICERS = {"can-bo.lan", "can-bo.minh", "can-bo.huong", "can-bo.tuan",
            "can-bo.thao", "can-bo.dung"};

    private final SimulatorSettings settings;
    private final DeviceRegistry registry;
    private final MqttConnection mqtt;
    private final HubProperties hub;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-devices");
        t.setDaemon(true);
        return t;
    });
    private final List<SimulatedDevice> kiosks = new ArrayList<>();
    private final List<Counter> counters = new ArrayList<>();
    private final Map<String, Deque<Ticket>> waiting = new HashMap<>();
    private final Map<String, Integer> numbers = new HashMap<>();
    private LocalDate day;
    private volatile boolean running;

    DeviceSimulator(SimulatorSettings settings, DeviceRegistry registry, MqttConnection mqtt, HubProperties hub) {
        this.settings = settings;
        this.registry = registry;
        this.mqtt = mqtt;
        this.hub = hub;
    }

    /** Starts once the hub is ready (the ingest subscribed), not with the context. */
    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        running = true;
        clock.execute(this::connect);
    }

    @Override
    public void start() {
        // see ready()
    }

    @Override
    public boolean isAutoStartup() {
        return false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The hall closes first on shutdown, while the broker and the store are still up. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private void connect() {
        String center = hub.getCenter();
        try {
            for (int i = 1; i <= settings.getKiosks(); i++) {
                kiosks.add(device("sim-kiosk-" + i, DeviceKind.KIOSK, center, null, "queue"));
            }
            for (int i = 1; i <= settings.getCounters(); i++) {
                String counterId = String.format("Q%02d", i);
                String area = AREAS.get((i - 1) % AREAS.size())[0];
                counters.add(new Counter(counterId, area, OFFICERS[(i - 1) % OFFICERS.length],
                        device("sim-counter-" + i, DeviceKind.COUNTER, center, counterId, "queue"),
                        device("sim-pad-" + i, DeviceKind.RATING, center, counterId, "rating")));
            }
        } catch (Exception e) {
            log.warn("Device simulator could not start: {}", e.getMessage());
            return;
        }
        long ticketMs = Math.max(200, settings.getTicketEvery().toMillis());
        long heartbeatMs = Math.max(1000, settings.getHeartbeatEvery().toMillis());
        clock.scheduleWithFixedDelay(this::safely, 1000, 1000, TimeUnit.MILLISECONDS);
        clock.scheduleWithFixedDelay(() -> all().forEach(SimulatedDevice::heartbeat), 500, heartbeatMs,
                TimeUnit.MILLISECONDS);
        clock.schedule(new Runnable() {
            @Override
            public void run() {
                issueTicket();
                long next = (long) (ticketMs * (0.5 + ThreadLocalRandom.current().nextDouble()));
                clock.schedule(this, next, TimeUnit.MILLISECONDS);
            }
        }, 1500, TimeUnit.MILLISECONDS);
        log.info("Device simulator: {} kiosks, {} counters with rating pads at center {} on {}", kiosks.size(),
                counters.size(), center, mqtt.url());
    }

    private SimulatedDevice device(String id, DeviceKind kind, String center, String counterId, String channel)
            throws Exception {
        String password = Secrets.generate();
        registry.save(new NewDevice(id, kind, center, counterId, id, password), "sandbox-simulator");
        return new SimulatedDevice(mqtt.url(), id, center, channel, counterId, id, password);
    }

    private List<SimulatedDevice> all() {
        List<SimulatedDevice> all = new ArrayList<>(kiosks);
        counters.forEach(c -> {
            all.add(c.unit);
            all.add(c.pad);
        });
        return all;
    }

    private void safely() {
        try {
            counters.forEach(this::step);
        } catch (RuntimeException e) {
            log.debug("Device simulator step: {}", e.getMessage());
        }
    }

    /** A citizen takes a ticket at a kiosk, for a service area (land matters are the busiest). */
    private void issueTicket() {
        if (kiosks.isEmpty()) {
            return;
        }
        LocalDate today = LocalDate.now(SimulatedDevice.ZONE);
        if (!today.equals(day)) {
            day = today;
            numbers.clear();
            waiting.clear();
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String[] area = r.nextInt(10) < 4 ? AREAS.get(0) : AREAS.get(r.nextInt(AREAS.size()));
        int number = numbers.merge(area[0], 1, Integer::sum);
        Ticket ticket = new Ticket(String.format("%s%03d", area[1], number), area[0]);
        waiting.computeIfAbsent(area[0], a -> new ArrayDeque<>()).add(ticket);
        SimulatedDevice kiosk = kiosks.get(r.nextInt(kiosks.size()));
        kiosk.publish(queueEvent(kiosk, "TICKET_ISSUED", ticket, null, null, null));
    }

    /** One second of a counter's work: call the next ticket of its area, serve it, let the citizen vote. */
    private void step(Counter c) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        if (c.busyFor > 0) {
            c.busyFor--;
            return;
        }
        if (c.current != null) {
            Ticket t = c.current;
            c.current = null;
            if (r.nextInt(100) < 8) {
                c.unit.publish(queueEvent(c.unit, "NO_SHOW", t, c.counterId, c.officer, null));
            } else {
                String dossier = r.nextInt(100) < 70 ? "000.00.61.H56-" + day.format(java.time.format.DateTimeFormatter
                        .ofPattern("yyMMdd")) + "-" + String.format("%04d", r.nextInt(1, 9999)) : null;
                c.unit.publish(queueEvent(c.unit, "SERVED", t, c.counterId, c.officer, dossier));
                if (r.nextInt(100) < 85) {
                    int p = r.nextInt(100);
                    String rating = p < 68 ? "VERY_SATISFIED" : p < 94 ? "SATISFIED" : "UNSATISFIED";
                    c.pad.publish("{\"eventId\":\"" + c.pad.nextEventId() + "\",\"at\":\"" + SimulatedDevice.now()
                            + "\",\"counterId\":\"" + c.counterId + "\",\"officerId\":\"" + c.officer + "\""
                            + (dossier == null ? "" : ",\"dossierCode\":\"" + dossier + "\"")
                            + ",\"rating\":\"" + rating + "\"}");
                }
            }
            c.busyFor = r.nextInt(1, 4);
            return;
        }
        Deque<Ticket> queue = waiting.get(c.area);
        if (queue == null || queue.isEmpty()) {
            // an idle counter helps the longest queue
            queue = waiting.values().stream().max(java.util.Comparator.comparingInt(Deque::size)).orElse(null);
        }
        if (queue != null && !queue.isEmpty()) {
            c.current = queue.poll();
            c.unit.publish(queueEvent(c.unit, "CALLED", c.current, c.counterId, c.officer, null));
            c.busyFor = r.nextInt(5, 20);
        }
    }

    private static String queueEvent(SimulatedDevice d, String type, Ticket t, String counterId, String officer,
            String dossier) {
        StringBuilder json = new StringBuilder("{\"eventId\":\"").append(d.nextEventId()).append("\",\"at\":\"")
                .append(SimulatedDevice.now()).append("\",\"type\":\"").append(type).append("\",\"ticket\":\"")
                .append(t.number).append("\",\"serviceArea\":\"").append(t.area).append('"');
        if (counterId != null) {
            json.append(",\"counterId\":\"").append(counterId).append('"');
        }
        if (officer != null) {
            json.append(",\"officerId\":\"").append(officer).append('"');
        }
        if (dossier != null) {
            json.append(",\"dossierCode\":\"").append(dossier).append('"');
        }
        return json.append('}').toString();
    }

    @Override
    public void stop() {
        running = false;
        clock.shutdownNow();
        try {
            clock.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all().forEach(SimulatedDevice::close);
        log.info("Device simulator stopped");
    }

    private record Ticket(String number, String area) {
    }

    private static final class Counter {
        final String counterId;
        final String area;
        final String officer;
        final SimulatedDevice unit;
        final SimulatedDevice pad;
        Ticket current;
        int busyFor;

        Counter(String counterId, String area, String officer, SimulatedDevice unit, SimulatedDevice pad) {
            this.counterId = counterId;
            this.area = area;
            this.officer = officer;
            this.unit = unit;
            this.pad = pad;
        }
    }
}
