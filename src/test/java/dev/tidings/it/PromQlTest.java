package dev.tidings.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dashboard test's reading of PromQL: metric names, never functions, labels or keywords. */
class PromQlTest {

    @Test
    void namesTheMetricsOfAnAggregation() {
        assertEquals(Set.of("tidings_connections"),
                PromQl.metricNames("sum by (transport) (tidings_connections{instance=~\"$instance\"})"));
    }

    @Test
    void namesTheMetricsOfAQuantileAndARatio() {
        assertEquals(Set.of("tidings_commit_duration_seconds_bucket"), PromQl.metricNames(
                "histogram_quantile(0.99, sum by (le) (rate(tidings_commit_duration_seconds_bucket{instance=~\"a.*\"}[1m])))"));
        assertEquals(Set.of("tidings_commit_batch_calls_sum", "tidings_commit_batch_calls_count"), PromQl.metricNames(
                "sum(rate(tidings_commit_batch_calls_sum[1m])) / sum(rate(tidings_commit_batch_calls_count[5m]))"));
    }

    @Test
    void ignoresWhatLooksLikeANameInsideStringsAndGroupings() {
        assertEquals(Set.of("up"), PromQl.metricNames("sum without (job, instance) (up{job=\"not_a_metric\"})"));
        assertEquals(Set.of("a_total", "b_total"), PromQl.metricNames("a_total + on (instance) group_left b_total"));
    }
}
