package vn.lienthong.hub.dossier;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface HistoryRepository extends JpaRepository<HistoryEntry, Long> {

    /**
     * A dossier's history in order. Written as JPQL: a derived query builds its criteria query anew on every call,
     * under a lock shared by all request threads — measurable on the intake path, which shows every new dossier.
     */
    @Query("select h from HistoryEntry h where h.dossierId = :dossierId order by h.id")
    List<HistoryEntry> findByDossierIdOrderByIdAsc(long dossierId);
}
