-- Two indexes of V2 that no statement uses any more; each one is written by every dossier insert or transition.
--   dossier_alive (received_at, ended_at): the first period report's; the report reads the indexes of V4 and V11
--       since, and the dossier search (DossierQuery) ranges over received_at, which dossier_received serves.
--   dossier_ended (ended_at) where ended_at is not null: no statement ranges or sorts over ended_at alone (the
--       report finds ended dossiers through dossier_report_start and dossier_report_span).
drop index dossier_alive;
drop index dossier_ended;
