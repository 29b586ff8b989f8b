package vn.lienthong.hub.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

import vn.lienthong.hub.dossier.DossierNotFoundException;

/**
 * The console's pages (server-rendered, Vietnamese by default, {@code ?lang=en} for English). Each page is a shell
 * that {@code console.js} fills from {@code /console/api/...} and keeps up to date without reloads.
 */
@Controller
class ConsolePages {

    static final List<String> PAGES = List.of("routes", "connectors", "dead-letters", "devices", "dossiers", "live", "audit");

    /** Texts the script needs, in the page's language. */
    static final List<String> SCRIPT_KEYS = List.of(
            "common.none", "common.notAvailable", "common.updated", "common.failed", "common.yes", "common.no",
            "action.suspend", "action.resume", "action.stop", "action.start", "action.replay", "action.discard",
            "action.confirm", "action.cancel", "action.done", "action.reason", "action.reasonRequired",
            "action.confirmRoute", "action.confirmReplay", "action.confirmDiscard", "action.forbidden",
            "state.Started", "state.Suspended", "state.Stopped", "state.Starting", "state.Stopping", "state.Suspending",
            "health.UP", "health.DEGRADED", "health.DOWN", "health.NOT_AVAILABLE",
            "partner.tax", "partner.police", "partner.bhxh", "partner.vnpost", "partner.axis",
            "devices.online", "devices.offline", "devices.unknown", "devices.kind.KIOSK", "devices.kind.COUNTER",
            "devices.kind.RATING", "devices.parked", "devices.lastSeen", "devices.counter", "devices.battery",
            "devices.notAvailable", "devices.none",
            "timeline.STATUS", "timeline.MESSAGE", "timeline.PARCEL",
            "timeliness.EARLY", "timeliness.ON_TIME", "timeliness.LATE",
            "status.SUBMITTED", "status.RECEIVED", "status.REFUSED", "status.IN_PROGRESS", "status.SUPPLEMENT_REQUESTED",
            "status.AWAITING_PAYMENT", "status.WITHDRAWAL_REQUESTED", "status.STOPPED", "status.RESOLVED",
            "status.RETURNED",
            "deadLetters.empty", "deadLetters.parkedEmpty", "deadLetters.payload", "deadLetters.noReplayTarget", "deadLetters.masked",
            "connectors.sync", "connectors.syncRate", "connectors.oldestUnsynced",
            "live.connected", "live.disconnected", "live.waiting", "dossier.notFound", "dossier.overdue",
            "role.VIEWER", "role.OPERATOR", "role.ADMIN");

    private final Operators operators;
    private final MessageSource messages;
    private final ObjectMapper json;
    private final ConsoleFormat format;
    private final DossierTimeline dossiers;

    ConsolePages(Operators operators, MessageSource messages, ObjectMapper json, ConsoleFormat format,
            DossierTimeline dossiers) {
        this.operators = operators;
        this.messages = messages;
        this.json = json;
        this.format = format;
        this.dossiers = dossiers;
    }

    @GetMapping("/login")
    String login() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
            return "redirect:/console";
        }
        return "console/login";
    }

    @GetMapping({"/console", "/console/"})
    String home() {
        return "redirect:/console/routes";
    }

    @GetMapping("/console/{page}")
    String page(@PathVariable String page, Model model) {
        if (!PAGES.contains(page)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        common(model, page, null);
        return "console/" + page;
    }

    /** Dossier lookup: the form, and with a code the dossier's timeline (filled in and kept current by the script). */
    @GetMapping("/console/dossiers")
    String dossier(@RequestParam(required = false) String code, Model model) {
        String c = code == null ? null : code.trim();
        common(model, "dossiers", c);
        model.addAttribute("code", c);
        if (c != null && !c.isEmpty()) {
            try {
                model.addAttribute("dossier", dossiers.of(c, !operators.canAct()).get("dossier"));
            } catch (DossierNotFoundException e) {
                model.addAttribute("notFound", true);
            }
        }
        return "console/dossiers";
    }

    private void common(Model model, String page, String code) {
        Locale locale = LocaleContextHolder.getLocale();
        UriComponentsBuilder other = UriComponentsBuilder.fromPath("/console/" + page)
                .queryParam("lang", "en".equals(locale.getLanguage()) ? "vi" : "en");
        if (code != null && !code.isEmpty()) {
            other.queryParam("code", code);
        }
        model.addAttribute("langHref", other.encode().build().toUriString());
        model.addAttribute("page", page);
        model.addAttribute("user", operators.name());
        model.addAttribute("role", operators.role());
        model.addAttribute("canAct", operators.canAct());
        model.addAttribute("zone", format.zone().getId());
        model.addAttribute("lang", "en".equals(locale.getLanguage()) ? "en" : "vi");
        Map<String, String> texts = new LinkedHashMap<>();
        for (String key : SCRIPT_KEYS) {
            texts.put(key, messages.getMessage(key, null, key, locale));
        }
        try {
            model.addAttribute("texts", json.writeValueAsString(texts));
        } catch (JsonProcessingException e) {
            model.addAttribute("texts", "{}");
        }
    }
}
