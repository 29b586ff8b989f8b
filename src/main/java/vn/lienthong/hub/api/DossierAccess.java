package vn.lienthong.hub.api;

import java.util.Objects;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.catalog.Agency;
import vn.lienthong.hub.catalog.CatalogService;
import vn.lienthong.hub.dossier.DossierService;
import vn.lienthong.hub.dossier.DossierView;

/**
 * An agency (tax, police, bhxh) sees and acts only on dossiers routed to it: a step dossier of that partner, or
 * a dossier whose current agency is that partner's agency. Everyone else the API chain lets through passes
 * (platform.security.SecurityConfig).
 */
@Component
class DossierAccess {

    private final DossierService dossiers;
    private final CatalogService catalog;

    DossierAccess(DossierService dossiers, CatalogService catalog) {
        this.dossiers = dossiers;
        this.catalog = catalog;
    }

    DossierView check(String code, Authentication auth) {
        DossierView d = dossiers.get(code);
        if (!isAgency(auth)) {
            return d;
        }
        String partner = auth.getName();
        boolean routed = partner.equals(d.stepPartner())
                || catalog.agency(d.currentAgency()).map(Agency::partner).filter(p -> Objects.equals(p, partner)).isPresent();
        if (!routed) {
            throw new AccessDeniedException("dossier " + code + " is not routed to " + partner);
        }
        return d;
    }

    /**
     * Before an agency acts on a dossier: {@link #check}. Anyone else the API chain lets through may act on
     * any dossier, and the change itself reads it (and answers 404 for an unknown one): no read here.
     */
    void checkBeforeChange(String code, Authentication auth) {
        if (isAgency(auth)) {
            check(code, auth);
        }
    }

    private static boolean isAgency(Authentication auth) {
        return auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_AGENCY"));
    }
}
