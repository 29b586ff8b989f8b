package vn.lienthong.hub.axis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.catalog.Agency;
import vn.lienthong.hub.catalog.CatalogService;
import vn.lienthong.hub.catalog.ProcedureVersion;
import vn.lienthong.hub.delivery.DossierEvent;
import vn.lienthong.hub.dossier.DossierService;
import vn.lienthong.hub.dossier.DossierStatus;
import vn.lienthong.hub.dossier.DossierView;
import vn.lienthong.hub.dossier.DossierView.HistoryView;

/**
 * Builds the request of a {@code DOSSIER_SYNC} delivery (JSON, docs/PARTNERS.md): everything the portal's two calls
 * need — the whole dossier as of one change, and that change as a progress update. Built from the event's snapshot
 * and the dossier's history up to that event, so a delivery says what was true at its change, whatever happened
 * since; a re-sent dossier (reconciliation) is built from the store's current state at delivery time.
 */
@Component
class AxisRequests {

    static final String PARTNER = "axis";
    static final String KIND = "DOSSIER_SYNC";

    private final DossierService dossiers;
    private final CatalogService catalog;
    private final JdbcTemplate jdbc;
    private final AxisSettings settings;

    AxisRequests(DossierService dossiers, CatalogService catalog, JdbcTemplate jdbc, AxisSettings settings) {
        this.dossiers = dossiers;
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** What the dossier looked like right after a change. */
    private record State(int status, String channel, String currentAgency, String submittedAt, String receivedAt,
            String dueAt, String endedAt) {
    }

    /** The request for one dossier event (its snapshot is the event's data). */
    Map<String, Object> forEvent(DossierEvent e) {
        DossierView d = e.dossier();
        int index = indexOf(d, e.id());
        if (index < 0) {
            throw new IllegalStateException("event " + e.id() + " is not in the history of dossier " + e.code());
        }
        JsonNode s = e.data();
        State state = new State(s.path("dvcqgStatus").asInt(), e.text("channel"), e.text("currentAgency"),
                e.text("submittedAt"), e.text("receivedAt"), e.text("dueAt"), e.text("endedAt"));
        return build(d, index, state, false);
    }

    /** The request for the dossier as the store holds it now (a re-send after reconciliation). */
    Map<String, Object> current(String code) {
        DossierView d = dossiers.get(code);
        State state = new State(d.dvcqgStatus(), d.channel().name(), d.currentAgency(), str(d.submittedAt()),
                str(d.receivedAt()), str(d.dueAt()), str(d.endedAt()));
        return build(d, d.history().size() - 1, state, true);
    }

    /**
     * The portal's code for a catalog procedure. A procedure without a local code, or whose local code is the
     * province's variant of its national code ({@code 2.000815.H56}), goes as its national code; any other local
     * procedure needs an entry in {@code hub.axis.national-codes} (an empty entry: the portal does not know it).
     */
    Optional<String> nationalCode(ProcedureVersion p) {
        Map<String, String> map = settings.getNationalCodes();
        for (String key : new String[] {p.localCode(), p.code()}) {
            if (key != null && map.containsKey(key)) {
                String mapped = map.get(key);
                return mapped == null || mapped.isBlank() ? Optional.empty() : Optional.of(mapped.trim());
            }
        }
        if (p.localCode() == null || p.localCode().startsWith(p.code() + ".")) {
            return Optional.of(p.code());
        }
        return Optional.empty();
    }

    /** The national code of a procedure version as the mapping says now (it may have been added since). */
    Optional<String> nationalCode(long procedureVersionId) {
        return catalog.procedureVersion(procedureVersionId).flatMap(this::nationalCode);
    }

    private Map<String, Object> build(DossierView d, int index, State state, boolean resync) {
        ProcedureVersion procedure = catalog.procedureVersion(d.procedureVersionId()).orElseThrow(
                () -> new IllegalStateException("procedure version " + d.procedureVersionId() + " missing"));
        HistoryView change = d.history().get(index);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("dossierCode", d.code());
        r.put("eventId", change.eventId());
        r.put("event", change.type());
        r.put("status", state.status());
        r.put("procedureCode", procedure.code());
        r.put("procedureVersionId", procedure.id());
        r.put("localProcedureCode", procedure.localCode());
        r.put("nationalProcedureCode", nationalCode(procedure).orElse(null));
        r.put("procedureName", procedure.name());
        r.put("agencyCode", d.agencyCode());
        r.put("agencyName", agencyName(d.agencyCode()));
        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("fullName", d.applicant().fullName());
        applicant.put("idNumber", d.applicant().idNumber());
        applicant.put("phone", d.applicant().phone());
        applicant.put("email", d.applicant().email());
        applicant.put("address", d.applicant().address());
        r.put("applicant", applicant);
        r.put("channel", vn.lienthong.hub.dossier.Channel.valueOf(state.channel()).dvcqgCode());
        r.put("submittedAt", state.submittedAt());
        r.put("receivedAt", state.receivedAt());
        r.put("dueAt", state.dueAt());
        // the result date: when processing ended with a result (resolved, and still so once returned)
        r.put("resultAt", state.status() == DossierStatus.RESOLVED.dvcqgCode()
                || state.status() == DossierStatus.RETURNED.dvcqgCode() ? state.endedAt() : null);
        r.put("feesVnd", d.feesVnd());
        r.put("submissionId", d.channel() == vn.lienthong.hub.dossier.Channel.ONLINE ? submissionId(d.code()) : null);
        List<Map<String, Object>> documents = new ArrayList<>();
        for (HistoryView h : d.history().subList(0, index + 1)) {
            if (h.formIssued() != null) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("form", h.formIssued());
                doc.put("name", formName(h.formIssued()));
                doc.put("issuedAt", str(h.at()));
                documents.add(doc);
            }
        }
        r.put("documents", documents);
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("actor", change.actor());
        progress.put("title", title(change.client()));
        String department = state.currentAgency() != null ? state.currentAgency() : d.agencyCode();
        progress.put("department", Optional.ofNullable(agencyName(department)).orElse(department));
        progress.put("at", str(change.at()));
        progress.put("content", content(change));
        progress.put("status", state.status());
        progress.put("startAt", str(change.at()));
        progress.put("legalEndAt", state.dueAt());
        r.put("progress", progress);
        r.put("changeAt", str(change.recordedAt()));
        r.put("resync", resync);
        return r;
    }

