package vn.lienthong.hub.platform.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The expected access matrix, as data ({@code src/test/resources/access-matrix.csv}), and its rendering as
 * {@code docs/ACCESS.md}. Plain Java: AccessMatrixIT checks every cell against the running hub.
 */
final class AccessMatrix {

    static final String RESOURCE = "access-matrix.csv";

    /** The principals, in the CSV's column order. */
    static final List<String> PRINCIPALS = List.of("anonymous", "wrong-key", "onestop", "tax", "police", "bhxh",
            "vnpost", "axis", "viewer", "operator", "admin", "partner");

    /** What may stand in a cell. */
    static final List<String> OUTCOMES = List.of("ok", "401", "403", "-");

    private static final List<String> HEADER = concat(List.of("method", "pattern", "request", "body"), PRINCIPALS,
            List.of("why"));

    /** One row: an endpoint, the request that probes it, and the expected outcome per principal. */
    record Row(int line, String method, String pattern, String request, String body, Map<String, String> expected,
               String why) {

        String endpoint() {
            return method + " " + pattern;
        }

        @Override
        public String toString() {
            return "line " + line + ": " + method + " " + request;
        }
    }

    private AccessMatrix() {
    }

    static List<Row> load() {
        try (InputStream in = AccessMatrix.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Row> parse(String csv) {
        List<Row> rows = new ArrayList<>();
        boolean header = false;
        String[] lines = csv.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            // the last column (why) is free text and may hold commas
            List<String> cells = Arrays.stream(line.split(",", HEADER.size())).map(String::strip).toList();
            if (!header) {
                if (!cells.equals(HEADER)) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": the header must be " + String.join(",", HEADER));
                }
                header = true;
                continue;
            }
            if (cells.size() != HEADER.size()) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + HEADER.size() + " columns expected, "
                        + cells.size() + " found");
            }
            Map<String, String> expected = new LinkedHashMap<>();
            for (int p = 0; p < PRINCIPALS.size(); p++) {
                String cell = cells.get(4 + p);
                if (!OUTCOMES.contains(cell)) {
                    throw new IllegalArgumentException("line " + (i + 1) + ", " + PRINCIPALS.get(p) + ": '" + cell
                            + "' is none of " + OUTCOMES);
                }
                expected.put(PRINCIPALS.get(p), cell);
            }
            rows.add(new Row(i + 1, cells.get(0), cells.get(1), cells.get(2), cells.get(3), expected,
                    cells.get(HEADER.size() - 1)));
        }
        return rows;
    }

    /** docs/ACCESS.md: the same matrix, readable. */
    static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("""
                # Access matrix

                Who may call what: every HTTP endpoint of the hub against every kind of caller. Generated from
                [`src/test/resources/access-matrix.csv`](../src/test/resources/access-matrix.csv), which `AccessMatrixIT`
                checks cell by cell with real requests against the running hub; the test also fails when the hub maps an
                endpoint (Spring MVC, Actuator, resource handlers, servlets, CXF services) that the matrix does not list.
                Do not edit this page: change the CSV, then
                `mvn -B verify -Dtest=AccessMatrixIT -Dsurefire.failIfNoSpecifiedTests=false -Daccess.write-doc=true`.

                | caller | credential used |
                | --- | --- |
                | anonymous | none |
                | wrong key | `X-API-Key` that is no client's key |
                | onestop, tax, police, bhxh, vnpost, axis | the system's own `X-API-Key` |
                | viewer, operator, admin | HTTP Basic on `/api`, `/services`, `/sandbox` and `/actuator` (Hawtio, Jolokia); on the console (`/console`, `/login`, static files) the session of the login form, with its CSRF token on every POST |
                | partner | the partner's own credential, where the endpoint has one: Vietnam Post's webhook signature (`X-Signature`, HMAC-SHA256), the hub's key at a simulated partner, the hub's WS-Security signature at the simulated national axis |

                ✓ passed security (any answer but the three below; the safe request bodies make a grant answer 4xx and
                change nothing) · **401** not authenticated (or sent to the login form) · **403** authenticated but
                refused (also a SOAP Client fault `forbidden` at `/services/tax`, and a missing CSRF token on the console)
                · blank: no such credential. Operator roles nest: ADMIN ⊃ OPERATOR ⊃ VIEWER. `/sandbox/**` exists in
                sandbox mode only. `POST /login` and `POST /logout` are Spring Security's own (the login form's target,
                used by every console session of the test, and the logout of `ConsoleBrowserIT`). No answer to any cell
                may show a configured secret (API keys, passwords, the hub's keys at the partners, the webhook secret).

                """);
        String area = null;
        for (Row r : rows) {
            String a = area(r.pattern());
            if (!a.equals(area)) {
                area = a;
                md.append("\n## ").append(a).append("\n\n| endpoint | request |");
                for (String p : PRINCIPALS) {
                    md.append(' ').append(p).append(" |");
                }
                md.append(" why |\n| --- | --- |");
                md.append(" :-: |".repeat(PRINCIPALS.size()));
                md.append(" --- |\n");
            }
            md.append("| `").append(r.method()).append(' ').append(r.pattern()).append("` | `")
                    .append(r.request()).append('`').append("none".equals(r.body()) ? "" : " (" + r.body() + ")")
                    .append(" |");
            for (String p : PRINCIPALS) {
                String e = r.expected().get(p);
                md.append(' ').append(switch (e) {
                    case "ok" -> "✓";
                    case "-" -> "";
                    default -> "**" + e + "**";
                }).append(" |");
            }
            md.append(' ').append(r.why().replace("|", "\\|")).append(" |\n");
        }
        md.append("""

                ## Hall devices (MQTT)

                The devices' broker is not HTTP: its matrix is checked by `DeviceMqttIT` and `BrokerAccessIT` with real
                clients (mosquitto_pub, Paho, Artemis CORE).

                | caller | connect | publish on its own topics | publish on another device's topic | subscribe | hub queues (CORE) |
                | --- | :-: | :-: | :-: | :-: | :-: |
                | anonymous | refused | | | | refused |
                | wrong or unknown password | refused | | | | refused |
                | registered device | ✓ | ✓ (the channels of its kind) | refused | refused | refused |
                """);
        return md.toString();
    }

    static String area(String pattern) {
        if (pattern.startsWith("/api/")) {
            return "REST API";
        }
        if (pattern.startsWith("/services")) {
            return "SOAP services (CXF)";
        }
        if (pattern.startsWith("/sandbox/")) {
            return "Sandbox simulators";
        }
        if (pattern.startsWith("/actuator")) {
            return "Actuator, Hawtio, Jolokia";
        }
        return "Console";
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return List.copyOf(all);
    }
}
