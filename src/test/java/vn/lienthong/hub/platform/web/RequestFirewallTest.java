package vn.lienthong.hub.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** The hub's firewall rules decide every character as Spring Security's default patterns do. */
class RequestFirewallTest {

    @Test
    void everyCodePointIsDecidedAsByTheDefaultPatterns() {
        List<String> mismatches = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String s = "a" + new String(Character.toChars(cp)) + "b";
            compare(s, mismatches);
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void stringsOfMixedCharactersAndLoneSurrogatesAreDecidedAlike() {
        Random random = new Random(20261206);
        int[] pool = {'\t', '\n', '\r', 0, 0x1f, ' ', 'A', '~', 0x7f, 0x85, 0xa0, 'ệ', 0x0301, 0x0378, 0x2028, 0xd800,
                0xdc00, 0xfffe, 0x1f600, 0xe0001, 0x10ffff};
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                s.appendCodePoint(pool[random.nextInt(pool.length)]);
            }
            compare(s.toString(), mismatches);
        }
        compare("", mismatches);
        compare("Basic YWRtaW46c2VjcmV0", mismatches);
        compare("application/json; charset=UTF-8", mismatches);
        compare("Lê Thị Hồng", mismatches);
        assertThat(mismatches).isEmpty();
        // what the rules are for: a control character anywhere is refused, a tab only in values
        assertThat(RequestFirewall.HEADER_VALUE.test("a\tb")).isTrue();
        assertThat(RequestFirewall.NAME.test("a\tb")).isFalse();
        assertThat(RequestFirewall.HEADER_VALUE.test("key\u0085")).isFalse();
        assertThat(RequestFirewall.HEADER_VALUE.test("\u0378")).isFalse();
    }

    private static void compare(String s, List<String> mismatches) {
        check("name", StrictHttpFirewall.ALLOWED_HEADER_NAMES, RequestFirewall.NAME, s, mismatches);
        check("parameter name", StrictHttpFirewall.ALLOWED_PARAMETER_NAMES, RequestFirewall.NAME, s, mismatches);
        check("value", StrictHttpFirewall.ALLOWED_HEADER_VALUES, RequestFirewall.HEADER_VALUE, s, mismatches);
    }

    private static void check(String what, Predicate<String> spring, Predicate<String> ours, String s,
            List<String> mismatches) {
        if (spring.test(s) != ours.test(s) && mismatches.size() < 20) {
            mismatches.add(what + " " + s.codePoints().mapToObj(Integer::toHexString).toList() + ": Spring "
                    + spring.test(s));
        }
    }
}
