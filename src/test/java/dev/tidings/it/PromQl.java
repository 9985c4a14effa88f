package dev.tidings.it;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough of PromQL to name the metrics a query reads. */
final class PromQl {

    private static final Set<String> WORDS = Set.of("sum", "avg", "min", "max", "count", "rate", "irate", "increase",
            "histogram_quantile", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless",
            "topk", "bottomk", "abs", "clamp_min", "clamp_max", "delta", "deriv", "label_values", "offset", "bool",
            "avg_over_time", "max_over_time", "min_over_time", "sum_over_time", "le", "vector", "scalar", "time");

    private PromQl() {
    }

    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")   // strings
                .replaceAll("\\{[^}]*}", " ")                              // label matchers
                .replaceAll("\\[[^]]*]", " ")                              // range selectors
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " "); // label lists
        Set<String> names = new TreeSet<>();
        Matcher word = Pattern.compile("(?<![a-zA-Z0-9_.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![a-zA-Z0-9_:]*\\s*\\()").matcher(bare);
        while (word.find()) {
            String name = word.group(1);
            if (!WORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