    private static int indexOf(DossierView d, String eventId) {
        for (int i = d.history().size() - 1; i >= 0; i--) {
            if (d.history().get(i).eventId().equals(eventId)) {
                return i;
            }
        }
        return -1;
    }

    private String agencyName(String code) {
        return catalog.agency(code).map(Agency::name).orElse(null);
    }

    /**
     * The portal's id of the online submission a dossier came from (its intake's Idempotency-Key). Only dossiers of
     * channel ONLINE have one: the axis registers what it offers through that channel alone.
     */
    private String submissionId(String code) {
        List<String> keys = jdbc.queryForList(
                "select key from idempotency_key where client = ? and dossier_code = ? and key like 'axis:%'",
                String.class, PARTNER, code);
        return keys.isEmpty() ? null : keys.get(0).substring("axis:".length());
    }

    /** Who acted, as the portal's progress shows it (chức danh), from the system the change came through. */
    static String title(String client) {
        if (client == null) {
            return "Hệ thống liên thông";
        }
        return switch (client) {
            case "onestop" -> "Cán bộ Bộ phận Tiếp nhận và Trả kết quả";
            case "tax", "police", "bhxh" -> "Cán bộ cơ quan phối hợp liên thông";
            case "vnpost" -> "Nhân viên bưu chính công ích";
            case "axis" -> "Cổng Dịch vụ công quốc gia";
            case "hub" -> "Hệ thống liên thông";
            default -> "Cán bộ xử lý";
        };
    }

    /** What was done (nội dung xử lý), with the reason given. */
    static String content(HistoryView h) {
        String what = switch (h.type()) {
            case "SUBMIT" -> "Công dân nộp hồ sơ trực tuyến";
            case "RECEIVE", "ACCEPT" -> "Tiếp nhận hồ sơ";
            case "REFUSE" -> "Từ chối tiếp nhận hồ sơ";
            case "START" -> "Chuyển hồ sơ xử lý";
            case "TRANSFER" -> "Chuyển hồ sơ đến cơ quan xử lý";
            case "REQUEST_SUPPLEMENT" -> "Yêu cầu bổ sung, hoàn thiện hồ sơ";
            case "SUPPLEMENT_RECEIVED" -> "Nhận hồ sơ bổ sung";
            case "REQUEST_PAYMENT" -> "Yêu cầu thực hiện nghĩa vụ tài chính";
            case "PAYMENT_RECEIVED" -> "Đã thực hiện nghĩa vụ tài chính";
            case "EXTEND" -> "Xin lỗi và hẹn lại ngày trả kết quả";
            case "RESOLVE" -> "Đã xử lý xong hồ sơ";
            case "RETURN" -> "Đã trả kết quả";
            case "REQUEST_WITHDRAWAL" -> "Công dân yêu cầu rút hồ sơ";
            case "STOP" -> "Dừng xử lý hồ sơ";
            default -> h.type();
        };
        String text = h.reason() == null || h.reason().isBlank() ? what : what + ": " + h.reason();
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }

    static String formName(String form) {
        return switch (form) {
            case "01" -> "Giấy tiếp nhận hồ sơ và hẹn trả kết quả";
            case "02" -> "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ";
            case "03" -> "Phiếu từ chối tiếp nhận giải quyết hồ sơ";
            case "04" -> "Phiếu xin lỗi và hẹn lại ngày trả kết quả";
            case "05" -> "Thông báo dừng xử lý hồ sơ";
            default -> "Mẫu " + form;
        };
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }
}
