package vn.lienthong.hub.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The catalog shipped with the hub ({@code catalog/agencies.json}, {@code catalog/procedures.json}), read and
 * validated by the same rules as the API. A bad entry stops the start-up with a message naming it: the files are
 * edited by people, and a typo must never become a wrong deadline.
 */
final class CatalogFiles {

    static final String AGENCIES = "/catalog/agencies.json";
    static final String PROCEDURES = "/catalog/procedures.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private CatalogFiles() {
    }

    /** The shipped catalog, validated: every agency, then every procedure (version 0, id 0). */
    static Catalog load() {
        List<Agency> agencies = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        List<Agency> rawAgencies = read(AGENCIES, new TypeReference<List<Agency>>() { });
        for (int i = 0; i < rawAgencies.size(); i++) {
            Agency raw = rawAgencies.get(i);
            Agency a = entry(AGENCIES, i, () -> CatalogRules.agency(raw));
            if (!codes.add(a.code())) {
                throw new IllegalStateException(AGENCIES + "[" + i + "]: agency " + a.code() + " is listed twice");
            }
            agencies.add(a);
        }
        List<ProcedureDraft> drafts = read(PROCEDURES, new TypeReference<List<ProcedureDraft>>() { });
        List<ProcedureVersion> procedures = new ArrayList<>();
        Set<String> procedureCodes = new HashSet<>();
        for (int i = 0; i < drafts.size(); i++) {
            ProcedureDraft draft = drafts.get(i);
            ProcedureVersion p = entry(PROCEDURES, i, () -> CatalogRules.procedure(draft, codes::contains));
            if (!procedureCodes.add(p.code()) || (p.localCode() != null && !procedureCodes.add(p.localCode())
                    && !p.localCode().equals(p.code()))) {
                throw new IllegalStateException(PROCEDURES + "[" + i + "] (" + p.code() + "): code or local code "
                        + "already used by another entry");
            }
            procedures.add(p);
        }
        return new Catalog(List.copyOf(agencies), List.copyOf(procedures));
    }

    record Catalog(List<Agency> agencies, List<ProcedureVersion> procedures) {
    }

    private static <T> T entry(String file, int index, java.util.function.Supplier<T> validate) {
        try {
            return validate.get();
        } catch (CatalogValidationException e) {
            throw new IllegalStateException(file + "[" + index + "]: " + e.getMessage(), e);
        }
    }

    private static <T> T read(String resource, TypeReference<T> type) {
        try (InputStream in = CatalogFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("catalog resource " + resource + " not on the classpath");
            }
            return JSON.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
