package vn.lienthong.hub.axis;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The reconciliation's re-sends are queued by the route {@code axis-reconcile-run}, which reads each one's group and
 * body with Camel's simple language ({@code ${body.dossierCode}}, {@code ${body.body}}). Each name must resolve to
 * exactly one method of {@link AxisReconciler.Resend}: with both {@code getDossierCode()} and {@code dossierCode()}
 * the expression failed with an ambiguous method call, and the run's re-sends were never queued.
 */
class AxisReconcileRouteTest {

    @RepeatedTest(3)
    void aResendsGroupAndBodyAreReadByTheRoutesExpressions() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            Exchange exchange = new DefaultExchange(camel);
            exchange.getIn().setBody(new AxisReconciler.Resend("000.00.09.H56-261206-0005", "<SyncDossier/>"));
            assertThat(simple(camel, exchange, "${body.dossierCode}")).isEqualTo("000.00.09.H56-261206-0005");
            assertThat(simple(camel, exchange, "${body.body}")).isEqualTo("<SyncDossier/>");
        }
    }

    private static String simple(CamelContext camel, Exchange exchange, String expression) {
        return camel.resolveLanguage("simple").createExpression(expression).evaluate(exchange, String.class);
    }
}
