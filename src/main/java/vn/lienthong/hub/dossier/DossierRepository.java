package vn.lienthong.hub.dossier;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface DossierRepository extends JpaRepository<Dossier, Long> {

    /**
     * Written as JPQL for the same reason as {@link HistoryRepository#findByDossierIdOrderByIdAsc}: a derived query
     * builds and interprets its criteria query on every call (a quarter of dispatch's time per event).
     */
    @Query("select d from Dossier d where d.code = :code")
    Optional<Dossier> findByCode(String code);
}
