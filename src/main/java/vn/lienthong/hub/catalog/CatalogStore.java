package vn.lienthong.hub.catalog;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import vn.lienthong.hub.calendar.LimitUnit;
import vn.lienthong.hub.calendar.TimeLimit;

/** Tables {@code agency} and {@code procedure_version} (V2__dossier_store.sql), through plain JDBC. */
final class CatalogStore {

    /** Serializes catalog writes and the seeding across hub instances (transaction-scoped advisory lock). */
    private static final String LOCK = "select pg_advisory_xact_lock(hashtext('lienthong.catalog'))";

    private static final String PROCEDURE_COLUMNS = "id, code, version, local_code, name, field, agency_code, "
            + "time_limit_value, time_limit_unit, fee_vnd, channels, postal_return, four_on_site, steps::text as steps, "
            + "valid_from, valid_to, current";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    CatalogStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes the catalog lock until the end of the current transaction. */
    void lock() {
        jdbc.query(LOCK, rs -> { });
    }

    long agencyCount() {
        return jdbc.queryForObject("select count(*) from agency", Long.class);
    }

    boolean agencyExists(String code) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from agency where code = ?)", Boolean.class, code));
    }

    /** Inserts or replaces an agency; {@code ifAbsent} leaves an existing one untouched (seeding). */
    void saveAgency(Agency a, String actor, boolean ifAbsent) {
        String conflict = ifAbsent ? "do nothing"
                : "do update set name = excluded.name, short_name = excluded.short_name, partner = excluded.partner, "
                + "valid_from = excluded.valid_from, valid_to = excluded.valid_to, updated_at = now(), "
                + "updated_by = excluded.updated_by";
        jdbc.update("insert into agency (code, name, short_name, partner, valid_from, valid_to, updated_by) "
                        + "values (?, ?, ?, ?, ?, ?, ?) on conflict (code) " + conflict,
                a.code(), a.name(), a.shortName(), a.partner(), a.validFrom(), a.validTo(), actor);
    }

    /** The current version of a code, read from the database (not the cache). */
    Optional<ProcedureVersion> current(String code) {
        return jdbc.query("select " + PROCEDURE_COLUMNS + " from procedure_version where code = ? and current",
                CatalogStore::procedure, code).stream().findFirst();
    }

    Optional<ProcedureVersion> byId(long id) {
        return jdbc.query("select " + PROCEDURE_COLUMNS + " from procedure_version where id = ?",
                CatalogStore::procedure, id).stream().findFirst();
    }

    /** Another current procedure whose national or local code is one of these, if any. */
    Optional<String> codeClash(String ownCode, String candidate) {
        return jdbc.queryForList("select code from procedure_version where current and code <> ? "
                        + "and (code = ? or local_code = ?) limit 1", String.class, ownCode, candidate, candidate)
                .stream().findFirst();
    }

    int maxVersion(String code) {
        Integer max = jdbc.queryForObject("select max(version) from procedure_version where code = ?",
                Integer.class, code);
        return max == null ? 0 : max;
    }

    void retireCurrent(String code) {
        jdbc.update("update procedure_version set current = false where code = ? and current", code);
    }

    /**
     * Inserts a current version; returns its id, or empty when {@code ifAbsent} and the code already has a
     * current version or this version number (seeding by two instances at once).
     */
    Optional<Long> insertProcedure(ProcedureVersion p, int version, String actor, boolean ifAbsent) {
        List<Long> ids = jdbc.queryForList("insert into procedure_version (code, version, local_code, name, field, "
                        + "agency_code, time_limit_value, time_limit_unit, fee_vnd, channels, postal_return, "
                        + "four_on_site, steps, valid_from, valid_to, current, created_by) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, true, ?) "
                        + (ifAbsent ? "on conflict do nothing " : "") + "returning id", Long.class,
                p.code(), version, p.localCode(), p.name(), p.field(), p.agencyCode(), p.timeLimit().value(),
                p.timeLimit().unit().name(), p.feeVnd(), p.channels().toArray(String[]::new), p.postalReturn(),
                p.fourOnSite(), stepsJson(p.steps()), p.validFrom(), p.validTo(), actor);
        return ids.stream().findFirst();
    }

    List<Agency> agencies() {
        return jdbc.query("select code, name, short_name, partner, valid_from, valid_to from agency order by code",
                (rs, n) -> new Agency(rs.getString("code"), rs.getString("name"), rs.getString("short_name"),
                        rs.getString("partner"), rs.getObject("valid_from", LocalDate.class),
                        rs.getObject("valid_to", LocalDate.class)));
    }

    /** Every version of every procedure, with whether it is the current one. */
    List<Row> procedures() {
        return jdbc.query("select " + PROCEDURE_COLUMNS + " from procedure_version order by code, version",
                (rs, n) -> new Row(procedure(rs, n), rs.getBoolean("current")));
    }

    record Row(ProcedureVersion procedure, boolean current) {
    }

    /** Changes whenever a procedure version is added or an agency saved, by this instance or another. */
    String fingerprint() {
        return jdbc.queryForObject("select (select coalesce(max(id), 0) from procedure_version) || '/' "
                + "|| (select count(*) from procedure_version where current) || '/' "
                + "|| (select count(*) from agency) || '/' "
                + "|| coalesce((select max(updated_at) from agency)::text, '-')", String.class);
    }

    private static ProcedureVersion procedure(ResultSet rs, int n) throws SQLException {
        Array channels = rs.getArray("channels");
        List<String> channelList = List.of((String[]) channels.getArray());
        return new ProcedureVersion(rs.getLong("id"), rs.getString("code"), rs.getInt("version"),
                rs.getString("local_code"), rs.getString("name"), rs.getString("field"), rs.getString("agency_code"),
                new TimeLimit(rs.getInt("time_limit_value"), LimitUnit.valueOf(rs.getString("time_limit_unit"))),
                rs.getLong("fee_vnd"), channelList, rs.getBoolean("postal_return"), rs.getBoolean("four_on_site"),
                steps(rs.getString("steps")), rs.getObject("valid_from", LocalDate.class),
                rs.getObject("valid_to", LocalDate.class));
    }

    static String stepsJson(List<ProcedureStep> steps) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ProcedureStep s : steps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("order", s.order());
            m.put("partner", s.partner());
            m.put("name", s.name());
            m.put("kind", s.kind());
            m.put("timeLimit", Map.of("value", s.timeLimit().value(), "unit", s.timeLimit().unit().name()));
            list.add(m);
        }
        try {
            return JSON.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<ProcedureStep> steps(String json) {
        JsonNode array;
        try {
            array = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("procedure_version.steps is not JSON: " + json, e);
        }
        List<ProcedureStep> steps = new ArrayList<>();
        for (JsonNode s : array) {
            JsonNode limit = s.path("timeLimit");
            steps.add(new ProcedureStep(s.path("order").asInt(), s.path("partner").asText(null),
                    s.path("name").asText(null),
                    new TimeLimit(limit.path("value").asInt(), LimitUnit.valueOf(limit.path("unit").asText())),
                    s.path("kind").asText(null)));
        }
        return List.copyOf(steps);
    }
}
