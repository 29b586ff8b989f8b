-- The deadline scan (DueScanner) looks for open dossiers past their due date, or due within a working day, that
-- have not had that notice yet. Without an index it read the whole dossier table every minute (a sequential scan:
-- original_due_at had no index). This one holds only the open dossiers still owed a notice, in due-date order, so
-- each scan reads the few rows it needs from its start (overdue) and from a one-day range (due soon).
create index dossier_due_scan on dossier (original_due_at)
    where ended_at is null and received_at is not null and paused_at is null
      and (not due_soon_notified or not overdue_notified);
