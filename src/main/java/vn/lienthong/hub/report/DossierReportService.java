package vn.lienthong.hub.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Computes the period report from the dossier store alone, in one SQL statement.
 *
 * <p>The statement reads only the dossiers whose <em>reporting span</em> meets the period. A dossier's span runs
 * from its first reportable moment (receipt, or the end of a dossier refused before it was ever received) to its
 * last one (its end, or the delivery of its result), and to infinity while it is open:
 * <pre>
 *   lower = least(received_at, ended_at, returned_at)
 *   upper = ended_at is null ? infinity : greatest(received_at, ended_at, returned_at)
 * </pre>
 * Every figure of the report is about a dossier whose span meets [from, end): received (carried over or new),
 * ended in the period (resolved, refused, stopped, withdrawn), open at the end, returned by post in the period.
 * The spans that meet the period are split in three disjoint parts, each served by an index of
 * {@code V4__report_indexes.sql} or {@code V11__report_open_spans.sql}:
 * <ul>
 *   <li>spans starting in the period: {@code lower ∈ [from, end)}, a range scan of the btree
 *       {@code dossier_report_start} (which carries the report's columns, so it is an index-only scan);</li>
 *   <li>open dossiers whose span started before it: {@code ended_at is null and lower < from} (an open span runs
 *       to infinity, so it meets the period), a range scan of the partial btree {@code dossier_report_open}, also
 *       index-only. Every dossier still open at the period's start is here: possibly many (a million in the
 *       benchmark's 10 M store), which is why they need a covering index and not the GiST below;</li>
 *   <li>closed dossiers whose span started before it and still ran at its start:
 *       {@code ended_at is not null and lower < from and span @> from}, a stabbing query on the partial GiST
 *       {@code dossier_report_span}; few rows (those whose processing straddles that instant).</li>
 * </ul>
 * The conditional aggregates on top classify each row; the expressions here must stay identical to the indexed
 * ones, or PostgreSQL will not use the indexes.
 */
@Service
public class DossierReportService {

    /** The columns every figure is computed from (all carried by {@code dossier_report_start} and {@code dossier_report_open}). */
    private static final String COLUMNS = """
            channel, received_at, ended_at, end_kind, timeliness, original_due_at, fees_vnd, four_on_site,
                   return_method, returned_at""";

    /** Same expressions as the indexes of V4__report_indexes.sql and V11__report_open_spans.sql. */
    static final String SPAN_START = "least(received_at, ended_at, returned_at)";
    static final String SPAN = "tstzrange(least(received_at, ended_at, returned_at), "
            + "case when ended_at is null then timestamptz 'infinity' "
            + "else greatest(received_at, ended_at, returned_at) end, '[]')";

    /*
     * Conditions: received = received_at < :end and not ended before :from (ended_at null or >= :from).
     * In each filter the most selective test comes first, so most rows leave it after one comparison.
     */
    private static final String AGGREGATES = """
            select
              count(*) filter (where received_at < :from and (ended_at is null or ended_at >= :from)) as carried_over,
              count(*) filter (where received_at >= :from and received_at < :end
                                 and (ended_at is null or ended_at >= :from)) as newly_received,
              count(*) filter (where channel = 'DIRECT' and received_at < :end
                                 and (ended_at is null or ended_at >= :from)) as direct,
              count(*) filter (where channel = 'POSTAL' and received_at < :end
                                 and (ended_at is null or ended_at >= :from)) as postal,
              count(*) filter (where channel = 'ONLINE' and received_at < :end
                                 and (ended_at is null or ended_at >= :from)) as online,
              count(*) filter (where end_kind in ('RESOLVED', 'RETURNED') and ended_at >= :from and ended_at < :end) as resolved,
              count(*) filter (where timeliness = 'EARLY' and end_kind in ('RESOLVED', 'RETURNED')
                                 and ended_at >= :from and ended_at < :end) as early,
              count(*) filter (where timeliness = 'ON_TIME' and end_kind in ('RESOLVED', 'RETURNED')
                                 and ended_at >= :from and ended_at < :end) as on_time,
              count(*) filter (where timeliness = 'LATE' and end_kind in ('RESOLVED', 'RETURNED')
                                 and ended_at >= :from and ended_at < :end) as late,
              count(*) filter (where (ended_at is null or ended_at >= :end) and received_at < :end) as in_progress,
              count(*) filter (where (ended_at is null or ended_at >= :end) and original_due_at < :end
                                 and received_at < :end) as overdue,
              count(*) filter (where end_kind = 'REFUSED' and ended_at >= :from and ended_at < :end) as refused,
              count(*) filter (where end_kind = 'STOPPED' and ended_at >= :from and ended_at < :end) as stopped,
              count(*) filter (where end_kind = 'WITHDRAWN' and ended_at >= :from and ended_at < :end) as withdrawn,
              coalesce(sum(fees_vnd) filter (where received_at >= :from and received_at < :end
                                 and (ended_at is null or ended_at >= :from)), 0) as fees_vnd,
              count(*) filter (where four_on_site and received_at >= :from and received_at < :end
                                 and (ended_at is null or ended_at >= :from)) as four_on_site,
              count(*) filter (where channel = 'POSTAL' and received_at >= :from and received_at < :end
                                 and (ended_at is null or ended_at >= :from)) as received_by_post,
              count(*) filter (where return_method = 'POSTAL' and returned_at >= :from and returned_at < :end) as returned_by_post
            from (
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    public DossierReportService(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    public DossierReport report(ReportPeriod period, ReportFilter filter) {
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("from", utc(period.fromInstant()), Types.TIMESTAMP_WITH_TIMEZONE)
                .addValue("end", utc(period.endInstant()), Types.TIMESTAMP_WITH_TIMEZONE);
        String sql = sql(filter, p);
        DossierCounts counts = readOnly.execute(status -> {
            // Plan with the actual dates: a cached generic plan could not tell a month from five years.
            jdbc.getJdbcTemplate().execute("set local plan_cache_mode = force_custom_plan");
            return jdbc.queryForObject(sql, p, DossierReportService::counts);
        });
        return DossierReport.of(period, counts);
    }

    /** The statement for a filter; the filter's values are bound in {@code p}. Package-private for tests. */
    static String sql(ReportFilter filter, MapSqlParameterSource p) {
        StringBuilder restrict = new StringBuilder();
        if (filter.agency() != null) {
            restrict.append("\n      and agency_code = :agency");
            p.addValue("agency", filter.agency());
        }
        if (filter.procedure() != null) {
            restrict.append("\n      and procedure_code = :procedure");
            p.addValue("procedure", filter.procedure());
        }
        if (filter.channel() != null) {
            restrict.append("\n      and channel = :channel");
            p.addValue("channel", filter.channel());
        }
        return AGGREGATES
                + "    select " + COLUMNS + "\n"
                + "    from dossier\n"
                + "    where " + SPAN_START + " >= :from and " + SPAN_START + " < :end" + restrict + "\n"
                + "    union all\n"
                + "    select " + COLUMNS + "\n"
                + "    from dossier\n"
                + "    where ended_at is null and " + SPAN_START + " < :from" + restrict + "\n"
                + "    union all\n"
                + "    select " + COLUMNS + "\n"
                + "    from dossier\n"
                + "    where ended_at is not null and " + SPAN_START + " < :from and " + SPAN + " @> cast(:from as timestamptz)"
                + restrict + "\n"
                + ") alive";
    }

    private static DossierCounts counts(ResultSet rs, int row) throws SQLException {
        return new DossierCounts(rs.getLong("carried_over"), rs.getLong("newly_received"), rs.getLong("direct"),
                rs.getLong("postal"), rs.getLong("online"), rs.getLong("resolved"), rs.getLong("early"),
                rs.getLong("on_time"), rs.getLong("late"), rs.getLong("in_progress"), rs.getLong("overdue"),
                rs.getLong("refused"), rs.getLong("stopped"), rs.getLong("withdrawn"), rs.getLong("fees_vnd"),
                rs.getLong("four_on_site"), rs.getLong("received_by_post"), rs.getLong("returned_by_post"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
