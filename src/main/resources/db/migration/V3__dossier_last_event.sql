-- The time of the last applied event: a later event may not be dated before it (history stays in order).
alter table dossier add column last_event_at timestamptz;
update dossier d set last_event_at = h.at from (select dossier_id, max(at) as at from dossier_history group by dossier_id) h
where h.dossier_id = d.id;
