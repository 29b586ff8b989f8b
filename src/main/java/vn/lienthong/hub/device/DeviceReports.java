package vn.lienthong.hub.device;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Satisfaction and queue reports, computed from the stored device events alone. */
@Component
public class DeviceReports {

    private final JdbcTemplate jdbc;

    DeviceReports(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Votes cast in the period (by the pad's clock), optionally at one counter and/or for one officer. */
    public SatisfactionReport satisfaction(ReportDays period, String counter, String officer) {
        StringBuilder sql = new StringBuilder("""
                select count(*) filter (where rating = 'VERY_SATISFIED'),
                       count(*) filter (where rating = 'SATISFIED'),
                       count(*) filter (where rating = 'UNSATISFIED')
                from device_event where type = 'RATING' and at >= ? and at < ?""");
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(period.start()), Timestamp.from(period.end())));
        if (counter != null) {
            sql.append(" and counter_id = ?");
            args.add(counter);
        }
        if (officer != null) {
            sql.append(" and officer_id = ?");
            args.add(officer);
        }
        return jdbc.queryForObject(sql.toString(),
                (rs, i) -> SatisfactionReport.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)), args.toArray());
    }

    /**
     * Tickets issued, called, served and no-shows in the period (each ticket once, identified by center, service
     * area, number and local day), and the waiting minutes from issue to first call of the tickets issued in it.
     */
    public QueueReport queue(ReportDays period, String serviceArea) {
        String areaFilter = serviceArea == null ? "" : " and service_area = ?";
        String sql = """
                with ev as (
                    select center, service_area, ticket, type, at,
                           (at at time zone 'Asia/Ho_Chi_Minh')::date as day
                    from device_event
                    where channel = 'QUEUE' and at >= ? and at < ?""" + areaFilter + """
                ),
                tickets as (
                    select center, service_area, ticket, day,
                           min(at) filter (where type = 'TICKET_ISSUED') as issued_at,
                           min(at) filter (where type = 'CALLED') as called_at,
                           bool_or(type = 'SERVED') as served,
                           bool_or(type = 'NO_SHOW') as no_show
                    from ev group by center, service_area, ticket, day
                ),
                waits as (
                    select service_area, issued_at, called_at, served, no_show,
                           case when issued_at is not null and called_at >= issued_at
                                then extract(epoch from (called_at - issued_at))::float8 / 60 end as minutes
                    from tickets
                )
                select service_area,
                       count(issued_at) as tickets,
                       count(*) filter (where called_at is not null) as called,
                       count(*) filter (where served) as served,
                       count(*) filter (where no_show) as no_shows,
                       count(minutes) as waited,
                       avg(minutes) as average,
                       percentile_cont(0.5) within group (order by minutes) as median,
                       percentile_cont(0.9) within group (order by minutes) as p90,
                       grouping(service_area) as is_total
                from waits
                group by grouping sets ((service_area), ())
                order by is_total desc, service_area""";
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(period.start()), Timestamp.from(period.end())));
        if (serviceArea != null) {
            args.add(serviceArea);
        }
        List<QueueReport.Area> areas = new ArrayList<>();
        QueueReport.Area[] total = {new QueueReport.Area(null, 0, 0, 0, 0, QueueReport.Waiting.of(0, null, null, null))};
        jdbc.query(sql, (ResultSet rs) -> {
            QueueReport.Area a = area(rs);
            if (rs.getInt("is_total") == 1) {
                total[0] = a;
            } else {
                areas.add(a);
            }
        }, args.toArray());
        return new QueueReport(period.from(), period.to(), serviceArea, total[0], areas);
    }

    private static QueueReport.Area area(ResultSet rs) throws SQLException {
        boolean isTotal = rs.getInt("is_total") == 1;
        return new QueueReport.Area(isTotal ? null : rs.getString("service_area"), rs.getLong("tickets"),
                rs.getLong("called"), rs.getLong("served"), rs.getLong("no_shows"),
                QueueReport.Waiting.of(rs.getLong("waited"), nullable(rs, "average"), nullable(rs, "median"),
                        nullable(rs, "p90")));
    }

    private static Double nullable(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
