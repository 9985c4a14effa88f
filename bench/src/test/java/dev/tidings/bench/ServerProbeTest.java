package dev.tidings.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ServerProbeTest {

    private static final String HISTOGRAM = """
            22328:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         13027         793760  [B (java.base@17.0.15)
               2:          3002         360856  java.lang.Class (java.base@17.0.15)
               3:            40           1920  com.ibm.ws.session.store.memory.MemorySession
               4:             2             96  com.ibm.ws.session.store.memory.MemorySessionContext
            Total         16071        1156632
            """;

    @Test
    void theLiveHeapIsTheHistogramsTotalInMiB() {
        assertEquals(1156632 / (1024.0 * 1024.0), ServerProbe.liveMiB(HISTOGRAM), 1e-9);
    }

    @Test
    void aHistogramWithoutItsTotalIsAnErrorNotZero() {
        assertThrows(IllegalStateException.class, () -> ServerProbe.liveMiB(HISTOGRAM.replace("Total", "Sum")));
    }

    @Test
    void instancesCountTheClassNamedExactly() {
        assertEquals(40, ServerProbe.instances(HISTOGRAM, "com.ibm.ws.session.store.memory.MemorySession"));
        assertEquals(0, ServerProbe.instances(HISTOGRAM, "com.ibm.ws.session.store.memory.Missing"));
    }
}
