-- Indexes of the period report (DossierReportService). A dossier's reporting span runs from its first reportable
-- moment (receipt; or the end of a dossier refused before it was received) to its last one (its end or the
-- delivery of its result), and to infinity while it is open. A report reads the spans that meet its period:
--   spans starting in the period          → dossier_report_start, a btree range scan (index-only: it carries
--                                            every column the report counts and filters on)
--   spans started before and still running → dossier_report_span, a GiST stabbing query at the period's start
-- The expressions must stay identical to those of DossierReportService, or the planner will not use them.
-- Rows with no received_at, ended_at or returned_at (submitted online, not yet accepted) count in no report.

create index dossier_report_start on dossier ((least(received_at, ended_at, returned_at)))
    include (received_at, ended_at, returned_at, original_due_at, channel, end_kind, timeliness, return_method,
             four_on_site, fees_vnd, agency_code, procedure_code)
    where least(received_at, ended_at, returned_at) is not null;

-- lower ≤ upper always holds (both are taken over the same set of dates), so no row can make this index fail.
create index dossier_report_span on dossier using gist ((
    tstzrange(least(received_at, ended_at, returned_at),
              case when ended_at is null then timestamptz 'infinity'
                   else greatest(received_at, ended_at, returned_at) end,
              '[]')))
    where least(received_at, ended_at, returned_at) is not null;
