package vn.lienthong.hub.axis;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import vn.lienthong.hub.contract.axis.LoginResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** When a call to the national axis logs in first. */
class AxisSessionTest {

    private static final String URL = "http://axis.example/soap";
    private final CamelContext camel = new DefaultCamelContext();
    private final AxisSession session = new AxisSession(new AxisSettings());

    private Exchange call() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setHeader(AxisSession.URL, URL);
        return exchange;
    }

    private void loggedIn() {
        Exchange exchange = call();
        session.login(exchange);
        LoginResponse answer = new LoginResponse();
        answer.setToken("token-1");
        answer.setTtlSeconds(600);
        exchange.getIn().setBody(answer);
        session.loggedIn(exchange);
    }

    @Test
    void theFirstCallLogsInAndTheNextOnesUseTheSession() {
        assertThat(session.needsLogin(call())).isTrue();
        loggedIn();
        assertThat(session.needsLogin(call())).isFalse();
    }

    @Test
    void aCallTriedAgainAfterAFailureLogsInAgainOncePerAttempt() {
        // the failure may have been the axis restarting (it forgets its sessions): the old token would only fail
        // with token-expired and cost one more back-off before the next attempt
        loggedIn();
        Exchange retried = call();
        retried.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("HTTP 503"));
        assertThat(session.needsLogin(retried)).isTrue();
        loggedIn();
        // the attempt's second call (UpdateProgress after SyncDossier) uses the new session
        assertThat(session.needsLogin(retried)).isFalse();
        // the next failure, the next attempt: once more
        retried.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("HTTP 503 again"));
        assertThat(session.needsLogin(retried)).isTrue();
    }
}
