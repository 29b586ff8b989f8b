package vn.lienthong.hub.dossier;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface HistoryRepository extends JpaRepository<HistoryEntry, Long> {

    List<HistoryEntry> findByDossierIdOrderByIdAsc(long dossierId);
}
