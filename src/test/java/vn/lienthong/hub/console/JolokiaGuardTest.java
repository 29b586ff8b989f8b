package vn.lienthong.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** How the guard reads Jolokia requests: which change something (OPERATOR) and which only report (VIEWER). */
class JolokiaGuardTest {

    private static JolokiaGuard.Call get(String uri) {
        MockHttpServletRequest r = new MockHttpServletRequest("GET", uri);
        return JolokiaGuard.fromPath(r);
    }

    @Test
    void readsAndReportingOperationsChangeNothing() throws Exception {
        assertThat(get("/actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage").changes()).isFalse();
        assertThat(get("/actuator/jolokia").changes()).isFalse();
        assertThat(get("/actuator/jolokia/exec/org.apache.camel:context=hub,type=routes,name=%22a%22/dumpRouteAsXml()")
                .changes()).isFalse();
        List<JolokiaGuard.Call> bulk = JolokiaGuard.fromBody("""
                [{"type":"read","mbean":"java.lang:type=Memory"},{"type":"exec","mbean":"x:y=z","operation":"getState"},
                 {"type":"list"},{"type":"search","mbean":"org.apache.camel:*"}]""".getBytes(StandardCharsets.UTF_8));
        assertThat(bulk).noneMatch(JolokiaGuard.Call::changes);
    }

    @Test
    void writesAndOtherOperationsChangeSomething() throws Exception {
        assertThat(get("/actuator/jolokia/exec/org.apache.camel:context=hub,type=routes,name=%22a%22/stop()").changes())
                .isTrue();
        assertThat(get("/actuator/jolokia/write/java.lang:type=Memory/Verbose/true").changes()).isTrue();
        // an escaped slash in the MBean name does not shift the operation
        JolokiaGuard.Call escaped = get("/actuator/jolokia/exec/a:name=x!/getFoo/stop");
        assertThat(escaped.member()).isEqualTo("stop");
        assertThat(escaped.changes()).isTrue();
        assertThat(JolokiaGuard.fromBody("{\"type\":\"EXEC\",\"mbean\":\"x:y=z\",\"operation\":\"suspend\"}"
                .getBytes(StandardCharsets.UTF_8)).get(0).changes()).isTrue();
        for (String op : List.of("browse", "browseMessageBody", "listMessagesAsJSON", "dumpAllTracedMessagesAsXml")) {
            JolokiaGuard.Call c = JolokiaGuard.fromBody(("{\"type\":\"exec\",\"mbean\":\"q:y=z\",\"operation\":\"" + op + "\"}")
                    .getBytes(StandardCharsets.UTF_8)).get(0);
            assertThat(c.readsPayloads()).as(op).isTrue();
            assertThat(c.changes()).as(op).isFalse();
        }
        assertThat(JolokiaGuard.fromBody("{\"type\":\"read\",\"mbean\":\"x:y=z\",\"target\":{\"url\":\"service:jmx:x\"}}"
                .getBytes(StandardCharsets.UTF_8)).get(0).proxied()).isTrue();
    }

    @Test
    void dumpsOfRouteDefinitionsWithResolvedPlaceholdersRevealSecrets() throws Exception {
        String context = "org.apache.camel:context=hub,type=context,name=%22hub%22";
        assertThat(get("/actuator/jolokia/exec/" + context + "/dumpRoutesAsXml(boolean)/true").revealsSecrets()).isTrue();
        assertThat(get("/actuator/jolokia/exec/" + context + "/dumpRoutesAsXml(boolean)/false").revealsSecrets()).isFalse();
        assertThat(get("/actuator/jolokia/exec/" + context + "/dumpRoutesAsXml()").revealsSecrets()).isFalse();
        assertThat(get("/actuator/jolokia/exec/org.apache.camel:context=hub,type=routes,name=%22a%22/dumpRouteAsYaml/true")
                .revealsSecrets()).isTrue();
        for (String op : List.of("dumpRoutesAsXml(boolean,boolean)", "dumpRoutesAsYaml", "dumpRouteAsXml(boolean)",
                "dumpRestsAsXml(boolean)")) {
            assertThat(JolokiaGuard.fromBody(("{\"type\":\"exec\",\"mbean\":\"x:y=z\",\"operation\":\"" + op
                    + "\",\"arguments\":[true,false]}").getBytes(StandardCharsets.UTF_8)).get(0).revealsSecrets()).as(op).isTrue();
        }
        // route statistics take booleans too, but no placeholder is resolved there
        assertThat(JolokiaGuard.fromBody(("{\"type\":\"exec\",\"mbean\":\"x:y=z\",\"operation\":"
                + "\"dumpRouteStatsAsXml(boolean,boolean)\",\"arguments\":[true,true]}").getBytes(StandardCharsets.UTF_8))
                .get(0).revealsSecrets()).isFalse();
    }
}
