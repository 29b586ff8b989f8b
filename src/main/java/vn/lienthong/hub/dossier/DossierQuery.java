package vn.lienthong.hub.dossier;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Searches the store (summaries only; the full dossier is one GET away). */
@Component
public class DossierQuery {

    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    private final NamedParameterJdbcTemplate jdbc;

    DossierQuery(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Filter(String status, String agency, String procedure, String channel, LocalDate receivedFrom,
            LocalDate receivedTo, Boolean overdue) {
    }

    public Map<String, Object> search(Filter f, int page, int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw new IllegalArgumentException("page must be ≥ 0 and size between 1 and 500");
        }
        List<String> where = new ArrayList<>();
        MapSqlParameterSource p = new MapSqlParameterSource();
        if (f.status() != null) {
            DossierStatus.valueOf(f.status());
            where.add("status = :status");
            p.addValue("status", f.status());
        }
        if (f.agency() != null) {
            where.add("agency_code = :agency");
            p.addValue("agency", f.agency());
        }
        if (f.procedure() != null) {
            where.add("procedure_code = :procedure");
            p.addValue("procedure", f.procedure());
        }
        if (f.channel() != null) {
            Channel.valueOf(f.channel());
            where.add("channel = :channel");
            p.addValue("channel", f.channel());
        }
        if (f.receivedFrom() != null) {
            where.add("received_at >= :from");
            p.addValue("from", Timestamp.from(f.receivedFrom().atStartOfDay(ZONE).toInstant()));
        }
        if (f.receivedTo() != null) {
            where.add("received_at < :to");
            p.addValue("to", Timestamp.from(f.receivedTo().plusDays(1).atStartOfDay(ZONE).toInstant()));
        }
        if (f.overdue() != null) {
            where.add(f.overdue()
                    ? "(ended_at is null and paused_at is null and original_due_at < now())"
                    : "not (ended_at is null and paused_at is null and coalesce(original_due_at < now(), false))");
        }
        String clause = where.isEmpty() ? "" : " where " + String.join(" and ", where);
        Long total = jdbc.queryForObject("select count(*) from dossier" + clause, p, Long.class);
        p.addValue("limit", size).addValue("offset", (long) page * size);
        List<Map<String, Object>> content = jdbc.query("""
                select code, procedure_code, agency_code, channel, status, received_at, due_at, original_due_at,
                       ended_at, timeliness from dossier""" + clause + " order by id desc limit :limit offset :offset", p,
                (rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("code", rs.getString("code"));
                    m.put("procedureCode", rs.getString("procedure_code"));
                    m.put("agencyCode", rs.getString("agency_code"));
                    m.put("channel", rs.getString("channel"));
                    m.put("status", rs.getString("status"));
                    m.put("dvcqgStatus", DossierStatus.valueOf(rs.getString("status")).dvcqgCode());
                    m.put("receivedAt", instant(rs.getTimestamp("received_at")));
                    m.put("dueAt", instant(rs.getTimestamp("due_at")));
                    m.put("originalDueAt", instant(rs.getTimestamp("original_due_at")));
                    m.put("endedAt", instant(rs.getTimestamp("ended_at")));
                    m.put("timeliness", rs.getString("timeliness"));
                    return m;
                });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("content", content);
        out.put("page", page);
        out.put("size", size);
        out.put("totalElements", total);
        return out;
    }

    private static Object instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
