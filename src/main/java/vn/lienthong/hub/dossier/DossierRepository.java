package vn.lienthong.hub.dossier;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface DossierRepository extends JpaRepository<Dossier, Long> {

    /**
     * Written as JPQL for the same reason as {@link HistoryRepository#findByDossierIdOrderByIdAsc}: a derived query
     * builds and interprets its criteria query on every call (a quarter of dispatch's time per event).
     */
    @Query("select d from Dossier d where d.code = :code")
    Optional<Dossier> findByCode(String code);

    /**
     * A dossier locked for a change (SELECT … FOR UPDATE): one writer per dossier at a time, so concurrent events
     * (and a replayed event id) wait instead of failing. Reads and locks in one statement.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from Dossier d where d.code = :code")
    Optional<Dossier> findByCodeForUpdate(String code);

    /**
     * Several dossiers locked for a change, in code order (two writers locking overlapping sets never deadlock). One
     * statement for any number of codes (an array parameter): with {@code in :codes} Hibernate translated the query
     * again for every new list length, which was most of this method's time in a burst of transitions.
     */
    default List<Dossier> findByCodesForUpdate(Collection<String> codes) {
        return lockByCodes(codes.toArray(String[]::new));
    }

    @Query(value = "select * from dossier where code = any(cast(:codes as text[])) order by code for update", nativeQuery = true)
    List<Dossier> lockByCodes(@Param("codes") String[] codes);

    /**
     * Several dossiers at once, in one statement for any number of codes (as {@link #findByCodesForUpdate}); their
     * pauses are read as they are needed, 64 dossiers' at a time ({@code @BatchSize} on {@link Dossier#pauses}).
     */
    default List<Dossier> findByCodes(Collection<String> codes) {
        return readByCodes(codes.toArray(String[]::new));
    }

    @Query(value = "select * from dossier where code = any(cast(:codes as text[]))", nativeQuery = true)
    List<Dossier> readByCodes(@Param("codes") String[] codes);

    /** The codes of several dossiers by id: {@code [id, code]} pairs. */
    @Query("select d.id, d.code from Dossier d where d.id in :ids")
    List<Object[]> codesOf(Collection<Long> ids);
}
