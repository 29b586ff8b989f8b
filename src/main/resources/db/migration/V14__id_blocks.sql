-- Dossier ids come in blocks: Hibernate reserves 50 ids with one nextval and writes the dossiers of many intakes in
-- one JDBC batch (IntakeWriter; with an IDENTITY column it had to insert row by row to learn each id). Its
-- optimizer is pooled-lo (hibernate.id.optimizer.pooled.preferred): a nextval of v reserves v .. v+49, so a writer
-- taking nextval itself (the historical import) gets a value no block holds. Within one instance ids still follow
-- the order of registration (the search lists newest first by id); blocks of two instances interleave by at most 50.
-- History lines keep one nextval each, in the order they are written: a dossier's history is ordered by id.
alter sequence dossier_id_seq increment by 50;
