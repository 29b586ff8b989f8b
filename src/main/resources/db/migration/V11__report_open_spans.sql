-- The period report's spans that started before the period and still run at its start (V4) were one GiST stabbing
-- query. But the span of an open dossier runs to infinity, so every dossier open at the period's start matched it,
-- and each match cost a heap fetch (the GiST index carries none of the report's columns). Over 10 million dossiers
-- with a million of them open, that was a million random heap fetches spread over the whole table: 2.4 s a report.
-- The part is now split in two, each an index-only or near one:
--   open dossiers started before the period  → dossier_report_open, a btree range scan, index-only (it carries the
--                                               report's columns, like dossier_report_start)
--   closed spans still running at its start → dossier_report_span, the GiST stabbing query, now over closed
--                                               dossiers only: few rows (those whose processing straddles the
--                                               instant), so few heap fetches
-- Writes: a new (open) dossier and each transition while open now add a btree entry to dossier_report_open instead
-- of a GiST entry to dossier_report_span; the GiST index takes only the rows of ended dossiers.
-- The expressions must stay identical to those of DossierReportService, or the planner will not use them.

create index dossier_report_open on dossier ((least(received_at, ended_at, returned_at)))
    include (received_at, ended_at, returned_at, original_due_at, channel, end_kind, timeliness, return_method,
             four_on_site, fees_vnd, agency_code, procedure_code)
    where ended_at is null and least(received_at, ended_at, returned_at) is not null;

drop index dossier_report_span;

-- lower ≤ upper always holds (both are taken over the same set of dates), so no row can make this index fail.
create index dossier_report_span on dossier using gist ((
    tstzrange(least(received_at, ended_at, returned_at),
              case when ended_at is null then timestamptz 'infinity'
                   else greatest(received_at, ended_at, returned_at) end,
              '[]')))
    where ended_at is not null and least(received_at, ended_at, returned_at) is not null;
