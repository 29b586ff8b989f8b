package vn.lienthong.hub.device;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.platform.ParkingLot;

/**
 * The steps of the ingest route ({@code routes/device/device-ingest.camel.yaml}) around {@link DeviceMessages}: read
 * the MQTT message into a {@link DeviceEvent}, and park a refused one with its reason, the topic as its source.
 * A refusal is a header ({@link #REFUSED}), not an exception: no retry can fix it, so it goes straight to the
 * parking lot and the exchange completes normally — the broker gets its acknowledgement and the flow goes on.
 */
@Component("deviceIngest")
public class DeviceIngest {

    /** Header of the MQTT topic, set by camel-paho-mqtt5. */
    public static final String TOPIC = "CamelMqttTopic";
    public static final String DEVICE = "HubDeviceId";
    /** Why a message cannot be taken (the parking lot's reason header); absent on a good message. */
    public static final String REFUSED = "HubParkReason";

    private final DeviceMessages messages;
    private final ParkingLot parkingLot;
    private final Counter refused;

    DeviceIngest(DeviceMessages messages, ParkingLot parkingLot, MeterRegistry meters) {
        this.messages = messages;
        this.parkingLot = parkingLot;
        this.refused = meters.counter("hub.device.events.refused");
    }

    /**
     * The message's body becomes its {@link DeviceEvent}; a message that is not one keeps its payload and gets the
     * reason in header {@link #REFUSED}.
     */
    public void read(Exchange exchange) {
        String topic = exchange.getMessage().getHeader(TOPIC, String.class);
        byte[] payload = exchange.getMessage().getBody(byte[].class);
        try {
            DeviceEvent event = messages.read(topic, payload);
            exchange.getMessage().setHeader(DEVICE, event.deviceId());
            exchange.getMessage().setBody(event);
        } catch (RefusedDeviceMessage e) {
            exchange.getMessage().setHeader(REFUSED, e.getMessage());
        }
    }

    /** Parks a refused message with the reason of header {@link #REFUSED} and its topic as source. */
    public long park(Exchange exchange) {
        refused.increment();
        String reason = exchange.getMessage().getHeader(REFUSED, "refused", String.class);
        String topic = exchange.getMessage().getHeader(TOPIC, String.class);
        Object body = exchange.getMessage().getBody();
        byte[] payload = body instanceof DeviceEvent e ? e.payload().getBytes(StandardCharsets.UTF_8)
                : body instanceof byte[] b ? b : exchange.getMessage().getBody(byte[].class);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(TOPIC, topic);
        headers.put("HubPayloadBytes", payload == null ? 0 : payload.length);
        String text = text(payload);
        if (text == null) {
            headers.put("HubBodyEncoding", "base64");
            text = Base64.getEncoder().encodeToString(payload);
        }
        return parkingLot.park(topic == null ? "mqtt" : topic, exchange.getFromRouteId(),
                exchange.getFromEndpoint() == null ? null : exchange.getFromEndpoint().getEndpointBaseUri(),
                reason, null, text, headers);
    }

    /** The payload as text when it is valid UTF-8 that PostgreSQL can store (no NUL), else null. */
    static String text(byte[] payload) {
        if (payload == null) {
            return null;
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
            return s.indexOf('\u0000') >= 0 ? null : s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
