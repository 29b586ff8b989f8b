package vn.lienthong.hub.post;

import java.util.ArrayList;
import java.util.List;

/**
 * One-way postage by weight (plain Java): tiers "up to N grams → VND", lightest first; a parcel heavier than the
 * last tier pays the last tier. Written {@code 250:26000,500:28500,2000:31500} in configuration (the province's
 * published tariff; DOMAIN.md gives 26,000–31,500 VND as one province's example).
 */
public final class Postage {

    record Tier(int upToGrams, long vnd) {
    }

    private final List<Tier> tiers;

    private Postage(List<Tier> tiers) {
        this.tiers = tiers;
    }

    public static Postage parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("hub.post.postage: at least one tier \"grams:vnd\" is required");
        }
        List<Tier> tiers = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] kv = part.strip().split(":");
            if (kv.length != 2) {
                throw new IllegalArgumentException("hub.post.postage: \"" + part.strip() + "\" is not \"grams:vnd\"");
            }
            Tier t = new Tier(Integer.parseInt(kv[0].strip()), Long.parseLong(kv[1].strip()));
            if (t.upToGrams() <= 0 || t.vnd() < 0
                    || (!tiers.isEmpty() && t.upToGrams() <= tiers.get(tiers.size() - 1).upToGrams())) {
                throw new IllegalArgumentException("hub.post.postage: tiers need positive, increasing weights and "
                        + "non-negative prices: " + spec);
            }
            tiers.add(t);
        }
        return new Postage(List.copyOf(tiers));
    }

    public long of(int weightGrams) {
        for (Tier t : tiers) {
            if (weightGrams <= t.upToGrams()) {
                return t.vnd();
            }
        }
        return tiers.get(tiers.size() - 1).vnd();
    }
}
