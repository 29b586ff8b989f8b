package vn.lienthong.hub.axis;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import vn.lienthong.hub.delivery.DeliveryPlanner;
import vn.lienthong.hub.delivery.DossierEvent;
import vn.lienthong.hub.delivery.PlannedDelivery;
import vn.lienthong.hub.dossier.EventType;

/**
 * The national portal sees every state change of every dossier: each intake (RECEIVE, SUBMIT) and each lifecycle
 * event of a dossier that is not an inter-agency step plans ONE {@code DOSSIER_SYNC} delivery to the axis. The
 * delivery makes both of the portal's calls (whole dossier, then progress), so the message group of the dossier
 * keeps them in order. Notices (DUE_SOON, OVERDUE, STEP_AT_RISK) change nothing and are not sent.
 */
@Component
class AxisPlanner implements DeliveryPlanner {

    static final Set<String> STATE_CHANGES = Stream.concat(Stream.of("RECEIVE", "SUBMIT"),
            Arrays.stream(EventType.values()).map(Enum::name)).collect(Collectors.toUnmodifiableSet());

    private final AxisRequests requests;

    AxisPlanner(AxisRequests requests) {
        this.requests = requests;
    }

    @Override
    public List<PlannedDelivery> plan(DossierEvent e) {
        if (e.isStep() || !STATE_CHANGES.contains(e.event())) {
            return List.of();
        }
        return List.of(new PlannedDelivery(AxisRequests.PARTNER, AxisRequests.KIND, e.code(), null, null,
                requests.forEvent(e)));
    }
}
